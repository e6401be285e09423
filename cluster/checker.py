"""After a load test: does the database hold exactly what was sent?

- Reviews: every answer the site acknowledged (a redirect) is in ReviewLog, once per
  idempotency key and with the rating sent (lost, doubled, wrong rating); no web log
  of a load learner carries a key that was never sent (unknown). An answer cut off
  by the client's timeout may or may not have arrived: it counts once if its retry
  was acknowledged.
- Cards: each reviewed card equals the replay of its logs (`progress.memory.replay`,
  the one replay) with its learner's scheduler settings, stability and difficulty
  to `progress.replaying.TOLERANCE` (an Anki import replays through fsrs-rs).
- Reminders: each learner was reminded exactly once today: one marker, one in-app
  notification and one mail in the sink.
- Uploads: each acknowledged upload was imported (status done), no learner has
  more imports than uploads acknowledged, and each uploader holds the package's
  answers exactly once (a learner who sent none holds none).

`judge` compares a journal with facts read from the database and is pure; `gather`
reads the facts.

    python -m cluster.checker ACCOUNTS_FILE JOURNAL MAIL_FOLDER [--wait SECONDS]
"""

import argparse
import json
import math
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .mailsink import mails_by_recipient

IMPORT_WAIT = 120  # seconds the imports queued during the run have to finish


@dataclass
class Facts:
    logs: dict[str, list[int]]  # idempotency key -> ratings of the web logs holding it
    cards_checked: int
    card_mismatches: list[int]
    reminders: dict[str, tuple[int, int, int]]  # learner -> (markers, notifications, mails)
    imports: dict[int, tuple[str, str]]  # import id -> (learner, status)
    anki_logs: dict[str, int] = field(default_factory=dict)  # learner -> Anki reviews held


@dataclass
class Findings:
    reviews_acknowledged: int = 0
    reviews_unacknowledged: int = 0
    lost: list[str] = field(default_factory=list)
    doubled: list[str] = field(default_factory=list)
    wrong_rating: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    cards_checked: int = 0
    card_mismatches: list[int] = field(default_factory=list)
    learners_reminded_once: int = 0
    reminders_missing: list[str] = field(default_factory=list)
    reminders_doubled: list[str] = field(default_factory=list)
    uploads_acknowledged: int = 0
    uploads_not_imported: list[int] = field(default_factory=list)
    uploads_doubled: list[str] = field(default_factory=list)
    anki_reviews_wrong: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        problems = (self.lost, self.doubled, self.wrong_rating, self.unknown, self.card_mismatches)
        more = (self.reminders_missing, self.reminders_doubled, self.uploads_not_imported)
        uploads = (self.uploads_doubled, self.anki_reviews_wrong)
        return not any((*problems, *more, *uploads))

    def summary(self) -> dict:
        counted = {k: len(v) if isinstance(v, list) else v for k, v in asdict(self).items()}
        return {**counted, "ok": self.ok}


