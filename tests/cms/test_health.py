from datetime import timedelta

from django.utils import timezone

import pytest

from cms.models import Heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def embedded_broker(settings, tmp_path):
    folder = tmp_path / "queue"
    folder.mkdir()
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
    }


def test_healthz_is_ok_when_database_broker_and_heartbeat_are(client, embedded_broker):
    Heartbeat.beat("heartbeat")
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["broker"]["ok"] and body["heartbeat"]["ok"]


def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    Heartbeat.beat("heartbeat")
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False
    assert response.json()["database"]["ok"] is True


def test_healthz_is_503_when_the_heartbeat_is_stale(client, embedded_broker, settings):
    Heartbeat.beat(
        "heartbeat", now=timezone.now() - timedelta(seconds=settings.HEARTBEAT_MAX_AGE + 5)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["heartbeat"]["ok"] is False


def test_healthz_is_503_before_any_heartbeat(client, embedded_broker):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["heartbeat"]["detail"] == "no heartbeat recorded yet"
