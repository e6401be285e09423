"""Issue 14, item 7: the data export holds at the import limit, and nothing lets
one learner import without end.

The export is streamed section by section, reading rows in chunks: a learner
with many review logs gets a valid JSON document holding every one of them,
while the view holds only a chunk at a time. Imports are capped per learner per
day and in the total reviews a learner may keep."""

import json
import tracemalloc
from datetime import UTC, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
import time_machine

from progress.anki import exceptions
from progress.anki.importing import import_reviews
from progress.anki.package import Card, Note, PackageContents, RevlogRow
from progress.models import AnkiImport, ReviewLog
from tests.factories.accounts import learner
from tests.factories.lessons import VocabularyItemFactory
from tests.factories.progress import ReviewCardFactory

pytestmark = pytest.mark.django_db
LOGS = 20_000
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def busy_learner():
    user = learner(display_name="Busy")
    card = ReviewCardFactory(learner=user)
    ReviewLog.objects.bulk_create(
        (
            ReviewLog(
                learner=user,
                card=card,
                rating=1 + n % 4,
                reviewed_at=NOW - timedelta(minutes=n),
                source=ReviewLog.Source.ANKI,
                external_id=f"anki:{n}:1",
            )
            for n in range(LOGS)
        ),
        batch_size=5000,
    )
    return user


def test_the_export_streams_every_review_log_as_valid_json(client, busy_learner):
    client.force_login(busy_learner)
    response = client.get(reverse("privacy:export_data"))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="saebom-my-data.json"'
    tracemalloc.start()
    try:
        size = 0
        body = []
        for chunk in response.streaming_content:
            size += len(chunk)
            body.append(bytes(chunk))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    data = json.loads(b"".join(body))
    assert len(data["review_logs"]) == LOGS
    assert data["review_logs"][0]["reviewed_at"] == (NOW - timedelta(minutes=LOGS - 1)).isoformat()
    # Building the whole export in memory takes several times its own size; a stream
    # holds one chunk of rows at a time (the collected body is counted in the peak).
    assert peak < 2 * size, f"the export held {peak:,} bytes for a {size:,}-byte document"


def upload(client):
    empty_zip = b"PK\x05\x06" + bytes(18)
    return client.post(
        reverse("anki:upload"), {"package": SimpleUploadedFile("deck.apkg", empty_zip)}
    )


def test_a_learner_may_start_only_so_many_imports_a_day(client, settings):
    settings.ANKI_IMPORTS_PER_DAY = 2
    user = learner()
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        for _ in range(2):
            AnkiImport.objects.create(learner=user)
        response = upload(client)
    assert "You have imported Anki files 2 times today" in response.content.decode()
    assert AnkiImport.objects.count() == 2
    with time_machine.travel(NOW + timedelta(days=1, minutes=1), tick=False):
        response = upload(client)
    assert "You have imported Anki files" not in response.content.decode()


def test_a_learner_at_the_review_ceiling_cannot_upload_more(client, settings, busy_learner):
    settings.ANKI_REVIEWS_PER_LEARNER = LOGS
    client.force_login(busy_learner)
    response = upload(client)
    assert "You already keep" in response.content.decode()
    assert not AnkiImport.objects.exists()


def contents_with_two_answers(item) -> PackageContents:
    answered = int((NOW - timedelta(days=1)).timestamp() * 1000)
    rows = [RevlogRow(answered + n, 7, 3, 1, 0, 2500, 3000, 1) for n in range(2)]
    notes = {5: Note("guid", 1, ("word", str(item.uuid)))}
    return PackageContents("legacy", 2, notes, {7: Card(5, 0)}, rows, {})


def test_an_import_past_the_review_ceiling_is_refused_whole(settings, busy_learner):
    settings.ANKI_REVIEWS_PER_LEARNER = LOGS + 1
    contents = contents_with_two_answers(VocabularyItemFactory())
    with pytest.raises(exceptions.PackageError, match="reviews"):
        import_reviews(learner=busy_learner, contents=contents, now=NOW)
    assert ReviewLog.objects.filter(learner=busy_learner).count() == LOGS
