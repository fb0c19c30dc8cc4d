"""One error family: every error Marsad raises is a MarsadError and the built-in it also is, so
``except MarsadError`` catches ours and ``except ValueError``/``OSError`` code keeps working."""

from __future__ import annotations

import pytest

from events.articles import ArticlesError, IngestProblem, _FileError
from events.cli import CliError
from events.curation import CurationError
from events.evaluate import GoldError
from events.interop.base import OpenError
from events.interop.tables import TableError
from events.morphology import MorphologyError
from events.schema import ValidationError
from events.snapshot import SnapshotError
from events.states import StatesError
from events.store import Store, StoreError
from geo.errors import LexiconError, MarsadError
from geo.geocode import GeocodeError, GeocoderRefused, GeocoderTimeout, GeocoderUnreachable, OnlineGeocodingDisabled


@pytest.mark.parametrize("error, builtin", [
    (CliError, Exception),
    (StatesError, ValueError),
    (OpenError, ValueError),
    (TableError, ValueError),
    (ValidationError, ValueError),
    (LexiconError, ValueError),
    (GoldError, ValueError),
    (ArticlesError, ValueError),
    (_FileError, ValueError),
    (MorphologyError, ValueError),
    (CurationError, ValueError),
    (StoreError, OSError),
    (SnapshotError, RuntimeError),
    (GeocodeError, Exception),
    (OnlineGeocodingDisabled, PermissionError),
    (GeocoderUnreachable, ConnectionError),
    (GeocoderTimeout, TimeoutError),
    (GeocoderRefused, PermissionError),
])
def test_each_error_is_a_marsad_error_and_its_builtin(error, builtin):
    assert issubclass(error, MarsadError) and issubclass(error, builtin)


@pytest.mark.parametrize("error", [StatesError, MorphologyError, TableError])
def test_the_errors_of_data_files_are_lexicon_errors(error):
    assert issubclass(error, LexiconError)


@pytest.mark.parametrize("error, args, text", [
    (StoreError, ("data/x.db: not an SQLite database",), "data/x.db: not an SQLite database"),
    (LexiconError, ("dates.yaml: missing section(s) months",), "dates.yaml: missing section(s) months"),
    (ValidationError, ({"lat": "must be in −90..90"}, "events.jsonl:3"), "events.jsonl:3: invalid event — lat: must be in −90..90"),
    (CurationError, ("no event أحداث-1",), "no event أحداث-1"),
])
def test_messages_are_what_the_user_reads(error, args, text):
    """Mixing in a built-in does not change the message (OSError with one argument prints it as is)."""
    assert str(error(*args)) == text


def test_a_foreign_file_is_a_store_error_caught_as_oserror(tmp_path):
    p = tmp_path / "notes.db"
    p.write_text("قائمة المشتريات\n", encoding="utf-8")
    with pytest.raises(OSError, match="not an SQLite database") as got:
        Store(p)
    assert isinstance(got.value, MarsadError)
    assert p.read_text(encoding="utf-8") == "قائمة المشتريات\n"


@pytest.mark.parametrize("path, line, field, message, text", [
    ("in/أخبار.txt", None, None, "empty file", "in/أخبار.txt: empty file"),
    ("in/a.jsonl", 4, "published", "not a date", "in/a.jsonl:4: published: not a date"),
    ("in/b\nc.csv", 2, None, "bad row", "in/b\\nc.csv:2: bad row"),
])
def test_an_ingest_problem_is_a_one_line_message_not_an_error(path, line, field, message, text):
    p = IngestProblem(path, line, field, message)
    assert p == text and (p.line, p.field, p.message) == (line, field, message)
    assert not isinstance(p, BaseException)
