"""A hive-partitioned Parquet dataset of events: the layout, the writer and the reader.

Layout (``DIR`` is the dataset)::

    DIR/year=2024/month=03/part-00000.parquet   events whose date_start is in March 2024
    DIR/year=0680/month=10/part-00000.parquet   years are 4 digits, months 2: names sort as dates
    DIR/year=undated/month=undated/part-00000.parquet   events without a date_start

Each file has the columns of ``marsad export --format parquet`` (the DESIGN event record: dates
as ``date32``, ``actors`` a list of strings, ``counts``/``mentions`` JSON text); ``year`` and
``month`` are only in the folder names (hive style), so DuckDB (``read_parquet('DIR/**/*.parquet',
hive_partitioning = true)``), pandas (``pd.read_parquet(DIR)``), pyarrow and Spark read it as it
is and can skip partitions by ``year``/``month`` (strings).

File names are deterministic: the n-th file a run writes into a partition is ``part-0000n``, and
the same input in the same order gives the same files. A run writes into a hidden folder beside
the data and only on success replaces the dataset (every partition it wrote; old files and
partitions it did not write are removed), so a re-run replaces rather than duplicates and a killed
run leaves the previous dataset as it was (its temporary folder is removed by the next run).
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from events.schema import FIELDS, Event

UNDATED = "undated"
DATASET_FORMAT = "parquet-dataset"  # the name of this layout for `--format`
PART_GLOB = "year=*/month=*/part-*.parquet"
# Bytes of Arrow data held before the largest partitions are written out: memory stays bounded
# whatever the input size, and files stay large enough for readers.
MAX_BUFFERED_BYTES = 64 * 2**20
_TMP_PREFIX = ".marsad-tmp-"

Partition = tuple[str, str]


def partition_of(date_start: Any) -> Partition:
    """(year, month) partition values of an ISO ``date_start`` (``undated`` for none)."""
    if date_start is None or date_start == "" or date_start != date_start:  # None, "", NaN/NaT
        return UNDATED, UNDATED
    text = date_start.isoformat() if hasattr(date_start, "isoformat") else str(date_start)
    return text[:4], text[5:7]


def partition_path(root: str | os.PathLike[str], key: Partition) -> Path:
    """The folder of one partition."""
    return Path(root) / f"year={key[0]}" / f"month={key[1]}"


def is_dataset_target(path: str | os.PathLike[str]) -> bool:
    """Whether an ``--output`` names a dataset: a trailing slash, or a folder that exists."""
    text = os.fspath(path)
    return text.endswith(("/", os.sep)) or Path(text).is_dir()


def dataset_files(root: str | os.PathLike[str]) -> list[Path]:
    """The data files of a dataset, in name order."""
    return sorted(Path(root).glob(PART_GLOB))


class DatasetWriter:
    """Writes column chunks (``events.exports.Columns``: field → list of plain values) as a dataset.

    Use as a context manager: the dataset at ``root`` is replaced when the block ends without an
    error, and left as it was otherwise.
    """

    def __init__(self, root: str | os.PathLike[str], *, max_buffered_bytes: int = MAX_BUFFERED_BYTES):
        self.root = Path(root)
        self.max_buffered_bytes = max_buffered_bytes
        self.written = 0
        self._pending: dict[Partition, list[Any]] = {}  # partition → Arrow tables not yet written
        self._held = 0
        self._files: dict[Partition, int] = {}
        self._tmp: Path | None = None

    def __enter__(self) -> "DatasetWriter":
        if self.root.exists() and not self.root.is_dir():
            raise NotADirectoryError(f"{self.root}: is a file, not a dataset folder")
        self.root.mkdir(parents=True, exist_ok=True)
        _remove_stale_temps(self.root)
        self._tmp = self.root / f"{_TMP_PREFIX}{os.getpid()}"
        shutil.rmtree(self._tmp, ignore_errors=True)
        self._tmp.mkdir()
        return self

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        assert self._tmp is not None
        try:
            if exc_type is None:
                for key in sorted(self._pending):
                    self._flush(key)
                self._publish()
        finally:
            shutil.rmtree(self._tmp, ignore_errors=True)

    def write_columns(self, cols: Mapping[str, list[Any]]) -> None:
        """Add one chunk of events, given as columns in DESIGN field names."""
        import pyarrow as pa

        from events.exports import _parquet_columns, _parquet_schema

        n = len(cols[FIELDS[0]])
        if not n:
            return
        table = pa.table(_parquet_columns(dict(cols)), schema=_parquet_schema())
        keys = [partition_of(d) for d in cols["date_start"]]
        rows: dict[Partition, list[int]] = {}
        for i, key in enumerate(keys):
            rows.setdefault(key, []).append(i)
        for key, idx in rows.items():
            part = table if len(idx) == n else table.take(pa.array(idx, type=pa.int64()))
            self._pending.setdefault(key, []).append(part)
            self._held += part.nbytes
        self.written += n
        while self._held > self.max_buffered_bytes and self._pending:
            # the largest partition first (ties by name, so the files do not depend on dict order)
            self._flush(max(self._pending, key=lambda k: (sum(t.nbytes for t in self._pending[k]), k)))

    def write_events(self, events: Iterable[Event | Mapping[str, Any]]) -> None:
        """Add events (``Event`` objects, or records: field → plain value, dates as ISO text)."""
        from events.exports import event_columns

        events = list(events)
        if events and not isinstance(events[0], Event):
            self.write_columns({name: [r.get(name) for r in events] for name in FIELDS})  # type: ignore[union-attr]
        else:
            self.write_columns(event_columns(events))

    def _flush(self, key: Partition) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        assert self._tmp is not None
        parts = self._pending.pop(key)
        self._held -= sum(t.nbytes for t in parts)
        folder = partition_path(self._tmp, key)
        folder.mkdir(parents=True, exist_ok=True)
        n = self._files.get(key, 0)
        pq.write_table(pa.concat_tables(parts), folder / f"part-{n:05d}.parquet", compression="zstd")
        self._files[key] = n + 1

    def _publish(self) -> None:
        """Move the new partitions into place; drop every old data file and empty partition."""
        assert self._tmp is not None
        for old in dataset_files(self.root):
            old.unlink()
        for new in dataset_files(self._tmp):
            target = self.root / new.relative_to(self._tmp)
            target.parent.mkdir(parents=True, exist_ok=True)
            new.replace(target)
        for month in self.root.glob("year=*/month=*"):
            if month.is_dir() and not any(month.iterdir()):
                month.rmdir()
        for year in self.root.glob("year=*"):
            if year.is_dir() and not any(year.iterdir()):
                year.rmdir()


def _remove_stale_temps(root: Path) -> None:
    """Temporary folders of runs that are gone (killed): nothing else would remove them."""
    for tmp in root.glob(_TMP_PREFIX + "*"):
        pid = tmp.name[len(_TMP_PREFIX):]
        if pid.isdigit() and int(pid) != os.getpid() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(tmp, ignore_errors=True)


def write_dataset(source: Any, root: str | os.PathLike[str], *, chunk: int = 50_000,
                  max_buffered_bytes: int = MAX_BUFFERED_BYTES) -> int:
    """Write events as a dataset at ``root``, replacing what was there; returns how many.

    ``source``: a ``Store`` (streamed in chunks), an events frame, or an iterable of ``Event``
    objects or records (field → plain value, dates as ISO text), read ``chunk`` at a time.
    """
    from events.exports import _chunks

    with DatasetWriter(root, max_buffered_bytes=max_buffered_bytes) as writer:
        if hasattr(source, "conn") or hasattr(source, "columns"):  # a Store or a DataFrame
            for cols in _chunks(source):
                writer.write_columns(cols)
        else:
            items = iter(source)
            while batch := list(itertools.islice(items, chunk)):
                writer.write_events(batch)
    return writer.written


def read_dataset(root: str | os.PathLike[str], columns: list[str] | None = None) -> Any:
    """The events of a dataset as a ``pyarrow.Table`` in DESIGN field order (without the
    ``year``/``month`` partition columns); an empty table when the dataset has no files."""
    import pyarrow.parquet as pq

    from events.exports import _parquet_schema

    schema = _parquet_schema()
    names = columns or list(schema.names)
    files = dataset_files(root)
    if not files:
        return schema.empty_table().select(names)
    return pq.read_table([str(f) for f in files], columns=names, schema=schema)


def read_events(root: str | os.PathLike[str]) -> list[Event]:
    """The events of a dataset as ``Event`` objects (for tests and small datasets)."""
    import json

    table = read_dataset(root)
    out = []
    for rec in table.to_pylist():
        for name in ("date_start", "date_end", "published"):
            if rec.get(name) is not None and hasattr(rec[name], "isoformat"):
                rec[name] = rec[name].isoformat()
        rec["counts"] = json.loads(rec["counts"]) if rec.get("counts") else {}
        rec["mentions"] = json.loads(rec["mentions"]) if rec.get("mentions") else []
        rec["actors"] = list(rec.get("actors") or [])
        out.append(Event.from_dict(rec))
    return out