def read_journal(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def judge(journal: list[dict], facts: Facts, *, learners: list[str]) -> Findings:
    findings = Findings(cards_checked=facts.cards_checked, card_mismatches=facts.card_mismatches)
    judge_reviews([e for e in journal if e["kind"] == "review"], facts.logs, findings)
    judge_reminders(facts.reminders, learners, findings)
    uploads = [e for e in journal if e["kind"] == "upload"]
    judge_uploads(uploads, facts.imports, findings)
    judge_anki_reviews(uploads, facts.anki_logs, findings)
    return findings


def judge_reviews(sent: list[dict], logs: dict[str, list[int]], findings: Findings) -> None:
    ratings = {entry["key"]: entry["rating"] for entry in sent}
    acknowledged = {entry["key"] for entry in sent if entry["acknowledged"]}
    findings.reviews_acknowledged = len(acknowledged)
    findings.reviews_unacknowledged = len(set(ratings) - acknowledged)
    findings.lost = sorted(key for key in acknowledged if not logs.get(key))
    findings.doubled = sorted(key for key, found in logs.items() if len(found) > 1)
    findings.wrong_rating = sorted(
        key for key, found in logs.items() if key in ratings and set(found) != {ratings[key]}
    )
    findings.unknown = sorted(set(logs) - set(ratings))


def judge_reminders(reminders, learners: list[str], findings: Findings) -> None:
    for learner in learners:
        counts = reminders.get(learner, (0, 0, 0))
        if counts == (1, 1, 1):
            findings.learners_reminded_once += 1
        elif max(counts) > 1:
            findings.reminders_doubled.append(learner)
        else:
            findings.reminders_missing.append(learner)


def judge_uploads(sent: list[dict], imports: dict[int, tuple[str, str]], findings) -> None:
    acknowledged = [entry for entry in sent if entry["import_id"] is not None]
    findings.uploads_acknowledged = len(acknowledged)
    findings.uploads_not_imported = sorted(
        entry["import_id"]
        for entry in acknowledged
        if imports.get(entry["import_id"], ("", ""))[1] != "done"
    )
    per_learner = Counter(entry["learner"] for entry in acknowledged)
    held = Counter(learner for learner, _status in imports.values())
    findings.uploads_doubled = sorted(name for name, n in held.items() if n > per_learner[name])


def judge_anki_reviews(sent: list[dict], anki_logs: dict[str, int], findings) -> None:
    expected = {entry["learner"]: entry["reviews"] for entry in sent if entry["import_id"]}
    learners = set(expected) | set(anki_logs)
    findings.anki_reviews_wrong = sorted(
        name for name in learners if anki_logs.get(name, 0) != expected.get(name, 0)
    )


def gather(learners: list[str], mail_folder: Path) -> Facts:
    """What the database (and the mail sink) holds for the load learners."""
    from django.db.models import Count

    from progress.models import AnkiImport, ReviewLog

    logs: dict[str, list[int]] = defaultdict(list)
    web = ReviewLog.objects.filter(learner__username__in=learners, external_id__startswith="web-")
    for external_id, rating in web.values_list("external_id", "rating"):
        logs[external_id.removeprefix("web-")].append(rating)
    checked, mismatches = replay_mismatches(learners)
    rows = AnkiImport.objects.filter(learner__username__in=learners)
    rows = rows.values_list("pk", "learner__username", "status")
    imports = {pk: (name, status) for pk, name, status in rows}
    anki = ReviewLog.objects.filter(learner__username__in=learners, source=ReviewLog.Source.ANKI)
    anki_logs = dict(anki.values_list("learner__username").annotate(n=Count("pk")))
    reminders = reminders_of(learners, mail_folder)
    return Facts(dict(logs), checked, mismatches, reminders, imports, anki_logs)


def replay_mismatches(learners: list[str]) -> tuple[int, list[int]]:
    """How many reviewed cards were replayed, and the ids of those that differ."""
    from accounts.models import LearnerProfile
    from progress import memory
    from progress.models import ReviewCard, ReviewLog
    from progress.scheduler import Review

    histories = defaultdict(list)
    logs = ReviewLog.objects.filter(learner__username__in=learners)
    for card_id, rating, moment in logs.values_list("card_id", "rating", "reviewed_at"):
        histories[card_id].append(Review(rating, moment))
    profiles = {p.user_id: p for p in LearnerProfile.objects.filter(user__username__in=learners)}
    mismatches = []
    for card in ReviewCard.objects.filter(pk__in=list(histories)).order_by("pk"):
        config = memory.config_for(profiles.get(card.learner_id))
        replayed = memory.replay(histories[card.pk], config=config, card_id=card.pk)
        if not same_memory(memory.memory_of(card), replayed):
            mismatches.append(card.pk)
    return len(histories), mismatches


def same_memory(stored, replayed) -> bool:
    """Equal states, steps, due dates, reviews and lapses; stability and difficulty
    within the tolerance an Anki import's replay (fsrs-rs, 32-bit) keeps to."""
    from progress.replaying import TOLERANCE

    a, b = stored.state, replayed.state
    exact = ("state", "step", "due", "last_review", "reps")
    if stored.lapses != replayed.lapses or any(getattr(a, n) != getattr(b, n) for n in exact):
        return False
    return all(
        math.isclose(getattr(a, n) or 0, getattr(b, n) or 0, rel_tol=TOLERANCE)
        for n in ("stability", "difficulty")
    )


def reminders_of(learners: list[str], mail_folder: Path) -> dict[str, tuple[int, int, int]]:
    """Per learner: today's reminder markers, today's reminder notifications, mails."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from accounts.models import LearnerProfile
    from progress.models import Notification, SentMarker

    today = timezone.now().date()  # the load learners live in UTC
    midnight = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
    markers = Q(user__sent_markers__kind=SentMarker.Kind.REVIEW_REMINDER)
    markers &= Q(user__sent_markers__local_date=today)
    notes = Q(user__notifications__kind=Notification.Kind.REVIEW_REMINDER)
    notes &= Q(user__notifications__created_at__gte=midnight)
    marked = Count("user__sent_markers", filter=markers, distinct=True)
    noted = Count("user__notifications", filter=notes, distinct=True)
    rows = LearnerProfile.objects.filter(user__username__in=learners)
    rows = rows.values_list("user__username", "user__email").annotate(m=marked, n=noted)
    mails = mails_by_recipient(mail_folder)
    return {name: (m, n, mails.get(email, 0)) for name, email, m, n in rows}


def wait_for_imports(learners: list[str], seconds: float) -> None:
    from progress.models import AnkiImport

    busy = AnkiImport.objects.filter(
        learner__username__in=learners,
        status__in=[AnkiImport.Status.QUEUED, AnkiImport.Status.RUNNING],
    )
    deadline = time.monotonic() + seconds
    while busy.exists() and time.monotonic() < deadline:
        time.sleep(1)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cluster.checker")
    parser.add_argument("accounts", type=Path)
    parser.add_argument("journal", type=Path)
    parser.add_argument("mail", type=Path)
    parser.add_argument("--wait", type=float, default=IMPORT_WAIT)
    args = parser.parse_args(argv)
    import django

    django.setup()
    learners = json.loads(args.accounts.read_text())["learners"]
    wait_for_imports(learners, args.wait)
    findings = judge(read_journal(args.journal), gather(learners, args.mail), learners=learners)
    print(json.dumps(findings.summary()))
    return 0 if findings.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
