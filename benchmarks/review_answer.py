"""One review answer through the real view (POST an answer, get the next card's
fragment back) on PostgreSQL, against a bare view that renders the same fragment.

Two learners hold the same deck: CARDS cards (WORDS words, both directions) with
a history of logs, some new, some relearning and due, some reviews due, the rest
due in the coming weeks. Each side answers its own learner's current card, one
answer per side per trial, interleaved, through the same Django test client,
middleware, session login and CSRF token the review page's htmx form posts.
Time is the server's: the handler's `get_response`, from middleware in to
response out.

- Saebom: `progress.review_views.answer`, htmx request, review mode.
- Floor (benchmarks/review_answer_floor.py): a bare view doing what a minimal
  hand-written answer needs and no less: one transaction that locks the learner's
  card (read with the learner's settings), inserts the log (once per idempotency
  key) and updates the card, committed; one hand-written query for the next card
  by the queue's rules and the two counts the fragment shows; the same fragment
  template with the same context. Its FSRS step is the project's pure scheduler,
  so both learners' decks stay in step and both sides read and write the same
  rows; every trial checks that both fragments show the same word, direction and
  counts.

A last pass answers PROFILED more cards on each side, taking turns, and splits an
answer's time: Saebom's into `record_review`, the next card with the cards left
(`queue.queue_head`) and the rest (middleware, the view's own reads, the
template); the floor's into its transaction, its query and the rest."""

import json
import re
import time
import uuid
from collections import defaultdict
from contextlib import contextmanager
from datetime import timedelta
from statistics import median

from .report import Section, database_label, in_child, interleaved, spread

WORDS = 200
CARDS = 2 * WORDS
TRIALS = 80
WARM_UP = 3
PROFILED = 30
RATINGS = (3, 3, 4, 2, 3)  # none comes back within the run, so both decks stay in step
BENCH_DATABASE = "saebom_bench_review_answer"


def populate(now):
    """Two learners with the same deck; returns them."""
    from lessons.models import VocabularyItem
    from tests.factories.accounts import learner

    items = VocabularyItem.objects.bulk_create(
        VocabularyItem(headword=f"word {n}", part_of_speech="noun", cefr_level="A1",
                       gloss_nk="낱말" if n % 3 else "", gloss_sk="단어", ipa="wɜːd",
                       nk_status="attested" if n % 3 else "unverified",
                       example_en="A word.", example_ko="낱말.")
        for n in range(WORDS)
    )  # fmt: skip
    learners = [learner(time_zone="Asia/Seoul", gloss_preference="both") for _ in range(2)]
    for user in learners:
        deck(user, items, now)
    return learners


def deck(user, items, now) -> None:
    """A tenth new, a tenth relearning and due, three tenths reviews due, the rest
    reviews due later; every answered card with its history of logs."""
    from progress.models import ReviewCard, ReviewLog

    cards = ReviewCard.objects.bulk_create(
        card_row(user, item, direction, n, now)
        for n, (item, direction) in enumerate(
            (item, direction) for item in items for direction in ("recognition", "production")
        )
    )
    ReviewLog.objects.bulk_create(
        ReviewLog(learner=user, card=card, source="web", external_id=f"history-{card.pk}-{rep}",
                  rating=1 if card.lapses and rep == card.reps - 1 else 3, duration_ms=4000,
                  reviewed_at=card.last_review - timedelta(days=10 * (card.reps - 1 - rep)))
        for card in cards
        for rep in range(card.reps)
    )  # fmt: skip


def card_row(user, item, direction: str, n: int, now):
    from progress.models import ReviewCard

    kind, late = n % 10, timedelta(seconds=37 * n)
    if kind == 0:
        return ReviewCard(learner=user, item=item, direction=direction, due=now - late)
    if kind == 1:
        last, stability = now - timedelta(days=1) - late, 0.8 + n / 1000
        return ReviewCard(learner=user, item=item, direction=direction, state=3, step=0,
                          stability=stability, difficulty=7.0, due=last + timedelta(minutes=10),
                          last_review=last, reps=4, lapses=1)  # fmt: skip
    due = now - timedelta(days=n % 7) - late if kind < 5 else now + timedelta(days=1 + n % 30)
    stability = 2.0 + n % 50 + n / 1000
    return ReviewCard(learner=user, item=item, direction=direction, state=2, step=None,
                      stability=stability, difficulty=5.0, due=due,
                      last_review=due - timedelta(days=stability), reps=3)  # fmt: skip


