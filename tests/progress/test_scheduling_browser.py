"""The browser's scheduler (progress/static/progress/scheduling.js over the vendored
ts-fsrs) gives what the server's (progress/scheduler.py over py-fsrs) gives, so that
the intervals shown offline are the server's: the same histories are replayed in both
and every answer's state, every button's interval and every label is compared.

Equal exactly: state, step, reps, due and last_review (as ISO strings, to the
millisecond: the browser's moments are whole milliseconds, and the histories'
moments are too, so Python writes the same text), each preview interval in seconds,
the labels. Stability and difficulty within 1e-6 relative or 1e-8 absolute: ts-fsrs
rounds both to 8 decimals at every step, py-fsrs does not. Over these histories that
leaves at most 2e-7 relative on stabilities above 0.05 days, but a stability of a few
minutes (0.003 days) only holds 8 decimals, 1e-6 relative; a wrong formula is off by
far more than either, and a day, step or date off by one fails exactly.
"""

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.utils import translation

import pytest

from accounts.clock import anki_day, day_start
from progress.review_session import interval_label, interval_units
from progress.scheduler import (
    DEFAULT_PARAMETERS,
    MemoryState,
    SchedulerConfig,
    fuzz_draw,
    preview,
    review,
)

pytestmark = pytest.mark.browser

STATIC = Path(__file__).resolve().parents[2] / "progress" / "static" / "progress"
SCRIPTS = [STATIC / "vendor" / "ts-fsrs" / "ts-fsrs.umd.js", STATIC / "scheduling.js"]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

PARAMETER_SETS = [
    list(DEFAULT_PARAMETERS),
    # Fitted on one learner's Anki revlog (py-fsrs's test data).
    [
        0.1234,
        1.2931,
        2.3977,
        8.2956,
        6.6868,
        0.4502,
        3.0779,
        0.0535,
        1.654,
        0.1466,
        0.6301,
        1.612,
        0.0128,
        0.3485,
        1.8879,
        0.8546,
        1.8729,
        0.6749,
        0.2045,
        0.2262,
        0.4603,
    ],
    # tests/progress/test_scheduler.py's PARAMS.
    [
        0.155,
        0.7309,
        2.1474,
        5.3781,
        6.6072,
        0.5568,
        2.9969,
        0.0186,
        1.6839,
        0.1755,
        0.6325,
        1.5914,
        0.0266,
        0.3971,
        1.8139,
        0.6025,
        1.8729,
        0.7111,
        0.0806,
        0.1796,
        0.375,
    ],
    # First stabilities under ts-fsrs's 0.1 floor, no same-day damping, steep forgetting.
    [
        0.04,
        0.09,
        1.1,
        4.0,
        7.2,
        0.9,
        2.2,
        0.02,
        1.3,
        0.3,
        1.1,
        1.9,
        0.1,
        0.5,
        2.2,
        0.3,
        2.5,
        1.2,
        0.6,
        0.0,
        0.25,
    ],
]
STEPS = [
    ((60, 600), (600,)),
    ((60,), ()),
    ((30, 300, 3600), (300, 1200)),
    ((), ()),
    ((45, 601), (601,)),  # a Hard step of 901.5 s
]
ZONES = ["Asia/Seoul", "America/New_York", "America/Los_Angeles"]
# Starting points: plain days, and the days before the United States' clocks change.
STARTS = [
    datetime(2025, 6, 10, tzinfo=UTC),
    datetime(2026, 3, 6, tzinfo=UTC),
    datetime(2026, 10, 29, tzinfo=UTC),
    datetime(2027, 1, 20, tzinfo=UTC),
]
RATINGS = [1, 2, 3, 4]
RATING_WEIGHTS = [0.2, 0.15, 0.5, 0.15]


def moment(ms: int) -> datetime:
    return EPOCH + timedelta(milliseconds=ms)


def ms_of(when: datetime) -> int:
    return (when - EPOCH) // timedelta(milliseconds=1)


