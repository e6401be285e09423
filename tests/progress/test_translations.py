"""The Korean catalogue is complete: every string in the sources is in it and
translated, nothing is fuzzy, and the committed .mo is the compiled .po."""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

import pytest

LOCALE = Path(settings.BASE_DIR) / "cms" / "locale"
PO = LOCALE / "ko" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
IGNORE = [".venv", "var", "tests", "benchmarks", "test-artifacts", "cms/locale"]


@pytest.fixture(scope="module")
def gettext_tools():
    for tool in ("msgfmt", "msgattrib", "msgcmp", "xgettext"):
        if shutil.which(tool) is None:
            pytest.fail(f"GNU gettext's {tool} is not installed (apt-get install gettext)")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, check=False)  # noqa: S603


def test_every_source_string_is_in_the_korean_catalogue(gettext_tools, tmp_path, monkeypatch):
    monkeypatch.chdir(settings.BASE_DIR)
    with override_settings(LOCALE_PATHS=[tmp_path]):
        call_command("makemessages", locale=["ko"], ignore_patterns=IGNORE, verbosity=0)
    fresh = tmp_path / "ko" / "LC_MESSAGES" / "django.po"
    result = run("msgcmp", str(PO), str(fresh))
    assert result.returncode == 0, result.stderr


def test_no_entry_is_untranslated_or_fuzzy(gettext_tools):
    untranslated = run("msgattrib", "--untranslated", "--no-obsolete", str(PO)).stdout
    fuzzy = run("msgattrib", "--only-fuzzy", "--no-obsolete", str(PO)).stdout
    assert untranslated == ""
    assert fuzzy == ""


def test_the_committed_mo_is_the_compiled_po(gettext_tools, tmp_path):
    compiled = tmp_path / "django.mo"
    result = run("msgfmt", "--check", "-o", str(compiled), str(PO))
    assert result.returncode == 0, result.stderr
    assert compiled.read_bytes() == MO.read_bytes()


def test_korean_words_a_north_korean_reader_knows():
    with translation.override("ko"):
        assert translation.gettext("words to review now") == "지금 복습할 단어"
        assert translation.gettext("Sign in") == "들어가기"
        assert "리뷰" not in MO.read_bytes().decode("utf-8", errors="ignore")
