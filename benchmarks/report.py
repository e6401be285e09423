"""The shared shape of a benchmark result and the Markdown report."""

import os
import platform
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path


@dataclass
class Section:
    title: str
    summary: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: str = ""

    def markdown(self) -> str:
        lines = [f"## {self.title}", "", self.summary, ""]
        if self.rows:
            lines.append("| " + " | ".join(self.header) + " |")
            lines.append("|" + "---|" * len(self.header))
            lines.extend("| " + " | ".join(row) + " |" for row in self.rows)
            lines.append("")
        if self.notes:
            lines.extend([self.notes, ""])
        return "\n".join(lines)


def machine_summary() -> str:
    memory = ""
    if hasattr(os, "sysconf") and "SC_PHYS_PAGES" in os.sysconf_names:
        gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        memory = f", {gib:.0f} GiB memory"
    return (
        f"{platform.machine()}, {os.cpu_count()} cores{memory}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}; "
        f"run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )


def write_report(path: Path, machine: str, sections: list[Section]) -> None:
    body = "\n".join(s.markdown() for s in sections) or "No benchmark was selected.\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# Performance\n\nWritten by `make bench`; every figure is measured side by side "
        f"with its reference in the same run.\n\nMachine: {machine}\n\n{body}"
    )
