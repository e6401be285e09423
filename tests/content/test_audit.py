"""content.audit: the North Korean form checks, on small inputs and on the shipped curriculum."""

import os
from io import StringIO
from pathlib import Path

from django.core.management import call_command

import pytest

from content.audit import (
    AuditItem,
    References,
    audit,
    audit_items,
    read_references,
    sister_spellings,
    summary,
)
from content.initial_sounds import southern_spelling
from content.schema import read_curriculum

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "content" / "data"
PAIRS, CHECKED = "mou_south_north_word_pairs.csv", "nk_vocab_gaps.csv"
REFS = References(
    pairs={
        "노선": frozenset({"로선"}),
        "노인": frozenset({"로인"}),
        "연구": frozenset({"련구"}),
        "계좌": frozenset({"돈자리"}),
    },
    checked={"juice": frozenset({"단물"})},
)


def item(english, south, north, status="attested", source="", *, key=None):
    return AuditItem(key or english, english, tuple(south), tuple(north), status, source)


def kinds(items):
    return sorted(finding.kind for finding in audit(items, REFS))


@pytest.mark.parametrize(
    ("north", "south"),
    [("로선", "노선"), ("료금", "요금"), ("리력서", "이력서"), ("례의", "예의"), ("녀자", "여자")],
)
def test_the_southern_spelling_drops_the_initial_sound(north, south):
    assert southern_spelling(north) == south


def test_native_words_and_other_vowels_keep_their_spelling():
    assert [southern_spelling(w) for w in ("나라", "노래", "우유", "")] == [
        "나라",
        "노래",
        "우유",
        "",
    ]


def test_a_pair_or_checked_row_attests_a_different_form():
    juice = item("juice", ["주스"], ["단물"], source="checked row: juice")
    route = item("route", ["노선"], ["로선"], source="MOU pair 노선→로선; sense confirmed: 路線")
    assert kinds([juice, route]) == []


def test_a_different_form_without_attestation_is_reported():
    assert kinds([item("juice", ["주스"], ["과일물"], "shared", "reason")]) == ["unattested"]
    assert kinds([item("juice", ["주스"], ["과일물"], source="checked row: juice")]) == [
        "unattested"
    ]


def test_a_south_form_the_pairs_change_is_a_conflict():
    found = audit([item("line", ["노선"], ["노선"], "shared", "a reason")], REFS)
    assert [f.kind for f in found] == ["conflict", "initial_sound"]
    assert "노선→로선" in found[0].message


def test_a_rejected_pair_of_another_word_is_no_conflict():
    note = "https://example.org ; pair rejected: 연구→련구 (聯句, linked verse)"
    assert kinds([item("research", ["연구"], ["연구"], source=note)]) == []
    unmarked = item("research", ["연구"], ["연구"], source="https://example.org")
    assert kinds([unmarked]) == ["conflict", "initial_sound"]


def test_the_same_morpheme_with_and_without_the_initial_sound_is_reported():
    route = item("route", ["노선"], ["로선"], source="MOU pair 노선→로선; sense confirmed: 路線")
    line = item("line", ["선"], ["노선도"], "shared", "a reason")
    found = sister_spellings([route, line])
    assert len(found) == 1 and "로선" in found[0].message and "노선" in found[0].message


def test_north_spellings_of_loanwords_are_no_sister_morphemes():
    rotary = AuditItem(
        "roundabout", "roundabout", ("로터리",), ("로타리",), "attested", "s", loanword="로터리"
    )
    no_tie = AuditItem(
        "shirt", "shirt", ("노타이셔츠",), ("노타이샤쯔",), "attested", "s", loanword="노타이"
    )
    assert sister_spellings([rotary, no_tie]) == []
    # The same two words claimed as Sino-Korean (no loanword) are one morpheme spelled twice.
    assert (
        len(sister_spellings([item("a", ["로터리"], ["로타리"]), item("b", ["노타"], ["노타"])]))
        == 1
    )


def test_a_southern_spelling_inside_a_longer_word_is_reported():
    seat = item("priority seat", ["노인석"], ["노인석"], "shared", "a reason")
    assert kinds([seat]) == ["initial_sound"]


