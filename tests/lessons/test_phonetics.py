import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.phonetics import (
    SOUND_TRAPS,
    VOICED_OBSTRUENTS,
    VOWELS,
    ipa_for,
    is_minimal_pair,
    sound_traps,
    traps_for_phones,
)

CONSONANTS = [
    "B",
    "CH",
    "D",
    "DH",
    "F",
    "G",
    "HH",
    "JH",
    "K",
    "L",
    "M",
    "N",
    "NG",
    "P",
    "R",
    "S",
    "SH",
    "T",
    "TH",
    "V",
    "W",
    "Y",
    "Z",
    "ZH",
]
VOWEL_PHONES = [vowel + stress for vowel in VOWELS for stress in "012"]
phones = st.lists(st.sampled_from(CONSONANTS + VOWEL_PHONES), min_size=1, max_size=10)
# Korean-friendly consonants: none of them is a trap on its own.
SAFE = ["CH", "HH", "K", "M", "N", "S", "SH", "T", "W", "Y"]


def test_each_contrast_comes_from_its_phones():
    assert traps_for_phones(["F", "AE1", "N"]) == {"f/p"}
    assert traps_for_phones(["P", "AE1", "N"]) == set()  # ㅍ carries /p/
    assert traps_for_phones(["B", "EH1", "T"]) == set()
    assert traps_for_phones(["V", "EH1", "T"]) == {"v/b"}
    assert traps_for_phones(["R", "AY1", "S"]) == {"r/l"}
    assert traps_for_phones(["TH", "IH1", "NG", "K"]) == {"th", "cluster"}
    assert traps_for_phones(["DH", "IH1", "S"]) == {"th"}
    assert traps_for_phones(["Z", "UW1"]) == {"z/j"}
    assert traps_for_phones(["JH", "AA1", "T"]) == set()  # ㅈ carries /dʒ/
    assert traps_for_phones(["M", "EH1", "ZH", "ER0"]) == {"z/j"}


def test_clusters_count_at_either_edge_but_not_in_the_middle():
    assert "cluster" in traps_for_phones(["S", "T", "AA1", "P"])
    assert "cluster" in traps_for_phones(["M", "IH1", "N", "T"])
    assert "cluster" not in traps_for_phones(["M", "AH1", "N", "K", "IY0"])


def test_final_voicing_needs_a_voiced_obstruent_at_the_very_end():
    assert "final_voicing" in traps_for_phones(["B", "AE1", "G"])
    assert "final_voicing" not in traps_for_phones(["B", "AE1", "K"])
    assert "final_voicing" not in traps_for_phones(["B", "AE1", "G", "IY0"])


def test_words_from_the_cmu_dictionary():
    assert sound_traps("fifth") == {"f/p", "th", "cluster"}
    assert sound_traps("judge") == {"final_voicing"}
    assert sound_traps("hello") == {"r/l"}
    assert sound_traps("Mississippi") == set()
    assert sound_traps("zip") == {"z/j"}
    assert sound_traps("proud") == {"r/l", "cluster", "final_voicing"}


def test_a_text_unites_the_traps_of_its_words_and_ignores_unknown_words():
    assert sound_traps("fan bag") == sound_traps("fan") | sound_traps("bag")
    assert sound_traps("qwzxv") == frozenset()
    assert sound_traps("") == frozenset()


def test_ipa_comes_from_the_cmu_dictionary_between_slashes():
    assert ipa_for("pharmacy") == "/ˈfɑɹməsi/"
    assert ipa_for("credit score") == "/ˈkɹɛdət skɔɹ/"
    assert ipa_for("fan") == "/fæn/"


def test_ipa_is_empty_when_any_word_is_missing():
    assert ipa_for("pharmacy qwzxv") == ""
    assert ipa_for("") == ""


@given(phones)
def test_traps_are_always_known_values(word):
    assert traps_for_phones(word) <= set(SOUND_TRAPS)


@given(phones)
def test_stress_digits_do_not_change_the_traps(word):
    assert traps_for_phones(word) == traps_for_phones([p.rstrip("012") for p in word])


@given(st.lists(st.sampled_from(SAFE + VOWEL_PHONES), min_size=1, max_size=10))
def test_words_of_korean_friendly_sounds_without_clusters_have_no_traps(word):
    bare = [p.rstrip("012") for p in word]
    edges = (bare[:2], bare[-2:])
    has_cluster = any(len(edge) == 2 and not set(edge) & set(VOWELS) for edge in edges)
    assert traps_for_phones(word) == ({"cluster"} if has_cluster else set())


@given(phones, st.sampled_from(sorted(VOICED_OBSTRUENTS)))
def test_ending_in_a_voiced_obstruent_is_always_final_voicing(word, last):
    assert "final_voicing" in traps_for_phones([*word, last])


@given(phones, phones)
def test_a_trap_inside_a_word_survives_any_surrounding_phones(before, after):
    assert "f/p" in traps_for_phones([*before, "F", *after])


@pytest.mark.parametrize(
    ("first", "second", "contrast"),
    [
        ("think", "sink", "th"),
        ("free", "three", "th"),
        ("raise", "rage", "z/j"),
        ("vest", "best", "v/b"),
        ("glue", "grew", "r/l"),
        ("rice", "rise", "final_voicing"),
        ("closed", "close", "cluster"),
        ("crowded", "clouded", "r/l"),  # the unstressed vowels of -ed count alike
    ],
)
def test_true_minimal_pairs(first, second, contrast):
    assert is_minimal_pair(first, second, contrast)


@pytest.mark.parametrize(
    ("first", "second", "contrast"),
    [
        ("gloves", "globes", "v/b"),  # the vowel differs too
        ("fan", "pan", "r/l"),  # a pair, but not for this contrast
        ("bag", "big", "final_voicing"),  # one sound apart, but not the last one
    ],
)
def test_not_minimal_pairs(first, second, contrast):
    assert is_minimal_pair(first, second, contrast) is False


def test_a_word_missing_from_the_dictionary_cannot_be_checked():
    assert is_minimal_pair("saebom", "fan", "f/p") is None
