"""The deck build's floor is honest: genanki, given the same notes, writes the very
collection Saebom's package holds, and both packages are deflated alike."""

import sqlite3
import zipfile
from contextlib import closing

from benchmarks.deck_build import build_genanki, build_saebom, floor_model, sample_notes

QUERIES = {table: f"select * from {table} order by id" for table in ("col", "notes", "cards")}  # noqa: S608


def collection(package) -> dict:
    with zipfile.ZipFile(package) as archive:
        data = archive.read("collection.anki2")
        members = {(i.filename, i.compress_type) for i in archive.infolist()}
    with closing(sqlite3.connect(":memory:")) as db:
        db.deserialize(data)
        rows = {table: db.execute(query).fetchall() for table, query in QUERIES.items()}
    return {**rows, "members": members}


def test_the_floor_writes_the_same_collection_as_saebom(tmp_path):
    notes = sample_notes(40)
    saebom, floor = tmp_path / "saebom", tmp_path / "floor"
    saebom.mkdir(), floor.mkdir()
    build_saebom(notes, saebom)
    build_genanki(notes, floor, floor_model())
    ours, theirs = collection(saebom / "saebom.apkg"), collection(floor / "genanki.apkg")
    assert ours == theirs
    assert len(ours["notes"]) == 40 and len(ours["cards"]) == 80
    assert "&#x27;" in ours["notes"][0][6] and "&amp;" in ours["notes"][0][6]