def next_moment(rng: random.Random, now_ms: int, state: MemoryState, config) -> int:
    """The next answer: seconds to months later, at the card's due time, or a few
    seconds either side of one of the next rollovers."""
    kind = rng.choice(["seconds", "minutes", "hours", "days", "months", "due", "rollover"])
    second = 1000
    if kind == "seconds":
        return now_ms + rng.randint(1, 59) * second
    if kind == "minutes":
        return now_ms + rng.randint(60, 7200) * second
    if kind == "hours":
        return now_ms + rng.randint(3600, 30 * 3600) * second + rng.randint(0, 999)
    if kind == "days":
        return now_ms + rng.randint(86400, 20 * 86400) * second + rng.randint(0, 999)
    if kind == "months":
        return now_ms + rng.randint(30 * 86400, 400 * 86400) * second
    if kind == "due" and state.due is not None:
        return max(now_ms + second, ms_of(state.due) + rng.randint(0, 3 * 86400) * second)
    zone, hour = config.time_zone, config.day_rollover_hour
    day = anki_day(moment(now_ms), time_zone=zone, rollover_hour=hour) + rng.randint(1, 3)
    rollover = ms_of(day_start(day, time_zone=zone, rollover_hour=hour))
    return max(now_ms + second, rollover + rng.choice([-1, 1]) * rng.randint(1, 90) * second)


def random_config(rng: random.Random) -> SchedulerConfig:
    learning, relearning = rng.choice(STEPS)
    return SchedulerConfig(
        parameters=rng.choice(PARAMETER_SETS),
        desired_retention=round(rng.uniform(0.8, 0.97), 3),
        learning_steps=tuple(timedelta(seconds=s) for s in learning),
        relearning_steps=tuple(timedelta(seconds=s) for s in relearning),
        maximum_interval=rng.choice([36500, 36500, 180]),
        time_zone=rng.choice(ZONES),
        day_rollover_hour=rng.choice([0, 4]),
        enable_fuzzing=rng.random() < 0.7,
    )


def history(rng: random.Random, number: int) -> dict:
    """One card's answers, replayed in Python: what the browser is given and what it
    must give back. Some cards start from a state the server made at a moment with
    microseconds, as the offline pack hands it over."""
    config = random_config(rng)
    card_id = rng.choice([None, number, 10**9 + number])
    state = MemoryState()
    now_ms = ms_of(rng.choice(STARTS)) + rng.randint(0, 3 * 86400) * 1000
    for _ in range(rng.choice([0, 0, 1, 3])):
        served = moment(now_ms) + timedelta(microseconds=rng.randint(1, 999))
        state = review(state, rng.choice(RATINGS), now=served, config=config, card_id=card_id)
        now_ms = next_moment(rng, now_ms, state, config)
    start, steps = state, []
    for _ in range(rng.randint(1, 14)):
        rating = rng.choices(RATINGS, weights=RATING_WEIGHTS)[0]
        now = moment(now_ms)
        options = preview(state, now=now, config=config, card_id=card_id)
        state = review(state, rating, now=now, config=config, card_id=card_id)
        steps.append(
            {
                "now": now_ms,
                "rating": rating,
                "state": state.to_dict(),
                "preview": {str(r): options[r].interval.total_seconds() for r in RATINGS},
                "previewed": {str(r): options[r].state.to_dict() for r in RATINGS},
            }
        )
        now_ms = next_moment(rng, now_ms, state, config)
    return {
        "config": config.to_dict(),
        "card_id": card_id,
        "start": start.to_dict(),
        "steps": steps,
    }


def histories(count: int = 400, seed: int = 18) -> list[dict]:
    rng = random.Random(seed)
    return [history(rng, number) for number in range(count)]


REPLAY = """(cases) => cases.map((c) => {
  let state = c.start;
  return c.steps.map((step) => {
    const options = SaebomScheduling.preview(state, step.now, c.config, c.card_id);
    state = SaebomScheduling.review(state, step.rating, step.now, c.config, c.card_id);
    const out = {state: state, preview: {}, previewed: {}};
    for (const r of [1, 2, 3, 4]) {
      out.preview[r] = options[r].intervalSeconds;
      out.previewed[r] = options[r].state;
    }
    return out;
  });
})"""


