"""The cluster as a context manager: services up, database prepared, web and Celery
up, each waited for; on leaving (or Ctrl-C) every process stopped, last started
first. Each process logs to <var>/log/cluster/<name>.log."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from .launcher import (
    BUCKET,
    ClusterConfig,
    Process,
    cluster_env,
    front_processes,
    service_processes,
)

READY_WAIT = 90  # seconds a process has to become ready
STOP_WAIT = 20  # seconds a process has to stop after SIGTERM (Celery's warm shutdown)


class ClusterFailed(Exception):
    pass


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


class Cluster:
    def __init__(self, config: ClusterConfig, *, learners: int = 40):
        self.config = config
        self.learners = learners
        self.bin_dir = Path(sys.executable).parent
        self.env = cluster_env(config, dict(os.environ))
        self.running: list[tuple[Process, subprocess.Popen]] = []

    @property
    def accounts_file(self) -> Path:
        return self.config.site_dir / "load" / "accounts.json"

    def __enter__(self) -> "Cluster":
        self.config.log_dir.mkdir(parents=True, exist_ok=True)
        try:
            self.start_all(service_processes(self.config, self.bin_dir))
            create_bucket(self.env)
            self.prepare()
            self.start_all(front_processes(self.config, self.bin_dir))
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start_all(self, specs: list[Process]) -> None:
        for spec in specs:
            if spec.port is not None and port_open(spec.port):
                raise ClusterFailed(f"{spec.name}: port {spec.port} is already taken")
            log = self.log_path(spec.name)
            log.write_bytes(b"")
            with log.open("ab") as out:
                popen = subprocess.Popen(
                    spec.argv,
                    env=self.env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            self.running.append((spec, popen))
        for spec, popen in self.running[-len(specs) :]:
            self.wait_ready(spec, popen)

    def log_path(self, name: str) -> Path:
        return self.config.log_dir / f"{name}.log"

    def wait_ready(self, spec: Process, popen: subprocess.Popen) -> None:
        deadline = time.monotonic() + READY_WAIT
        while time.monotonic() < deadline:
            if popen.poll() is not None:
                raise ClusterFailed(f"{spec.name} exited; see {self.log_path(spec.name)}")
            if self.is_ready(spec):
                return
            time.sleep(0.3)
        raise ClusterFailed(f"{spec.name} not ready in {READY_WAIT} s")

    def is_ready(self, spec: Process) -> bool:
        if spec.port is not None:
            return port_open(spec.port)
        if spec.ready_line:
            return spec.ready_line in self.log_path(spec.name).read_text(errors="replace")
        return True

    def prepare(self) -> None:
        """Database, static files, curriculum and load accounts; each step idempotent."""
        require_redis(self.config.redis_url)
        create_database(self.config.database_url)
        manage = [sys.executable, "manage.py"]
        steps = {
            "migrate": [*manage, "migrate", "--noinput"],
            "collectstatic": [*manage, "collectstatic", "--noinput"],
            "load_content": [*manage, "load_content"],
            # The curriculum's audio renders would hold both workers for minutes;
            # render-missing-audio renders what is missing at night.
            "purge": [str(self.bin_dir / "celery"), "-A", "cms", "purge", "-f"],
            "seed": [
                sys.executable,
                "-m",
                "cluster.seeding",
                str(self.accounts_file),
                "--learners",
                str(self.learners),
            ],
        }
        for name, argv in steps.items():
            self.run_step(name, argv)

    def run_step(self, name: str, argv: list[str]) -> None:
        with self.log_path(f"setup-{name}").open("wb") as out:
            done = subprocess.run(argv, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        if done.returncode != 0:
            raise ClusterFailed(f"setup step {name} failed; see {self.log_path(f'setup-{name}')}")

    def stop(self) -> None:
        for _spec, popen in reversed(self.running):
            if popen.poll() is None:
                os.killpg(popen.pid, signal.SIGTERM)
        for _spec, popen in reversed(self.running):
            try:
                popen.wait(timeout=STOP_WAIT)
            except subprocess.TimeoutExpired:
                os.killpg(popen.pid, signal.SIGKILL)
                popen.wait()
        self.running.clear()


def require_redis(url: str) -> None:
    where = urlsplit(url)
    if not port_open(where.port or 6379, where.hostname or "127.0.0.1"):
        raise ClusterFailed(f"no Redis at {where.netloc}: start one or set CLUSTER_REDIS_URL")


def postgres(url: str):
    """A connection to the server's maintenance database, or a clear refusal."""
    import psycopg

    try:
        return psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)
    except psycopg.OperationalError as error:
        message = f"no PostgreSQL ({error}): start it or set CLUSTER_DATABASE_URL"
        raise ClusterFailed(message) from error


def create_database(url: str) -> None:
    """Create the cluster's PostgreSQL database unless it exists."""
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    with postgres(url) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not found:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    """Drop the cluster's database, so that a load test starts from nothing. Only a
    database whose name says it is a cluster's is ever dropped."""
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    if "cluster" not in name:
        raise ClusterFailed(f"refusing to drop {name!r}: not a cluster database")
    with postgres(url) as conn:
        statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(statement.format(sql.Identifier(name)))


def create_bucket(env: dict[str, str]) -> None:
    """The media bucket on the S3-compatible server (moto starts empty)."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=env["S3_ENDPOINT_URL"],
        aws_access_key_id=env["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=env["S3_SECRET_ACCESS_KEY"],
        region_name=env["S3_REGION"],
    )
    client.create_bucket(Bucket=BUCKET)
