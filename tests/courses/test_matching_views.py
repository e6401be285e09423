from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from courses.models import Classroom, Membership, TutorBlock, TutorReport, TutorRequest
from progress.models import Notification
from progress.placement_tests import PlacementTest
from tests.factories.accounts import UserFactory, learner
from tests.factories.courses import tutor
from tests.factories.tutoring import (
    TutoringSessionFactory,
    TutorProfileFactory,
    TutorRequestFactory,
    accepted_request,
)

pytestmark = pytest.mark.django_db

Status = TutorRequest.Status
CONFIRM = {"confirm": "on"}


@pytest.fixture
def profile():
    return TutorProfileFactory(display_name="Ms Park")


@pytest.fixture
def pending(profile):
    return TutorRequestFactory(tutor=profile.tutor, pen_name="Spring", message="Hello there")


def learner_urls(match) -> list[tuple[str, str]]:
    pk = match.pk
    return [
        ("get", reverse("courses:my_tutor", args=[pk])),
        ("post", reverse("courses:withdraw_request", args=[pk])),
        ("post", reverse("courses:end_match", args=[pk])),
        ("post", reverse("courses:block_tutor", args=[pk])),
        ("post", reverse("courses:report_tutor", args=[pk])),
    ]


def tutor_urls(match) -> list[tuple[str, str]]:
    pk = match.pk
    return [
        ("post", reverse("courses:accept_request", args=[pk])),
        ("post", reverse("courses:decline_request", args=[pk])),
        ("post", reverse("courses:tutor_end_match", args=[pk])),
    ]


def every_url(match, profile) -> list[tuple[str, str]]:
    return [
        ("get", reverse("courses:tutor_detail", args=[profile.pk])),
        ("get", reverse("courses:my_tutors")),
        ("get", reverse("courses:tutor_requests")),
        *learner_urls(match),
        *tutor_urls(match),
    ]


# ---------------------------------------------------------------- who may ask


def test_a_visitor_is_sent_to_sign_in_everywhere(client, pending, profile):
    for method, url in every_url(pending, profile):
        response = getattr(client, method)(url, CONFIRM if method == "post" else None)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url


def test_a_stranger_learner_gets_404_on_another_learners_request(client):
    match = accepted_request()
    client.force_login(learner())
    for method, url in learner_urls(match):
        assert getattr(client, method)(url, CONFIRM).status_code == 404, url
    match.refresh_from_db()
    assert match.status == Status.ACCEPTED
    assert not TutorBlock.objects.exists() and not TutorReport.objects.exists()


def test_another_tutor_gets_404_on_a_request_not_theirs(client, pending):
    match = accepted_request()
    client.force_login(tutor())
    for method, url in tutor_urls(pending) + tutor_urls(match) + learner_urls(match):
        assert getattr(client, method)(url, CONFIRM).status_code == 404, url
    assert TutorRequest.objects.filter(status=Status.PENDING).count() == 1


def test_a_learner_gets_403_on_tutor_pages(client, pending):
    client.force_login(pending.learner)
    assert client.get(reverse("courses:tutor_requests")).status_code == 403
    for method, url in tutor_urls(pending):
        assert getattr(client, method)(url, CONFIRM).status_code == 403, url


def test_the_tutor_cannot_use_the_learners_urls(client):
    match = accepted_request()
    client.force_login(match.tutor)
    for method, url in learner_urls(match):
        assert getattr(client, method)(url, CONFIRM).status_code == 404, url


def test_writes_are_post_only(client, pending):
    client.force_login(pending.learner)
    for _method, url in learner_urls(pending)[1:]:
        assert client.get(url).status_code == 405, url
    client.force_login(pending.tutor)
    for _method, url in tutor_urls(pending):
        assert client.get(url).status_code == 405, url


# ---------------------------------------------------------------- the tutor's page


def test_tutor_detail_shows_free_times_in_the_learners_zone_and_the_level(client, profile):
    spring = learner(display_name="Spring", time_zone="Asia/Seoul")
    PlacementTest.objects.create(
        learner=spring, started_at=timezone.now(), finished_at=timezone.now(), level="A2"
    )
    client.force_login(spring)
    page = client.get(reverse("courses:tutor_detail", args=[profile.pk])).content.decode()
    assert "Ms Park" in page and "Asia/Seoul" in page and "A2" in page
    # 19:00–21:00 in New York is 08:00–10:00 or 09:00–11:00 the next morning in Seoul.
    assert "09:00–11:00" in page or "08:00–10:00" in page
    assert 'value="Spring"' in page


