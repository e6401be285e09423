"""Offline Anki reviews join the learner's history and every touched card is replayed."""

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, F

import pytest

from accounts.models import LearnerProfile
from progress import memory, scheduler
from progress.anki import importing
from progress.anki.export import note_guid
from progress.anki.importing import import_reviews
from progress.anki.package import read_package
from progress.models import ReviewCard, ReviewLog
from progress.recording import create_review_cards, record_review
from progress.scheduler import MemoryState, Review, SchedulerConfig
from tests.factories.accounts import learner
from tests.factories.lessons import VocabularyItemFactory
from tests.progress.test_replaying import assert_same
from tests.progress.test_scheduler import PARAMS
from tests.support.anki_packages import WORDS, exported_packages

pytestmark = pytest.mark.django_db
NOW = datetime.now(UTC) + timedelta(minutes=1)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    packages, anki_rows = exported_packages(tmp_path_factory.mktemp("anki"))
    contents = {kind: read_package(packages[kind]) for kind in ("modern", "legacy", "colpkg")}
    return contents, anki_rows


@pytest.fixture
def items():
    return [VocabularyItemFactory(uuid=uuid.UUID(word)) for word in WORDS]


@pytest.fixture
def user():
    return learner()


def answers_in(contents):
    return [row for row in contents.revlog if 1 <= row.ease <= 4 and row.type not in (4, 5)]


def assert_cards_match_a_replay(user):
    config = memory.config_for(LearnerProfile.objects.get(user=user))
    for card in ReviewCard.objects.filter(learner=user).prefetch_related("logs"):
        logs = [Review(log.rating, log.reviewed_at) for log in card.logs.all()]
        # The import replays through fsrs-rs: stability and difficulty to 32-bit floats.
        assert_same(memory.memory_of(card), memory.replay(logs, config=config, card_id=card.pk))


@pytest.mark.parametrize("kind", ["modern", "legacy", "colpkg"])
def test_every_answer_in_a_package_becomes_an_anki_review_log(exported, items, user, kind):
    contents = exported[0][kind]
    result = import_reviews(learner=user, contents=contents, now=NOW)
    rows = answers_in(contents)
    assert result.new_reviews == len(rows) == 50  # 5 days x 10 cards
    assert result.skipped_rows == len(contents.revlog) - len(rows) == 1  # the manual row
    assert (result.already_known, result.foreign_notes, result.new_cards) == (0, 0, 10)
    logs = ReviewLog.objects.filter(learner=user)
    assert set(logs.values_list("source", flat=True)) == {ReviewLog.Source.ANKI}
    # The database holds a log's learner by its card alone: it must be the card's.
    assert not ReviewLog.objects.exclude(learner_id=F("card__learner_id")).exists()
    assert set(logs.values_list("external_id", flat=True)) == {
        f"anki:{row.id}:{row.cid}" for row in rows
    }
    first = logs.get(external_id=f"anki:{rows[0].id}:{rows[0].cid}")
    assert (first.rating, first.duration_ms) == (rows[0].ease, rows[0].time_ms)
    assert first.reviewed_at == datetime.fromtimestamp(rows[0].id / 1000, UTC)


def test_cards_follow_template_ordinals_and_their_states_match_a_replay(exported, items, user):
    contents = exported[0]["modern"]
    result = import_reviews(learner=user, contents=contents, now=NOW)
    assert result.cards_replayed == 10
    for row in answers_in(contents):
        card = contents.cards[row.cid]
        log = ReviewLog.objects.select_related("card__item").get(
            external_id=f"anki:{row.id}:{row.cid}"
        )
        assert str(log.card.item.uuid) == contents.notes[card.nid].fields[-1]
        assert log.card.direction == ("recognition", "production")[card.ord]
    assert ReviewCard.objects.filter(learner=user, reps=0).count() == 0
    assert_cards_match_a_replay(user)


def test_importing_the_same_history_again_adds_nothing(exported, items, user):
    contents = exported[0]
    first = import_reviews(learner=user, contents=contents["modern"], now=NOW)
    states = list(ReviewCard.objects.filter(learner=user).order_by("pk").values())
    for kind in ("modern", "legacy", "colpkg"):
        again = import_reviews(learner=user, contents=contents[kind], now=NOW)
        assert (again.new_reviews, again.new_cards, again.cards_replayed) == (0, 0, 0)
        assert again.already_known == first.new_reviews
    assert ReviewLog.objects.filter(learner=user).count() == first.new_reviews
    assert list(ReviewCard.objects.filter(learner=user).order_by("pk").values()) == states


