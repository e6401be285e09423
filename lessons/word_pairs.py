"""The Ministry of Unification's South/North Korean word pairs: the model and its loading.

The file is UTF-8 CSV (a byte-order mark is allowed) with the header
``south_form,north_form`` and one pair per row. Every row is checked before
anything is written: a row with the wrong number of columns, an empty form or a
form longer than the table allows raises ValidationError naming its line, and
the table is left as it was. Loading is idempotent: pairs already present are
kept, new ones added, nothing is deleted.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class WordPairQuerySet(models.QuerySet):
    def north_forms_for(self, south_form: str) -> list[str]:
        return list(
            self.filter(south_form=south_form.strip())
            .order_by("north_form")
            .values_list("north_form", flat=True)
        )


class WordPair(models.Model):
    """A South Korean word and its North Korean counterpart (Ministry of Unification list)."""

    south_form = models.CharField(max_length=100, db_index=True)
    north_form = models.CharField(max_length=100)

    objects = WordPairQuerySet.as_manager()

    class Meta:
        verbose_name = _("word pair")
        constraints = [
            models.UniqueConstraint(fields=["south_form", "north_form"], name="unique_word_pair")
        ]

    def __str__(self):
        return f"{self.south_form} → {self.north_form}"


HEADER = ["south_form", "north_form"]
MAX_LENGTH = WordPair._meta.get_field("south_form").max_length


@dataclass(frozen=True)
class WordPairLoad:
    read: int
    created: int


def parse_word_pairs(lines: Iterable[str]) -> list[tuple[str, str]]:
    rows = csv.reader(lines)
    header = next(rows, None)
    if header != HEADER:
        raise ValidationError(f"line 1: the header must be {','.join(HEADER)}, not {header}")
    pairs = []
    for row in rows:
        line = rows.line_num
        if not row:
            continue
        if len(row) != 2:
            raise ValidationError(f"line {line}: expected 2 columns, found {len(row)}")
        south, north = (form.strip() for form in row)
        if not south or not north:
            raise ValidationError(f"line {line}: both forms are required")
        if max(len(south), len(north)) > MAX_LENGTH:
            raise ValidationError(f"line {line}: a form is longer than {MAX_LENGTH} characters")
        pairs.append((south, north))
    return pairs


@transaction.atomic
def load_word_pairs(*, path: Path) -> WordPairLoad:
    with path.open(encoding="utf-8-sig", newline="") as file:
        pairs = parse_word_pairs(file)
    before = WordPair.objects.count()
    WordPair.objects.bulk_create(
        (WordPair(south_form=south, north_form=north) for south, north in dict.fromkeys(pairs)),
        batch_size=1000,
        ignore_conflicts=True,
    )
    return WordPairLoad(read=len(pairs), created=WordPair.objects.count() - before)
