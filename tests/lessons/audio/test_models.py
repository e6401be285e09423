from django.db import IntegrityError

import pytest

from lessons.audio.models import NORMAL, SLOW, SpokenText, spoken_key


def spoken(text, speed=NORMAL, voice="tone"):
    return SpokenText.objects.create(
        key=spoken_key(text, voice=voice, speed=speed),
        text=text,
        voice=voice,
        speed=speed,
        audio=f"audio/{text}.mp3",
        duration_ms=500,
        size=100,
    )


def test_key_depends_on_text_voice_and_speed_but_not_spacing():
    key = spoken_key("the cat", voice="tone", speed=NORMAL)
    assert key == spoken_key("  the   cat ", voice="tone", speed=1)
    assert key != spoken_key("the cat", voice="tone", speed=SLOW)
    assert key != spoken_key("the cat", voice="other", speed=NORMAL)
    assert key != spoken_key("the cats", voice="tone", speed=NORMAL)


@pytest.mark.django_db
def test_a_text_is_stored_once_per_voice_and_speed():
    spoken("cat")
    with pytest.raises(IntegrityError):
        spoken("cat")


@pytest.mark.django_db
def test_for_texts_finds_both_speeds_of_the_voice_in_one_query(django_assert_num_queries):
    cat, slow_cat = spoken("cat"), spoken("cat", SLOW)
    spoken("cat", voice="other")
    with django_assert_num_queries(1):
        found = SpokenText.objects.for_texts(["cat ", "dog"], voice="tone")
    assert found == {("cat", NORMAL): cat, ("cat", SLOW): slow_cat}


def test_media_name_is_flat_and_derived_from_the_key():
    text = SpokenText(key="ab" * 32)
    assert text.media_name == "saebom_" + "ab" * 10 + ".mp3"