@pytest.fixture(scope="module")
def scheduling_page(browser):
    """A blank page with ts-fsrs and scheduling.js loaded as plain scripts."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><html><head><title>scheduling</title></head></html>")
    for script in SCRIPTS:
        page.add_script_tag(path=str(script))
    yield page
    context.close()


def differences(expected: dict, got: dict) -> list[str]:
    """How a browser state differs from the server's, by key; empty when equal."""
    found = []
    for key, value in expected.items():
        if key in ("stability", "difficulty"):
            if got[key] != pytest.approx(value, rel=1e-6, abs=1e-8):
                found.append(f"{key}: {value} != {got[key]}")
        elif got[key] != value:
            found.append(f"{key}: {value!r} != {got[key]!r}")
    if set(got) != set(expected):
        found.append(f"keys: {sorted(expected)} != {sorted(got)}")
    return found


def test_ts_fsrs_loads_as_a_plain_script_with_its_global(scheduling_page):
    assert scheduling_page.evaluate("typeof FSRS.FSRSAlgorithm") == "function"
    assert scheduling_page.evaluate("Object.keys(SaebomScheduling).sort()") == [
        "ankiDay",
        "dayStart",
        "fuzzDraw",
        "intervalLabel",
        "preview",
        "review",
    ]


def test_a_worker_without_a_window_gets_the_same_scheduler(scheduling_page):
    """A service worker importScripts both files: no window, only `self`."""
    source = "\n".join(script.read_text() for script in SCRIPTS)
    source += """
    self.postMessage(SaebomScheduling.review(
      {state: 1, step: 0, stability: null, difficulty: null, due: null, last_review: null,
       reps: 0}, 4, Date.UTC(2026, 2, 1, 10), self.config, 7));"""
    config = SchedulerConfig(time_zone="Asia/Seoul").to_dict()
    got = scheduling_page.evaluate(
        """([source, config]) => new Promise((resolve, reject) => {
          const prelude = "self.config = " + JSON.stringify(config) + ";\\n";
          const blob = new Blob([prelude + source], {type: "text/javascript"});
          const worker = new Worker(URL.createObjectURL(blob));
          worker.onmessage = (event) => resolve(event.data);
          worker.onerror = (event) => reject(new Error(event.message));
        })""",
        [source, config],
    )
    now = datetime(2026, 3, 1, 10, tzinfo=UTC)
    expected = review(MemoryState(), 4, now=now, config=SchedulerConfig.from_dict(config))
    assert differences(expected.to_dict(), got) == []


def step_differences(step: dict, got: dict) -> list[str]:
    """How the browser's answer and preview differ from the server's; empty when equal."""
    found = differences(step["state"], got["state"])
    for r in map(str, RATINGS):
        if got["preview"][r] != step["preview"][r]:
            found.append(f"preview {r}: {step['preview'][r]} != {got['preview'][r]}")
        previewed = differences(step["previewed"][r], got["previewed"][r])
        found += [f"previewed {r} {difference}" for difference in previewed]
    return found


def test_replayed_histories_give_the_servers_states_intervals_and_dates(scheduling_page):
    cases = histories()
    replayed = scheduling_page.evaluate(REPLAY, cases)
    mismatches = []
    for number, (case, browser_steps) in enumerate(zip(cases, replayed, strict=True)):
        for index, (step, got) in enumerate(zip(case["steps"], browser_steps, strict=True)):
            if found := step_differences(step, got):
                mismatches.append(f"history {number} answer {index}: {found}; {json.dumps(case)}")
                break
    assert not mismatches, f"{len(mismatches)} histories differ; first: {mismatches[0]}"
    kinds = {(c["config"]["time_zone"], c["config"]["day_rollover_hour"]) for c in cases}
    assert len(kinds) == 6
    fuzzed = [c for c in cases if c["config"]["enable_fuzzing"] and c["card_id"] is not None]
    assert len(fuzzed) > 100


