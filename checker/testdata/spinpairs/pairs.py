#!/usr/bin/env python3
"""Pairs of runs, for telling a change's effect from a busy machine's noise.

A single run on a shared machine moves by 15 % or more from one minute to
the next, so two binaries, or two worker counts, are compared in pairs of
runs taken one right after the other, the order alternating from pair to
pair; the median of the pairs' ratios is the figure to quote.

  pairs.py binaries ROUNDS OLD NEW WORKERS [MODEL ARGS ...]
      runs OLD then NEW (then NEW then OLD, ...) with --workers WORKERS and
      prints each pair's time NEW/OLD, their median and how many pairs NEW
      won.
  pairs.py workers ROUNDS BINARY [MODEL ARGS ...]
      runs BINARY with --workers 1 then --workers 2 (then the other way
      round, ...) and prints each pair's speed-up, time 1 / time 2, and
      their median.

MODEL ARGS default to the filter lock with 4 processes of this folder,
`filter.ilv -D N=4`; --reduce none and --format json are always added, and
the time taken is the search's, as --stats reports it.
"""
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_MODEL = [os.path.join(HERE, "filter.ilv"), "-D", "N=4"]


def seconds(exe, workers, model):
    cmd = [exe, "check"] + model + ["--workers", str(workers), "--reduce", "none", "--format", "json"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    try:
        return json.loads(p.stdout)["stats"]["seconds"]
    except (ValueError, KeyError):
        sys.exit(f"{' '.join(cmd)}: exit {p.returncode}\n{p.stdout[-2000:]}{p.stderr[-2000:]}")


def pairs(rounds, first, second):
    """Runs first() and second() rounds times, alternating which goes first."""
    out = []
    for i in range(rounds):
        if i % 2 == 0:
            a = first()
            b = second()
        else:
            b = second()
            a = first()
        out.append((a, b))
    return out


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("binaries", "workers"):
        sys.exit(__doc__)
    mode, rounds = sys.argv[1], int(sys.argv[2])
    if mode == "binaries":
        if len(sys.argv) < 6:
            sys.exit(__doc__)
        old, new, workers = os.path.abspath(sys.argv[3]), os.path.abspath(sys.argv[4]), int(sys.argv[5])
        model = sys.argv[6:] or DEFAULT_MODEL
        ratios = []
        for i, (a, b) in enumerate(pairs(rounds, lambda: seconds(old, workers, model), lambda: seconds(new, workers, model))):
            ratios.append(b / a)
            print(f"pair {i + 1}: old {a:.3f} s, new {b:.3f} s, new/old {b / a:.3f}", flush=True)
        won = sum(r < 1 for r in ratios)
        print(f"median new/old {statistics.median(ratios):.3f}; new faster in {won} of {len(ratios)} pairs")
    else:
        exe = os.path.abspath(sys.argv[3])
        model = sys.argv[4:] or DEFAULT_MODEL
        speedups = []
        for i, (one, two) in enumerate(pairs(rounds, lambda: seconds(exe, 1, model), lambda: seconds(exe, 2, model))):
            speedups.append(one / two)
            print(f"pair {i + 1}: 1 worker {one:.3f} s, 2 workers {two:.3f} s, speed-up {one / two:.3f}", flush=True)
        print(f"median speed-up {statistics.median(speedups):.3f} ({min(speedups):.2f}-{max(speedups):.2f})")


if __name__ == "__main__":
    main()
