"""Budget 4: opening a large project costs at most 1.5x opening a tiny one.

`Workspace.open` + `close` on a project of N documents (100,000 by default) against
one of 10 documents, alternating, median of several. Nothing on the open path may
walk the corpus: the ratio stays near 1 however large the project.

    python tests/benchmarks/bench_open.py [--docs N] [--rounds 15]
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks import common

BUDGET = 1.5
SMALL = 10


def measure(args) -> list[tuple[str, float, float]]:
    from desktop.workspace import Workspace

    common.title(f"open + close: {args.docs:,} documents vs {SMALL}")
    large, small = common.project(args), common.project(args, docs=SMALL)

    def open_close(path: Path) -> None:
        Workspace.open(path).close()

    for path in (large, small):  # warm the file cache and the imports
        open_close(path)
    large_times, small_times = [], []
    for _ in range(args.rounds):
        large_times.append(common.timed(lambda: open_close(large)))
        small_times.append(common.timed(lambda: open_close(small)))
    common.note(f"{args.rounds} rounds each, alternating; medians:")
    common.figure(f"open + close, {SMALL} documents (baseline)", common.median(small_times))
    common.figure(f"open + close, {args.docs:,} documents", common.median(large_times))
    value = common.ratio(
        "large / small project", common.median(large_times), common.median(small_times), BUDGET
    )
    return [(f"open: {args.docs:,} docs / {SMALL} docs", value, BUDGET)]


def main(argv: list[str] | None = None) -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=15, help="opens of each (default 15)")
    measure(p.parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
