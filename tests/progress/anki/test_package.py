"""The package reader returns exactly the history Anki exported, and refuses broken collections."""

import io
import subprocess
import sys
import tempfile

import pytest

from progress.anki.exceptions import (
    MalformedCollection,
    NoScheduling,
    TooLarge,
    TooManyReviews,
)
from progress.anki.export import note_guid
from progress.anki.package import Limits, read_package
from tests.support.anki_packages import (
    AUDIO,
    WORDS,
    collection_with,
    exported_packages,
    legacy_package,
    members,
    reader_rows,
    write_zip,
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return exported_packages(tmp_path_factory.mktemp("anki"))


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
        packages["legacy"],
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


# Broken collections -----------------------------------------------------------------


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
    path = legacy_package(tmp_path, collection_with(exported[0]["legacy"], tmp_path, sql))
    assert max(len(n.fields[-1]) for n in read_package(path).notes.values()) > 5000
    with pytest.raises(MalformedCollection):
        read_package(path, limits=Limits(field_bytes=4000))


@pytest.mark.parametrize(
    "sql",
    [
        "drop table revlog;",
        "alter table cards drop column ord;",
        "drop table revlog; create view revlog as select * from cards;",
    ],
)
def test_a_collection_missing_a_table_or_column_is_refused(exported, tmp_path, sql):
    path = legacy_package(tmp_path, collection_with(exported[0]["legacy"], tmp_path, sql))
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
    path = legacy_package(
        tmp_path, collection_with(exported[0]["legacy"], tmp_path, RETYPED_REVLOG, change)
    )
    with pytest.raises(MalformedCollection):
        read_package(path)


def test_a_note_or_card_value_of_the_wrong_type_is_refused(exported, tmp_path):
    sql = """alter table cards rename to old;
        create table cards as select * from old; drop table old;
        update cards set ord = 'first' where rowid = 1;"""
    path = legacy_package(tmp_path, collection_with(exported[0]["legacy"], tmp_path, sql))
    with pytest.raises(MalformedCollection):
        read_package(path)


def test_intervals_stored_as_whole_reals_are_read_as_anki_check_database_rounds_them(
    exported, tmp_path
):
    reals = "update revlog set ivl = ivl + 0.0, time = time + 0.25;"
    collection = collection_with(exported[0]["legacy"], tmp_path, RETYPED_REVLOG, reals)
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
