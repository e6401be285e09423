"""CPU accounting of the throughput benchmark: a server backend's CPU time read from
/proc/<pid>/stat, learners' times added up, and the ceiling the cores allow; a
server that cannot be read gives None and the report says so."""

import os
from pathlib import Path

import pytest

from benchmarks import review_throughput, throughput_cpu
from benchmarks.throughput_cpu import (
    ceiling,
    ceiling_cell,
    cpu_cell,
    parse_stat,
    per_answer,
    server_seconds,
    summed,
)

# A backend's stat line: utime 1234 and stime 56 ticks are fields 14 and 15.
STAT = (
    "4321 (postgres) S 2249 2249 2249 0 -1 4194560 900 0 0 0 1234 56 0 0 20 0 1 0 "
    "5000 230000000 4000 18446744073709551615 1 1 0 0 0 0 0 4096 1256 0 0 0 17 1 0 0\n"
)


def test_the_stat_line_gives_user_plus_system_ticks():
    assert parse_stat(STAT) == ("postgres", 1234 + 56)


def test_a_command_name_with_spaces_and_parentheses_does_not_shift_the_fields():
    odd = STAT.replace("(postgres)", "(a (b) c)")
    assert parse_stat(odd) == ("a (b) c", 1290)


def test_a_server_backend_on_this_machine_is_read_in_seconds(tmp_path, monkeypatch):
    real = throughput_cpu.Path
    monkeypatch.setattr(throughput_cpu, "Path", lambda p: tmp_path / real(p).name)
    (tmp_path / "stat").write_text(STAT)
    assert server_seconds(4321, ticks_per_second=100) == pytest.approx(12.90)


def test_a_process_that_is_not_a_postgres_server_is_not_read(tmp_path, monkeypatch):
    real = throughput_cpu.Path
    monkeypatch.setattr(throughput_cpu, "Path", lambda p: tmp_path / real(p).name)
    (tmp_path / "stat").write_text(STAT.replace("(postgres)", "(python)"))
    assert server_seconds(4321) is None


def test_a_missing_process_gives_none():
    assert server_seconds(2**22 + 1) is None  # above the kernel's largest pid


def test_this_machine_s_own_stat_line_parses():
    stat = Path(f"/proc/{os.getpid()}/stat")
    if not stat.exists():
        pytest.skip("no /proc here")
    name, ticks = parse_stat(stat.read_text())
    assert name and ticks >= 0


def test_learners_are_added_up_and_one_unread_server_makes_the_sum_unread():
    parts = [{"client": 0.5, "server": 1.0}, {"client": 0.25, "server": 0.5}]
    assert summed(parts) == {"client": 0.75, "server": 1.5}
    assert summed([*parts, {"client": 0.1, "server": None}])["server"] is None


def test_the_ceiling_is_cores_over_cpu_seconds_per_answer():
    result = {"answers": 1000, "client": 0.31, "server": 0.52}
    assert per_answer(result) == pytest.approx(0.00083)
    assert ceiling(2, per_answer(result)) == pytest.approx(2 / 0.00083)
    assert per_answer({**result, "server": None}) is None
    assert ceiling(2, None) is None


def test_cells_give_the_median_trial_in_milliseconds():
    trials = [
        {"answers": 1000, "client": c, "server": s}
        for c, s in [(0.3, 0.5), (0.31, 0.52), (0.4, 0.6)]
    ]
    assert cpu_cell(trials) == "0.31 + 0.52 ms"
    assert ceiling_cell(trials, 2) == "2,410"
    unread = [*trials[:2], {**trials[2], "server": None}]
    assert cpu_cell(unread) == "0.31 ms + server not read"
    assert ceiling_cell(unread, 2) == "—"


def trial(floor_rate: float, anki_rate: float, server: float | None = 0.5) -> dict:
    side = {"rate": floor_rate, "answers": 1000, "client": 0.3, "server": server}
    sides = dict.fromkeys(review_throughput.CONCURRENT, side)
    return {**sides, "anki": {"rate": anki_rate, "answers": 4000, "client": 1.2, "server": 0.0}}


def test_the_notes_compute_whether_the_cores_allow_anki_s_rate(monkeypatch):
    monkeypatch.setattr(review_throughput, "CORES", 2)
    # 0.8 ms per answer: 2 cores allow 2,500 answers a second.
    slow = review_throughput.cpu_notes([trial(1500, 3000)] * 3)
    assert "0.80 ms of CPU per answer" in slow and "at most 2,500 answers a second" in slow
    assert "0.83× (0.83–0.83) Anki's rate" in slow and "could not reach" in slow
    assert "60% (60–60) busy" in slow
    fast = review_throughput.cpu_notes([trial(1500, 2000)] * 3)
    assert "1.25× (1.25–1.25) Anki's rate" in fast and "floor could reach" in fast
    unread = review_throughput.cpu_notes([trial(1500, 2000, server=None)] * 3)
    assert "could not be read" in unread and "ceiling" in unread


def test_the_table_keeps_its_columns_and_adds_the_cpu_ones(monkeypatch):
    monkeypatch.setattr(review_throughput, "CORES", 2)
    table = review_throughput.rows([trial(1500, 3000)] * 3)
    assert len(table) == 2 * len(review_throughput.LEVELS) + 1
    assert all(len(row) == len(review_throughput.HEADER) for row in table)
    assert table[0][2:] == [
        "1,500",
        "1.00× (1.00–1.00)",
        "0.50× (0.50–0.50)",
        "0.30 + 0.50 ms",
        "2,500",
    ]
    assert table[-1][-2:] == ["0.30 + 0.00 ms", "6,667"]
