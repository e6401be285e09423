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
