from datetime import timedelta

from django.utils import timezone

import pytest

from hub.flagging import flag_stale_resources
from hub.models import ResourcePage
from hub.tasks import flag_stale_resources_task
from tests.factories.accounts import UserFactory
from tests.factories.hub import ResourcePageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def editor():
    return UserFactory(groups=["Editors"], email="editor@example.org")


def years_ago(years: float):
    return timezone.localdate() - timedelta(days=int(365 * years) + 1)


def test_an_entry_not_verified_for_a_year_is_flagged_to_editors_once(editor, mailoutbox):
    old = ResourcePageFactory(title="Old Help", last_verified=years_ago(1))
    ResourcePageFactory(title="Fresh Help", last_verified=years_ago(0.5))

    flag_stale_resources_task()
    flag_stale_resources_task()

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["editor@example.org"]
    assert "Old Help" in mailoutbox[0].body and "Fresh Help" not in mailoutbox[0].body
    assert ResourcePage.objects.get(pk=old.pk).stale_flagged_for == old.last_verified


def test_a_reverified_entry_is_flagged_again_when_it_goes_stale_again(editor, mailoutbox):
    page = ResourcePageFactory(last_verified=years_ago(3))
    today = timezone.localdate()
    assert flag_stale_resources(today=today) == [page.pk]

    ResourcePage.objects.filter(pk=page.pk).update(last_verified=years_ago(1.5))
    assert flag_stale_resources(today=today) == [page.pk]
    assert flag_stale_resources(today=today) == []
    assert len(mailoutbox) == 2


def test_a_sweep_is_bounded_by_its_batch_size(editor, mailoutbox):
    ResourcePageFactory.create_batch(3, last_verified=years_ago(2))
    today = timezone.localdate()
    assert len(flag_stale_resources(today=today, batch_size=2)) == 2
    assert len(flag_stale_resources(today=today, batch_size=2)) == 1
