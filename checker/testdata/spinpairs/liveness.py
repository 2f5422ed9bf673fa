#!/usr/bin/env python3
"""The cost of a liveness check against the safety search it rides on.

Runs `check filter_live.ilv -D N=4 --reduce none` with --check mutex, then
--check CHECK (starvation, or bounded_waiting, which the model violates),
with one worker and with two, for ROUNDS rounds. It prints each round's
times and their ratio, then the medians and the peak RSS of each check. A
round runs the two checks one after the other, so a ratio is taken under the
same load of the machine; compare ratios rather than times.

usage: liveness.py IL_BINARY [ROUNDS [N [CHECK]]]   (defaults: 3 rounds, N=4, starvation)
"""
import os, re, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))


def check(exe, kind, workers, n):
    src = os.path.join(HERE, "filter_live.ilv")
    cmd = ["/usr/bin/time", "-f", "RSS %M", exe, "check", src, "-D", f"N={n}",
           "--check", kind, "--workers", str(workers), "--reduce", "none", "-q"]
    t0 = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.time() - t0
    m = re.search(r"RSS (\d+)", p.stderr)
    # Exit status 1 is a violated check, an answer like any other.
    if p.returncode not in (0, 1) or not m:
        sys.exit(f"{' '.join(cmd[3:])}: exit {p.returncode}\n{p.stdout}{p.stderr}")
    return wall, int(m.group(1)) // 1024


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    exe = os.path.abspath(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    live = sys.argv[4] if len(sys.argv) > 4 else "starvation"
    runs = {}
    for r in range(rounds):
        for w in (1, 2):
            (mt, mr), (st, sr) = check(exe, "mutex", w, n), check(exe, live, w, n)
            runs.setdefault(w, []).append((mt, st, mr, sr))
            print(f"round {r + 1}, {w} worker(s): mutex {mt:.2f} s, {live} {st:.2f} s, ratio {st / mt:.2f}", flush=True)
    for w, rs in runs.items():
        mt = statistics.median(x[0] for x in rs)
        st = statistics.median(x[1] for x in rs)
        ratios = [x[1] / x[0] for x in rs]
        mr, sr = max(x[2] for x in rs), max(x[3] for x in rs)
        print(f"{w} worker(s): {live} {st:.2f} s against mutex {mt:.2f} s (medians), ratio {st / mt:.2f}, "
              f"{min(ratios):.2f}-{max(ratios):.2f} in each round; RSS {sr} MB against {mr} MB, {sr / mr:.2f}")


if __name__ == "__main__":
    main()
