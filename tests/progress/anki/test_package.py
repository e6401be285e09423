"""The package reader returns exactly the history Anki exported, and refuses hostile files."""

import io
import random
import sqlite3
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
import zstandard

from progress.anki.exceptions import (
    BadMemberName,
    DamagedPackage,
    MalformedCollection,
    MissingCollection,
    NoScheduling,
    NotAZip,
    PackageError,
    TooLarge,
    TooManyReviews,
    ZipBomb,
)
from progress.anki.export import ExportDeck, ExportNote, MediaFile, build_package, note_guid
from progress.anki.package import Limits, read_package
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


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Packages Anki exported after studying a Saebom deck, and Anki's own revlog rows."""
    folder = tmp_path_factory.mktemp("anki")
    sound = folder / "hello.mp3"
    sound.write_bytes(b"ID3 not really audio")
    notes = [ExportNote(w, f"word {n}", korean_north=f"낱말 {n}") for n, w in enumerate(WORDS)]
    notes[0] = ExportNote(WORDS[0], "hello", korean_north="안녕", audio=MediaFile(AUDIO, sound))
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


def collection_with(exported, tmp_path: Path, *scripts: str) -> bytes:
    """The legacy export's collection, changed by each SQL script in turn."""
    path = tmp_path / "changed.anki21"
    path.write_bytes(members(exported[0]["legacy"])["collection.anki21"])
    with sqlite3.connect(path) as db:
        for script in scripts:
            db.executescript(script)
    db.close()
    return path.read_bytes()


def legacy_package(tmp_path: Path, collection: bytes) -> Path:
    entries = [("meta", LEGACY_META), ("collection.anki21", collection), ("media", b"{}")]
    return write_zip(tmp_path / "changed.apkg", entries)


# Real packages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("package", "kind", "version"),
    [("modern", "modern", 3), ("legacy", "legacy", 2), ("colpkg", "colpkg", 3)],
)
def test_the_reader_returns_exactly_the_revlog_rows_anki_has(exported, package, kind, version):
    packages, anki_rows = exported
    contents = read_package(packages[package])
    assert (contents.kind, contents.version) == (kind, version)
    assert reader_rows(contents) == anki_rows
    assert contents.counts == {"notes": 5, "cards": 10, "reviews": len(anki_rows), "media": 1}


