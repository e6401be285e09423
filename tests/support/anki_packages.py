"""Real Anki packages with history for tests of the package reader, and tools to
take packages apart and build broken or hostile ones."""

import io
import sqlite3
import struct
import uuid
import zipfile
from pathlib import Path

from progress.anki.export import ExportDeck, ExportNote, MediaFile, build_package
from tests.factories.accounts import learner
from tests.factories.lessons import VocabularyItemFactory
from tests.support.anki_collection import import_package, new_collection
from tests.support.anki_history import age_collection, answer

DECK = "Saebom::First Steps::Greetings"
WORDS = [f"00000000-0000-4000-8000-{n:012d}" for n in range(1, 6)]
AUDIO = "saebom_00000001_hello.mp3"
RATINGS = [3, 1, 3, 4, 2, 3, 3]  # cycled over cards and days
MODERN_META, LEGACY_META = b"\x08\x03", b"\x08\x02"
ANKI_ROWS = """
    select r.id, r.cid, c.ord, n.guid, n.flds, r.ease, r.ivl, r.lastIvl, r.factor, r.time, r.type
    from revlog r join cards c on c.id = r.cid join notes n on n.id = c.nid order by r.id
"""


def study_over_days(col) -> None:
    """Answer every card on five simulated days, then reschedule one card by hand."""
    card_ids = sorted(col.find_cards(""))
    for day in range(5):
        for n, card_id in enumerate(card_ids):
            answer(col, card_id, RATINGS[(n + day) % len(RATINGS)], 1000 + 100 * n)
        age_collection(col, days=1 + day % 2)
    col.sched.set_due_date([card_ids[0]], "0")  # a manual row: ease 0


def export(col, folder: Path, name: str, **options) -> Path:
    from anki.collection import DeckIdLimit, ExportAnkiPackageOptions

    path = folder / name
    settings = {"with_scheduling": True, "with_deck_configs": True, "legacy": False, **options}
    col.export_anki_package(
        out_path=str(path),
        limit=DeckIdLimit(col.decks.id_for_name(DECK)),
        options=ExportAnkiPackageOptions(with_media=True, **settings),
    )
    return path


def signed_in_learner_with_words(client):
    """A learner signed in on `client`, with the words of `exported_packages` in the
    database (their notes are Saebom's, not foreign)."""
    for word in WORDS:
        VocabularyItemFactory(uuid=uuid.UUID(word))
    person = learner()
    client.force_login(person)
    return person


def exported_packages(folder: Path) -> tuple[dict[str, Path], list[tuple]]:
    """Packages Anki exported after studying a Saebom deck over days, and Anki's own
    revlog rows joined to card ordinal, note GUID and word id (the last field)."""
    sound = folder / "hello.mp3"
    sound.write_bytes(b"ID3 not really audio")
    notes = [ExportNote(w, f"word {n}", korean_north=f"낱말 {n}") for n, w in enumerate(WORDS)]
    notes[0] = ExportNote(WORDS[0], "hello", korean_north="안녕", audio=(MediaFile(AUDIO, sound),))
    deck = build_package([ExportDeck(DECK, notes)], timestamp=1_700_000_000)
    col = new_collection(folder / "collection")
    import_package(col, deck, folder)
    study_over_days(col)
    packages = {
        "deck": folder / "deck.apkg",
        "modern": export(col, folder, "modern.apkg"),
        "legacy": export(col, folder, "legacy.apkg", legacy=True),
        "unscheduled": export(col, folder, "unscheduled.apkg", with_scheduling=False),
    }
    rows = col.db.all(ANKI_ROWS)
    packages["colpkg"] = folder / "collection.colpkg"
    col.export_collection_package(str(packages["colpkg"]), include_media=True, legacy=False)
    return packages, [(*row[:4], row[4].split("\x1f")[-1], *row[5:]) for row in rows]


def reader_rows(contents):
    rows = []
    for review in contents.revlog:
        card = contents.cards[review.cid]
        note = contents.notes[card.nid]
        rows.append(
            (review.id, review.cid, card.ord, note.guid, note.fields[-1], review.ease)
            + (review.ivl, review.last_ivl, review.factor, review.time_ms, review.type)
        )
    return rows


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_zip(path: Path, entries, compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return path


def collection_with(legacy: Path, tmp_path: Path, *scripts: str) -> bytes:
    """The collection of a legacy package, changed by each SQL script in turn."""
    path = tmp_path / "changed.anki21"
    path.write_bytes(members(legacy)["collection.anki21"])
    with sqlite3.connect(path) as db:
        for script in scripts:
            db.executescript(script)
    db.close()
    return path.read_bytes()


def legacy_package(tmp_path: Path, collection: bytes) -> Path:
    entries = [("meta", LEGACY_META), ("collection.anki21", collection), ("media", b"{}")]
    return write_zip(tmp_path / "changed.apkg", entries)


def declare_size(path: Path, name: str, size: int) -> None:
    """Rewrite the uncompressed size a zip declares for one member, in both headers."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(name).header_offset
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name.encode():
        central = data.find(b"PK\x01\x02", central + 1)
    struct.pack_into("<I", data, local + 22, size)
    struct.pack_into("<I", data, central + 24, size)
    path.write_bytes(bytes(data))


def package_text(data: bytes) -> str:
    """Every note field and GUID in an .apkg's collection, as one string: the text a
    deflated package hides from a search of its bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        collection = archive.read("collection.anki2")
    db = sqlite3.connect(":memory:")
    db.deserialize(collection)
    return " ".join(" ".join(row) for row in db.execute("select guid, flds from notes"))