class Learner:
    """One side's learner at the review page: signed in, holding the page's CSRF
    token, answering the card its last fragment showed."""

    def __init__(self, user, url: str):
        from django.test import Client

        self.client, self.url, self.answers = Client(enforce_csrf_checks=True), url, 0
        self.client.force_login(user)
        page = self.client.get("/learn/review/").content.decode()
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        self.card = int(re.search(r'data-card="(\d+)"', page).group(1))
        self.shown = shown(page)
        self.server: list[float] = []
        handler = self.client.handler
        get_response = handler.get_response

        def timed(request):
            began = time.perf_counter()
            response = get_response(request)
            self.server.append(time.perf_counter() - began)
            return response

        handler.get_response = timed

    def answer(self) -> float:
        """Post the rating buttons' form as htmx does; the server's seconds."""
        rating = RATINGS[self.answers % len(RATINGS)]
        form = {"csrfmiddlewaretoken": self.token, "idempotency_key": str(uuid.uuid4()),
                "shown_at": int(time.time() * 1000) - 4000, "rating": rating}  # fmt: skip
        response = self.client.post(
            self.url.format(card=self.card), form, HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="review-card", HTTP_HX_CURRENT_URL="http://testserver/learn/review/",
        )  # fmt: skip
        assert response.status_code == 200, response.status_code
        page = response.content.decode()
        self.card, self.shown = int(re.search(r'data-card="(\d+)"', page)[1]), shown(page)
        self.answers += 1
        return self.server[-1]


def shown(page: str) -> tuple:
    """What a fragment shows, card ids aside: the word, its direction, the counts."""
    word = re.search(r'class="review-card__prompt[^"]*"[^>]*>([^<]*)<', page)
    patterns = (r'data-direction="(\w+)"', r'data-left="(\d+)"', r'value="(\d+)" aria-label')
    found = [re.search(pattern, page) for pattern in patterns]
    return (word and word[1], *(match and match[1] for match in found), page.count("gloss--"))


def timed_trials(sides: dict) -> dict[str, list[float]]:
    """Interleaved answers; after each trial both fragments must show the same."""
    ours, floor = sides["saebom"], sides["floor"]
    for _ in range(WARM_UP):
        ours.answer(), floor.answer()

    def once(name: str) -> float:
        seconds = sides[name].answer()
        if ours.answers == floor.answers:
            assert ours.shown == floor.shown, (ours.shown, floor.shown)
        return seconds

    trials = interleaved(once, list(sides), TRIALS)
    return {name: [trial[name] for trial in trials] for name in sides}


@contextmanager
def watched(parts: dict, targets: dict):
    """Time each call of the named module functions into `parts` ({name: seconds})."""
    originals = {name: getattr(module, attr) for name, (module, attr) in targets.items()}

    def timing(name, function):
        def call(*args, **kwargs):
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                parts[name] += time.perf_counter() - began

        return call

    for name, (module, attr) in targets.items():
        setattr(module, attr, timing(name, originals[name]))
    try:
        yield
    finally:
        for name, (module, attr) in targets.items():
            setattr(module, attr, originals[name])


