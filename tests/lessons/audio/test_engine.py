import io

import pytest
from mutagen.mp3 import MP3

from lessons.audio import engine
from lessons.exceptions import AudioError


@pytest.fixture
def real_engine(settings):
    settings.AUDIO_ENGINE = "lessons.audio.engine.HibariEngine"
    yield engine.current_engine()


def mp3_info(data: bytes):
    return MP3(io.BytesIO(data)).info


def test_tone_engine_is_the_test_default():
    assert engine.voice() == "tone"
    assert engine.synthesize("cat").seconds == pytest.approx(0.18)


def test_slow_speech_lasts_longer():
    assert engine.synthesize("cat", speed=0.75).seconds > engine.synthesize("cat").seconds


@pytest.mark.parametrize(
    ("text", "speed", "message"),
    [("   ", 1.0, "no text"), ("a" * 501, 1.0, "longer than 500"), ("cat", 3.0, "outside")],
)
def test_unspeakable_input_is_refused_with_a_reason(text, speed, message):
    with pytest.raises(AudioError, match=message):
        engine.synthesize(text, speed=speed)


def test_mp3_is_valid_mono_audio_of_the_speech_length():
    speech = engine.synthesize("The pharmacy is open.")
    info = mp3_info(engine.encode_mp3(speech))
    assert info.channels == 1
    assert info.bitrate == engine.MP3_BITRATE_KBPS * 1000
    assert info.length == pytest.approx(speech.seconds, abs=0.15)


def test_real_engine_speaks_a_sentence_at_a_plausible_length(real_engine):
    speech = engine.synthesize("Where is the nearest hospital?")
    slow = engine.synthesize("Where is the nearest hospital?", speed=0.75)
    assert real_engine.voice.startswith("hibari")
    assert 1.2 < speech.seconds < 4.0
    assert slow.seconds > speech.seconds * 1.2
    info = mp3_info(engine.encode_mp3(speech))
    assert info.sample_rate == 24_000
    assert info.length == pytest.approx(speech.seconds, abs=0.15)


def test_real_engine_is_deterministic_and_normalised(real_engine):
    first, second = engine.synthesize("think"), engine.synthesize("think")
    assert first.pcm == second.pcm
    peak = max(
        abs(int.from_bytes(first.pcm[i : i + 2], "little", signed=True))
        for i in range(0, len(first.pcm), 2)
    )
    assert peak == pytest.approx(engine.PEAK * 32767, rel=0.01)
