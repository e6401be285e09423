"""A learner in Seoul chooses a tutor in New York, from the tutor's profile to their
first session, on the site's own pages and the Wagtail admin.

The tutor writes a profile (free on weekday evenings in New York); an editor
approves it in the admin; the learner finds the tutor by typing their own free
mornings (read in Seoul time), sends a request; the tutor accepts and proposes a
time from their free times; the learner accepts it. Each sees the session in their
own zone and downloads an `.ics` file that `icalendar` reads back to the same
moment. The reminder sweep, run at moments in between under time-machine, reminds
the learner at 19:00 in Seoul and the tutor at 9:00 in New York, each once. The
tutor then assigns a lesson, which the learner finds on their home page.

Winter dates: New York is UTC-5 and Seoul UTC+9, so Monday 19:00 in New York is
Tuesday 09:00 in Seoul (both 00:00 UTC on Tuesday)."""

import re
from datetime import UTC, datetime, timedelta

from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

import icalendar
import pytest
import time_machine
from playwright.sync_api import expect

from accounts.models import LearnerProfile
from courses.models import TutoringSession, TutorProfile, TutorRequest
from courses.session_reminders import send_session_reminders
from progress.models import Notification, PlacementTest
from tests.factories.accounts import UserFactory, learner
from tests.factories.courses import CoursePageFactory, tutor
from tests.factories.lessons import LessonPageFactory
from tests.factories.tutoring import TutorProfileFactory
from tests.test_writing_browser import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

START = datetime(2027, 1, 4, 15, 0, tzinfo=UTC)  # Monday 10:00 in New York
SESSION = datetime(2027, 1, 12, 0, 0, tzinfo=UTC)  # Mon 11th 19:00 NY, Tue 12th 09:00 Seoul
LEARNER_REMINDED = datetime(2027, 1, 11, 10, 0, tzinfo=UTC)  # Monday 19:00 in Seoul
TUTOR_REMINDED = datetime(2027, 1, 11, 14, 0, tzinfo=UTC)  # Monday 09:00 in New York
PHONE = {"width": 360, "height": 740}


def ko(msgid: str) -> str:
    with translation.override("ko"):
        return gettext(msgid)


@pytest.fixture
def contexts(browser, live_server):
    made = []

    def new(locale, **options):
        context = browser.new_context(locale=locale, base_url=live_server.url, **options)
        made.append(context)
        return context.new_page()

    yield new
    for context in made:
        context.close()


def write_profile(desk):
    desk.goto("/tutor/")
    desk.get_by_role("link", name="Your profile").click()
    desk.get_by_label("Display name").fill("Ms Rivera")
    desk.locator("#id_languages").get_by_label("English").check()
    desk.locator("#id_languages").get_by_label("Korean").check()
    desk.locator("#id_helps_with").get_by_label("Conversation").check()
    desk.get_by_label("When you are free each week").fill("Mon 19:00-21:00\nWed 19:00-21:00")
    desk.get_by_label("Your time zone").select_option("America/New_York")
    desk.get_by_label("Introduction").fill("I teach conversation to adults, slowly and kindly.")
    desk.get_by_label("Learners you can take").fill("2")
    desk.get_by_role("button", name="Save and send to the editors").click()
    expect(desk.locator(".messages")).to_contain_text("once an editor approves it")


def approve_in_admin(office, profile_id: int):
    office.goto(f"/admin/snippets/courses/tutorprofile/edit/{profile_id}/")
    expect(office.locator("#id_display_name")).to_have_value("Ms Rivera")
    office.get_by_role("button", name="More actions").click()
    office.get_by_role("button", name=re.compile("^Approve")).first.click()
    dialog = office.get_by_role("dialog")
    if dialog.count():  # Wagtail asks for an optional comment first
        dialog.get_by_role("button", name=re.compile("^Approve")).click()
    expect(office.locator(".messages")).to_contain_text("Ms Rivera")


