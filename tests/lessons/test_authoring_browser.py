"""An editor writes a course and a lesson in the Wagtail admin; a moderator publishes it."""

import re

from wagtail.models import Collection

import pytest
from playwright.sync_api import expect
from wagtail_factories import ImageFactory

from lessons.models import LessonPage, VocabularyItem
from tests.factories.accounts import UserFactory
from tests.factories.courses import CourseIndexPageFactory
from tests.factories.lessons import WordPairFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "saebom-test-password"


@pytest.fixture
def newsroom():
    UserFactory(username="editor", groups=["Editors"])
    UserFactory(username="moderator", groups=["Moderators"])
    WordPairFactory(south_form="헬리콥터", north_form="직승기")
    WordPairFactory(south_form="헬리콥터", north_form="직승비행기")
    ImageFactory(title="Pharmacy counter", collection=Collection.get_first_root_node())
    return CourseIndexPageFactory(title="Courses", slug="courses")


def log_in(page, base: str, username: str):
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def add_vocabulary_item(
    page, base: str, *, headword: str, gloss_sk: str, gloss_nk: str = "", source: str = ""
):
    """Fill the snippet form; with no gloss_nk, accept the first North Korean suggestion
    (which records its Ministry pair as the source)."""
    page.goto(f"{base}/admin/snippets/lessons/vocabularyitem/add/")
    page.fill("#id_headword", headword)
    page.select_option("#id_part_of_speech", "noun")
    page.select_option("#id_cefr_level", "A1")
    page.fill("#id_gloss_sk", gloss_sk)
    if gloss_nk:
        page.fill("#id_gloss_nk", gloss_nk)
        page.select_option("#id_nk_status", "attested")
        page.fill("#id_nk_source", source)
    else:
        page.locator("button[data-north-form]").first.click()
    page.fill("#id_example_en", f"This is a {headword}.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"{base}/admin/snippets/lessons/vocabularyitem/")


def fill_title(page, title: str, *, slug: str):
    page.fill("#id_title", title)
    page.press("#id_title", "Tab")
    # The admin fills the slug from the title once the title field loses focus.
    expect(page.locator("#id_slug")).to_have_value(slug)


def save_draft(page) -> int:
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$"))
    assert not page.locator(".help-critical, .error-message").count(), page.content()
    return int(re.search(r"/pages/(\d+)/edit/", page.url)[1])


def submit_for_moderation(page):
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Moderators approval").click()
    page.wait_for_load_state()


def insert_block(page, label: str) -> str:
    """Append a block to the lesson body; return its field name prefix."""
    blocks = page.locator("[name^='body-'][name$='-type']:not([name*='-value-'])")
    index = blocks.count()
    page.locator("button[title='Insert a block']").last.click()
    page.get_by_role("option", name=label, exact=True).click()
    # The block renders asynchronously; the next insert counts blocks, so wait for it.
    expect(blocks).to_have_count(index + 1)
    return f"body-{index}"


def add_list_item(page, prefix: str):
    container = page.locator(f"[name='{prefix}-count']").locator("xpath=..")
    container.locator("[data-streamfield-list-add]").last.click()


def write_lesson_body(page):
    text = insert_block(page, "Text")
    page.locator(f"input[name='{text}-value']").locator("xpath=..").locator(
        "[contenteditable=true]"
    ).click()
    page.keyboard.type("People buy medicine at a pharmacy.")

    dialogue = insert_block(page, "Dialogue")
    page.fill(f"[name='{dialogue}-value-title']", "At the counter")
    page.fill(f"[name='{dialogue}-value-lines-0-value-speaker']", "Pharmacist")
    page.fill(f"[name='{dialogue}-value-lines-0-value-en']", "Can I help you?")
    page.fill(f"[name='{dialogue}-value-lines-0-value-ko']", "무엇을 도와드릴까요?")

    image = insert_block(page, "Image")
    block_id = page.input_value(f"[name='{image}-id']")
    page.locator(f"#block-{block_id}-section").get_by_role("button", name="Choose an image").click()
    page.locator(".modal").get_by_text("Pharmacy counter").first.click()
    page.fill(f"[name='{image}-value-alt']", "A pharmacy counter")

    tip = insert_block(page, "Tip")
    page.fill(f"[name='{tip}-value-ko']", "약국은 보통 저녁 아홉 시에 문을 닫습니다.")

    insert_block(page, "Vocabulary list")

    choice = insert_block(page, "Multiple choice")
    page.fill(f"[name='{choice}-value-prompt']", "Where do you buy medicine?")
    page.fill(f"[name='{choice}-value-choices-0-value-text']", "at a pharmacy")
    page.check(f"[name='{choice}-value-choices-0-value-correct']")
    add_list_item(page, f"{choice}-value-choices")
    page.fill(f"[name='{choice}-value-choices-1-value-text']", "at a bank")

    gap = insert_block(page, "Gap fill")
    page.fill(f"[name='{gap}-value-prompt']", "Fill in the blank.")
    page.fill(f"[name='{gap}-value-text']", "I need [[some|a little]] medicine.")

    matching = insert_block(page, "Matching pairs")
    page.fill(f"[name='{matching}-value-prompt']", "Match the words.")
    page.fill(f"[name='{matching}-value-pairs-0-value-left']", "pharmacy")
    page.fill(f"[name='{matching}-value-pairs-0-value-right']", "약국")
    add_list_item(page, f"{matching}-value-pairs")
    page.fill(f"[name='{matching}-value-pairs-1-value-left']", "bank")
    page.fill(f"[name='{matching}-value-pairs-1-value-right']", "은행")

    order = insert_block(page, "Word order")
    page.fill(f"[name='{order}-value-prompt']", "Put the words in order.")
    page.fill(f"[name='{order}-value-sentence']", "Where is the pharmacy?")

    dictation = insert_block(page, "Dictation")
    page.fill(f"[name='{dictation}-value-prompt']", "Listen and type.")
    page.fill(f"[name='{dictation}-value-text']", "The pharmacy is open.")

    pair = insert_block(page, "Minimal pair")
    page.fill(f"[name='{pair}-value-prompt']", "Which word do you hear?")
    page.fill(f"[name='{pair}-value-words-0-value']", "fan")
    add_list_item(page, f"{pair}-value-words")
    page.fill(f"[name='{pair}-value-words-1-value']", "pan")
    page.fill(f"[name='{pair}-value-answer']", "fan")
    page.select_option(f"[name='{pair}-value-contrast']", "f/p")


def choose_lesson_words(page, headwords: list[str]):
    for headword in headwords:
        page.get_by_role("button", name="Add word").click()
        page.get_by_role("button", name="Choose vocabulary item").last.click()
        page.locator(".modal").get_by_role("link", name=headword, exact=True).click()
        page.locator(".modal").wait_for(state="hidden")


def approve_and_publish(page, base: str, page_id: int):
    page.goto(f"{base}/admin/pages/{page_id}/edit/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish").click()
    page.wait_for_load_state()


def test_an_editor_writes_a_lesson_that_a_moderator_publishes(
    page, live_server, newsroom, artifacts_dir
):
    base = live_server.url
    try:
        log_in(page, base, "editor")
        add_vocabulary_item(page, base, headword="helicopter", gloss_sk="헬리콥터")
        add_vocabulary_item(
            page,
            base,
            headword="pharmacy",
            gloss_sk="약국",
            gloss_nk="약국; 약방",
            source="checked row: pharmacy",
        )
        helicopter = VocabularyItem.objects.get(headword="helicopter")
        assert helicopter.gloss_nk == "직승기" and helicopter.nk_status == "attested"
        assert helicopter.nk_source == "MOU pair 헬리콥터→직승기"

        page.goto(f"{base}/admin/pages/add/courses/coursepage/{newsroom.pk}/")
        fill_title(page, "First Steps", slug="first-steps")
        page.fill("#id_title_ko", "첫걸음")
        page.select_option("#id_cefr_min", "A1")
        page.select_option("#id_cefr_max", "A2")
        course_id = save_draft(page)
        submit_for_moderation(page)

        page.goto(f"{base}/admin/pages/add/lessons/lessonpage/{course_id}/")
        fill_title(page, "At the pharmacy", slug="at-the-pharmacy")
        page.fill("#id_title_ko", "약국에서")
        page.select_option("#id_cefr_level", "A1")
        page.fill("#id_objectives", "Ask for medicine.")
        choose_lesson_words(page, ["helicopter", "pharmacy"])
        write_lesson_body(page)
        lesson_id = save_draft(page)
        submit_for_moderation(page)

        lesson = LessonPage.objects.get(pk=lesson_id)
        assert not lesson.live
        assert lesson.current_workflow_state.status == "in_progress"

        log_in(page, base, "moderator")
        for page_id in (course_id, lesson_id):
            approve_and_publish(page, base, page_id)
        lesson.refresh_from_db()
        assert lesson.live and lesson.current_workflow_state is None

        page.context.clear_cookies()
        page.set_viewport_size({"width": 360, "height": 740})
        public = page.locator("main")
        prompts = (
            "Where do you buy medicine?",
            "Fill in the blank.",
            "Match the words.",
            "Put the words in order.",
            "Listen and type.",
            "Which word do you hear?",
        )
        for number, prompt in enumerate(prompts, 1):  # one exercise per step
            page.goto(base + lesson.step_url(number))
            assert public.get_by_role("heading", name=prompt).is_visible()
            assert public.locator("form[hx-post]").count() == 1
        page.goto(base + lesson.url)
        line = public.locator(".dialogue__en > span[lang=en]", has_text="Can I help you?")
        assert line.is_visible()
        assert public.get_by_role("button", name="Listen: Can I help you?").is_visible()
        assert public.locator("figure img[alt='A pharmacy counter']").count() == 1
        card = public.locator(".word-card", has_text="helicopter")
        assert card.locator(".gloss--north dd").inner_text() == "직승기"
        assert card.locator(".gloss--south dd").inner_text() == "헬리콥터"
        assert (
            public.locator(".word-card", has_text="pharmacy")
            .locator(".gloss--north dd")
            .inner_text()
            == "약국, 약방"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.screenshot(path=str(artifacts_dir / "authored-lesson-360.png"), full_page=True)
    except Exception:
        page.screenshot(path=str(artifacts_dir / "authoring-failure.png"), full_page=True)
        raise
