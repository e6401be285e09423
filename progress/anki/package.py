"""Reading the review history out of an Anki package a learner uploads.

`read_package` returns the notes, cards and revlog rows of an .apkg or .colpkg
exactly as Anki stored them (the formats and the defences against hostile zips
are in `unpack`). The collection is inflated into a private temporary folder,
opened read-only and immutable, and read with fixed SQL; every table and column
is checked to exist and every value to have the type Anki gives it. Nothing of
the upload is kept once the contents are returned. Only zipfile, sqlite3 and
zstandard are used, never the anki library.
"""

import os
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NamedTuple

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


class RevlogRow(NamedTuple):
    """One row of Anki's revlog, as Anki stored it (sync bookkeeping left out). A
    named tuple: a package may hold a learner's whole history, made straight from the
    cursor's tuples without a Python-level constructor call each."""

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


def check_package(source: BinaryIO, *, limits: Limits | None = None) -> None:
    """What can be checked without inflating the collection: the upload's size, the
    zip directory with its declared sizes and ratios, and the package version in
    `meta` (a few bytes). A PackageError if any is wrong; `read_package` inflates."""
    limits = limits or DEFAULT_LIMITS
    unpack.check_upload_size(source, limits)
    with unpack.open_zip(source) as archive:
        members = unpack.checked_members(archive, limits)
        unpack.package_version(archive, members)


def _kind(source, version: int) -> str:
    name = getattr(source, "name", None) if hasattr(source, "read") else os.fspath(source)
    if isinstance(name, str) and name.lower().endswith(".colpkg"):
        return "colpkg"
    return "modern" if version == 3 else "legacy"


_INT, _TEXT = ("integer",), ("text",)
# Some old clients stored intervals and times as reals; Anki's "Check Database"
# rounds them, so they are rounded here too rather than refused.
_WHOLE = ("integer", "real")
# The columns read from each table and the SQLite value types Anki stores in them.
_SCHEMA = {
    "notes": {"id": _INT, "guid": _TEXT, "mid": _INT, "flds": _TEXT},
    "cards": {"id": _INT, "nid": _INT, "ord": _INT},
    "revlog": {
        "id": _INT,
        "cid": _INT,
        "ease": _INT,
        "ivl": _WHOLE,
        "lastIvl": _WHOLE,
        "factor": _WHOLE,
        "time": _WHOLE,
        "type": _INT,
    },
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
            _check_types(db)
            return _notes(db), _cards(db), _revlog(db)
    except sqlite3.Error as error:
        raise MalformedCollection() from error


# Table and column names below come from _SCHEMA, never from the file: a pragma's
# argument and an identifier cannot be bound as parameters.


def _check_schema(db: sqlite3.Connection) -> None:
    kinds = dict(
        db.execute("select name, type from sqlite_master where name in (?, ?, ?)", [*_SCHEMA])
    )
    for table, columns in _SCHEMA.items():
        if kinds.get(table) != "table":
            raise MalformedCollection()
        present = {row[1] for row in db.execute(f"pragma table_info({table})")}
        if not columns.keys() <= present:
            raise MalformedCollection()


def _check_types(db: sqlite3.Connection) -> None:
    for table, columns in _SCHEMA.items():
        wrong = " or ".join(
            f"typeof({column}) not in ({', '.join(map(repr, types))})"
            for column, types in columns.items()
        )
        if db.execute(f"select exists(select 1 from {table} where {wrong})").fetchone()[0]:  # noqa: S608
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
    rows = db.execute("select id, guid, mid, flds from notes")
    return {nid: Note(guid, mid, tuple(flds.split("\x1f"))) for nid, guid, mid, flds in rows}


def _cards(db: sqlite3.Connection) -> dict[int, Card]:
    return {
        cid: Card(nid, ordinal)
        for cid, nid, ordinal in db.execute("select id, nid, ord from cards")
    }


_REVLOG = """
    select id, cid, ease,
        case typeof(ivl) when 'integer' then ivl else cast(round(ivl) as integer) end,
        case typeof(lastIvl) when 'integer' then lastIvl else cast(round(lastIvl) as integer) end,
        case typeof(factor) when 'integer' then factor else cast(round(factor) as integer) end,
        case typeof(time) when 'integer' then time else cast(round(time) as integer) end,
        type
    from revlog order by id
"""


def _revlog(db: sqlite3.Connection) -> list[RevlogRow]:
    return list(map(RevlogRow._make, db.execute(_REVLOG)))
