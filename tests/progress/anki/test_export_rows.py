"""The collection inside a package is exactly what genanki writes for the same notes:
the same deck and note type JSON, the same note and card rows, the same ids."""

import html
import io
import itertools
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path

import genanki
from hypothesis import given, settings
from hypothesis import strategies as st

from progress.anki.export import (
    MODEL,
    SOUTH_FIRST_TAG,
    ExportDeck,
    ExportNote,
    MediaFile,
    build_package,
    deck_id,
    note_fields,
    note_guid,
)

TABLES = {"col": "id", "notes": "id", "cards": "id", "revlog": "id", "graves": "oid"}


def escaped(note: ExportNote) -> list[str]:
    """The fields written out one by one: escaped HTML but the [sound:…] references."""
    esc = html.escape
    return [
        *(esc(v) for v in (note.english, note.ipa, note.korean_north, note.korean_south)),
        *(esc(v) for v in (note.loanword, note.gap_note, note.example)),
        esc(note.example_translation),
        "".join(f"[sound:{media.name}]" for media in note.audio),
        esc(" ".join(note.topics)),
        esc(note.word_id),
    ]


def genanki_rows(decks: list[ExportDeck], timestamp: float, south_first: bool) -> dict:
    """What genanki itself writes: one genanki.Note per first sighting of a word."""
    seen, targets = set(), []
    for deck in decks:
        target = genanki.Deck(deck_id(deck.name), deck.name)
        for note in deck.notes:
            if note.word_id not in seen:
                seen.add(note.word_id)
                fields, tags = escaped(note), [SOUTH_FIRST_TAG] if south_first else []
                guid = note_guid(note.word_id)
                target.add_note(genanki.Note(MODEL, fields, note.english, tags, guid))
        targets.append(target)
    with closing(sqlite3.connect(":memory:")) as db:
        ids = itertools.count(int(timestamp * 1000))
        genanki.Package(targets).write_to_db(db.cursor(), timestamp, ids)
        return dump(db)


def package_rows(package: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        data = archive.read("collection.anki2")
    with closing(sqlite3.connect(":memory:")) as db:
        db.deserialize(data)
        return dump(db)


def select(table: str, key: str) -> str:
    return f"select * from {table} order by {key}"  # noqa: S608 (names from TABLES)


def dump(db) -> dict:
    rows = {t: db.execute(select(t, key)).fetchall() for t, key in TABLES.items()}
    schema = db.execute("select type, name, sql from sqlite_master order by name").fetchall()
    return {**rows, "schema": schema}


TEXTS = ["english", "ipa", "korean_north", "korean_south", "loanword", "gap_note", "example"]
TEXTS.append("example_translation")
text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
words = st.builds(
    ExportNote,
    word_id=st.sampled_from([f"w{n}" for n in range(8)]),
    **dict.fromkeys(TEXTS, text),
    topics=st.lists(st.sampled_from(["daily", "a&b", "<x>"]), max_size=2).map(tuple),
)
decks = st.lists(
    st.builds(
        ExportDeck,
        st.sampled_from(["Saebom::A", "Saebom::B", "Saebom::C"]),
        st.lists(words, max_size=5),
    ),
    max_size=3,
)


@settings(max_examples=60, deadline=None)
@given(decks, st.floats(1e9, 2e9), st.booleans())
def test_the_collection_is_what_genanki_writes(decks, timestamp, south_first):
    package = build_package(decks, timestamp=timestamp, south_first=south_first)
    assert package_rows(package) == genanki_rows(decks, timestamp, south_first)


def test_sounds_are_referenced_not_escaped_and_the_rest_is_escaped(tmp_path):
    sound = tmp_path / "a.mp3"
    sound.write_bytes(b"ID3")
    note = ExportNote(
        "id<1>",
        "a & b",
        example="\"quoted\" 'x'",
        topics=("t<1>",),
        audio=(MediaFile("saebom_1_a.mp3", Path(sound)), MediaFile("saebom_1_b.mp3", Path(sound))),
    )
    package = build_package([ExportDeck("Saebom::A", [note])], timestamp=1_700_000_000)
    assert note_fields(note) == escaped(note)
    assert package_rows(package) == genanki_rows(
        [ExportDeck("Saebom::A", [note])], 1_700_000_000, False
    )
