"""The shared shape of a benchmark result and the Markdown report.

docs/PERFORMANCE.md has two parts, each written whole by one run: the hot paths
(`make bench`) and scaling out (`make bench-scale`: the load test on a local
cluster and the 20-million-log partitioning study, which take long and need their
own servers). A part holds one section per benchmark that ran, each stamped with the
machine, the date and the database it measured (read from the connection that did
the work, never assumed). A run replaces its own part and keeps the other as it was,
so no part mixes runs.

Both sides of a comparison run interleaved, trial by trial (`interleaved`), and a
ratio is taken within each trial; the report gives the median of the trials' ratios
and their spread (`spread`).
"""

import json
import os
import platform
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

HEADER = (
    "# Performance\n\nTwo parts, each written whole by one run: the hot paths by `make bench`, "
    "scaling out by `make bench-scale`. Every figure is measured side by side with its "
    "reference in the same run, interleaved trial by trial, on the machine and database "
    "named in its section.\n"
)
PARTS = {"core": "Hot paths (`make bench`)", "scale": "Scaling out (`make bench-scale`)"}
PART_MARK = re.compile(r"<!-- part (\w+) -->\n(.*?)<!-- end part \1 -->\n", re.DOTALL)


@dataclass
class Section:
    title: str
    summary: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: str = ""
    database: str = "none (no database work)"

    def markdown(self, machine: str) -> str:
        measured = f"Measured on {machine}; database: {self.database}."
        lines = [f"## {self.title}", "", measured, "", self.summary, ""]
        if self.rows:
            lines.append("| " + " | ".join(self.header) + " |")
            lines.append("|" + "---|" * len(self.header))
            lines.extend("| " + " | ".join(row) + " |" for row in self.rows)
            lines.append("")
        if self.notes:
            lines.extend([self.notes, ""])
        return "\n".join(lines)


def high_water_kib() -> int:
    """This process's peak resident memory. VmHWM is the process's own; getrusage's
    ru_maxrss can carry over the parent's peak from before an exec."""
    status = Path("/proc/self/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1])


def machine_summary() -> str:
    memory = ""
    if hasattr(os, "sysconf") and "SC_PHYS_PAGES" in os.sysconf_names:
        gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        memory = f", {gib:.0f} GiB memory"
    return (
        f"{platform.machine()}, {os.cpu_count()} cores{memory}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )


def database_label(connection) -> str:
    """The database a connection talks to, as the report names it."""
    if connection.vendor == "postgresql":
        version = connection.cursor().connection.info.server_version  # e.g. 150004
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return connection.vendor


def interleaved(run_once: Callable[[str], dict], sides: list[str], trials: int) -> list[dict]:
    """`trials` trials; in each, every side runs once, the order turning from trial
    to trial so that no side always runs first (on a cold cache) or last. Returns
    one {side: result} per trial."""
    results = []
    for trial in range(trials):
        turn = trial % len(sides)
        order = sides[turn:] + sides[:turn]
        results.append({side: run_once(side) for side in order})
    return results


def spread(values: list[float], unit: str = "×", digits: int = 2) -> str:
    """ "median (low–high)" of a list of per-trial figures."""
    low, high = min(values), max(values)
    return f"{median(values):.{digits}f}{unit} ({low:.{digits}f}–{high:.{digits}f})"


# Where a benchmark that needs PostgreSQL looks when DATABASE_URL names none.
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/saebom"


def in_child(module: str, *args: str, postgres: bool = False) -> dict:
    """Run `python -m <module> <args>` with the test settings (with `postgres`, on
    DATABASE_URL's PostgreSQL, or the local one) and return the JSON its last line
    prints: each measurement in a fresh process, so none inherits another's heap."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    if postgres:
        url = env.get("DATABASE_URL", "")
        env["DATABASE_URL"] = url if url.startswith("postgres") else DEFAULT_POSTGRES
    out = subprocess.run(
        [sys.executable, "-m", module, *args], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def write_report(path: Path, machine: str, sections: list[Section], part: str = "core") -> None:
    """Write this run's part whole from its sections, keeping the other part as the
    file had it (a file from before parts existed is all hot paths)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    parts = kept_parts(path.read_text() if path.exists() else "")
    parts[part] = "\n".join(section.markdown(machine) for section in sections)
    blocks = [
        f"<!-- part {name} -->\n# {title}\n\n{parts[name].strip()}\n<!-- end part {name} -->\n"
        for name, title in PARTS.items()
        if parts.get(name, "").strip()
    ]
    path.write_text(HEADER + "\n" + "\n".join(blocks))


def kept_parts(text: str) -> dict[str, str]:
    """Each part's sections as the file holds them, its title line dropped."""
    found = {name: body.split("\n", 2)[2] for name, body in PART_MARK.findall(text)}
    if not found and text.startswith("# Performance"):
        sections = text.find("\n## ")
        found = {"core": text[sections + 1 :]} if sections >= 0 else {}
    return found
