"""Run every benchmark and print a summary of the ratios against their budgets.

    python -m tests.benchmarks.run_all [--docs N] [--workdir DIR]

Benchmarks measure, they do not judge: the exit status is 0 unless one crashes.
"""

from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks import (
    bench_agree,
    bench_codebook,
    bench_edit,
    bench_export,
    bench_import,
    bench_key,
    bench_network,
    bench_open,
    bench_ui,
    common,
)


def main(argv: list[str] | None = None) -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=1, help="runs of import and export")
    p.add_argument("--edits", type=int, default=200)
    p.add_argument("--rounds", type=int, default=15)
    p.add_argument("--no-floor", action="store_true", help="skip the import's raw floor")
    p.add_argument("--profile", action="store_true", help="also profile the import")
    bench_ui.add_arguments(p)
    bench_agree.add_arguments(p)
    bench_codebook.add_arguments(p)
    bench_key.add_arguments(p)
    args = p.parse_args(argv)
    started = time.perf_counter()
    results: list[tuple[str, float, float | None]] = []
    crashed = []
    benches = (bench_import, bench_export, bench_edit, bench_open, bench_ui, bench_agree)
    for bench in (*benches, bench_codebook, bench_network, bench_key):
        try:
            results += bench.measure(args)
        except Exception:
            traceback.print_exc()
            crashed.append(bench.__name__)
    common.title(f"summary ({args.docs:,} documents, {time.perf_counter() - started:.0f} s)")
    for name, value, budget in results:
        if budget is None:  # a figure asked for, with no budget
            print(f"   {name:<46} {value:6.2f}  (no budget)")
            continue
        verdict = "ok" if value <= budget else "OVER"
        print(f"   {name:<46} {value:6.2f}  budget <= {budget:<4g} {verdict}")
    for name in crashed:
        print(f"   {name}: CRASHED")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
