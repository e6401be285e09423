"""Start the cluster's processes, wait until each is ready, stop them all.

The cluster runs the production settings, as an operator would: a secret key made
for this run, PostgreSQL and Redis from DATABASE_URL and REDIS_URL (or the local
ones on their usual ports), media on the S3-compatible server (moto) and mail to
the sink. The web processes see plain HTTP behind the balancer; clients send
X-Forwarded-Proto: https, as a TLS proxy in front would.
"""

import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/saebom_cluster"
DEFAULT_REDIS = "redis://127.0.0.1:6379/5"
BUCKET = "saebom-cluster"


@dataclass(frozen=True)
class Ports:
    front: int = 8100
    web: tuple[int, ...] = (8101, 8102)
    s3: int = 8110
    smtp: int = 8125


@dataclass(frozen=True)
class ClusterConfig:
    var_dir: Path
    database_url: str = DEFAULT_DATABASE
    redis_url: str = DEFAULT_REDIS
    ports: Ports = field(default_factory=Ports)
    web_workers: int = 2
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))

    @property
    def log_dir(self) -> Path:
        return self.var_dir / "log" / "cluster"

    @property
    def site_dir(self) -> Path:
        return self.var_dir / "cluster"

    @property
    def front_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.front}"


def config_from(environ, var_dir: Path) -> ClusterConfig:
    """The cluster's configuration: the servers named in the environment, if any."""
    database = environ.get("CLUSTER_DATABASE_URL") or DEFAULT_DATABASE
    redis = environ.get("CLUSTER_REDIS_URL") or DEFAULT_REDIS
    return ClusterConfig(var_dir=var_dir, database_url=database, redis_url=redis)


def cluster_env(config: ClusterConfig, base: dict[str, str]) -> dict[str, str]:
    """The environment every process of the cluster runs with."""
    ports = config.ports
    return {
        **base,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": config.secret_key,
        "DATABASE_URL": config.database_url,
        "REDIS_URL": config.redis_url,
        "SAEBOM_VAR_DIR": str(config.site_dir),
        "ALLOWED_HOSTS": "127.0.0.1",
        "WAGTAILADMIN_BASE_URL": f"https://127.0.0.1:{ports.front}",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(ports.smtp),
        "EMAIL_USE_TLS": "false",
        "MEDIA_STORAGE": "s3",
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{ports.s3}",
        "S3_ACCESS_KEY_ID": "cluster",
        "S3_SECRET_ACCESS_KEY": "cluster-secret",
        "S3_REGION": "us-east-1",
        "LOG_LEVEL": "INFO",
    }


@dataclass(frozen=True)
class Process:
    name: str
    argv: list[str]
    port: int | None = None  # ready when this port accepts connections
    ready_line: str = ""  # or when this text appears in its log


def web_processes(config: ClusterConfig, bin_dir: Path) -> list[Process]:
    gunicorn = [str(bin_dir / "gunicorn"), "cms.wsgi", "--timeout", "60", "--no-control-socket"]
    workers = ["--workers", str(config.web_workers)]
    return [
        Process(f"web-{n}", [*gunicorn, *workers, "--bind", f"127.0.0.1:{port}"], port=port)
        for n, port in enumerate(config.ports.web, start=1)
    ]


def celery_processes(bin_dir: Path) -> list[Process]:
    """Two workers of one task each, and the one beat."""
    celery = [str(bin_dir / "celery"), "-A", "cms"]
    options = ["--concurrency", "1", "--loglevel", "INFO"]
    workers = [
        Process(
            f"worker-{n}",
            [*celery, "worker", "-n", f"cluster{n}@%h", *options],
            ready_line="ready.",
        )
        for n in (1, 2)
    ]
    return [*workers, Process("beat", [*celery, "beat", "--pidfile=", "--loglevel", "INFO"])]


def service_processes(config: ClusterConfig, bin_dir: Path) -> list[Process]:
    """The S3-compatible server and the mail sink: up before any setup step."""
    ports, python = config.ports, sys.executable
    mail = ["--port", str(ports.smtp), "--folder", str(config.site_dir / "mail")]
    return [
        Process(
            "s3",
            [str(bin_dir / "moto_server"), "-H", "127.0.0.1", "-p", str(ports.s3)],
            port=ports.s3,
        ),
        Process("mail", [python, "-m", "cluster.mailsink", *mail], port=ports.smtp),
    ]


def front_processes(config: ClusterConfig, bin_dir: Path) -> list[Process]:
    """Web, Celery and the balancer: started once the database is ready."""
    ports = config.ports
    front = ["--port", str(ports.front), "--to", *map(str, ports.web)]
    balancer = Process(
        "balancer", [sys.executable, "-m", "cluster.balancer", *front], port=ports.front
    )
    return [*web_processes(config, bin_dir), *celery_processes(bin_dir), balancer]
