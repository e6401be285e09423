"""Load-test accounts are made only in a cluster's own database."""

from django.contrib.auth import get_user_model
from django.db import connection

import pytest

from cluster.seeding import SeedRefused, refuse_unless_cluster_database, seed_load

pytestmark = pytest.mark.django_db


def test_any_other_database_is_refused():
    with pytest.raises(SeedRefused, match="not a cluster database"):
        seed_load(learners=1, password="x")
    assert not get_user_model().objects.exists()


def test_a_cluster_database_holding_other_users_is_refused(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "NAME", "saebom_cluster")
    users = get_user_model().objects
    refuse_unless_cluster_database(connection, users.all())  # empty: allowed
    users.create(username="load-learner-001")
    refuse_unless_cluster_database(connection, users.all())  # its own users: allowed
    users.create(username="swallow")
    with pytest.raises(SeedRefused, match="holds users of its own"):
        refuse_unless_cluster_database(connection, users.all())
