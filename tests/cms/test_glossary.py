"""docs/glossary.md holds the site to one Korean word per concept.

Every msgstr of our catalogue, the Korean written straight into templates, and
the Django and allauth translations of the strings learners meet on the
account pages must use no word from the glossary's "never use" column, and a
South Korean word may appear only in brackets after ours, as in 손전화(휴대전화).
"""

import ast
import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.utils.translation import trans_real

import allauth
import pytest

BASE = Path(settings.BASE_DIR)
GLOSSARY = BASE / "docs" / "glossary.md"
MO = BASE / "cms" / "locale" / "ko" / "LC_MESSAGES" / "django.mo"
ALLAUTH_PO = Path(allauth.__file__).parent / "locale" / "ko" / "LC_MESSAGES" / "django.po"
DJANGO = Path(django.__file__).parent
DJANGO_MOS = [
    DJANGO / "conf" / "locale" / "ko" / "LC_MESSAGES" / "django.mo",
    DJANGO / "contrib" / "auth" / "locale" / "ko" / "LC_MESSAGES" / "django.mo",
]
# allauth's Python modules whose strings reach the sign-in, sign-up and password pages.
ALLAUTH_MODULES = ("account/adapter.py", "account/forms.py", "account/fields.py")
# Sign-in by phone, passkey or e-mailed code is switched off on this site.
ALLAUTH_UNUSED = ("phone", "passkey", "login_code")
APPS = ("accounts", "cms", "courses", "hub", "lessons", "progress")
TEMPLATE_DIRS = [BASE / name for name in APPS]


@dataclass(frozen=True)
class Row:
    concept: str
    ours: str
    never: tuple[str, ...]
    gloss: str  # the South Korean word allowed only as "ours(gloss)", or ""


def read_glossary(text: str) -> list[Row]:
    rows = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 5 or set(cells[1]) <= {"-", " "}:
            continue
        concept, ours, never, glossed, _why = cells
        if concept == "concept (English)":
            continue
        words = tuple(word.strip() for word in never.split(",") if word.strip() not in {"", "—"})
        match = re.fullmatch(r"(.+)\((.+)\)", glossed)
        rows.append(Row(concept, ours, words, match.group(2) if match else ""))
    return rows


def breaches(translations: dict, rows: list[Row]) -> list[tuple[str, str]]:
    """(msgid, offending word) for every translation that breaks the glossary."""
    found = []
    for msgid, text in translations.items():
        for row in rows:
            found += [(str(msgid), word) for word in row.never if word in text]
            if row.gloss and row.gloss in text.replace(f"{row.ours}({row.gloss})", ""):
                found.append((str(msgid), row.gloss))
    return found


def read_mo(path: Path) -> dict:
    with path.open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog
    return {msgid: text for msgid, text in catalogue.items() if msgid}


def po_entries(path: Path):
    """(references, msgid) of each entry of a .po file."""
    references, msgid, field = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if msgid:
                yield references, msgid
            references, msgid, field = [], None, None
        elif line.startswith("#:"):
            references += [place.rsplit(":", 1)[0] for place in line[2:].split()]
        elif line.startswith("msgid "):
            msgid, field = ast.literal_eval(line[6:]), "msgid"
        elif line.startswith("msg"):
            field = None
        elif line.startswith('"') and field == "msgid":
            msgid += ast.literal_eval(line)


def learner_sees(reference: str, our_templates: set[str]) -> bool:
    if reference.startswith(ALLAUTH_MODULES):
        return True
    template = reference.removeprefix("templates/")
    return (
        reference.startswith("templates/account/")
        and template not in our_templates
        and not any(word in template for word in ALLAUTH_UNUSED)
    )


def effective_korean(msgids) -> dict:
    """What learners read for these msgids: ours where our catalogue has them."""
    catalogue = trans_real.translation("ko")._catalog
    known = set(catalogue.keys())
    return {msgid: catalogue[msgid] for msgid in msgids if msgid in known}


@pytest.fixture(scope="module")
def rows():
    return read_glossary(GLOSSARY.read_text(encoding="utf-8"))


def test_the_glossary_names_the_house_words(rows):
    ours = {row.concept: row.ours for row in rows}
    assert ours["password"] == "비밀번호"
    assert ours["e-mail address"] == "이메일 주소"
    assert ours["user name"] == "사용자 이름"
    assert ours["the learner's own language"] == "우리말"
    assert {"암호", "련습", "조선말", "마감 지난 단어"} <= {w for row in rows for w in row.never}


def test_our_catalogue_uses_the_glossary_words(rows):
    assert breaches(read_mo(MO), rows) == []


def test_korean_written_into_templates_uses_the_glossary_words(rows):
    templates = [path for folder in TEMPLATE_DIRS for path in folder.rglob("templates/**/*.*")]
    assert len(templates) > 50
    texts = {str(path.relative_to(BASE)): path.read_text(encoding="utf-8") for path in templates}
    assert breaches(texts, rows) == []


def test_django_and_allauth_strings_on_the_account_pages_use_the_glossary_words(rows):
    ours = {
        str(path.relative_to(BASE / "cms" / "templates"))
        for path in (BASE / "cms" / "templates" / "account").rglob("*.*")
    }
    allauth_msgids = {
        msgid
        for references, msgid in po_entries(ALLAUTH_PO)
        if any(learner_sees(reference, ours) for reference in references)
    }
    assert {"Username", "Password", "Remember Me"} <= allauth_msgids
    django_msgids = {msgid for mo in DJANGO_MOS for msgid in read_mo(mo)}
    korean = effective_korean(allauth_msgids | django_msgids)
    assert korean["Username"] == "사용자 이름"
    assert breaches(korean, rows) == []


def test_a_new_msgstr_with_a_never_word_is_caught(rows, tmp_path):
    if shutil.which("msgfmt") is None:
        pytest.fail("GNU gettext's msgfmt is not installed (apt-get install gettext)")
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Password"\nmsgstr "암호"\n\n'
        'msgid "Phone"\nmsgstr "휴대전화"\n\n'
        'msgid "Your phone"\nmsgstr "내 손전화(휴대전화)"\n',
        encoding="utf-8",
    )
    mo = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=True)  # noqa: S603, S607
    assert breaches(read_mo(mo), rows) == [("Password", "암호"), ("Phone", "휴대전화")]


def test_the_table_is_read_cell_by_cell():
    table = (
        "| concept (English) | our word | never use | South Korean word, glossed | why |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| mobile phone | 손전화 | 핸드폰, 폰 | 손전화(휴대전화) | known |\n"
        "| recording | 녹음 | — | — | plain |\n"
    )
    assert read_glossary(table) == [
        Row("mobile phone", "손전화", ("핸드폰", "폰"), "휴대전화"),
        Row("recording", "녹음", (), ""),
    ]
