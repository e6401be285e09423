"""The text-to-speech engine and the MP3 encoder, behind one small interface.

An engine turns (text, speed) into 16-bit mono PCM at its own sample rate; it
is loaded once per process and never downloads anything (the voice ships
inside the package). `encode_mp3` compresses PCM for phones. Swap the engine
by naming another class with the same interface in the AUDIO_ENGINE setting;
the test settings name `ToneEngine`, a tone as long as the text, so that the
suite never waits for the real one.

Invariants: the same (text, speed) gives the same audio (the engine's noise
is seeded), so a rendered file never needs rendering again; output is peak
normalised to PEAK so that every item plays at one loudness.
"""

import math
import struct
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from lessons.exceptions import AudioError

MAX_TEXT_LENGTH = 500
PEAK = 0.89
MP3_BITRATE_KBPS = 48
MP3_QUALITY = 2  # LAME's 0 (best, slowest) .. 9; 2 is its recommended "high quality"


@dataclass(frozen=True)
class Speech:
    pcm: bytes  # 16-bit signed little-endian, mono
    sample_rate: int

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / self.sample_rate


class HibariEngine:
    """hibari-tts (Apache-2.0): a 7.9 MB distilled Kokoro voice, American English."""

    voice = "hibari-0.2-heart"
    sample_rate = 24_000

    def __init__(self):
        from hibari import Hibari

        self._tts = Hibari(threads=1)

    def pcm(self, text: str, *, speed: float) -> bytes:
        import numpy as np

        samples = self._tts(text, speed=speed, seed=0)
        peak = float(np.abs(samples).max()) if len(samples) else 0.0
        if peak > 0:
            samples = samples * (PEAK / peak)
        return (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()


class ToneEngine:
    """A stand-in for tests: a quiet 440 Hz tone, 60 ms per character."""

    voice = "tone"
    sample_rate = 16_000

    def pcm(self, text: str, *, speed: float) -> bytes:
        count = int(self.sample_rate * 0.06 * len(text) / speed)
        step = 2 * math.pi * 440 / self.sample_rate
        return b"".join(struct.pack("<h", int(8000 * math.sin(step * i))) for i in range(count))


@cache
def _engine(path: str):
    return import_string(path)()


def current_engine():
    return _engine(settings.AUDIO_ENGINE)


def voice() -> str:
    """The name stored with each rendering: changing engine or voice renders anew.

    Read from the class, so that a web process never loads the engine.
    """
    return import_string(settings.AUDIO_ENGINE).voice


def synthesize(text: str, *, speed: float = 1.0) -> Speech:
    text = " ".join(text.split())
    if not text:
        raise AudioError("There is no text to speak.")
    if len(text) > MAX_TEXT_LENGTH:
        raise AudioError(f"Text longer than {MAX_TEXT_LENGTH} characters is not spoken.")
    if not 0.5 <= speed <= 2.0:
        raise AudioError(f"Speed {speed} is outside 0.5 to 2.0.")
    engine = current_engine()
    return Speech(engine.pcm(text, speed=speed), engine.sample_rate)


def encode_mp3(speech: Speech) -> bytes:
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(MP3_BITRATE_KBPS)
    encoder.set_in_sample_rate(speech.sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(MP3_QUALITY)
    return bytes(encoder.encode(speech.pcm) + encoder.flush())