def test_notes_not_from_saebom_are_counted_and_their_reviews_ignored(exported, user):
    known = [VocabularyItemFactory(uuid=uuid.UUID(word)) for word in WORDS[1:]]
    result = import_reviews(learner=user, contents=exported[0]["modern"], now=NOW)
    assert result.foreign_notes == 1
    cards = ReviewCard.objects.filter(learner=user)
    assert set(cards.values_list("item_id", flat=True)) == {item.pk for item in known}
    assert cards.count() == 8


def test_a_note_whose_word_id_field_was_edited_is_still_found_by_its_guid(exported, items, user):
    contents = exported[0]["modern"]
    notes = {
        nid: dataclasses.replace(note, fields=(*note.fields[:-1], "edited"))
        for nid, note in contents.notes.items()
    }
    assert {note.guid for note in notes.values()} == {note_guid(word) for word in WORDS}
    edited = dataclasses.replace(contents, notes=notes)
    result = import_reviews(learner=user, contents=edited, now=NOW)
    assert result.foreign_notes == 0
    assert result.new_reviews == len(answers_in(contents))


def test_existing_cards_are_reused_and_only_missing_words_get_new_cards(exported, items, user):
    create_review_cards(learner=user, items=items[:2], now=NOW - timedelta(days=30))
    existing = set(ReviewCard.objects.filter(learner=user).values_list("pk", flat=True))
    result = import_reviews(learner=user, contents=exported[0]["modern"], now=NOW)
    assert result.new_cards == 6
    assert existing <= set(ReviewCard.objects.filter(learner=user).values_list("pk", flat=True))
    per_card = ReviewCard.objects.filter(learner=user).annotate(n=Count("logs"))
    assert all(card.n > 0 for card in per_card)


def test_reviews_dated_in_the_future_are_skipped_like_web_answers_are_refused(
    exported, items, user
):
    contents = exported[0]["modern"]
    rows = answers_in(contents)
    cutoff = datetime.fromtimestamp(rows[-1].id / 1000, UTC) - timedelta(hours=1)
    later = [
        row
        for row in rows
        if datetime.fromtimestamp(row.id / 1000, UTC) > cutoff + importing.CLOCK_SKEW
    ]
    result = import_reviews(learner=user, contents=contents, now=cutoff)
    assert later and result.skipped_rows == 1 + len(later)
    assert result.new_reviews == len(rows) - len(later)


def test_a_reset_in_anki_drops_the_cards_history_before_it(exported, items, user):
    contents = exported[0]["modern"]
    rows = answers_in(contents)
    cid = rows[0].cid
    own = [row for row in rows if row.cid == cid]
    reset = importing.RevlogRow(own[2].id + 1, cid, 0, 0, 4, 0, 0, 4)  # as "Reset card" writes
    with_reset = dataclasses.replace(
        contents, revlog=sorted([*contents.revlog, reset], key=lambda r: r.id)
    )
    result = import_reviews(learner=user, contents=with_reset, now=NOW)
    assert result.skipped_rows == 2 + 3  # the manual row, the reset and three earlier answers
    card = ReviewCard.objects.get(logs__external_id=f"anki:{own[3].id}:{cid}")
    assert card.logs.count() == len(own) - 3
    assert_cards_match_a_replay(user)


def test_set_due_date_is_not_a_reset():
    assert importing.is_reset(importing.RevlogRow(1, 2, 0, 0, 4, 0, 0, 4))
    assert not importing.is_reset(importing.RevlogRow(1, 2, 0, 0, 4, 2500, 0, 4))


def test_rows_anki_does_not_train_on_are_skipped():
    row = importing.RevlogRow(1, 2, 3, 1, 1, 2500, 1000, 1)
    assert importing.is_answer(row)
    for kind in (4, 5):
        assert not importing.is_answer(row._replace(type=kind))
    assert not importing.is_answer(row._replace(ease=0))
    assert not importing.is_answer(row._replace(type=3, factor=0))
    assert importing.is_answer(row._replace(type=3))


