"""The cluster's processes and environment: production settings with a secret made
for the run, the servers it is given, media on the S3-compatible server, mail to
the sink; two web processes behind the balancer, two workers and one beat."""

from pathlib import Path

from cluster.launcher import (
    ClusterConfig,
    cluster_env,
    config_from,
    front_processes,
    service_processes,
)

BIN = Path("venv-bin")


def test_the_environment_runs_production_settings_on_the_given_servers(tmp_path):
    environ = {"CLUSTER_DATABASE_URL": "postgres://db/saebom_cluster_2", "PATH": "/bin"}
    config = config_from(environ, tmp_path)
    env = cluster_env(config, environ)
    assert env["DJANGO_SETTINGS_MODULE"] == "cms.settings.production"
    assert env["DATABASE_URL"] == "postgres://db/saebom_cluster_2"
    assert env["REDIS_URL"] == "redis://127.0.0.1:6379/5" and env["PATH"] == "/bin"
    assert len(env["SECRET_KEY"]) >= 50  # production refuses shorter keys
    assert env["MEDIA_STORAGE"] == "s3" and env["S3_ENDPOINT_URL"] == "http://127.0.0.1:8110"
    assert (env["EMAIL_HOST"], env["EMAIL_PORT"]) == ("127.0.0.1", "8125")
    assert env["SAEBOM_VAR_DIR"] == str(tmp_path / "cluster")


def test_each_run_makes_its_own_secret_key(tmp_path):
    assert ClusterConfig(tmp_path).secret_key != ClusterConfig(tmp_path).secret_key


def test_two_web_processes_two_workers_one_beat_and_a_balancer_in_front(tmp_path):
    names = [p.name for p in front_processes(ClusterConfig(tmp_path), BIN)]
    assert names == ["web-1", "web-2", "worker-1", "worker-2", "beat", "balancer"]
    balancer = front_processes(ClusterConfig(tmp_path), BIN)[-1]
    assert balancer.argv[-5:] == ["--port", "8100", "--to", "8101", "8102"]
    assert [p.name for p in service_processes(ClusterConfig(tmp_path), BIN)] == ["s3", "mail"]


def test_every_process_listens_on_the_loopback_only(tmp_path):
    config = ClusterConfig(tmp_path)
    argvs = [" ".join(p.argv) for p in front_processes(config, BIN)]
    assert "--bind 127.0.0.1:8101" in argvs[0] and "--bind 127.0.0.1:8102" in argvs[1]
    assert "-H 127.0.0.1" in " ".join(service_processes(config, BIN)[0].argv)
