"""The tutor directory: listed tutors with room, filtered by help, language and free
times, shown in the learner's zone; blocked, unapproved and full tutors left out."""

from datetime import UTC, datetime

from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine

from courses import directory, profiling
from courses.matches import TutorBlock
from tests.factories.accounts import learner
from tests.factories.courses import tutor
from tests.factories.tutoring import TutorProfileFactory, accepted_request

# Monday 7 December 2026, noon in Seoul, 22:00 on Sunday in New York.
NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
EVENINGS = [[day, 19 * 60, 21 * 60] for day in range(5)]  # New York, Monday to Friday


# ---------------------------------------------------------------- pure helpers


def test_a_new_york_evening_is_a_seoul_morning_on_the_next_day():
    spans = directory.week_in_zone(EVENINGS, "America/New_York", "Asia/Seoul", NOW)
    rows = directory.rows(spans)
    assert [(row.day.isoformat(), row.start, row.end) for row in rows[:2]] == [
        ("2026-12-08", "09:00", "11:00"),
        ("2026-12-09", "09:00", "11:00"),
    ]
    assert len(rows) == 5


def test_overlap_is_in_the_learners_zone_and_only_where_both_are_free():
    learner_slots = [(1, 9 * 60 + 30, 12 * 60), (6, 9 * 60, 10 * 60)]  # Tue, Sun in Seoul
    spans = directory.overlap_in_zone(
        EVENINGS, "America/New_York", learner_slots, "Asia/Seoul", NOW
    )
    assert [(low.isoformat(), high.isoformat()) for low, high in spans] == [
        ("2026-12-08T09:30:00+09:00", "2026-12-08T11:00:00+09:00")
    ]


def test_overlap_follows_the_new_york_clock_change():
    # On 9 March 2026 New York is on summer time: the same evening is an hour earlier in Seoul.
    march = datetime(2026, 3, 9, 3, 0, tzinfo=UTC)
    spans = directory.week_in_zone(EVENINGS, "America/New_York", "Asia/Seoul", march)
    assert directory.rows(spans)[0].start == "08:00"


def test_a_span_reaching_midnight_ends_at_24():
    slots = [(0, 22 * 60, 24 * 60)]
    rows = directory.rows(directory.week_in_zone(slots, "Asia/Seoul", "Asia/Seoul", NOW))
    assert (rows[0].start, rows[0].end) == ("22:00", "24:00")


# ---------------------------------------------------------------- the page


@pytest.fixture
def seoul_learner():
    return learner(time_zone="Asia/Seoul")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def names(response) -> list[str]:
    return [card.profile.display_name for card in response.context["cards"]]


def browse(client, user, **filters):
    client.force_login(user)
    return client.get(reverse("courses:tutor_directory"), filters)


@pytest.mark.django_db
def test_a_seoul_learner_sees_a_new_york_tutor_in_seoul_time(client, seoul_learner, frozen):
    profile = TutorProfileFactory(display_name="Evening Ann")
    response = browse(client, seoul_learner)
    assert names(response) == ["Evening Ann"]
    content = response.content.decode()
    assert "Tue 12/8 09:00–11:00" in content
    assert reverse("courses:tutor_detail", kwargs={"profile_id": profile.pk}) in content


@pytest.mark.django_db
def test_free_times_show_the_overlap_and_leave_out_tutors_without_one(
    client, seoul_learner, frozen
):
    TutorProfileFactory(display_name="Evening Ann")
    TutorProfileFactory(
        display_name="Sunday Bo", time_zone="Asia/Seoul", availability=[[6, 9 * 60, 10 * 60]]
    )
    response = browse(client, seoul_learner, free_times="Tue 9:30-10:00\n수 8-9:30")
    assert names(response) == ["Evening Ann"]
    overlap = response.context["cards"][0].overlap
    assert [(row.day.isoformat(), row.start, row.end) for row in overlap] == [
        ("2026-12-08", "09:30", "10:00"),
        ("2026-12-09", "09:00", "09:30"),
    ]
    assert names(browse(client, seoul_learner, free_times="일 9-12")) == ["Sunday Bo"]