@pytest.mark.parametrize(
    "module, name",
    [(importing.bulk_write, "update_cards"), (importing.replaying, "replay_many")],
    ids=["storing the cards", "replaying while the logs go in"],
)
def test_a_failure_during_the_import_writes_nothing(
    exported, items, user, monkeypatch, module, name
):
    def broken(*args, **kwargs):
        raise RuntimeError("replay failed")

    monkeypatch.setattr(module, name, broken)
    with pytest.raises(RuntimeError):
        import_reviews(learner=user, contents=exported[0]["modern"], now=NOW)
    assert not ReviewLog.objects.exists() and not ReviewCard.objects.exists()


@pytest.fixture
def anki_fsrs(tmp_path, seoul_process_time_zone):
    """A real Anki collection with FSRS on and PARAMS, its deck id, and the time zone
    whose days it counts: Seoul's."""
    from tests.support.anki_collection import new_collection, switch_on_fsrs

    col = new_collection(tmp_path)
    deck_id = col.decks.id("Saebom")
    switch_on_fsrs(col, deck_id, PARAMS)
    zone = "Asia/Seoul"
    rollover = datetime.fromtimestamp(col._backend.sched_timing_today().next_day_at, ZoneInfo(zone))
    assert rollover.hour == 4, "Anki is not on Seoul's day"
    yield col, deck_id, zone
    col.close()


def test_web_reviews_and_older_offline_reviews_replay_to_ankis_state(exported, items, anki_fsrs):
    """Web answers recorded first, then older Anki answers of the same card arrive."""
    col, deck_id, zone = anki_fsrs
    user = learner(time_zone=zone, fsrs_parameters=list(PARAMS))
    contents = exported[0]["modern"]
    cid = next(cid for cid, card in contents.cards.items() if card.ord == 1)
    offline = [row for row in answers_in(contents) if row.cid == cid]
    create_review_cards(learner=user, items=[items_of(contents, cid, items)], now=NOW)
    card = ReviewCard.objects.get(learner=user, direction="production")
    moments = [datetime.fromtimestamp(row.id / 1000, UTC) for row in offline]
    web = [moments[i] + (moments[i + 1] - moments[i]) / 2 for i in (0, 2, 3)]
    for n, moment in enumerate(web):
        record_review(card_id=card.pk, rating=(3, 2, 4)[n], reviewed_at=moment,
                      duration_ms=4000, source="web", external_id=f"web-{n}", now=NOW)  # fmt: skip
    import_reviews(learner=user, contents=contents, now=NOW)
    anki_card = add_anki_card(col, deck_id)
    merged = sorted(
        [(row.id, row.ease) for row in offline]
        + [(int(moment.timestamp() * 1000), (3, 2, 4)[n]) for n, moment in enumerate(web)]
    )
    col.db.executemany(
        "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "values (?, ?, -1, ?, 1, 0, 0, 4000, ?)",
        [(ms, anki_card, ease, kind) for ms, ease, kind in with_kinds(merged, card.pk, zone)],
    )
    exact = col._backend.compute_memory_state(anki_card).state
    card.refresh_from_db()
    assert card.reps == len(merged) == ReviewLog.objects.filter(card=card).count()
    assert card.stability == pytest.approx(exact.stability, rel=1e-5)
    assert card.difficulty == pytest.approx(exact.difficulty, rel=1e-5)


def items_of(contents, cid, items):
    word = contents.notes[contents.cards[cid].nid].fields[-1]
    return next(item for item in items if str(item.uuid) == word)


def add_anki_card(col, deck_id):
    note = col.new_note(col.models.by_name("Basic"))
    note["Front"], note["Back"] = "merged", "-"
    col.add_note(note, deck_id)
    return note.cards()[0].id


def with_kinds(history, card_id, zone):
    """Each (ms, rating) with the revlog type one scheduler gives it: the card's state
    before the answer (Anki starts a card's memory at its last run of learning rows)."""
    config = SchedulerConfig(parameters=PARAMS, time_zone=zone)
    state, rows = MemoryState(), []
    for ms, rating in history:
        rows.append((ms, rating, {1: 0, 2: 1, 3: 2}[int(state.state)]))
        moment = datetime.fromtimestamp(ms / 1000, UTC)
        state = scheduler.review(state, rating, now=moment, config=config, card_id=card_id)
    return rows