@pytest.mark.parametrize("case", ["unlisted", "blocked", "own"])
def test_tutor_detail_is_404_for_an_unlisted_blocked_or_own_profile(client, profile, case):
    user = learner()
    if case == "unlisted":
        profile.live = False
        profile.save()
    elif case == "blocked":
        TutorBlock.objects.create(learner=user, tutor=profile.tutor, created_at=timezone.now())
    else:
        user = profile.tutor
    client.force_login(user)
    url = reverse("courses:tutor_detail", args=[profile.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"message": "Hi", "pen_name": "Azalea"}).status_code == 404
    assert not TutorRequest.objects.exists()


def test_a_request_sent_twice_makes_one_row(client, profile):
    spring = learner(display_name="Spring")
    client.force_login(spring)
    url = reverse("courses:tutor_detail", args=[profile.pk])
    for _ in range(2):
        response = client.post(url, {"pen_name": "", "message": "I want to speak."})
        assert response.status_code == 302 and response.url == reverse("courses:my_tutors")
    sent = TutorRequest.objects.get()
    assert (sent.learner, sent.pen_name, sent.status) == (spring, "Spring", Status.PENDING)
    page = client.get(url).content.decode()
    assert reverse("courses:my_tutor", args=[sent.pk]) in page
    assert 'name="message"' not in page


@pytest.mark.parametrize(
    "data",
    [
        {"pen_name": "Azalea", "message": ""},
        {"pen_name": "Azalea", "message": "x" * 501},
        {"pen_name": "Azalea", "message": "hi\x00"},
        {"pen_name": "A" * 61, "message": "hi"},
    ],
)
def test_bad_requests_are_refused_with_the_form_again(client, profile, data):
    client.force_login(learner())
    response = client.post(reverse("courses:tutor_detail", args=[profile.pk]), data)
    assert response.status_code == 200
    assert (
        'class="error"' in response.content.decode() or "form-errors" in response.content.decode()
    )
    assert not TutorRequest.objects.exists()


def test_a_username_as_pen_name_is_refused_on_the_form(client, profile):
    user = learner()
    client.force_login(user)
    url = reverse("courses:tutor_detail", args=[profile.pk])
    response = client.post(url, {"pen_name": user.username, "message": "Hi"})
    assert "form-errors" in response.content.decode()
    assert user.username not in TutorRequest.objects.values_list("pen_name", flat=True)


# ---------------------------------------------------------------- the learner's pages


def test_my_tutors_lists_the_learners_requests_by_tutor_name(client, pending):
    mine = accepted_request(learner=pending.learner)
    TutorRequestFactory()  # another learner's
    client.force_login(pending.learner)
    page = client.get(reverse("courses:my_tutors")).content.decode()
    assert "Ms Park" in page
    assert reverse("courses:my_tutor", args=[pending.pk]) in page
    assert reverse("courses:my_tutor", args=[mine.pk]) in page
    assert reverse("courses:tutor_directory") in page
    assert page.count("/classes/my-tutors/") == 2


def test_my_tutor_shows_the_sessions_link_and_the_buttons(client):
    match = accepted_request()
    client.force_login(match.learner)
    page = client.get(reverse("courses:my_tutor", args=[match.pk])).content.decode()
    for name in ("sessions", "end_match", "block_tutor", "report_tutor"):
        assert reverse(f"courses:{name}", args=[match.pk]) in page, name


def test_withdrawing_twice_changes_nothing_the_second_time(client, pending):
    client.force_login(pending.learner)
    url = reverse("courses:withdraw_request", args=[pending.pk])
    assert client.post(url).status_code == 302
    response = client.post(url, follow=True)
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == Status.WITHDRAWN


def test_ending_needs_the_tick_and_a_second_end_is_a_message(client):
    match = accepted_request()
    client.force_login(match.learner)
    url = reverse("courses:end_match", args=[match.pk])
    client.post(url)
    match.refresh_from_db()
    assert match.status == Status.ACCEPTED
    assert client.post(url, CONFIRM).status_code == 302
    assert client.post(url, CONFIRM, follow=True).status_code == 200
    match.refresh_from_db()
    assert match.status == Status.ENDED
    assert not Membership.objects.current().filter(learner=match.learner).exists()


