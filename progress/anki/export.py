"""Anki packages in genanki's format: genanki's schema, deck and note type JSON,
ids and rows, the rows written in bulk rather than one statement at a time.

Identity is what lets a newer deck update a learner's notes in place instead of
duplicating them (Anki's importer matches notes by GUID, note types by id and
decks by name):

- one note type, MODEL_ID fixed forever; FIELDS frozen — new fields may only be
  appended, never renamed, removed or reordered;
- note GUID = genanki.guid_for("saebom", "vocab", <vocabulary item uuid>);
- deck names fixed by content (``Saebom::<course>::<lesson>``), deck ids derived
  from the name;
- the package timestamp is the newest edit time of what it holds, so unchanged
  content re-imports as "duplicate" and edited content as "updated".

All text is HTML-escaped; media are referenced by flat, prefixed basenames that
stay the same across builds, so an update in place adds no duplicate media.
The answer side plays the Audio field; Anki's own TTS speaks a word only while
its note has no audio.
Nothing here reads the database, the clock or settings.
"""

import hashlib
import html
import io
import itertools
import json
import shutil
import sqlite3
import zipfile
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from typing import IO, Protocol

import genanki
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

MODEL_ID = 1_734_562_891
MODEL_NAME = "Saebom vocabulary"
FIELDS = [
    "English",
    "IPA",
    "KoreanNorth",
    "KoreanSouth",
    "Loanword",
    "GapNote",
    "Example",
    "ExampleTranslation",
    "Audio",
    "Topics",
    "WordId",
]
SEPARATOR = "\x1f"  # between fields in Anki's notes.flds
AUDIO_INDEX = FIELDS.index("Audio")
# zlib's level 5 packs a collection as small as its default level 6 in about half the time.
DEFLATE_LEVEL = 5
# Sound files are copied into the package this many bytes at a time, dated as zip's epoch.
MEDIA_CHUNK = 256 * 1024
MEDIA_DATE = (1980, 1, 1, 0, 0, 0)
# A note tag, not a field: the card templates put its value into a class
# attribute so that a learner who prefers South Korean glosses sees them first.
SOUTH_FIRST_TAG = "saebom_south_first"

_GLOSSES = """<div class="glosses {{Tags}}">
{{#KoreanNorth}}<div class="gloss gloss-nk" lang="ko">
<span class="label">북</span> {{KoreanNorth}}</div>{{/KoreanNorth}}
{{#KoreanSouth}}<div class="gloss gloss-sk" lang="ko">
<span class="label">남</span> {{KoreanSouth}}</div>{{/KoreanSouth}}
</div>"""
_WORD = """<div class="word" lang="en">{{English}}</div>
{{#IPA}}<div class="ipa">{{IPA}}</div>{{/IPA}}"""
_DETAILS = """{{#Loanword}}<div class="loanword" lang="ko">{{Loanword}}</div>{{/Loanword}}
{{#GapNote}}<div class="note" lang="ko">{{GapNote}}</div>{{/GapNote}}
{{#Example}}<div class="example" lang="en">{{Example}}</div>{{/Example}}
{{#ExampleTranslation}}<div class="example-ko" lang="ko">
{{ExampleTranslation}}</div>{{/ExampleTranslation}}
{{Audio}}"""

_TTS = "{{^Audio}}{{tts en_US:English}}{{/Audio}}"

TEMPLATES = [
    {
        "name": "Recognition (English → Korean)",
        "qfmt": f"{_WORD}\n{_TTS}",
        "afmt": f'{{{{FrontSide}}}}\n<hr id="answer">\n{_GLOSSES}\n{_DETAILS}',
    },
    {
        "name": "Production (Korean → English)",
        "qfmt": f"{_GLOSSES}\n{{{{type:English}}}}",
        "afmt": (
            f'{_GLOSSES}\n<hr id="answer">\n{{{{type:English}}}}\n{_WORD}\n{_TTS}\n{_DETAILS}'
        ),
    },
]