def test_the_history_covers_both_directions_of_every_word_over_several_days(exported):
    packages, anki_rows = exported
    contents = read_package(packages["modern"])
    rows = reader_rows(contents)
    assert {(row[3], row[4]) for row in rows} == {(note_guid(w), w) for w in WORDS}
    assert {row[2] for row in rows} == {0, 1}
    assert {row[5] for row in rows} == {0, 1, 2, 3, 4}  # every rating and a manual row
    days = {row[0] // 86_400_000 for row in rows}
    assert len(days) >= 5 and len(anki_rows) > 50


def test_the_media_map_is_read_in_both_formats_without_extracting_media(exported):
    packages, _ = exported
    for package in ("modern", "legacy", "colpkg"):
        assert set(read_package(packages[package]).media.values()) == {AUDIO}


def test_an_open_upload_reads_like_a_path_and_keeps_its_kind(exported):
    packages, anki_rows = exported
    with open(packages["colpkg"], "rb") as upload:
        contents = read_package(upload)
    assert contents.kind == "colpkg" and reader_rows(contents) == anki_rows
    assert read_package(io.BytesIO(packages["modern"].read_bytes())).kind == "modern"


def test_the_stub_collection_is_never_read_when_a_newer_one_exists(exported, tmp_path):
    packages, anki_rows = exported
    impostor = collection_with(
        exported,
        tmp_path,
        "insert into revlog values (1, 1, -1, 4, 9, 9, 2500, 7000, 1); delete from notes;",
    )
    for package, real in (("modern", "collection.anki21b"), ("legacy", "collection.anki21")):
        original = members(packages[package])
        entries = [(n, impostor if n == "collection.anki2" else d) for n, d in original.items()]
        path = write_zip(tmp_path / f"stubbed-{package}.apkg", entries)
        assert real in original
        assert reader_rows(read_package(path)) == anki_rows


def test_a_package_exported_without_scheduling_has_no_history(exported):
    packages, _ = exported
    with pytest.raises(NoScheduling) as refused:
        read_package(packages["unscheduled"])
    assert refused.value.message == (
        "This package has no review history. In Anki, export again with "
        "'Include scheduling information' ticked."
    )


def test_a_saebom_deck_download_is_read_from_its_only_collection_and_has_no_history(exported):
    with pytest.raises(NoScheduling):
        read_package(exported[0]["deck"])


def test_nothing_of_the_upload_is_left_behind(exported, tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    read_package(exported[0]["modern"])
    with pytest.raises(NoScheduling):
        read_package(exported[0]["unscheduled"])
    assert list(scratch.iterdir()) == []


def test_reading_packages_never_loads_the_anki_library():
    probe = (
        "import sys, progress.anki.package; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('anki', 'genanki')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]"


# Hostile or broken files --------------------------------------------------------------


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    for content in (b"", b"just some text, not a package"):
        path = tmp_path / "notes.apkg"
        path.write_bytes(content)
        with pytest.raises(NotAZip) as refused:
            read_package(path)
        assert refused.value.message == "This file is not an Anki package (.apkg or .colpkg)."


def test_an_upload_over_the_size_limit_is_refused_before_it_is_opened(tmp_path):
    path = tmp_path / "big.apkg"
    path.write_bytes(b"\0" * (2 * 1024 * 1024))
    with pytest.raises(TooLarge) as refused:
        read_package(path, limits=Limits(upload_bytes=1024 * 1024))
    assert refused.value.message.startswith("This file is larger than 1 MB.")


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


def test_a_member_that_inflates_past_its_declared_size_is_a_zip_bomb(exported, tmp_path):
    real = members(exported[0]["legacy"])["collection.anki21"]
    path = write_zip(tmp_path / "liar.apkg", [("collection.anki21", real)])
    declare_size(path, "collection.anki21", 1000)
    with pytest.raises(ZipBomb) as refused:
        read_package(path)
    assert "unpacks to far more data than an Anki export holds" in refused.value.message


def test_a_stored_zstd_collection_longer_than_declared_is_a_zip_bomb(exported, tmp_path):
    path = tmp_path / "liar.apkg"
    path.write_bytes(exported[0]["modern"].read_bytes())
    declare_size(path, "collection.anki21b", 100)
    with pytest.raises(ZipBomb):
        read_package(path)


def test_a_zstd_collection_that_inflates_past_the_cap_is_a_zip_bomb(tmp_path):
    bomb = zstandard.ZstdCompressor().compress(b"\0" * (8 * 1024 * 1024))
    path = write_zip(
        tmp_path / "bomb.apkg",
        [("meta", MODERN_META), ("collection.anki21b", bomb)],
        zipfile.ZIP_STORED,
    )
    with pytest.raises(ZipBomb):
        read_package(path)


def test_a_member_with_an_extreme_compression_ratio_is_refused_unread(tmp_path):
    path = write_zip(tmp_path / "ratio.apkg", [("collection.anki21", b"\0" * (2 * 1024 * 1024))])
    with pytest.raises(ZipBomb):
        read_package(path)


def test_a_package_with_too_many_files_is_refused(tmp_path):
    path = write_zip(tmp_path / "many.apkg", [(str(n), b"x") for n in range(5)])
    with pytest.raises(ZipBomb) as refused:
        read_package(path, limits=Limits(members=4))
    assert refused.value.message.startswith("This package holds more than 4 files.")


@pytest.mark.parametrize(
    "name",
    ["../evil", "/abs", "a\\b", "1" * 1000, "1Z1", "evil.exe", "media/../meta", "meta/"],
)
def test_absurd_member_names_are_refused(tmp_path, name):
    path = write_zip(tmp_path / "names.apkg", [("collection.anki2", b"x"), (name, b"x")])
    if name == "1Z1":  # zipfile cannot write a NUL, so put one into the written name
        path.write_bytes(path.read_bytes().replace(b"1Z1", b"1\x001"))
    with pytest.raises(BadMemberName) as refused:
        read_package(path)
    assert refused.value.message.startswith("This package contains a file name that Anki")


def test_a_package_without_a_collection_is_refused(tmp_path):
    path = write_zip(tmp_path / "empty.apkg", [("meta", MODERN_META), ("media", b""), ("0", b"x")])
    with pytest.raises(MissingCollection) as refused:
        read_package(path)
    assert "holds no Anki collection" in refused.value.message


@pytest.mark.parametrize(
    "content",
    [b"SQLite? no, a shopping list" * 100, b"SQLite format 3\x00" + bytes(range(256)) * 64],
)
def test_a_collection_that_is_not_sqlite_is_refused(tmp_path, content):
    path = legacy_package(tmp_path, content)
    with pytest.raises(MalformedCollection) as refused:
        read_package(path)
    assert "is not one Anki wrote, or it is damaged" in refused.value.message


def test_a_value_longer_than_the_field_limit_is_refused(exported, tmp_path):
    sql = (
        "update notes set flds = flds || printf('%.*c', 5000, 'x') "
        "where id = (select min(id) from notes);"
    )
    path = legacy_package(tmp_path, collection_with(exported, tmp_path, sql))
    assert max(len(n.fields[-1]) for n in read_package(path).notes.values()) > 5000
    with pytest.raises(MalformedCollection):
        read_package(path, limits=Limits(field_bytes=4000))


def test_a_modern_collection_that_is_not_zstd_is_damaged(tmp_path):
    path = write_zip(tmp_path / "x.apkg", [("meta", MODERN_META), ("collection.anki21b", b"no")])
    with pytest.raises(DamagedPackage) as refused:
        read_package(path)
    assert refused.value.message.startswith("This package is damaged.")


def test_a_corrupted_member_is_damaged(exported, tmp_path):
    data = bytearray(exported[0]["legacy"].read_bytes())
    start = data.find(b"collection.anki21") + len("collection.anki21") + 200
    data[start : start + 50] = bytes(50)
    path = tmp_path / "corrupt.apkg"
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedPackage):
        read_package(path)


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        (b"\x08\x04", "made by a newer Anki than this site can read"),
        (b"\x08\x03", "This package is damaged."),  # says modern, holds a legacy collection
        (b"\x08", "This package is damaged."),  # truncated protobuf
    ],
)
def test_a_meta_that_does_not_match_the_package_is_refused(exported, tmp_path, meta, message):
    collection = members(exported[0]["legacy"])["collection.anki21"]
    path = write_zip(tmp_path / "meta.apkg", [("meta", meta), ("collection.anki21", collection)])
    with pytest.raises(DamagedPackage) as refused:
        read_package(path)
    assert message in refused.value.message


