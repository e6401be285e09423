"""The class charts on the classroom page: reviews per day and the weekly recall
rate of current members since joining, on the tutor's days, in one query."""

from datetime import UTC, datetime, timedelta
from itertools import count

from django.urls import reverse
from django.utils import timezone

import pytest

from courses.charts import classroom_charts
from progress.models import ReviewLog
from tests.factories.accounts import LearnerProfileFactory, learner
from tests.factories.courses import ClassroomFactory, MembershipFactory, tutor
from tests.factories.progress import ReviewCardFactory

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
KEYS = count()
pytestmark = pytest.mark.django_db


def answers(user, *moments, rating=3):
    card = ReviewCardFactory(learner=user)
    for moment in moments:
        ReviewLog.objects.create(learner=user, card=card, rating=rating, reviewed_at=moment,
                                 source="web", external_id=f"k{next(KEYS)}")  # fmt: skip


def member(classroom, joined_at=NOW - 60 * DAY, **fields):
    return MembershipFactory(classroom=classroom, joined_at=joined_at, **fields).learner


def test_activity_counts_answers_of_current_members_since_they_joined():
    room = ClassroomFactory()
    sparrow = member(room, joined_at=NOW - 10 * DAY)
    answers(sparrow, NOW - 12 * DAY, NOW - 2 * DAY, NOW - 2 * DAY, NOW - timedelta(hours=1))
    answers(member(room, left_at=NOW - 5 * DAY), NOW - DAY)  # left the classroom
    answers(learner(), NOW - DAY)  # never a member
    answers(member(ClassroomFactory()), NOW - DAY)  # in another classroom
    activity = classroom_charts(room, now=NOW)["activity_chart"]
    assert len(activity.data) == 30
    assert [d.value for d in activity.data[-3:]] == [2, 0, 1]
    assert sum(d.value for d in activity.data) == 3
    assert activity.data[-1].row_label == "2026-03-20"


def test_the_recall_rate_is_each_weeks_share_of_answers_not_rated_again():
    room = ClassroomFactory()
    sparrow, wren = member(room), member(room)
    answers(sparrow, NOW - DAY, NOW - 2 * DAY, NOW - 6 * DAY)
    answers(wren, NOW - DAY, rating=1)
    answers(wren, NOW - 15 * DAY, rating=1)
    weeks = classroom_charts(room, now=NOW)["recall_chart"].data
    assert len(weeks) == 12
    assert (weeks[-1].value, weeks[-1].text) == (75, "75% (4)")
    assert weeks[-1].row_label == "2026-03-14 – 2026-03-20"
    assert (weeks[-2].value, weeks[-3].value) == (None, 0)
    assert weeks[-2].text == "no reviews"


def test_days_are_the_tutors_days():
    room = ClassroomFactory(tutor=LearnerProfileFactory(user=tutor(), time_zone="Asia/Seoul").user)
    answers(member(room), datetime(2026, 3, 19, 15, 30, tzinfo=UTC))  # 00:30 on the 20th in Seoul
    activity = classroom_charts(room, now=NOW)["activity_chart"].data
    assert (activity[-1].value, activity[-2].value) == (1, 0)


@pytest.fixture
def taught(client):
    room = ClassroomFactory()
    client.force_login(room.tutor)
    return room


def test_the_tutor_sees_both_charts_with_their_tables(client, taught):
    answers(member(taught), NOW)
    body = client.get(reverse("courses:classroom", args=[taught.pk])).content.decode()
    assert 'id="class-charts"' in body
    assert body.count('role="img"') == 2
    assert body.count('<tr><th scope="row">') == 30 + 12


def test_another_tutor_gets_404_and_a_learner_403(client):
    room = ClassroomFactory()
    sparrow = member(room)
    answers(sparrow, NOW)
    url = reverse("courses:classroom", args=[room.pk])
    client.force_login(tutor())
    assert client.get(url).status_code == 404
    client.force_login(sparrow)
    assert client.get(url).status_code == 403


def fill(room, learners: int):
    now = timezone.now()
    for _ in range(learners):
        answers(member(room), now - DAY, now - 9 * DAY)


def test_the_query_count_is_flat_in_learners(client, taught, django_assert_max_num_queries):
    url = reverse("courses:classroom", args=[taught.pk])
    fill(taught, 5)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    limit = len(few.captured_queries)
    fill(taught, 45)
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert sum(d.value for d in response.context["activity_chart"].data) == 100