CSS = """.card { font-family: "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic",
  "Nanum Gothic", system-ui, sans-serif; font-size: 20px; line-height: 1.5;
  text-align: center; color: #1b1f24; background: #fff; padding: 0 8px; }
.nightMode.card, .night_mode .card { color: #eef1f4; background: #1b1f24; }
.word { font-size: 30px; font-weight: 700; }
.ipa { color: #4a5562; }
.glosses { display: flex; flex-direction: column; gap: 4px; }
.saebom_south_first .gloss-sk { order: -1; }
.label { display: inline-block; min-width: 1.6em; border-radius: 4px; font-size: 14px;
  background: #e6efe9; color: #1e6b46; }
.loanword, .note { font-size: 16px; color: #4a5562; }
.example { margin-top: 12px; font-style: italic; }
.example-ko { font-size: 16px; }
input#typeans { font-size: 20px; width: 100%; }
"""

MODEL = genanki.Model(
    MODEL_ID,
    MODEL_NAME,
    fields=[{"name": name} for name in FIELDS],
    templates=TEMPLATES,
    css=CSS,
    sort_field_index=0,
)


class Openable(Protocol):
    """A sound file's source: a Path, or a stored file (a FieldFile) read through
    its storage; either opens with `open("rb")`."""

    def open(self, mode: str = ...) -> IO[bytes]: ...


@dataclass(frozen=True)
class MediaFile:
    name: str  # flat and prefixed, e.g. "saebom_1a2b3c4d_pharmacy.mp3"
    source: Openable


@dataclass(frozen=True)
class ExportNote:
    word_id: str  # the vocabulary item's uuid
    english: str
    ipa: str = ""
    korean_north: str = ""
    korean_south: str = ""
    loanword: str = ""
    gap_note: str = ""
    example: str = ""
    example_translation: str = ""
    topics: Sequence[str] = ()
    audio: Sequence[MediaFile] = ()  # the headword's, then the example's


@dataclass
class ExportDeck:
    name: str
    notes: list[ExportNote] = field(default_factory=list)


def note_guid(word_id: str) -> str:
    return genanki.guid_for("saebom", "vocab", word_id)


def deck_id(name: str) -> int:
    digest = int.from_bytes(hashlib.sha1(name.encode()).digest()[:8], "big")  # noqa: S324
    return (1 << 30) + digest % (1 << 30)


def deck_name(*parts: str) -> str:
    # "::" separates Anki subdecks, so it may not appear inside a part.
    return "::".join(["Saebom", *(part.replace("::", ":").strip() for part in parts)])


def note_values(note: ExportNote) -> tuple[str, ...]:
    """The note's field values in FIELDS order, before HTML escaping; the Audio
    field holds only [sound:…] references to flat media names."""
    return (
        note.english,
        note.ipa,
        note.korean_north,
        note.korean_south,
        note.loanword,
        note.gap_note,
        note.example,
        note.example_translation,
        "".join(f"[sound:{media.name}]" for media in note.audio),
        " ".join(note.topics),
        note.word_id,
    )


def note_fields(note: ExportNote) -> list[str]:
    """The note's fields as Anki stores them: every one HTML-escaped but Audio."""
    return _joined_fields(note_values(note)).split(SEPARATOR)


def _joined_fields(values: tuple[str, ...]) -> str:
    """The fields joined by Anki's separator. Escaping leaves the separator alone,
    so the text runs on either side of Audio are escaped whole, in two calls."""
    esc = html.escape
    audio = AUDIO_INDEX
    before = esc(SEPARATOR.join(values[:audio]))
    after = esc(SEPARATOR.join(values[audio + 1 :]))
    return SEPARATOR.join((before, values[audio], after))


def build_package(
    decks: Sequence[ExportDeck], *, timestamp: float, south_first: bool = False
) -> bytes:
    """The .apkg bytes for these decks; a note appears once, in its first deck."""
    buffer = io.BytesIO()
    write_package(decks, buffer, timestamp=timestamp, south_first=south_first)
    return buffer.getvalue()


def write_package(
    decks: Sequence[ExportDeck],
    target: IO[bytes],
    *,
    timestamp: float,
    south_first: bool = False,
) -> None:
    """The .apkg of `build_package` written to `target` (a seekable file), its sound
    files copied in chunks: a deck with much audio never sits whole in memory."""
    placed = _placed(decks)
    media = {audio.name: audio.source for _, notes in placed for n in notes for audio in n.audio}
    tags = f" {SOUTH_FIRST_TAG} " if south_first else "  "  # genanki's form of a tag list
    collection = _collection(placed, timestamp, tags)
    _zip(collection, media, target)


