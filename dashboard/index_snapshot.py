"""The filter index saved beside the store, so a restarted app does not rebuild it.

Building the index of a million events (category codes, the exploded actors, day numbers,
coordinates) takes seconds; loading its arrays back takes a fraction of one. The file,
``<db>.index-v<version>.npz`` (git-ignored with the frame snapshot), holds only numpy arrays
and JSON text — nothing that runs code when read — and is used only when its store version,
fingerprint and the frame's event ids all match; anything else (stale, foreign, damaged) is
ignored and written again, and the older files of the store are removed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dashboard.event_index import Codes, EventIndex

log = logging.getLogger(__name__)
FORMAT = 2  # bump when the saved layout changes
ARRAYS = ("actor_rows", "actor_codes", "actor_totals", "start_day", "end_day", "dated", "lat", "lon",
          "located", "confidence")
TEXTS = ("actor_names", "place_points", "place_ar", "article_titles")


def index_path(path: str | Path, version: int) -> Path:
    p = Path(path)
    return p.with_name(f"{p.name}.index-v{version}.npz")


def ids_digest(frame: pd.DataFrame, samples: int = 4096) -> str:
    """A digest of the frame's event ids at evenly spaced rows (and their number): the index's
    rows must be the frame's rows, in order; hashing every id of a million would cost seconds."""
    ids = frame["event_id"].to_numpy(dtype=object) if "event_id" in frame else np.zeros(0, dtype=object)
    at: np.ndarray = (np.unique(np.linspace(0, len(ids) - 1, num=min(samples, len(ids))).astype(np.int64))
                      if len(ids) else np.zeros(0, dtype=np.int64))
    text = "\x1f".join([str(len(ids)), *(str(ids[i]) for i in at)])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def save(idx: EventIndex, file: Path, fingerprint: dict[str, str]) -> None:
    """Write atomically (temporary file + rename); remove the store's older index files."""
    arrays: dict[str, Any] = {name: getattr(idx, name) for name in ARRAYS}
    meta = {"fingerprint": {**fingerprint, "format": str(FORMAT), "ids": ids_digest(idx.frame)},
            "codes": {k: c.values for k, c in idx.codes.items()},
            **{name: getattr(idx, name) for name in TEXTS}}
    for key, c in idx.codes.items():
        arrays[f"codes.{key}"], arrays[f"totals.{key}"] = c.codes, c.totals
    # UTF-8 bytes (a numpy text array would be UTF-32: four times the size)
    arrays["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8", "surrogatepass"), dtype=np.uint8)
    tmp = file.with_name(f"{file.name}.tmp-{os.getpid()}-{threading.get_ident()}.npz")
    try:
        np.savez(tmp, **arrays)
        os.replace(tmp, file)
    except Exception as exc:  # noqa: BLE001 — a read-only folder or a full disk: carry on without
        log.warning("could not write the index snapshot %s (%s: %s)", file, type(exc).__name__, exc)
        tmp.unlink(missing_ok=True)
        return
    stem = file.name[: file.name.rindex(".index-v")]
    for old in file.parent.glob(f"{stem}.index-v*.npz"):
        if old != file and ".tmp-" not in old.name:
            old.unlink(missing_ok=True)


def load(file: Path, frame: pd.DataFrame, fingerprint: dict[str, str]) -> EventIndex | None:
    """The index saved in ``file`` for ``frame``, or None when absent, stale, foreign or damaged."""
    if not file.exists():
        return None
    try:
        with np.load(file, allow_pickle=False) as z:
            meta = json.loads(z["meta"].tobytes().decode("utf-8", "surrogatepass"))
            want = {**fingerprint, "format": str(FORMAT), "ids": ids_digest(frame)}
            if meta["fingerprint"] != want:
                return None
            arrays = {name: z[name] for name in ARRAYS}
            codes = {k: Codes(z[f"codes.{k}"], list(v), z[f"totals.{k}"]) for k, v in meta["codes"].items()}
        frame = frame.reset_index(drop=True)
        if any(len(arrays[a]) != len(frame) for a in ("start_day", "dated", "lat")):
            return None
        ids = frame["event_id"].astype("object") if "event_id" in frame else pd.RangeIndex(len(frame)).astype(str)
        return EventIndex(
            frame=frame, codes=codes, ids=pd.Index(ids),
            lat_rad=np.radians(arrays["lat"]), lon_rad=np.radians(arrays["lon"]),
            place_points={k: (float(a), float(b)) for k, (a, b) in meta["place_points"].items()},
            actor_names=list(meta["actor_names"]), place_ar=dict(meta["place_ar"]),
            article_titles=dict(meta["article_titles"]),
            **{name: arrays[name] for name in ARRAYS},
        )
    except Exception as exc:  # noqa: BLE001 — any unreadable file just means "build the index"
        log.warning("ignoring the index snapshot %s (%s: %s); building the index", file, type(exc).__name__, exc)
        return None