def test_the_tutor_ends_from_the_tutor_side(client):
    match = accepted_request()
    client.force_login(match.tutor)
    response = client.post(reverse("courses:tutor_end_match", args=[match.pk]), CONFIRM)
    assert response.url == reverse("courses:tutor_requests")
    match.refresh_from_db()
    assert match.status == Status.ENDED


def test_blocking_needs_the_tick_then_hides_the_learner_from_the_tutor(client):
    match = accepted_request()
    client.force_login(match.learner)
    url = reverse("courses:block_tutor", args=[match.pk])
    client.post(url)
    assert not TutorBlock.objects.exists()
    client.post(url, CONFIRM)
    client.post(url, CONFIRM)
    assert TutorBlock.objects.count() == 1
    client.force_login(match.tutor)
    page = client.get(reverse("courses:tutor_requests")).content.decode()
    assert match.pen_name not in page
    assert client.get(reverse("courses:classroom", args=[match.classroom_id])).status_code == 200
    home = client.get(reverse("courses:tutor_home")).content.decode()
    assert match.learner.learner_profile.display_name not in home
    board = client.get(reverse("courses:classroom", args=[match.classroom_id])).content.decode()
    assert match.learner.learner_profile.display_name not in board
    assert (
        client.post(reverse("courses:tutor_end_match", args=[match.pk]), CONFIRM).status_code == 404
    )


def test_a_blocked_tutor_cannot_see_or_accept_a_pending_request(client, pending):
    TutorBlock.objects.create(
        learner=pending.learner, tutor=pending.tutor, created_at=timezone.now()
    )
    client.force_login(pending.tutor)
    assert "Spring" not in client.get(reverse("courses:tutor_requests")).content.decode()
    for method, url in tutor_urls(pending):
        assert getattr(client, method)(url, CONFIRM).status_code == 404, url
    assert not Classroom.objects.exists()


def test_a_report_is_sent_once_per_post_and_can_block(client):
    match = accepted_request()
    client.force_login(match.learner)
    url = reverse("courses:report_tutor", args=[match.pk])
    data = {"reason": "rude", "text": "Shouted at me.", "block": "on"}
    assert client.post(url, data).status_code == 302
    report = TutorReport.objects.get()
    assert (report.learner, report.tutor, report.reason) == (match.learner, match.tutor, "rude")
    assert TutorBlock.objects.filter(learner=match.learner, tutor=match.tutor).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"reason": "made-up"},
        {"reason": "rude", "text": "x" * 2001},
        {"reason": "rude", "text": "a\x00"},
    ],
)
def test_a_bad_report_is_refused_and_changes_nothing(client, data):
    match = accepted_request()
    client.force_login(match.learner)
    response = client.post(reverse("courses:report_tutor", args=[match.pk]), data)
    assert response.status_code == 400
    assert not TutorReport.objects.exists() and not TutorBlock.objects.exists()


# ---------------------------------------------------------------- the tutor's pages


def test_the_tutor_sees_pen_name_level_and_message_never_the_username(client, pending):
    current = accepted_request(tutor=pending.tutor)
    client.force_login(pending.tutor)
    page = client.get(reverse("courses:tutor_requests")).content.decode()
    assert "Spring" in page and "A2" in page and "Hello there" in page
    assert pending.learner.username not in page
    assert reverse("courses:classroom", args=[current.classroom_id]) in page
    assert reverse("courses:sessions", args=[current.pk]) in page


def test_accepting_twice_makes_one_classroom(client, pending):
    client.force_login(pending.tutor)
    url = reverse("courses:accept_request", args=[pending.pk])
    assert client.post(url).status_code == 302
    assert client.post(url, follow=True).status_code == 200
    assert Classroom.objects.count() == 1
    pending.refresh_from_db()
    assert pending.status == Status.ACCEPTED
    assert client.post(reverse("courses:decline_request", args=[pending.pk])).status_code == 302
    pending.refresh_from_db()
    assert pending.status == Status.ACCEPTED


def test_the_tutor_home_counts_pending_requests(client, pending):
    client.force_login(pending.tutor)
    page = client.get(reverse("courses:tutor_home")).content.decode()
    assert reverse("courses:tutor_requests") in page
    assert 'id="pending-requests">1<' in page


def test_my_classrooms_links_to_my_tutors(client):
    client.force_login(learner())
    page = client.get(reverse("courses:my_classrooms")).content.decode()
    assert reverse("courses:my_tutors") in page


# ---------------------------------------------------------------- query counts


