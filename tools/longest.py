"""Maintainer tool: the longest modules and the longest functions of the packages.

    .venv/bin/python tools/longest.py            # events, geo, dashboard of this checkout
    .venv/bin/python tools/longest.py -n 5 --root /path/to/another/checkout

Modules are measured in lines; functions (methods and nested functions too) from their ``def``
line — decorators included — to their last line, read from the syntax tree (``ast``), so a
long string or comment inside counts as it reads. The style rule these figures are checked
against: no module over ~600 lines, no function over ~80.
"""

from __future__ import annotations

import argparse
import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("events", "geo", "dashboard")
MODULE_LIMIT, FUNCTION_LIMIT = 600, 80


@dataclass(frozen=True)
class Span:
    """A module or a function and its length in lines."""

    name: str
    lines: int


def modules(root: Path, packages: tuple[str, ...] = PACKAGES) -> list[Path]:
    """Every ``.py`` file of the packages, in path order."""
    return sorted(p for pkg in packages for p in (root / pkg).rglob("*.py"))


def functions(path: Path, root: Path) -> list[Span]:
    """Every function of ``path`` as ``module:Class.method`` with its length (decorators included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = path.relative_to(root).as_posix()
    out: list[Span] = []

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([child.lineno] + [d.lineno for d in child.decorator_list])
                out.append(Span(f"{where}:{prefix}{child.name}", (child.end_lineno or child.lineno) - first + 1))
                walk(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                walk(child, f"{prefix}{child.name}.")
            else:
                walk(child, prefix)

    walk(tree, "")
    return out


def report(root: Path, n: int) -> str:
    """The ``n`` longest modules and functions, and how many pass the limits."""
    files = modules(root)
    mods = sorted((Span(p.relative_to(root).as_posix(), len(p.read_text(encoding="utf-8").splitlines()))
                   for p in files), key=lambda s: (-s.lines, s.name))
    funcs = sorted((f for p in files for f in functions(p, root)), key=lambda s: (-s.lines, s.name))
    lines = [f"{len(mods)} modules, {len(funcs)} functions in {', '.join(PACKAGES)}",
             f"modules over {MODULE_LIMIT} lines: {sum(m.lines > MODULE_LIMIT for m in mods)}; "
             f"functions over {FUNCTION_LIMIT} lines: {sum(f.lines > FUNCTION_LIMIT for f in funcs)}",
             "", "longest modules (lines):"]
    lines += [f"  {m.lines:6,}  {m.name}" for m in mods[:n]]
    lines += ["", "longest functions (lines):"]
    lines += [f"  {f.lines:6,}  {f.name}" for f in funcs[:n]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=10, help="how many of each to list (default 10)")
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure (default: this one)")
    args = ap.parse_args(argv)
    print(report(args.root.resolve(), args.n))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
