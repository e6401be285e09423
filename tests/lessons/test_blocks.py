import re
from types import SimpleNamespace

from django.urls import reverse

import pytest

from lessons.blocks import LessonStreamBlock
from lessons.exercises import exercise_types
from tests.factories.lessons import VocabularyItemFactory, every_block

PAGE = SimpleNamespace(pk=7)
STREAM = LessonStreamBlock()


def render(kind: str, context: dict | None = None) -> tuple[str, str]:
    """Render the every_block() block of that type; return (html, block id)."""
    raw = next(block for block in every_block() if block["type"] == kind)
    child = STREAM.to_python([raw])[0]
    return child.render(context={"page": PAGE, **(context or {})}), child.id


def test_the_stream_offers_every_content_and_exercise_block():
    assert set(STREAM.child_blocks) == {"text", "dialogue", "image", "tip", "vocabulary"} | set(
        exercise_types()
    )


def test_every_struct_block_has_icon_label_and_template():
    for name, block in STREAM.child_blocks.items():
        assert block.meta.icon, name
        assert block.meta.label, name
        assert block.meta.template.startswith("lessons/blocks/"), name


@pytest.mark.parametrize("kind", exercise_types())
def test_each_exercise_form_posts_to_the_answer_url_with_a_feedback_region(kind):
    html, block_id = render(kind)
    url = reverse("progress:answer_exercise", kwargs={"page_id": 7, "block_id": block_id})
    assert f'action="{url}"' in html
    assert f'hx-post="{url}"' in html
    assert f'hx-target="#feedback-{block_id}"' in html
    assert f'<div id="feedback-{block_id}" class="exercise__feedback" aria-live="polite">' in html


def test_korean_text_is_marked_as_korean():
    assert '<p lang="ko">약국은 보통' in render("tip")[0]
    assert '<p class="dialogue__ko" lang="ko">무엇을 도와드릴까요?</p>' in render("dialogue")[0]
    assert (
        '<p class="exercise__prompt-ko" lang="ko">약은 어디에서 삽니까?</p>'
        in render("multiple_choice")[0]
    )


def test_a_dialogue_line_without_korean_shows_no_empty_korean_line():
    html = render("dialogue")[0]
    assert html.count('lang="ko"') == 1


def test_english_lines_have_a_speak_button_hidden_until_speech_is_available():
    html = render("dialogue")[0]
    assert '<button type="button" class="speak" data-speak="Can I help you?" hidden>' in html


def test_one_right_choice_renders_radios_and_several_render_checkboxes():
    assert 'type="radio" name="choice" value="0"' in render("multiple_choice")[0]
    raw = {
        "type": "multiple_choice",
        "value": {
            "prompt": "Which are fruit?",
            "choices": [{"text": "apple", "correct": True}, {"text": "pear", "correct": True}],
        },
    }
    html = STREAM.to_python([raw])[0].render(context={"page": PAGE})
    assert 'type="checkbox" name="choice" value="1"' in html


def test_every_gap_fill_blank_is_a_labelled_input():
    html = render("gap_fill")[0]
    assert re.search(r'name="blank-0"[^>]*aria-label="Blank 1"', html)
    assert re.search(r'name="blank-1"[^>]*aria-label="Blank 2"', html)
    assert "some" not in html and "medicine" not in html  # the key never reaches the page


def test_every_matching_select_has_a_label():
    html, block_id = render("matching")
    for i in range(2):
        assert f'<label for="match-{block_id}-{i}" lang="en">' in html
        assert f'id="match-{block_id}-{i}" name="match-{i}"' in html


def test_word_order_shows_the_words_shuffled_and_a_sentence_field():
    html, block_id = render("word_order")
    assert "Where is the pharmacy?" not in html
    assert f'<label for="sentence-{block_id}">' in html
    assert 'name="sentence"' in html


def test_dictation_plays_by_exercise_never_naming_its_text():
    html, block_id = render("dictation")
    assert "pharmacy is open" not in html  # the answer
    assert f'data-listen="/learn/lessons/7/exercises/{block_id}/listen/"' in html
    assert f'<label for="dictation-{block_id}">' in html


def test_minimal_pair_offers_both_words_in_an_order_that_hides_the_answer():
    html = render("minimal_pair")[0]
    assert "data-speak" not in html
    # "fan" is the answer and comes first in the block; the page lists alphabetically.
    assert html.index('value="fan"') < html.index('value="pan"')
    raw = {
        "type": "minimal_pair",
        "value": {"prompt": "?", "words": ["pan", "fan"], "answer": "pan", "contrast": "f/p"},
    }
    html = STREAM.to_python([raw])[0].render(context={"page": PAGE})
    assert html.index('value="fan"') < html.index('value="pan"')


def test_listen_and_choose_shows_its_choices_but_not_which_is_heard():
    html, block_id = render("listen_and_choose")
    assert 'name="choice" value="The pharmacy is close."' in html
    assert 'name="choice" value="The pharmacy is closed."' in html
    assert "data-speak" not in html
    assert html.count('class="speak listen') == 2  # normal and slow


def test_a_lesson_preview_speaks_the_draft_text_to_the_editor():
    html = render("dictation", {"request": SimpleNamespace(is_preview=True)})[0]
    assert 'data-speak="The pharmacy is open."' in html
    assert "data-listen" not in html


def test_a_preview_without_a_page_renders_a_form_with_no_answer_url():
    raw = next(block for block in every_block() if block["type"] == "dictation")
    html = STREAM.to_python([raw])[0].render(context={})
    assert 'action=""' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("preference", "north", "south"),
    [("north", True, False), ("south", False, True), ("both", True, True), (None, True, True)],
)
def test_the_vocabulary_list_shows_the_glosses_the_viewer_prefers(preference, north, south):
    item = VocabularyItemFactory(
        gloss_nk="손전화; 손전화기", gloss_sk="휴대 전화", sk_loanword="핸드폰"
    )
    context = {"vocabulary": [item]}
    if preference:
        context["gloss_preference"] = preference
    html = render("vocabulary", context)[0]
    assert ('<dd lang="ko">손전화, 손전화기</dd>' in html) is north
    assert ('<dd lang="ko">휴대 전화 (핸드폰)</dd>' in html) is south


@pytest.mark.django_db
def test_the_vocabulary_list_names_each_words_sound_traps():
    html = render("vocabulary", {"vocabulary": [VocabularyItemFactory(headword="verb")]})[0]
    assert '<span class="trap">v and b</span> <span class="trap">voiced last sound</span>' in html


def test_type_letter_shows_the_letter_big_with_a_phone_friendly_field():
    html = render("type_letter")[0]
    assert '<p class="big-letter" lang="en">B</p>' in html
    assert 'name="letter"' in html and 'autocapitalize="off"' in html
    assert 'autocorrect="off"' in html and "style=" not in html


def test_hear_letter_shows_its_letters_but_not_which_is_heard():
    html, block_id = render("hear_letter")
    assert re.findall(r'value="([A-Z])"', html) == ["B", "P", "V"]
    assert f"/listen/{block_id}" in html or "data-listen" in html
    assert "data-speak" not in html


def test_read_sign_shows_the_sign_styled_by_class_and_korean_choices():
    html = render("read_sign")[0]
    assert '<p class="sign" lang="en">EXIT</p>' in html
    assert '<span lang="ko">나가는 곳</span>' in html and "style=" not in html
