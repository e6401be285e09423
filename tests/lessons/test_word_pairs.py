from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from lessons.models import WordPair
from lessons.word_pairs import load_word_pairs, parse_word_pairs

pytestmark = pytest.mark.django_db

GOOD = "\ufeffsouth_form,north_form\n헬리콥터,직승기\n헬리콥터,직승비행기\n주차장,차마당\n"


@pytest.fixture
def csv_file(tmp_path):
    def write(text: str):
        path = tmp_path / "pairs.csv"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_loading_twice_adds_the_pairs_once(csv_file):
    path = csv_file(GOOD)
    first = load_word_pairs(path=path)
    second = load_word_pairs(path=path)
    assert (first.read, first.created) == (3, 3)
    assert (second.read, second.created) == (3, 0)
    assert WordPair.objects.north_forms_for("헬리콥터") == ["직승기", "직승비행기"]


def test_a_malformed_row_names_its_line_and_changes_nothing(csv_file):
    load_word_pairs(path=csv_file(GOOD))
    bad = csv_file("south_form,north_form\n노트북,휴대용콤퓨터\n원룸,\n")
    with pytest.raises(ValidationError, match="line 3"):
        load_word_pairs(path=bad)
    assert WordPair.objects.count() == 3
    assert not WordPair.objects.filter(south_form="노트북").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("south,north\n가,나\n", "line 1: the header"),
        ("south_form,north_form\n가,나,다\n", "line 2: expected 2 columns"),
        ("south_form,north_form\n가,나\n" + "가" * 101 + ",나\n", "line 3: a form is longer"),
    ],
)
def test_parse_rejects_bad_files_with_the_line(text, message):
    with pytest.raises(ValidationError, match=message):
        parse_word_pairs(text.splitlines(keepends=True))


def test_the_command_reports_counts(csv_file, capsys):
    call_command("load_word_pairs", str(csv_file(GOOD)))
    assert "3 pairs read, 3 new." in capsys.readouterr().out


def test_the_command_turns_a_bad_file_into_a_clear_error(csv_file, tmp_path):
    with pytest.raises(CommandError, match="line 2: both forms are required"):
        call_command("load_word_pairs", str(csv_file("south_form,north_form\n,직승기\n")))
    with pytest.raises(CommandError, match="missing.csv"):
        call_command("load_word_pairs", str(tmp_path / "missing.csv"))
