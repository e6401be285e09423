"""A tutor's profile: written by the tutor, approved by an editor through Wagtail's
moderation workflow, and unchanged for learners until the editor approves an edit."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.models import WorkflowState

import pytest

from accounts.models import LearnerProfile
from courses import profiling
from courses.models import TutorProfile
from tests.factories.accounts import UserFactory, learner
from tests.factories.courses import tutor

pytestmark = pytest.mark.django_db

DATA = {
    "display_name": "Evening Ann",
    "languages": ["en", "ko"],
    "helps_with": ["conversation", "job_interviews"],
    "availability": "Mon 19:00-21:00\nwed 19-21",
    "time_zone": "America/New_York",
    "introduction": "I teach conversation in the evenings.",
    "capacity": 2,
}


def editor():
    return UserFactory(groups=["Editors", "Moderators"])


def approve(profile, user):
    task_state = profile.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, user, "approve")


def request_changes(profile, user, comment):
    task_state = profile.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, user, "reject", comment=comment)


def listed_names():
    return list(TutorProfile.objects.listed().values_list("display_name", flat=True))


@pytest.fixture
def ann():
    return tutor()


@pytest.fixture
def sent(ann):
    return profiling.save_profile(tutor=ann, data=DATA)


def test_a_first_save_makes_an_unlisted_profile_waiting_for_an_editor(ann, sent):
    profile = TutorProfile.objects.get(tutor=ann)
    assert not profile.live and profile.availability == [[0, 1140, 1260], [2, 1140, 1260]]
    assert profile.revisions.count() == 1
    assert profile.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert profiling.review_of(profile).step == profiling.Step.WAITING
    assert listed_names() == []


def test_saving_copies_the_time_zone_to_the_tutors_account(ann, sent):
    assert LearnerProfile.objects.for_user(ann).time_zone == "America/New_York"


def test_an_approved_profile_is_listed(sent):
    approve(sent, editor())
    assert listed_names() == ["Evening Ann"]
    assert profiling.review_of(TutorProfile.objects.get()).step == profiling.Step.LISTED


def test_an_edit_of_a_listed_profile_waits_for_approval(ann, sent):
    moderator = editor()
    approve(sent, moderator)
    profiling.save_profile(tutor=ann, data={**DATA, "display_name": "Night Ann", "capacity": 5})

    profile = TutorProfile.objects.get()
    assert profile.live and profile.display_name == "Evening Ann" and profile.capacity == 2
    assert profile.get_latest_revision_as_object().display_name == "Night Ann"
    review = profiling.review_of(profile)
    assert review.listed and review.step == profiling.Step.WAITING
    assert listed_names() == ["Evening Ann"]

    approve(profile, moderator)
    assert listed_names() == ["Night Ann"]
    assert TutorProfile.objects.get().capacity == 5


def test_a_form_sent_twice_makes_one_revision(ann, sent):
    profiling.save_profile(tutor=ann, data=DATA)
    assert TutorProfile.objects.count() == 1
    assert TutorProfile.objects.get().revisions.count() == 1
    assert WorkflowState.objects.count() == 1


def test_requested_changes_show_the_comment_and_a_new_save_resumes_the_review(ann, sent):
    request_changes(sent, editor(), "Please say which exams you know.")
    review = profiling.review_of(TutorProfile.objects.get())
    assert review.step == profiling.Step.CHANGES_REQUESTED
    assert review.comment == "Please say which exams you know."

    profiling.save_profile(tutor=ann, data={**DATA, "introduction": "I know TOEFL well."})
    profile = TutorProfile.objects.get()
    assert profile.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert WorkflowState.objects.count() == 1


def test_hiding_unlists_the_profile_and_saving_sends_it_again(ann, sent):
    approve(sent, editor())
    profiling.hide_profile(tutor=ann)
    profile = TutorProfile.objects.get()
    assert not profile.live and listed_names() == []
    assert profiling.review_of(profile).step == profiling.Step.HIDDEN

    profiling.save_profile(tutor=ann, data=DATA)
    assert TutorProfile.objects.get().workflow_in_progress


def test_hiding_withdraws_a_pending_review(ann, sent):
    profiling.hide_profile(tutor=ann)
    assert not TutorProfile.objects.get().workflow_in_progress
    assert profiling.hide_profile(tutor=tutor()) is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("display_name", "Ann\x00"),
        ("display_name", "x" * 61),
        ("introduction", "x" * 1501),
        ("introduction", "   "),
        ("availability", "Mon 19:00-21:00\nsometime soon"),
        ("availability", ""),
        ("availability", "Mon 19:00-21:00\x00"),
        ("languages", ["en", "klingon"]),
        ("languages", []),
        ("helps_with", "conversation"),
        ("capacity", 0),
        ("capacity", 31),
        ("capacity", "many"),
        ("time_zone", "Mars/Olympus"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_saved(ann, field, value):
    with pytest.raises(ValidationError) as error:
        profiling.save_profile(tutor=ann, data={**DATA, field: value})
    assert field in error.value.message_dict
    assert not TutorProfile.objects.exists()


def test_a_bad_line_in_an_edit_leaves_the_profile_as_it_was(ann, sent):
    with pytest.raises(ValidationError) as error:
        profiling.save_profile(tutor=ann, data={**DATA, "availability": "Mon 19-21\nnever"})
    assert "Line 2" in error.value.message_dict["availability"][0]
    assert TutorProfile.objects.get().revisions.count() == 1


# ---------------------------------------------------------------- the tutor's page


def test_the_profile_page_saves_and_shows_waiting(client, ann):
    client.force_login(ann)
    post = {**DATA, "languages": ["en"], "helps_with": ["pronunciation"]}
    response = client.post(reverse("courses:tutor_profile"), post, follow=True)
    assert response.status_code == 200
    assert b'data-step="waiting"' in response.content
    assert TutorProfile.objects.get().helps_with == ["pronunciation"]


def test_the_profile_page_is_prefilled_from_the_latest_revision(client, ann, sent):
    approve(sent, editor())
    profiling.save_profile(tutor=ann, data={**DATA, "display_name": "Night Ann"})
    client.force_login(ann)
    response = client.get(reverse("courses:tutor_profile"))
    assert response.context["form"].initial["display_name"] == "Night Ann"
    assert "Wed 19:00-21:00" in response.context["form"].initial["availability"]


def test_a_bad_availability_line_on_the_page_gives_a_message_and_saves_nothing(client, ann):
    client.force_login(ann)
    response = client.post(reverse("courses:tutor_profile"), {**DATA, "availability": "whenever"})
    assert response.status_code == 200
    assert "Line 1" in response.context["form"].errors["availability"][0]
    assert not TutorProfile.objects.exists()


def test_nul_bytes_and_huge_text_on_the_page_save_nothing(client, ann):
    client.force_login(ann)
    for bad in ({"display_name": "A\x00"}, {"introduction": "x" * 100_000}):
        response = client.post(reverse("courses:tutor_profile"), {**DATA, **bad})
        assert response.status_code == 200 and response.context["form"].errors
    assert not TutorProfile.objects.exists()


def test_the_hide_button_unlists(client, ann, sent):
    approve(sent, editor())
    client.force_login(ann)
    client.post(reverse("courses:hide_tutor_profile"))
    assert listed_names() == []


def test_the_profile_pages_are_403_for_learners_and_ask_visitors_to_sign_in(client):
    urls = [
        ("get", reverse("courses:tutor_profile")),
        ("post", reverse("courses:hide_tutor_profile")),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "login" in response.url
    client.force_login(learner())
    for method, url in urls:
        assert getattr(client, method)(url, DATA).status_code == 403
    assert not TutorProfile.objects.exists()


# ---------------------------------------------------------------- the editors' admin


def admin_url(name, *args):
    return reverse(f"wagtailsnippets_courses_tutorprofile:{name}", args=args)


def test_an_editor_approves_a_waiting_profile_in_the_wagtail_admin(client, sent):
    client.force_login(editor())
    listing = client.get(admin_url("list"))
    assert listing.status_code == 200 and b"Evening Ann" in listing.content
    page = client.get(admin_url("edit", sent.pk))
    assert page.status_code == 200
    assert b"Wed 19:00-21:00" in page.content  # the availability, readable

    task_state = sent.current_workflow_state.current_task_state
    response = client.post(admin_url("workflow_action", sent.pk, "approve", task_state.pk))
    assert response.status_code == 302
    assert listed_names() == ["Evening Ann"]


def test_an_editor_requests_changes_with_a_comment_in_the_wagtail_admin(client, sent):
    client.force_login(editor())
    task_state = sent.current_workflow_state.current_task_state
    url = admin_url("workflow_action", sent.pk, "reject", task_state.pk)
    client.post(url, {"comment": "Add your exam experience."})
    review = profiling.review_of(TutorProfile.objects.get())
    assert review.step == profiling.Step.CHANGES_REQUESTED and "exam" in review.comment


def test_an_editor_corrects_a_profile_in_the_wagtail_admin(client, sent):
    client.force_login(editor())
    form = {**DATA, "availability": "Tue 8-9", "capacity": "4"}
    response = client.post(admin_url("edit", sent.pk), form)
    assert response.status_code == 302
    latest = TutorProfile.objects.get().get_latest_revision_as_object()
    assert latest.availability == [[1, 480, 540]] and latest.languages == ["en", "ko"]
    assert not TutorProfile.objects.get().live


def test_a_profile_an_editor_locked_refuses_the_tutors_save(ann, sent):
    TutorProfile.objects.filter(pk=sent.pk).update(locked=True, locked_by=editor())
    with pytest.raises(ValidationError):
        profiling.save_profile(tutor=ann, data={**DATA, "display_name": "Other"})
    assert TutorProfile.objects.get().revisions.count() == 1


def test_a_tutor_never_gets_into_the_admin(client, ann, sent):
    client.force_login(ann)
    for url in (admin_url("list"), admin_url("edit", sent.pk)):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "login" in response.get("Location", "login")
    task_state = sent.current_workflow_state.current_task_state
    client.post(admin_url("workflow_action", sent.pk, "approve", task_state.pk))
    assert listed_names() == []
