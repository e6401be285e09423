"""The report's rules: one run writes the whole file, sides run interleaved, and a
ratio's median and spread are stated; a section names its database."""

import pytest

from benchmarks.report import Section, database_label, interleaved, spread, write_report


def test_sides_take_turns_to_run_first():
    ran = []
    trials = interleaved(lambda side: ran.append(side) or {"side": side}, ["a", "b", "c"], 4)
    assert ran == ["a", "b", "c", "b", "c", "a", "c", "a", "b", "a", "b", "c"]
    assert all(set(trial) == {"a", "b", "c"} for trial in trials)


def test_spread_is_the_median_and_the_extremes():
    assert spread([1.5, 0.9, 1.2]) == "1.20× (0.90–1.50)"
    assert spread([10.0, 30.0], unit=" ms", digits=0) == "20 ms (10–30)"


def test_a_run_rewrites_the_whole_file(tmp_path):
    path = tmp_path / "PERFORMANCE.md"
    path.write_text("# Performance\n\n## Old section\n\nFrom another run.\n")
    write_report(path, "a test machine", [Section("New", "Measured now.", ["a"], [["1"]])])
    text = path.read_text()
    assert "Old section" not in text and "From another run" not in text
    assert "## New" in text and "a test machine; database: none (no database work)" in text


@pytest.mark.django_db
def test_the_database_is_named_from_the_connection():
    from django.db import connection

    label = database_label(connection)
    expected = {"postgresql": "PostgreSQL ", "sqlite": "SQLite "}[connection.vendor]
    assert label.startswith(expected) and label[len(expected)].isdigit()


def test_a_scale_run_rewrites_its_part_and_keeps_the_hot_paths(tmp_path):
    path = tmp_path / "PERFORMANCE.md"
    write_report(path, "machine one", [Section("Queue", "Hot.", ["a"], [["1"]])])
    write_report(path, "machine two", [Section("Load", "First.", ["a"], [["2"]])], part="scale")
    write_report(path, "machine three", [Section("Load", "Again.", ["a"], [["3"]])], part="scale")
    text = path.read_text()
    assert text.count("## Queue") == 1 and "machine one" in text
    assert text.count("## Load") == 1 and "Again." in text and "First." not in text
    assert text.index("# Hot paths") < text.index("## Queue") < text.index("# Scaling out")
    write_report(path, "machine four", [Section("Deck", "New.", ["a"], [["4"]])])
    text = path.read_text()
    assert "## Queue" not in text and "## Deck" in text and "Again." in text


def test_a_file_from_before_parts_is_the_hot_paths_part(tmp_path):
    path = tmp_path / "PERFORMANCE.md"
    path.write_text("# Performance\n\nWritten whole.\n\n## Queue\n\nOld run.\n")
    write_report(path, "a machine", [Section("Load", "Now.", ["a"], [["1"]])], part="scale")
    text = path.read_text()
    assert "## Queue\n\nOld run." in text and "Written whole." not in text
    assert text.index("## Queue") < text.index("## Load")
