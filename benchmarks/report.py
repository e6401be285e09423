"""The shared shape of a benchmark result and the Markdown report.

docs/PERFORMANCE.md holds one section per benchmark, each stamped with the
machine and date it was measured on; running some benchmarks replaces their
sections and keeps the others.
"""

import os
import platform
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HEADER = (
    "# Performance\n\nWritten by `make bench`; every figure is measured side by side "
    "with its reference in the same run, on the machine named in its section.\n"
)


@dataclass
class Section:
    title: str
    summary: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: str = ""

    def markdown(self, machine: str) -> str:
        lines = [f"## {self.title}", "", f"Measured on {machine}.", "", self.summary, ""]
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


def existing_sections(text: str) -> dict[str, str]:
    parts = re.split(r"(?m)^(?=## )", text)
    return {
        part.splitlines()[0][3:].strip(): part.rstrip() + "\n"
        for part in parts
        if part.startswith("## ")
    }


def write_report(path: Path, machine: str, sections: list[Section]) -> None:
    kept = existing_sections(path.read_text()) if path.exists() else {}
    for section in sections:
        kept[section.title] = section.markdown(machine)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "\n" + "\n".join(kept[title] for title in sorted(kept)))
