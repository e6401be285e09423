"""Every review log names an existing card (PostgreSQL's statement-level triggers,
migration 0015): what a foreign key would refuse is refused, alone or under
concurrent transactions."""

import threading
from datetime import UTC, datetime

from django.db import DatabaseError, connection, connections, transaction

import pytest

from progress.models import ReviewCard, ReviewLog
from tests.factories.progress import ReviewCardFactory

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def log_of(card, key="web:1", card_id=None):
    return ReviewLog(
        learner_id=card.learner_id, card_id=card_id or card.pk, rating=3,
        reviewed_at=NOW, source=ReviewLog.Source.WEB, external_id=key,
    )  # fmt: skip


def raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_a_log_naming_no_card_is_refused_and_nothing_is_written(postgres):
    card = ReviewCardFactory()
    logs = [log_of(card), log_of(card, "web:2", card.pk + 1000)]
    with (
        pytest.raises(DatabaseError, match="a review card that does not exist"),
        transaction.atomic(),
    ):
        ReviewLog.objects.bulk_create(logs)
    assert not ReviewLog.objects.exists()


@pytest.mark.django_db
def test_moving_a_log_to_no_card_is_refused(postgres):
    card = ReviewCardFactory()
    log = log_of(card)
    log.save()
    with pytest.raises(DatabaseError, match="does not exist"), transaction.atomic():
        ReviewLog.objects.filter(pk=log.pk).update(card_id=card.pk + 1000)
    assert ReviewLog.objects.get(pk=log.pk).card_id == card.pk


@pytest.mark.django_db
def test_a_card_with_logs_cannot_be_deleted_behind_django(postgres):
    card = ReviewCardFactory()
    log_of(card).save()
    table = ReviewCard._meta.db_table
    with pytest.raises(DatabaseError, match="still has review logs"), transaction.atomic():
        raw(f"DELETE FROM {table} WHERE id = %s", [card.pk])  # noqa: S608 - model name
    with pytest.raises(DatabaseError, match="cannot change"), transaction.atomic():
        raw(f"UPDATE {table} SET id = id + 1000 WHERE id = %s", [card.pk])  # noqa: S608
    assert ReviewCard.objects.filter(pk=card.pk).exists()


@pytest.mark.django_db
def test_django_still_deletes_a_card_with_its_logs(postgres):
    card, other = ReviewCardFactory(), ReviewCardFactory()
    log_of(card).save()
    log_of(other, "web:2").save()
    card.delete()
    assert list(ReviewLog.objects.values_list("card_id", flat=True)) == [other.pk]


def in_other_transaction(work, *, hold: threading.Event, done: threading.Event, errors: list):
    """Run `work` in a transaction on a connection of its own, commit once `hold` is set."""

    def run():
        try:
            with transaction.atomic():
                work()
                done.set()
                hold.wait(10)
        except DatabaseError as error:
            errors.append(error)
            done.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_card_deleted_by_another_transaction_refuses_the_log_that_waited_for_it(postgres):
    card = ReviewCardFactory()
    hold, done, errors = threading.Event(), threading.Event(), []
    delete = ReviewCard.objects.filter(pk=card.pk).delete
    deleting = in_other_transaction(delete, hold=hold, done=done, errors=errors)
    done.wait(10)
    threading.Timer(0.3, hold.set).start()  # commits while the insert below waits for it
    with pytest.raises(DatabaseError, match="does not exist"), transaction.atomic():
        log_of(card).save()
    deleting.join()
    assert not errors and not ReviewLog.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_log_written_by_another_transaction_refuses_the_card_deleted_after_it(postgres):
    card = ReviewCardFactory()
    hold, done, errors = threading.Event(), threading.Event(), []
    writing = in_other_transaction(log_of(card).save, hold=hold, done=done, errors=errors)
    done.wait(10)
    threading.Timer(0.3, hold.set).start()  # the log commits while the delete waits for it
    with pytest.raises(DatabaseError, match="still has review logs"), transaction.atomic():
        ReviewCard.objects.filter(pk=card.pk).delete()  # no logs yet in this one's view
    writing.join()
    assert not errors and ReviewLog.objects.filter(card_id=card.pk).count() == 1