def test_shared_by_rule_does_not_cover_a_possible_southern_spelling():
    rule = "shared by rule: the Ministry pairs list no other North form"
    assert kinds([item("name", ["이름"], ["이름"], "shared", rule)]) == ["initial_sound"]
    assert kinds([item("friend", ["친구"], ["친구"], "shared", rule)]) == []
    assert kinds([item("name", ["이름"], ["이름"], "shared", "https://example.org")]) == []


def test_a_pair_matched_on_hangul_alone_is_a_homograph_risk_until_confirmed():
    account = item("account", ["계좌"], ["돈자리"], source="MOU pair 계좌→돈자리")
    assert kinds([account]) == ["homograph"]
    confirmed = item(
        "account", ["계좌"], ["돈자리"], source="MOU pair 계좌→돈자리; sense confirmed: x"
    )
    cited = item(
        "account", ["계좌"], ["돈자리"], source="MOU pair 계좌→돈자리; https://example.org"
    )
    assert kinds([confirmed, cited]) == []


def test_an_unverified_item_claims_nothing():
    assert kinds([item("line", ["노선"], [], "unverified")]) == []


def test_a_note_that_shows_an_unverified_north_form_is_reported():
    def socks(note):
        return AuditItem("socks", "socks", ("양말",), (), "unverified", "", ("량말",), note)

    assert kinds([socks("북에서는 '량말'이라고 씁니다.")]) == ["note"]
    assert kinds([socks("남에서는 '양말'이라고 합니다.")]) == []
    account = AuditItem(
        "bank account",
        "bank account",
        ("은행 계좌",),
        (),
        "unverified",
        "",
        ("돈자리",),
        "북에서는 '계좌'를 '돈자리'라고 합니다.",
    )
    assert kinds([account]) == []


def test_the_summary_counts_statuses_and_findings():
    items = [item("line", ["노선"], ["노선"], "shared", "r"), item("x", ["가"], [], "unverified")]
    line = summary(items, audit(items, REFS))
    assert line == (
        "2 items: 0 attested, 1 shared, 1 unverified; findings: 0 unattested, 1 conflict, "
        "1 initial-sound, 0 homograph, 0 note"
    )


def test_references_are_read_and_unconfirmed_rows_support_nothing(tmp_path):
    pairs, checked = tmp_path / "pairs.csv", tmp_path / "checked.csv"
    pairs.write_text("south_form,north_form\n노선,로선\n노선,선로\n", encoding="utf-8")
    checked.write_text(
        "english,sk_form,nk_form,gap_type,domain,confirmed,source\n"
        "ice cream,아이스크림,얼음과자; 에스키모 (older: 얼음보숭이),x,food,yes,s\n"
        "remote control,리모컨,(not found in sources),x,home,unconfirmed,s\n",
        encoding="utf-8",
    )
    refs = read_references(pairs, checked)
    assert refs.pairs["노선"] == {"로선", "선로"}
    assert refs.checked == {"ice cream": {"얼음과자", "에스키모"}}


# --- the shipped curriculum -------------------------------------------------------


@pytest.fixture(scope="module")
def reference_dir() -> Path:
    """The shared reference folder: $NK_REFERENCE_DIR, else shared/reference beside the clone."""
    folder = Path(os.environ.get("NK_REFERENCE_DIR") or ROOT.parent / "shared" / "reference")
    for name in (PAIRS, CHECKED):
        if not (folder / name).is_file():
            pytest.skip(f"reference file missing: {folder / name}")
    return folder


def test_the_shipped_curriculum_passes_the_audit(reference_dir):
    items = audit_items(read_curriculum(DATA))
    findings = audit(items, read_references(reference_dir / PAIRS, reference_dir / CHECKED))
    assert [f"{f.kind}: {f.key}: {f.message}" for f in findings] == []


def test_the_command_prints_the_summary_line(reference_dir):
    out = StringIO()
    call_command(
        "audit_north_forms",
        "--pairs",
        str(reference_dir / PAIRS),
        "--checked",
        str(reference_dir / CHECKED),
        stdout=out,
    )
    statuses = [entry.data["nk_status"] for entry in read_curriculum(DATA).vocabulary]
    expected = (
        f"{len(statuses)} items: {statuses.count('attested')} attested, "
        f"{statuses.count('shared')} shared, {statuses.count('unverified')} unverified; "
        "findings: 0 unattested, 0 conflict, 0 initial-sound, 0 homograph, 0 note"
    )
    assert out.getvalue().strip().splitlines()[-1] == expected
