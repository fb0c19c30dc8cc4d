"""A hive-partitioned Parquet dataset of events, as ``marsad synth --dataset DIR/`` writes it.

Layout: ``DIR/year=2024/month=03/part-00000.parquet`` by the month of ``date_start``, undated
events under ``DIR/year=undated/month=undated/``; file names are deterministic (the n-th file of
a partition), and a run first removes the Parquet files it would write into, so a re-run replaces
rather than duplicates. The columns are those of ``marsad export --format parquet`` (dates as
``date32``, ``actors`` a list, ``counts``/``mentions`` JSON text), so DuckDB, Spark and pandas
read it as it is. (To be folded with the dataset writer of ``marsad extract --output DIR/``.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from events.schema import FIELDS

UNDATED = "undated"


def partition_of(date_start: str | None) -> tuple[str, str]:
    """(year, month) partition values of an ISO ``date_start`` (``undated`` for none)."""
    if not date_start:
        return UNDATED, UNDATED
    return date_start[:4], date_start[5:7]


def write_dataset(events: Iterable[Mapping[str, Any]], directory: str | Path, *, batch: int = 200_000) -> int:
    """Write event records (field name → plain value, dates as ISO text) as a partitioned
    dataset under ``directory``; returns the number written. Memory is bounded by ``batch``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from events.exports import _parquet_columns, _parquet_schema

    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    for old in root.glob("year=*/month=*/part-*.parquet"):
        old.unlink()
    schema = _parquet_schema()
    files: dict[tuple[str, str], int] = defaultdict(int)
    pending: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    written = held = 0

    def flush(key: tuple[str, str]) -> None:
        rows = pending.pop(key)
        folder = root / f"year={key[0]}" / f"month={key[1]}"
        folder.mkdir(parents=True, exist_ok=True)
        cols = _parquet_columns({name: [r.get(name) for r in rows] for name in FIELDS})
        target = folder / f"part-{files[key]:05d}.parquet"
        tmp = target.with_name(f".{target.name}.tmp")
        pq.write_table(pa.table(cols, schema=schema), tmp, compression="zstd")
        tmp.replace(target)
        files[key] += 1

    for ev in events:
        key = partition_of(ev.get("date_start"))
        pending[key].append(ev)
        held += 1
        written += 1
        if held >= batch:  # write the biggest partitions out first
            for k in sorted(pending, key=lambda k: -len(pending[k]))[: max(1, len(pending) // 2)]:
                held -= len(pending[k])
                flush(k)
    for k in list(pending):
        flush(k)
    return written
