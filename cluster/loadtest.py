"""The load test end to end: a fresh cluster database, the cluster up, the reminder
task sent twice (two workers take it at once), locust headless and bounded in users,
time and requests, the reminder task sent twice more (it must remind nobody again),
the checker, the cluster down.

    python -m cluster.loadtest [--users 20] [--run-time 60s] [--max-requests 20000]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .launcher import ClusterConfig, config_from
from .running import Cluster, ClusterFailed, drop_database

REMINDER_TASK = "progress.tasks.send_review_reminders_task"
TASK_WAIT = 120  # seconds the workers have to run the reminder messages


@dataclass(frozen=True)
class LoadPlan:
    users: int = 20
    spawn_rate: float = 5
    run_time: str = "60s"
    max_requests: int = 20000
    learners: int = 40


@dataclass
class LoadResult:
    plan: LoadPlan
    seconds: float
    stats: list[dict] = field(default_factory=list)  # per endpoint, "Aggregated" last
    checker: dict = field(default_factory=dict)


def run_load(plan: LoadPlan, config: ClusterConfig) -> LoadResult:
    drop_database(config.database_url)
    load_dir = config.site_dir / "load"
    for folder in (load_dir, config.site_dir / "mail"):
        shutil.rmtree(folder, ignore_errors=True)
    load_dir.mkdir(parents=True)
    with Cluster(config, learners=plan.learners) as cluster:
        package = [sys.executable, "-m", "cluster.ankipack", str(cluster.accounts_file)]
        cluster.run_step("ankipack", [*package, str(load_dir / "studied.colpkg")])
        remind_twice(cluster)
        started = time.monotonic()
        run_locust(cluster, plan, load_dir)
        seconds = time.monotonic() - started
        remind_twice(cluster)
        checker = run_checker(cluster, load_dir / "journal.jsonl")
    figures = json.loads((load_dir / "figures.json").read_text())
    return LoadResult(plan, seconds, figures, checker)


def remind_twice(cluster: Cluster) -> None:
    """Send the reminder task twice at once and wait until both have run."""
    logs = [cluster.log_path(f"worker-{n}") for n in (1, 2)]
    done = sum(log.read_text().count("of their reviews") for log in logs)
    celery = [str(cluster.bin_dir / "celery"), "-A", "cms", "call", REMINDER_TASK]
    for _ in range(2):
        subprocess.run(celery, env=cluster.env, check=True, capture_output=True)
    deadline = time.monotonic() + TASK_WAIT
    while sum(log.read_text().count("of their reviews") for log in logs) < done + 2:
        if time.monotonic() > deadline:
            raise ClusterFailed("the reminder tasks did not run")
        time.sleep(0.5)


def run_locust(cluster: Cluster, plan: LoadPlan, load_dir: Path) -> None:
    env = {
        **cluster.env,
        "LOAD_ACCOUNTS": str(cluster.accounts_file),
        "LOAD_JOURNAL": str(load_dir / "journal.jsonl"),
        "LOAD_PACKAGE": str(load_dir / "studied.colpkg"),
        "LOAD_FIGURES": str(load_dir / "figures.json"),
        "LOAD_MAX_REQUESTS": str(plan.max_requests),
    }
    argv = [
        str(cluster.bin_dir / "locust"),
        "-f",
        str(Path(__file__).with_name("locustfile.py")),
        "--headless",
        "--only-summary",
        "--users",
        str(plan.users),
        "--spawn-rate",
        str(plan.spawn_rate),
        "--run-time",
        plan.run_time,
        "--stop-timeout",
        "10",
        "--host",
        cluster.config.front_url,
    ]
    with cluster.log_path("locust").open("wb") as out:
        subprocess.run(argv, env=env, stdout=out, stderr=subprocess.STDOUT)


def run_checker(cluster: Cluster, journal: Path) -> dict:
    mail = cluster.config.site_dir / "mail"
    argv = [sys.executable, "-m", "cluster.checker", str(cluster.accounts_file), str(journal)]
    done = subprocess.run([*argv, str(mail)], env=cluster.env, capture_output=True, text=True)
    cluster.log_path("checker").write_text(done.stdout + done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cluster.loadtest")
    parser.add_argument("--users", type=int, default=LoadPlan.users)
    parser.add_argument("--run-time", default=LoadPlan.run_time)
    parser.add_argument("--max-requests", type=int, default=LoadPlan.max_requests)
    args = parser.parse_args(argv)
    plan = LoadPlan(users=args.users, run_time=args.run_time, max_requests=args.max_requests)
    config = config_from(os.environ, Path(os.environ.get("SAEBOM_VAR_DIR", "var")))
    try:
        result = run_load(plan, config)
    except ClusterFailed as failure:
        print(f"loadtest: {failure}", file=sys.stderr)
        return 1
    for row in result.stats:
        print(f"{row['Name']:<34} {row['Request Count']:>6} {row['50%']:>6} {row['95%']:>6}")
    print(json.dumps(result.checker))
    return 0 if result.checker.get("ok") else 1


if __name__ == "__main__":
    raise SystemExit(main())