def breakdown(sides: dict) -> dict:
    """Per answer on each side, PROFILED answers taking turns: seconds in each part
    and in all, and the statements one answer sends."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from progress import queue, recording

    from . import review_answer_floor as floor_module

    parts = defaultdict(float)
    targets = {"record_review": (recording, "record_review"),
               "next": (queue, "queue_head"),
               "floor_record": (floor_module, "floor_record"),
               "floor_next": (floor_module, "floor_next")}  # fmt: skip
    with watched(parts, targets):
        trials = interleaved(lambda name: sides[name].answer(), list(sides), PROFILED)
    result = {name: seconds / PROFILED for name, seconds in parts.items()}
    for name in sides:
        result[f"{name}_total"] = sum(trial[name] for trial in trials) / PROFILED
        with CaptureQueriesContext(connection) as queries:
            sides[name].answer()
        result[f"{name}_queries"] = len(queries)
    return result


def measure() -> dict:
    """In the child: build the database, fill it, time both sides, then profile ours."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import override_settings
    from django.utils import timezone

    connection.settings_dict["TEST"]["NAME"] = BENCH_DATABASE
    old_name = connection.creation.create_test_db(verbosity=0, serialize=False)
    try:
        ours, floor = populate(timezone.now())
        with override_settings(ROOT_URLCONF="benchmarks.review_answer_floor"):
            sides = {"saebom": Learner(ours, "/learn/review/{card}/answer/"),
                     "floor": Learner(floor, "/bench/answer/{card}/")}  # fmt: skip
            result = {"trials": timed_trials(sides), "profile": breakdown(sides)}
        result["database"] = database_label(connection)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return result


SUMMARY = (
    f"A learner with {CARDS} cards ({WORDS} words, both directions; a tenth new, a "
    "tenth relearning and due, three tenths reviews due, the rest due later; "
    "every answered card with its logs) answers the card on screen through the "
    "review page's htmx form (session login, the page's CSRF token), and gets the "
    "next card's fragment back. The floor is a bare view answering an identical "
    "learner's card: one transaction locking the card with the learner's settings, "
    "inserting the log (once per key), updating the card by bare SQL, committed; "
    "one hand-written query for the next card by the queue's rules and the two "
    "counts; the same template with the same context. Both sides' fragments are "
    f"checked to show the same word and counts. {TRIALS} interleaved trials after "
    f"{WARM_UP} warm-up answers, server time (the handler's response, middleware "
    "included), each ratio taken within its trial (median, lowest–highest)."
)


def run(args) -> Section:
    result = in_child("benchmarks.review_answer", postgres=True)
    trials, profile = result["trials"], result["profile"]
    ratios = [ours / floor for ours, floor in zip(trials["saebom"], trials["floor"], strict=True)]
    rows = [
        ["Saebom: POST the answer, the next card's fragment back",
         f"{median(trials['saebom']) * 1000:.2f} ms", spread(ratios)],
        ["bare view, same fragment (floor)", f"{median(trials['floor']) * 1000:.2f} ms", "1.00×"],
    ]  # fmt: skip
    return Section(
        title="One review answer through the view (POST answer → next card fragment)",
        summary=SUMMARY,
        header=["view", "median server time", "vs floor"],
        rows=rows,
        notes=notes(profile),
        database=result["database"],
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def notes(profile: dict) -> str:
    return "\n".join(
        [
            f"Where an answer's server time goes, from {PROFILED} more answers on each side "
            "after the timed trials, taking turns (milliseconds per answer; Saebom's "
            "`record_review` and queue functions, and the floor's two steps, timed around "
            "their calls):",
            "",
            "| part | Saebom | floor | Saebom beyond the floor |",
            "|---|---|---|---|",
            *parts(profile),
            "",
            f"Statements per answer, middleware's and BEGIN/COMMIT included: Saebom "
            f"{profile['saebom_queries']}, the floor {profile['floor_queries']}.",
        ]
    )


def parts(profile: dict) -> list[str]:
    """One table line per part of an answer: Saebom's time, the floor's, the gap."""
    ours = {
        "record": profile["record_review"],
        "next": profile["next"],
        "total": profile["saebom_total"],
    }
    floor = {"record": profile["floor_record"], "next": profile["floor_next"]}
    floor["total"] = profile["floor_total"]
    for side in (ours, floor):
        side["rest"] = side["total"] - side["record"] - side["next"]
    rows = {
        "record": "recording the answer: `record_review` / lock, insert, update, commit",
        "next": "the next card and the counts: `queue.queue_head` / one query",
        "rest": "the rest: middleware, the view's own read (the card with the learner's "
        "profile), the template",
        "total": "the whole answer",
    }
    return [
        f"| {label} | {ms(ours[key])} | {ms(floor[key])} | {ms(ours[key] - floor[key])} |"
        for key, label in rows.items()
    ]


if __name__ == "__main__":
    print(json.dumps(measure()))  # noqa: T201