def find_and_request(phone):
    phone.goto("/classes/")
    phone.get_by_role("link", name=ko("Find a tutor")).click()
    expect(phone.locator(".tutor-card")).to_have_count(2)  # and a London tutor, mornings
    phone.get_by_label(ko("When I am free")).fill("화 09:00-11:00")
    phone.get_by_role("button", name=ko("Show")).click()
    card = phone.locator(".tutor-card")
    expect(card).to_have_count(1)
    expect(card.get_by_role("heading", level=2)).to_have_text("Ms Rivera")
    # Her Monday evening in New York is the learner's Tuesday morning.
    expect(card.locator(".tutor-times--overlap")).to_contain_text("1/5 09:00–11:00")
    card.get_by_role("link", name=ko("See this tutor")).click()
    expect(phone.locator("#free-times")).to_contain_text("09:00–11:00")
    phone.get_by_label(ko("What you want to say")).fill("I want to practise speaking at work.")
    phone.get_by_role("button", name=ko("Send the request")).click()
    sent = ko("Your request is sent. The tutor will answer soon.")
    expect(phone.locator(".messages")).to_contain_text(sent)


def accept_and_propose(desk):
    desk.goto("/tutor/")
    desk.get_by_role("link", name="Learners who chose you").click()
    waiting = desk.locator("section", has_text="Waiting for your answer")
    expect(waiting).to_contain_text("Sparrow")
    expect(waiting).to_contain_text("I want to practise speaking at work.")
    expect(waiting).to_contain_text("A2")
    waiting.get_by_role("button", name="Accept request").click()
    desk.get_by_role("link", name="Sessions with this learner").click()
    desk.get_by_label("Start (your time zone)").select_option(label="2027-01-11 (Mon) 19:00")
    desk.get_by_label("Length").select_option(label="60 minutes")
    desk.get_by_label("Video link").fill("https://meet.example.org/rivera")
    desk.get_by_role("button", name="Propose", exact=True).click()
    expect(desk.locator(".session")).to_contain_text("Waiting for the other side to answer.")


def accept_session(phone):
    phone.goto("/classes/my-tutors/")
    phone.get_by_role("link", name="Ms Rivera").click()
    phone.get_by_role("link", name=ko("Sessions with this tutor")).click()
    row = phone.locator(".session")
    expect(row).to_contain_text("2027-01-12 (화요일) 09:00")
    row.get_by_role("button", name=ko("Accept")).click()
    expect(phone.locator(".session")).to_have_attribute("data-status", "accepted")


def calendar_file(page, link_name: str) -> icalendar.Calendar:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).click()
    path = download.value.path()
    with open(path, "rb") as file:
        return icalendar.Calendar.from_ical(file.read())


def sweep_at(traveller, moment: datetime) -> int:
    traveller.move_to(moment)
    return send_session_reminders(now=timezone.now())


def people():
    """The tutor (New York, reminded at 9), the learner (Seoul, reminded at 19, placed
    at A2), an editor, a lesson to assign, and another tutor free on London mornings."""
    course = CoursePageFactory(title="Everyday", title_ko="일상")
    LessonPageFactory(parent=course, title="At the pharmacy", title_ko="약국에서")
    rivera = tutor(username="rivera", email="rivera@example.org")
    LearnerProfile.objects.create(
        user=rivera, display_name="Rivera", ui_language="en", reminder_hour=9
    )
    UserFactory(username="editor", groups=["Editors", "Moderators"])
    sparrow = learner(
        display_name="Sparrow", ui_language="ko", time_zone="Asia/Seoul", reminder_hour=19
    )
    PlacementTest.objects.create(  # the learner's level, which the request carries
        learner=sparrow, started_at=START, finished_at=START, level="A2", confidence=0.8
    )
    TutorProfileFactory(
        display_name="Mr Hale", time_zone="Europe/London", availability=[[0, 540, 660]]
    )
    return rivera, sparrow


def both_read_it_in_their_own_zone(phone, desk, sparrow):
    expect(phone.locator(".session")).to_contain_text("2027-01-12 (화요일) 09:00–10:00")
    expect(phone.locator(".session")).to_contain_text("Asia/Seoul")
    desk.reload()
    expect(desk.locator(".session")).to_contain_text("2027-01-11 (Mon) 19:00–20:00")
    expect(desk.locator(".session")).to_contain_text("America/New_York")
    for page, link in ((phone, ko("Calendar file (.ics)")), (desk, "Calendar file (.ics)")):
        [event] = calendar_file(page, link).walk("VEVENT")
        assert event.decoded("DTSTART") == SESSION
        assert event.decoded("DTEND") == SESSION + timedelta(hours=1)
        assert str(event["URL"]) == "https://meet.example.org/rivera"
        assert sparrow.username not in event.to_ical().decode()


