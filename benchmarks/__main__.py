"""Run the benchmarks and write docs/PERFORMANCE.md.

Each benchmark module in this package defines `run(args) -> Section` and is listed
in BENCHMARKS. A benchmark always measures Saebom side by side with a reference
(a floor or a competitor) in the same run, on the same machine, and reports ratios;
nothing here asserts a timing.

    python -m benchmarks [--part core|scale] [--only NAME ...] [--revlog PATH]
                         [--output docs/PERFORMANCE.md]

The hot paths (`core`, `make bench`) and scaling out (`scale`, `make bench-scale`)
are separate parts of the file; a run rewrites its own part whole.
"""

import argparse
import importlib
import sys
from pathlib import Path

from .report import Section, machine_summary, write_report

BENCHMARKS: list[str] = [
    "scheduler_quality",
    "deck_build",
    "anki_import",
    "tutor_dashboard",
    "record_reviews",
    "review_throughput",
    "review_answer",
    "due_queue",
    "audio_render",
]
# Long runs with servers of their own: a load test on a local cluster, and 20
# million review logs in plain and partitioned tables.
SCALE_BENCHMARKS: list[str] = ["load_test", "partitioning"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--part", choices=["core", "scale"], default="core")
    parser.add_argument("--only", nargs="*", default=None, help="names of benchmarks to run")
    parser.add_argument("--revlog", type=Path, default=None, help="a real Anki review log (CSV)")
    parser.add_argument("--output", type=Path, default=Path("docs/PERFORMANCE.md"))
    args = parser.parse_args(argv)
    listed = SCALE_BENCHMARKS if args.part == "scale" else BENCHMARKS
    names = [n for n in listed if args.only is None or n in args.only]
    sections: list[Section] = []
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"running {name} …", file=sys.stderr)
        sections.append(module.run(args))
    write_report(args.output, machine_summary(), sections, part=args.part)
    print(f"wrote {args.output} ({len(sections)} benchmarks)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
