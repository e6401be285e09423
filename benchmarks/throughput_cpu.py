"""CPU time spent on answers, and the most answers a second it lets these cores give.

A process's own CPU time comes from getrusage (user + system, all its threads).
A PostgreSQL server backend's comes from /proc/<pid>/stat (utime + stime, fields 14
and 15, in clock ticks), which only a server on this machine has, and only a reader
allowed to see it can read; otherwise it is None, not a guess.

The ceiling is cores ÷ CPU seconds per answer: the rate at which the counted
processes alone would keep every core busy. Work done for the answers elsewhere (the
server's WAL writer and checkpointer, the kernel's flushing, other programs) is not
counted, so the real ceiling is lower.
"""

import os
import resource
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from statistics import median

# The command name of a PostgreSQL server process in /proc/<pid>/stat.
SERVER_COMMAND = "postgres"


def own_seconds() -> float:
    """CPU seconds this process has used, user and system."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def parse_stat(text: str) -> tuple[str, int]:
    """(command name, utime + stime in clock ticks) of a /proc/<pid>/stat line. The
    name (field 2) is in parentheses and may itself hold spaces and parentheses."""
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 1 :].split()  # from field 3, the state
    return name, int(fields[14 - 3]) + int(fields[15 - 3])


def server_seconds(pid: int, ticks_per_second: int | None = None) -> float | None:
    """CPU seconds the server process `pid` has used, or None when this machine has
    no such PostgreSQL process to read (a server on another host) or may not read it."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name, ticks = parse_stat(text)
    if name != SERVER_COMMAND:
        return None
    return ticks / (ticks_per_second or os.sysconf("SC_CLK_TCK"))


def backend_pid(connection) -> int:
    """The pid of the server process serving a Django connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@contextmanager
def cpu_spent(backend: int) -> Iterator[dict]:
    """Fills {"client": seconds, "server": seconds or None} with the CPU time this
    process and its server backend spend inside the block."""
    spent: dict = {}
    own, server = own_seconds(), server_seconds(backend)
    yield spent
    spent["client"] = own_seconds() - own
    after = server_seconds(backend)
    spent["server"] = None if server is None or after is None else after - server


def summed(parts: list[dict]) -> dict:
    """Several processes' CPU seconds added up; the server's is None if any is."""
    servers = [part["server"] for part in parts]
    return {
        "client": sum(part["client"] for part in parts),
        "server": None if None in servers else sum(servers),
    }


def ceiling(cores: int, seconds_per_answer: float | None) -> float | None:
    """The most answers a second `cores` allow at this CPU time per answer."""
    if not seconds_per_answer:
        return None
    return cores / seconds_per_answer


def per_answer(result: dict) -> float | None:
    """CPU seconds per answer, client and server, of one side in one trial."""
    if result["server"] is None:
        return None
    return (result["client"] + result["server"]) / result["answers"]


def cpu_cell(results: list[dict]) -> str:
    """ "client + server ms" per answer, the median of the trials."""
    client = median(r["client"] / r["answers"] for r in results) * 1000
    if any(r["server"] is None for r in results):
        return f"{client:.2f} ms + server not read"
    server = median(r["server"] / r["answers"] for r in results) * 1000
    return f"{client:.2f} + {server:.2f} ms"


def ceiling_cell(results: list[dict], cores: int) -> str:
    """The cores' ceiling in answers a second, the median of the trials."""
    ceilings = [ceiling(cores, per_answer(r)) for r in results]
    if None in ceilings:
        return "—"
    return f"{median(ceilings):,.0f}"