def test_the_fuzz_draw_is_the_servers_for_every_card_and_count(scheduling_page):
    pairs = [(card_id, reps) for card_id in [*range(1500), 2**31, 10**12 + 7] for reps in range(4)]
    drawn = scheduling_page.evaluate(
        "(pairs) => pairs.map(([c, r]) => SaebomScheduling.fuzzDraw(c, r))", pairs
    )
    assert drawn == [fuzz_draw(card_id, reps) for card_id, reps in pairs]


# Zones whose clocks change at the hours a day may start: at 02:00 (New York), at
# midnight (Havana, Santiago) and by half an hour (Lord Howe).
DST_DAYS = {
    "America/New_York": ["2026-03-07", "2026-10-31"],
    "America/Havana": ["2026-03-07", "2026-10-31"],
    "America/Santiago": ["2026-04-04", "2026-09-05"],
    "Australia/Lord_Howe": ["2026-04-04", "2026-10-03"],
    "Asia/Seoul": ["2026-03-07"],
}


def test_learner_days_begin_where_zoneinfo_puts_them_across_clock_changes(scheduling_page):
    cases = []
    for zone, firsts in DST_DAYS.items():
        for first in firsts:
            first_day = (datetime.fromisoformat(first).replace(tzinfo=UTC) - EPOCH).days
            for day in range(first_day, first_day + 3):
                for hour in range(24):
                    start = day_start(day, time_zone=zone, rollover_hour=hour)
                    cases.append({"zone": zone, "hour": hour, "day": day, "start": ms_of(start)})
    got = scheduling_page.evaluate(
        """(cases) => cases.map((c) => {
          const config = {time_zone: c.zone, day_rollover_hour: c.hour};
          const start = SaebomScheduling.dayStart(c.day, config);
          return [start, SaebomScheduling.ankiDay(start - 1, config),
                  SaebomScheduling.ankiDay(start, config)];
        })""",
        cases,
    )
    expected = []
    for case in cases:
        zone, hour = case["zone"], case["hour"]
        start = moment(case["start"])
        expected.append(
            [
                case["start"],
                anki_day(start - timedelta(milliseconds=1), time_zone=zone, rollover_hour=hour),
                anki_day(start, time_zone=zone, rollover_hour=hour),
            ]
        )
    wrong = [(c, g, e) for c, g, e in zip(cases, got, expected, strict=True) if g != e]
    assert not wrong, f"{len(wrong)} differ, first: {wrong[0]}"


SECONDS = [
    0,
    29,
    30,
    31,
    89,
    90,
    150,
    210,
    3569,
    3570,
    3599,
    3600,
    5400,
    9000,
    86399,
    86400,
    129600,
    216000,
    29.5 * 86400,
    30 * 86400,
    37.5 * 86400,
    45 * 86400,
    364 * 86400,
    365 * 86400,
    821.25 * 86400,
    36500 * 86400,
    601 * 1.5,
]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_interval_labels_are_the_servers_in_the_learners_language(scheduling_page, language):
    with translation.override(language):
        units = interval_units()
        expected = [interval_label(timedelta(seconds=s)) for s in SECONDS]
    got = scheduling_page.evaluate(
        "([seconds, units]) => seconds.map((s) => SaebomScheduling.intervalLabel(s, units))",
        [SECONDS, units],
    )
    assert got == expected
    assert expected[5] == units["m"] % {"count": 2}  # 1.5 minutes: half to even
    assert expected[6] == units["m"] % {"count": 2}  # 2.5 minutes: half to even


def test_the_units_are_translated_templates_of_one_count():
    with translation.override("ko"):
        units = interval_units()
    assert units == {
        "m": "%(count)s분",
        "h": "%(count)s시간",
        "d": "%(count)s일",
        "mo": "%(count)s달",
        "y": "%(count)s년",
    }
    with translation.override("en"):
        assert interval_units()["mo"] == "%(count)smo"