def _placed(decks: Sequence[ExportDeck]) -> list[tuple[ExportDeck, list[ExportNote]]]:
    """Each deck with the notes it holds: a word goes into the first deck that has it."""
    seen: set[str] = set()
    placed = []
    for deck in decks:
        notes = []
        for note in deck.notes:
            if note.word_id not in seen:
                seen.add(note.word_id)
                notes.append(note)
        placed.append((deck, notes))
    return placed


def _collection(placed, timestamp: float, tags: str) -> bytes:
    """The collection.anki2 bytes, as genanki writes them: its schema, its deck and
    note type JSON, its id sequence and its note and card rows. The rows go in
    with one executemany per table, into a database held in memory."""
    with closing(sqlite3.connect(":memory:")) as db:
        cursor = db.cursor()
        cursor.executescript(APKG_SCHEMA)
        cursor.executescript(APKG_COL)
        for deck, notes in placed:
            _deck_json(cursor, deck, notes, timestamp)
        notes, cards = _rows(placed, timestamp, tags)
        cursor.executemany(f"INSERT INTO notes VALUES({_marks(11)})", notes)
        cursor.executemany(f"INSERT INTO cards VALUES({_marks(18)})", cards)
        db.commit()
        return db.serialize()


def _deck_json(cursor, deck: ExportDeck, notes: list[ExportNote], timestamp: float) -> None:
    """genanki's deck entry, and the note type's when the deck holds a note."""
    target = genanki.Deck(deck_id(deck.name), deck.name)
    if notes:
        target.add_model(MODEL)
    target.write_to_db(cursor, timestamp, id_gen=None)  # no notes: draws no ids


def _rows(placed, timestamp: float, tags: str) -> tuple[list[tuple], list[tuple]]:
    """The notes' and cards' rows as genanki writes them, ids drawn in its order:
    each note, then its cards, counting from the build's millisecond timestamp."""
    ids = itertools.count(int(timestamp * 1000))
    mod = int(timestamp)
    notes, cards = [], []
    for deck, deck_notes in placed:
        did = deck_id(deck.name)
        for note in deck_notes:
            nid, values = next(ids), note_values(note)
            fields = _joined_fields(values)
            guid = note_guid(note.word_id)
            # sfld is the plain headword, as genanki's sort_field gives it
            notes.append((nid, guid, MODEL_ID, mod, -1, tags, fields, note.english, 0, 0, ""))
            cards.extend(_card(next(ids), nid, did, ord_, mod) for ord_ in _card_ords(values))
    return notes, cards


def _card_ords(values: tuple[str, ...]) -> list[int]:
    """The templates whose question the note fills (genanki's reading of Anki's rule)."""
    return [
        ord_
        for ord_, mode, required in MODEL._req  # noqa: SLF001
        if (any if mode == "any" else all)(values[i] for i in required)
    ]


def _card(card_id: int, nid: int, did: int, ord_: int, mod: int) -> tuple:
    """A new card's row: not yet studied, not suspended, due 0."""
    return (card_id, nid, did, ord_, mod, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "")


def _marks(count: int) -> str:
    return ",".join("?" * count)


def _zip(collection: bytes, media: dict[str, Openable], target: IO[bytes]) -> None:
    """The package: the collection deflated, as Anki's own export is (genanki stores
    it as it is), at DEFLATE_LEVEL; sound files are compressed already and go in stored."""
    with zipfile.ZipFile(
        target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=DEFLATE_LEVEL
    ) as package:
        package.writestr("collection.anki2", collection)
        names = list(media)
        package.writestr("media", json.dumps(dict(enumerate(names))))
        for index, name in enumerate(names):
            member = zipfile.ZipInfo(str(index), date_time=MEDIA_DATE)
            member.compress_type = zipfile.ZIP_STORED
            with media[name].open("rb") as source, package.open(member, "w") as entry:
                shutil.copyfileobj(source, entry, MEDIA_CHUNK)
