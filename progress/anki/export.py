"""Anki packages written with genanki.

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
import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import genanki

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


@dataclass(frozen=True)
class MediaFile:
    name: str  # flat and prefixed, e.g. "saebom_1a2b3c4d_pharmacy.mp3"
    path: Path


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


def note_fields(note: ExportNote) -> list[str]:
    esc = html.escape
    return [
        esc(note.english),
        esc(note.ipa),
        esc(note.korean_north),
        esc(note.korean_south),
        esc(note.loanword),
        esc(note.gap_note),
        esc(note.example),
        esc(note.example_translation),
        "".join(f"[sound:{media.name}]" for media in note.audio),
        esc(" ".join(note.topics)),
        esc(note.word_id),
    ]


def build_package(
    decks: Sequence[ExportDeck], *, timestamp: float, south_first: bool = False
) -> bytes:
    """The .apkg bytes for these decks; a note appears once, in its first deck."""
    seen: set[str] = set()
    media: dict[str, Path] = {}
    genanki_decks = []
    tags = [SOUTH_FIRST_TAG] if south_first else []
    for deck in decks:
        target = genanki.Deck(deck_id(deck.name), deck.name)
        for note in deck.notes:
            if note.word_id in seen:
                continue
            seen.add(note.word_id)
            media.update((audio.name, audio.path) for audio in note.audio)
            target.add_note(
                genanki.Note(
                    model=MODEL,
                    fields=note_fields(note),
                    guid=note_guid(note.word_id),
                    sort_field=note.english,
                    tags=tags,
                )
            )
        genanki_decks.append(target)
    return _write(genanki_decks, media, timestamp)


def _write(decks: list, media: dict[str, Path], timestamp: float) -> bytes:
    """genanki writes the collection; the package is zipped here so that it is
    deflated, as Anki's own export is (genanki stores it as it is). Sound files are
    compressed already and go in stored."""
    with tempfile.TemporaryDirectory(prefix="saebom-deck-") as folder:
        collection = Path(folder) / "collection.anki2"
        with closing(sqlite3.connect(collection)) as db:
            ids = itertools.count(int(timestamp * 1000))  # genanki's own id sequence
            genanki.Package(decks).write_to_db(db.cursor(), timestamp, ids)
            db.commit()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
            package.write(collection, "collection.anki2")
            names = list(media)
            package.writestr("media", json.dumps(dict(enumerate(names))))
            for index, name in enumerate(names):
                package.write(media[name], str(index), compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()