def each_is_reminded_once_at_their_hour(traveller, phone, desk, sparrow):
    assert sweep_at(traveller, LEARNER_REMINDED - timedelta(minutes=5)) == 0
    assert sweep_at(traveller, LEARNER_REMINDED) == 1
    assert sweep_at(traveller, LEARNER_REMINDED + timedelta(minutes=15)) == 0
    assert sweep_at(traveller, TUTOR_REMINDED - timedelta(minutes=5)) == 0
    assert sweep_at(traveller, TUTOR_REMINDED) == 1
    assert sweep_at(traveller, TUTOR_REMINDED + timedelta(hours=3)) == 0
    reminders = Notification.objects.filter(kind="session_reminder")
    reminded = sorted(reminders.values_list("learner__username", flat=True))
    assert reminded == sorted(["rivera", sparrow.username])
    # Wagtail told the tutor their profile was approved; the learner gave no address.
    sent = [(m.to, m.subject) for m in mail.outbox if "session" in m.subject]
    assert sent == [(["rivera@example.org"], "Your English session is coming")]
    phone.goto("/")
    reminder = phone.locator(".notification", has_text="Ms Rivera 님과의 영어 수업")
    expect(reminder).to_contain_text("2027-01-12 09:00(Asia/Seoul)")
    desk.goto("/tutor/")
    reminder = desk.locator(".notification", has_text="Sparrow")
    expect(reminder).to_contain_text("2027-01-11 19:00 (America/New_York)")


def note_and_assign(desk):
    desk.goto("/tutor/requests/")
    desk.get_by_role("link", name="Sessions with this learner").click()
    desk.get_by_label("Notes after the session").fill("We practised asking for help at work.")
    desk.get_by_role("button", name="Save notes").click()
    desk.get_by_role("link", name="Assign a lesson").click()
    desk.get_by_label("Lesson").select_option(label="At the pharmacy")
    today = timezone.localdate()
    desk.get_by_label("Start").fill(today.isoformat())
    desk.get_by_label("Due").fill((today + timedelta(days=7)).isoformat())
    desk.get_by_role("button", name="Assign", exact=True).click()


def test_a_learner_in_seoul_chooses_a_tutor_in_new_york_and_they_meet(contexts, artifacts_dir):
    with time_machine.travel(START, tick=True) as traveller:
        rivera, sparrow = people()
        desk, office = contexts("en-US"), contexts("en-US")
        phone = contexts("ko-KR", viewport=PHONE)

        sign_in(desk, "rivera", korean=False)
        write_profile(desk)
        profile = TutorProfile.objects.get(tutor=rivera)
        assert not profile.live
        sign_in(office, "editor", korean=False)
        approve_in_admin(office, profile.pk)
        profile.refresh_from_db()
        assert profile.live and profile.time_zone == "America/New_York"

        sign_in(phone, sparrow.username, korean=True)
        find_and_request(phone)
        request = TutorRequest.objects.get(learner=sparrow)
        assert (request.pen_name, request.level) == ("Sparrow", "A2")
        accept_and_propose(desk)
        accept_session(phone)
        session = TutoringSession.objects.get()
        assert session.starts_at == SESSION and session.status == "accepted"

        both_read_it_in_their_own_zone(phone, desk, sparrow)
        phone.screenshot(path=str(artifacts_dir / "tutor-session-learner.png"), full_page=True)
        each_is_reminded_once_at_their_hour(traveller, phone, desk, sparrow)

        traveller.move_to(SESSION + timedelta(hours=1, minutes=5))
        note_and_assign(desk)
        phone.goto("/")
        expect(phone.locator("#assignments")).to_contain_text("At the pharmacy")
        phone.goto(f"/matches/{request.pk}/sessions/")
        expect(phone.locator(".notes")).to_contain_text("We practised asking for help at work.")
        phone.screenshot(path=str(artifacts_dir / "tutor-session-after.png"), full_page=True)