@pytest.mark.parametrize(
    "sql",
    [
        "drop table revlog;",
        "alter table cards drop column ord;",
        "drop table revlog; create view revlog as select * from cards;",
    ],
)
def test_a_collection_missing_a_table_or_column_is_refused(exported, tmp_path, sql):
    path = legacy_package(tmp_path, collection_with(exported, tmp_path, sql))
    with pytest.raises(MalformedCollection):
        read_package(path)


RETYPED_REVLOG = """
    alter table revlog rename to old;
    create table revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type);
    insert into revlog select * from old;
    drop table old;
"""


@pytest.mark.parametrize(
    "change",
    [
        "update revlog set id = 'one' where rowid = 1",
        "update revlog set cid = 1.5 where rowid = 1",
        "update revlog set ease = x'03' where rowid = 1",
        "update revlog set ivl = 'a week' where rowid = 1",
        "update revlog set type = null where rowid = 1",
    ],
)
def test_a_revlog_value_of_the_wrong_type_is_refused(exported, tmp_path, change):
    path = legacy_package(tmp_path, collection_with(exported, tmp_path, RETYPED_REVLOG, change))
    with pytest.raises(MalformedCollection):
        read_package(path)


def test_a_note_or_card_value_of_the_wrong_type_is_refused(exported, tmp_path):
    sql = """alter table cards rename to old;
        create table cards as select * from old; drop table old;
        update cards set ord = 'first' where rowid = 1;"""
    path = legacy_package(tmp_path, collection_with(exported, tmp_path, sql))
    with pytest.raises(MalformedCollection):
        read_package(path)


def test_intervals_stored_as_whole_reals_are_read_as_anki_check_database_rounds_them(
    exported, tmp_path
):
    reals = "update revlog set ivl = ivl + 0.0, time = time + 0.25;"
    collection = collection_with(exported, tmp_path, RETYPED_REVLOG, reals)
    contents = read_package(legacy_package(tmp_path, collection))
    assert reader_rows(contents) == exported[1]


def test_a_revlog_over_the_row_limit_is_refused_before_it_is_read(exported):
    with pytest.raises(TooManyReviews) as refused:
        read_package(exported[0]["modern"], limits=Limits(reviews=5))
    assert refused.value.message.startswith("This package holds more than 5 reviews.")


def test_a_collection_over_the_note_limit_is_refused(exported):
    with pytest.raises(TooLarge) as refused:
        read_package(exported[0]["modern"], limits=Limits(notes=4))
    assert "more than 4 notes" in refused.value.message


def test_random_damage_is_refused_with_a_package_error_or_read_intact(exported):
    packages, anki_rows = exported
    originals = [packages[name].read_bytes() for name in ("modern", "legacy", "colpkg")]
    chance = random.Random(9)
    outcomes = set()
    for _ in range(150):
        data = bytearray(chance.choice(originals))
        for _ in range(chance.randint(1, 4)):
            at = chance.randrange(len(data))
            if chance.random() < 0.7:
                data[at] = chance.randrange(256)
            else:
                del data[at : at + chance.randint(1, 50)]
        try:
            assert reader_rows(read_package(io.BytesIO(bytes(data)))) == anki_rows
            outcomes.add("intact")
        except PackageError as refused:
            outcomes.add(type(refused))
    assert {"intact", DamagedPackage} <= outcomes
