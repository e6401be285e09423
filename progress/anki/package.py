"""Reading the review history out of an Anki package a learner uploads.

`read_package` returns the notes, cards and revlog rows of an .apkg or .colpkg
exactly as Anki stored them (the formats and the defences against hostile zips
are in `unpack`). The collection is inflated into a private temporary folder,
opened read-only and immutable, and read with fixed SQL; every table and column
is checked to exist and every value to have the type Anki gives it. Nothing of
the upload is kept once the contents are returned. Only zipfile, sqlite3 and
zstandard are used, never the anki library.
"""

import math
import os
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from . import unpack
from .exceptions import MalformedCollection, NoScheduling, TooLarge, TooManyReviews
from .unpack import COLLECTIONS, Limits

__all__ = ["Card", "Limits", "Note", "PackageContents", "RevlogRow", "read_package"]

DEFAULT_LIMITS = Limits()
_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True, slots=True)
class Note:
    guid: str
    notetype_id: int
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Card:
    nid: int
    ord: int  # the card template: for Saebom notes 0 = recognition, 1 = production


@dataclass(frozen=True, slots=True)
class RevlogRow:
    """One row of Anki's revlog, as Anki stored it (sync bookkeeping left out)."""

    id: int  # epoch milliseconds of the answer; unique per collection
    cid: int
    ease: int  # 1-4 = Again..Easy; 0 = a manual row (rescheduled, reset)
    ivl: int  # days when positive, seconds when negative
    last_ivl: int
    factor: int  # SM-2 ease in permille, or FSRS difficulty under FSRS
    time_ms: int
    type: int  # 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled


@dataclass(frozen=True)
class PackageContents:
    kind: str  # "modern" | "legacy" | "colpkg"
    version: int  # the package format version, 1-3
    notes: dict[int, Note]
    cards: dict[int, Card]
    revlog: list[RevlogRow]  # ordered by id, i.e. by answer time
    media: dict[str, str]  # member name -> media file name (never extracted)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "notes": len(self.notes),
            "cards": len(self.cards),
            "reviews": len(self.revlog),
            "media": len(self.media),
        }


def read_package(
    source: str | os.PathLike | BinaryIO, *, limits: Limits = DEFAULT_LIMITS
) -> PackageContents:
    """The notes, cards and review log in an .apkg or .colpkg; a PackageError if the
    file is not a readable package with review history."""
    unpack.check_upload_size(source, limits)
    with unpack.open_zip(source) as archive, tempfile.TemporaryDirectory(prefix="anki-") as folder:
        members = unpack.checked_members(archive, limits)
        version = unpack.package_version(archive, members)
        media = unpack.media_map(archive, members.get("media"), version, limits)
        database = Path(folder) / "collection.sqlite"
        unpack.extract_collection(archive, members[COLLECTIONS[version]], version, database, limits)
        notes, cards, revlog = _read_collection(database, limits)
    if not revlog:
        raise NoScheduling()
    return PackageContents(_kind(source, version), version, notes, cards, revlog, media)


def _kind(source, version: int) -> str:
    name = getattr(source, "name", None) if hasattr(source, "read") else os.fspath(source)
    if isinstance(name, str) and name.lower().endswith(".colpkg"):
        return "colpkg"
    return "modern" if version == 3 else "legacy"


_TABLES = {
    "notes": "select id, guid, mid, flds from notes",
    "cards": "select id, nid, ord from cards",
    "revlog": "select id, cid, ease, ivl, lastIvl, factor, time, type from revlog order by id",
}
_COLUMNS = {
    "notes": {"id", "guid", "mid", "flds"},
    "cards": {"id", "nid", "ord"},
    "revlog": {"id", "cid", "ease", "ivl", "lastIvl", "factor", "time", "type"},
}


def _read_collection(path: Path, limits: Limits):
    with open(path, "rb") as handle:
        if handle.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
            raise MalformedCollection()
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)) as db:
            db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, limits.field_bytes)
            db.execute("pragma trusted_schema = off")
            _check_schema(db)
            _check_counts(db, limits)
            return _notes(db), _cards(db), _revlog(db)
    except sqlite3.Error as error:
        raise MalformedCollection() from error


def _check_schema(db: sqlite3.Connection) -> None:
    kinds = dict(
        db.execute("select name, type from sqlite_master where name in (?, ?, ?)", [*_TABLES])
    )
    for table, needed in _COLUMNS.items():
        if kinds.get(table) != "table":
            raise MalformedCollection()
        # A pragma's argument cannot be bound; the table name is one of three constants.
        columns = {row[1] for row in db.execute(f"pragma table_info({table})")}  # noqa: S608
        if not needed <= columns:
            raise MalformedCollection()


def _check_counts(db: sqlite3.Connection, limits: Limits) -> None:
    def count(table: str) -> int:
        return db.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608

    if count("revlog") > limits.reviews:
        raise TooManyReviews(
            f"This package holds more than {limits.reviews:,} reviews. In Anki, export "
            "only your Saebom decks and upload that file."
        )
    if count("notes") > limits.notes or count("cards") > limits.cards:
        raise TooLarge(
            f"This package holds more than {limits.notes:,} notes or {limits.cards:,} cards. "
            "In Anki, export only your Saebom decks and upload that file."
        )


def _notes(db: sqlite3.Connection) -> dict[int, Note]:
    notes = {}
    for nid, guid, mid, flds in db.execute(_TABLES["notes"]):
        if not (_is_int(nid) and isinstance(guid, str) and _is_int(mid) and isinstance(flds, str)):
            raise MalformedCollection()
        notes[nid] = Note(guid, mid, tuple(flds.split("\x1f")))
    return notes


def _cards(db: sqlite3.Connection) -> dict[int, Card]:
    cards = {}
    for cid, nid, ordinal in db.execute(_TABLES["cards"]):
        if not (_is_int(cid) and _is_int(nid) and _is_int(ordinal)):
            raise MalformedCollection()
        cards[cid] = Card(nid, ordinal)
    return cards


def _revlog(db: sqlite3.Connection) -> list[RevlogRow]:
    rows = []
    for rid, cid, ease, ivl, last_ivl, factor, time_ms, kind in db.execute(_TABLES["revlog"]):
        if not (_is_int(rid) and _is_int(cid) and _is_int(ease) and _is_int(kind)):
            raise MalformedCollection()
        measures = [_whole(value) for value in (ivl, last_ivl, factor, time_ms)]
        if None in measures:
            raise MalformedCollection()
        rows.append(RevlogRow(rid, cid, ease, *measures, kind))
    return rows


def _is_int(value) -> bool:
    return type(value) is int


def _whole(value) -> int | None:
    # Some old clients stored intervals and times as reals; Anki's "Check Database"
    # rounds them, so they are rounded here too rather than refused.
    if type(value) is int:
        return value
    if type(value) is float and math.isfinite(value):
        return round(value)
    return None
