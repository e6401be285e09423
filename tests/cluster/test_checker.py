"""The load test's checker finds each way the database can disagree with what was
sent: a lost answer, a doubled one, a wrong rating, a card that is not the replay
of its logs, a reminder missing or sent twice, an upload not imported."""

from datetime import timedelta

from django.utils import timezone

import pytest

from cluster.checker import Facts, gather, judge, read_journal
from progress import recording
from progress.models import Notification, ReviewCard, ReviewLog, SentMarker
from tests.factories.accounts import learner
from tests.factories.progress import ReviewCardFactory

NAMES = ["load-learner-001", "load-learner-002"]


def sent(key: str, *, rating: int = 3, acknowledged: bool = True) -> dict:
    entry = {"learner": NAMES[0], "card": 1, "key": key, "rating": rating}
    return {"kind": "review", "acknowledged": acknowledged, **entry}


def facts(**changes) -> Facts:
    agreed = Facts(
        logs={"a": [3], "b": [3]},
        cards_checked=2,
        card_mismatches=[],
        reminders=dict.fromkeys(NAMES, (1, 1, 1)),
        imports={7: (NAMES[0], "done")},
        anki_logs={NAMES[0]: 12},
    )
    return Facts(**{**agreed.__dict__, **changes})


UPLOAD = {"kind": "upload", "learner": NAMES[0], "import_id": 7, "reviews": 12}
JOURNAL = [sent("a"), sent("b", acknowledged=False), sent("b"), UPLOAD]


def test_a_run_that_agrees_with_the_database_is_ok():
    findings = judge(JOURNAL, facts(), learners=NAMES)
    assert findings.ok
    assert findings.reviews_acknowledged == 2 and findings.learners_reminded_once == 2
    assert findings.summary()["lost"] == 0


def test_each_disagreement_is_reported():
    found = facts(
        logs={"b": [3, 3], "c": [1]},
        card_mismatches=[5],
        reminders={NAMES[0]: (1, 2, 2)},
        imports={7: (NAMES[0], "failed"), 8: (NAMES[0], "done")},
        anki_logs={NAMES[0]: 24},
    )
    findings = judge(JOURNAL, found, learners=NAMES)
    assert not findings.ok
    assert findings.lost == ["a"] and findings.doubled == ["b"] and findings.unknown == ["c"]
    assert findings.card_mismatches == [5]
    assert findings.reminders_doubled == [NAMES[0]] and findings.reminders_missing == [NAMES[1]]
    assert findings.uploads_not_imported == [7] and findings.uploads_doubled == [NAMES[0]]
    assert findings.anki_reviews_wrong == [NAMES[0]]


def test_an_answer_recorded_with_another_rating_is_reported():
    findings = judge([sent("a", rating=4)], facts(logs={"a": [3]}), learners=[])
    assert findings.wrong_rating == ["a"]


def test_an_answer_never_acknowledged_may_be_missing():
    findings = judge([sent("z", acknowledged=False)], facts(logs={}), learners=[])
    assert findings.lost == [] and findings.reviews_unacknowledged == 1


def test_the_journal_is_read_line_by_line(tmp_path):
    path = tmp_path / "journal.jsonl"
    path.write_text('{"kind": "upload"}\n\n{"kind": "review"}\n')
    assert [e["kind"] for e in read_journal(path)] == ["upload", "review"]
    assert read_journal(tmp_path / "none.jsonl") == []


@pytest.mark.django_db
def test_the_database_read_finds_a_lost_answer_a_bad_card_and_a_second_reminder(tmp_path):
    now = timezone.now()
    user = learner(user__username=NAMES[0], user__email="a@example.invalid", time_zone="UTC")
    card = ReviewCardFactory(learner=user, due=now)
    web = ReviewLog.Source.WEB
    answered = now - timedelta(minutes=1)
    recording.record_review(
        card_id=card.pk,
        rating=3,
        reviewed_at=answered,
        duration_ms=None,
        source=web,
        external_id="web-kept",
    )
    ReviewCard.objects.filter(pk=card.pk).update(stability=99.0)  # not what the replay gives
    SentMarker.objects.create(user=user, kind="review_reminder", local_date=now.date())
    for _ in range(2):
        Notification.objects.create(learner=user, kind="review_reminder", text="", created_at=now)
    (tmp_path / "a@example.invalid--1.eml").write_text("mail")
    journal = [sent("kept"), sent("lost")]
    findings = judge(journal, gather(NAMES[:1], tmp_path), learners=NAMES[:1])
    assert findings.lost == ["lost"] and findings.doubled == []
    assert findings.cards_checked == 1 and findings.card_mismatches == [card.pk]
    assert findings.reminders_doubled == [NAMES[0]]