@pytest.mark.django_db
def test_help_and_language_filters(client, seoul_learner, frozen):
    TutorProfileFactory(display_name="Ann", languages=["en"], helps_with=["conversation"])
    TutorProfileFactory(display_name="Bo", languages=["en", "ko"], helps_with=["exams"])
    assert names(browse(client, seoul_learner, help="exams")) == ["Bo"]
    assert names(browse(client, seoul_learner, language="ko")) == ["Bo"]
    assert names(browse(client, seoul_learner, help="conversation", language="ko")) == []
    assert names(browse(client, seoul_learner)) == ["Ann", "Bo"]


@pytest.mark.django_db
def test_a_blocked_tutor_never_appears_to_the_learner_who_blocked_them(
    client, seoul_learner, frozen
):
    blocked = TutorProfileFactory(display_name="Blocked")
    TutorProfileFactory(display_name="Fine")
    TutorBlock.objects.create(learner=seoul_learner, tutor=blocked.tutor, created_at=timezone.now())
    assert names(browse(client, seoul_learner)) == ["Fine"]
    assert names(browse(client, learner())) == ["Blocked", "Fine"]


@pytest.mark.django_db
def test_unapproved_and_full_tutors_are_left_out(client, seoul_learner, frozen):
    TutorProfileFactory(display_name="Unapproved", live=False)
    full = TutorProfileFactory(display_name="Full", capacity=1)
    accepted_request(tutor=full.tutor)
    room = TutorProfileFactory(display_name="Room", capacity=2)
    accepted_request(tutor=room.tutor)
    assert names(browse(client, seoul_learner)) == ["Room"]


@pytest.mark.django_db
def test_bad_free_times_give_a_message_and_filter_nothing(client, seoul_learner, frozen):
    TutorProfileFactory(display_name="Ann")
    for bad in ("Tue at nine", "Tue 9-10\x00", "Mon 9-10\n" * 60):
        response = browse(client, seoul_learner, free_times=bad)
        assert response.status_code == 200
        assert response.context["form"].errors["free_times"]
        assert names(response) == ["Ann"]
    response = browse(client, seoul_learner, help="nonsense")
    assert response.status_code == 200 and names(response) == ["Ann"]


@pytest.mark.django_db
def test_visitors_are_asked_to_sign_in(client):
    response = client.get(reverse("courses:tutor_directory"))
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.django_db
def test_tutors_may_browse_too(client, frozen):
    TutorProfileFactory(display_name="Ann")
    assert names(browse(client, tutor())) == ["Ann"]


@pytest.mark.django_db
def test_the_directory_is_korean_for_a_korean_learner(client, frozen):
    TutorProfileFactory(display_name="Ann", helps_with=["pronunciation"])
    content = browse(client, learner(ui_language="ko")).content.decode()
    assert "선생님 찾기" in content and "발음" in content
    assert "튜터" not in content


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_the_directory_query_count_is_flat(
    client, seoul_learner, frozen, django_assert_max_num_queries, count
):
    for _ in range(count):
        profile = TutorProfileFactory(capacity=5)
        accepted_request(tutor=profile.tutor)
    TutorBlock.objects.create(
        learner=seoul_learner, tutor=TutorProfileFactory().tutor, created_at=timezone.now()
    )
    client.force_login(seoul_learner)
    client.get(reverse("courses:tutor_directory"))  # the learner's profile made once
    with django_assert_max_num_queries(7):
        response = client.get(reverse("courses:tutor_directory"), {"free_times": "Tue 9-10"})
    assert len(response.context["cards"]) == count


@pytest.mark.django_db
def test_a_tutors_edit_is_not_shown_until_an_editor_approves_it(client, seoul_learner, frozen):
    profile = TutorProfileFactory(display_name="Evening Ann")
    data = {
        "display_name": "Renamed",
        "languages": ["en"],
        "helps_with": ["conversation"],
        "availability": "Sun 9-10",
        "time_zone": "Asia/Seoul",
        "introduction": "Changed.",
        "capacity": 3,
    }
    profiling.save_profile(tutor=profile.tutor, data=data)
    response = browse(client, seoul_learner)
    assert names(response) == ["Evening Ann"]
    assert response.context["cards"][0].profile.introduction.startswith("I teach")