@pytest.mark.parametrize("rows", [1, 30])
def test_tutor_requests_queries_stay_flat(client, django_assert_max_num_queries, rows):
    teacher = TutorProfileFactory().tutor
    for _ in range(rows):
        TutorRequestFactory(tutor=teacher)
        accepted_request(tutor=teacher)
    client.force_login(teacher)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("courses:tutor_requests")).status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_my_tutors_queries_stay_flat(client, django_assert_max_num_queries, rows):
    spring = learner()
    for _ in range(rows):
        TutorRequestFactory(learner=spring, tutor=TutorProfileFactory().tutor)
        accepted_request(learner=spring, tutor=TutorProfileFactory().tutor)
        TutorRequestFactory(learner=spring, status=Status.DECLINED)
    client.force_login(spring)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("courses:my_tutors")).status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_tutor_home_queries_stay_flat(client, django_assert_max_num_queries, rows):
    teacher = TutorProfileFactory().tutor
    for _ in range(rows):
        TutorRequestFactory(tutor=teacher)
        TutoringSessionFactory(request=accepted_request(tutor=teacher))
        Notification.objects.create(
            learner=teacher, kind="session_reminder", text="Session soon", created_at=timezone.now()
        )
    client.force_login(teacher)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("courses:tutor_home"))
    assert response.status_code == 200 and "Session soon" in response.content.decode()


# ---------------------------------------------------------------- the editors' queue


def test_a_report_appears_in_the_editors_queue_without_the_learners_username(client):
    match = accepted_request(tutor=TutorProfileFactory(display_name="Ms Park").tutor)
    TutorReport.objects.create(
        learner=match.learner,
        tutor=match.tutor,
        reason="money",
        text="Asked for money.",
        created_at=timezone.now() - timedelta(days=1),
    )
    client.force_login(UserFactory(groups=["Editors"]))
    page = client.get(reverse("tutor_reports:index")).content.decode()
    assert match.tutor.username in page and "Ms Park" in page and "Asked for money." in page
    assert f"Learner {match.learner.pk}" in page
    assert match.learner.username not in page


def test_an_editor_marks_a_report_resolved_with_a_note(client):
    match = accepted_request()
    report = TutorReport.objects.create(
        learner=match.learner, tutor=match.tutor, reason="rude", created_at=timezone.now()
    )
    client.force_login(UserFactory(groups=["Moderators"]))
    url = reverse("tutor_reports:edit", args=[report.pk])
    page = client.get(url).content.decode()
    assert match.learner.username not in page
    response = client.post(url, {"resolved": "on", "editor_note": "Spoke to the tutor."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.resolved_at is not None and report.editor_note == "Spoke to the tutor."
    assert (report.reason, report.tutor) == ("rude", match.tutor)


def test_unresolved_reports_come_first(client):
    match = accepted_request()
    old = TutorReport.objects.create(
        learner=match.learner,
        tutor=match.tutor,
        reason="rude",
        text="first-unresolved",
        created_at=timezone.now() - timedelta(days=3),
    )
    TutorReport.objects.create(
        learner=match.learner,
        tutor=match.tutor,
        reason="rude",
        text="second-resolved",
        created_at=timezone.now(),
        resolved_at=timezone.now(),
    )
    client.force_login(UserFactory(groups=["Editors"]))
    page = client.get(reverse("tutor_reports:index")).content.decode()
    assert page.index("first-unresolved") < page.index("second-resolved")
    assert old.pk


@pytest.mark.parametrize("who", ["tutor", "learner"])
def test_tutors_and_learners_cannot_open_the_queue(client, who):
    match = accepted_request()
    report = TutorReport.objects.create(
        learner=match.learner,
        tutor=match.tutor,
        reason="rude",
        text="Shouted at me.",
        created_at=timezone.now(),
    )
    client.force_login(match.tutor if who == "tutor" else match.learner)
    for url in (reverse("tutor_reports:index"), reverse("tutor_reports:edit", args=[report.pk])):
        response = client.get(url)
        assert response.status_code in {302, 403}, url
        assert "Shouted" not in response.content.decode()


@pytest.mark.parametrize("rows", [1, 30])
def test_the_editors_queue_queries_stay_flat(client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        match = accepted_request(tutor=TutorProfileFactory().tutor)
        TutorReport.objects.create(
            learner=match.learner, tutor=match.tutor, reason="rude", created_at=timezone.now()
        )
    client.force_login(UserFactory(groups=["Editors"]))
    with django_assert_max_num_queries(15):
        assert client.get(reverse("tutor_reports:index")).status_code == 200
