"""``.txt``: one article in the header format (``title / published: / source: / url: /
language:``), or scraped news text with Arabic metadata lines, boilerplate and «إقرأ أيضاً» blocks
that start another article."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from events.readers.common import IngestProblem, _article, _clean_body, _FileError, _title_from_text, parse_published
from events.readers.lexicon import ArticleWords, article_words
from events.schema import Article
from geo.arabic import normalize

MAX_TITLE_CHARS = 200  # a longer first line is a paragraph of the body, not a title

# The words (metadata keys, boilerplate, «read also» markers, labels that are not outlets) are
# data: data/lexicons/articles.yaml, read by events.readers.lexicon.
_META_RE = re.compile(r"^\s*([^:：\n]{2,24}?)\s*[:：]\s*(.*)$")

# The outlet credit line that opens a body: «الجديد برس|», «بغداد اليوم |».
_OUTLET_RE = re.compile(r"^\s*([^|｜:\n.،,!?؟]{2,40}?)\s*[|｜]\s*(.*)$")


def _meta(line: str, anywhere: bool, w: ArticleWords) -> tuple[str, str] | None:
    """``(field, value)`` when ``line`` is a metadata line (key: value) we recognise."""
    m = _META_RE.match(line)
    if not m:
        return None
    key = w.key_of.get(normalize(m.group(1)))
    if key is None:
        return None
    value = m.group(2).strip()
    if key == "keywords":
        return key, value
    # Only short values are metadata: «المصدر: البوابة نيوز», not a paragraph that starts with
    # «المصدر:». Under the title (the header block) values may be longer than in the body.
    limit = {"url": 2000, "title": 300}.get(key, 150) if not anywhere else (300 if key == "url" else 80)
    if len(value) > limit:
        return None
    if not anywhere:
        return key, value
    if key in ("title", "language", "author"):
        return None
    if not re.search(r"[\u0600-\u06FF]", m.group(1)):
        return None  # English keys only count in the header block under the title
    return key, value


def _boilerplate(line: str, w: ArticleWords) -> bool:
    """A line a scraper picks up around the article: an app or social prompt, a share button, an ad."""
    text = line.strip()
    if not text or len(text) > 160:  # a paragraph, not a prompt or a button
        return False
    # Prompts are recognised by how they open: normalizing the head only keeps this cheap.
    whole = len(text) <= 48
    n = normalize(text[:48])
    if whole:
        n = n.rstrip(" :.")
        if n in w.boilerplate_exact:
            return True
    return any((whole and n == b) or n.startswith(b + " ") or n.startswith(b + ":") for b in w.boilerplate)


def _read_also(line: str, w: ArticleWords) -> str | None:
    """The rest of the line after a «read also» marker (maybe empty), or None."""
    text = line.strip()
    if not text or len(text) > 400:
        return None
    n = normalize(text[:40])  # markers open the line: the head is enough
    whole = len(text) <= 40
    for marker in w.read_also:
        if (whole and n in (marker, marker + ":")) or n.startswith(marker + ":") or n.startswith(marker + " :"):
            _, _, rest = line.partition(":")
            return rest.strip() if ":" in line else ""
    return None


def _outlet(line: str, w: ArticleWords) -> tuple[str, str] | None:
    """``(outlet, rest)`` for an outlet credit opening a body: «الجديد برس | …»."""
    m = _OUTLET_RE.match(line)
    if not m or len(m.group(1).split()) > 5 or normalize(m.group(1)) in w.not_outlets:
        return None
    return m.group(1).strip(), m.group(2).strip()


@dataclass
class _Draft:
    title: str = ""
    body: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    tail_meta: bool = False  # a source/keywords line was seen after the body: the article ended
    in_header: bool = True  # right under the title: the header block (English keys allowed)


def _header_format(lines: list[str], w: ArticleWords) -> tuple[dict[str, str], int] | None:
    """``(fields, body_start_line)`` for the header format: a title line, ``key: value`` lines
    (published, source, url, language), one blank line, the body. None for other text."""
    if not lines or not lines[0].strip() or _meta(lines[0], anywhere=False, w=w):
        return None
    fields: dict[str, str] = {}
    k = 1
    while k < len(lines) and lines[k].strip():
        meta = _meta(lines[k], anywhere=False, w=w)
        if meta is None or not lines[k].split(":", 1)[0].isascii():
            return None  # Arabic keys: scraped text, cleaned line by line instead
        fields.setdefault(*meta)
        k += 1
    if not fields or k >= len(lines) or not ({"published", "source", "url", "language"} & set(fields)):
        return None
    return fields, k + 1


def parse_text(text: str, path: str, lexicon: ArticleWords | None = None) -> tuple[list[Article], list[IngestProblem]]:
    """Split a .txt into articles (usually one) and clean each; see the module docstring.
    ``lexicon``: the words to recognise (default: data/lexicons/articles.yaml)."""
    w = lexicon or article_words()
    lines = text.split("\n")
    header = _header_format(lines, w)
    if header is not None:
        return _header_article(lines, *header, path, w)
    return _draft_articles(_scrape(lines, w), path, w)


def _header_article(lines: list[str], fields: dict[str, str], start: int, path: str,
                    w: ArticleWords) -> tuple[list[Article], list[IngestProblem]]:
    """The one article of a file in the header format (``_header_format`` found ``fields`` and
    the body's first line ``start``)."""
    # A structured file: the body is kept verbatim after the blank line, so character
    # offsets (gold annotations, extracted sentences) count from the start of the body.
    body = "\n".join(lines[start:]).rstrip()
    if not body.strip():
        raise _FileError("the header is followed by no article text", start + 1)
    published, problem = parse_published(fields.get("published"), w)
    at = next((n + 1 for n in range(1, start) if (_meta(lines[n], anywhere=False, w=w) or ("",))[0] == "published"), None)
    found = [IngestProblem(path, at, "published", problem)] if problem else []
    return [_article(lines[0].strip(), body, published=published, source=fields.get("source"),
                     url=fields.get("url"), language=fields.get("language"), path=path, lexicon=w)], found


def _scrape(lines: list[str], w: ArticleWords) -> list[_Draft]:
    """Scraped news text, line by line, into drafts: the first article and each one a «read also»
    marker starts."""
    drafts: list[_Draft] = [_Draft()]
    i = 0
    while i < len(lines):
        line = lines[i]
        d = drafts[-1]
        i += 1
        if not d.title:
            _title_line(d, line, w)
            continue
        if d.in_header and _header_line(d, line, w):
            continue
        rest = _read_also(line, w)
        if rest is not None:
            i = _read_also_block(lines, i, rest, drafts, w)
            continue
        _body_line(d, line, w)
    return drafts


def _title_line(d: _Draft, line: str, w: ArticleWords) -> None:
    """A line before the draft has a title: metadata, boilerplate, the title, or a first paragraph."""
    stripped = line.strip()
    if not stripped:
        return
    meta = _meta(line, anywhere=False, w=w)
    if meta and meta[0] != "title":
        d.meta.setdefault(meta[0], meta[1])
        return
    if _boilerplate(line, w):
        return
    if not meta and len(stripped) > MAX_TITLE_CHARS:
        # A paragraph, not a title: keep it in the body (its events count) and name the
        # article after its opening words.
        d.title = _title_from_text(stripped)
        d.body.append(line)
        d.in_header = False
        return
    d.title = meta[1] if meta else stripped
    d.in_header = True


def _header_line(d: _Draft, line: str, w: ArticleWords) -> bool:
    """A line of the header block under the title; True when it was used up (metadata, or the
    blank line that ends the block), False when it is the first line of the body."""
    meta = _meta(line, anywhere=False, w=w)
    if meta:
        d.meta.setdefault(meta[0], meta[1])
        return True
    d.in_header = False
    return not line.strip() and not d.body  # the blank line that ends the header block


def _read_also_block(lines: list[str], i: int, rest: str, drafts: list[_Draft], w: ArticleWords) -> int:
    """After a «read also» marker (``rest``: the rest of its line): another article starts when a
    headline is followed by a body, else the marker and the linked headline are dropped.
    Returns the index of the next line to read."""
    d = drafts[-1]
    j = i
    headline = rest
    if not headline:
        while j < len(lines) and not lines[j].strip():
            j += 1
        headline = lines[j].strip() if j < len(lines) else ""
        j += 1
    k = j
    while k < len(lines) and not lines[k].strip():
        k += 1
    following = lines[k] if k < len(lines) else ""
    body_after = any(ln.strip() for ln in lines[k:])
    if headline and body_after and (_outlet(following, w) or d.tail_meta or not d.body):
        drafts.append(_Draft(title=headline))
    return j  # else a related-links line: drop the marker and the linked headline


def _body_line(d: _Draft, line: str, w: ArticleWords) -> None:
    """A line of the body: an opening outlet credit, metadata, boilerplate, or text kept."""
    if not d.body and line.strip():
        outlet = _outlet(line, w)
        if outlet:
            d.meta.setdefault("source", outlet[0])
            if outlet[1]:
                d.body.append(outlet[1])
            return
    meta = _meta(line, anywhere=True, w=w)
    if meta:
        if meta[0] in ("source", "keywords") and d.body:
            d.tail_meta = True
        d.meta.setdefault(meta[0], meta[1])
        return
    if _boilerplate(line, w):
        return
    d.body.append(line)


def _draft_articles(drafts: list[_Draft], path: str, w: ArticleWords) -> tuple[list[Article], list[IngestProblem]]:
    """The articles of the drafts (``path#n`` when there are several); a draft with no body after
    the first is a «read also» link, not an article."""
    articles: list[Article] = []
    errors: list[IngestProblem] = []
    single = len(drafts) == 1
    for n, d in enumerate(drafts):
        body = _clean_body(d.body)
        if not d.title and not body:
            continue
        if not body and n > 0:
            continue  # a «read also» headline whose text was only metadata: a link, not an article
        if not body:
            # A one-line file: that line is the article, not a title without a body.
            body, title = d.title, ""
        else:
            title = d.title
        published, problem = parse_published(d.meta.get("published"), w)
        where = path if single else f"{path}#{n + 1}"
        if problem:
            errors.append(IngestProblem(where, None, "published", problem))
        articles.append(_article(title, body, published=published, source=d.meta.get("source"),
                                 url=d.meta.get("url"), language=d.meta.get("language"), path=where,
                                 lexicon=w))
    if not articles:
        raise _FileError("no article text found")
    return articles, errors
