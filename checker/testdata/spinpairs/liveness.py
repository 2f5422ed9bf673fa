#!/usr/bin/env python3
"""The cost of a liveness check against the safety search it rides on.

Runs `check filter_live.ilv -D N=4 --reduce none` with --check mutex, then
--check CHECK (starvation, or bounded_waiting, which the model violates),
with one worker and with two, for ROUNDS rounds. It prints each round's
times and their ratio, then the medians and the peak RSS of each check. A
round runs the two checks one after the other, so a ratio is taken under the
same load of the machine; compare ratios rather than times.

With --pause S, every run starts S seconds after the one before: a run right
after another backs its memory with pages the other just gave back, and
runs one after the other took turns fast and slow on a machine under KVM;
after a pause of 3 s every run backs its memory anew, as a single run of a
user's does.

usage: liveness.py [--pause S] IL_BINARY [ROUNDS [N [CHECK]]]   (defaults: 3 rounds, N=4, starvation, no pause)
"""
import os, re, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))


def check(exe, kind, workers, n, pause):
    time.sleep(pause)
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
    args, pause = sys.argv[1:], 0.0
    if args[:1] == ["--pause"]:
        if len(args) < 2:
            sys.exit(__doc__)
        pause, args = float(args[1]), args[2:]
    if not args:
        sys.exit(__doc__)
    exe = os.path.abspath(args[0])
    rounds = int(args[1]) if len(args) > 1 else 3
    n = int(args[2]) if len(args) > 2 else 4
    live = args[3] if len(args) > 3 else "starvation"
    runs = {}
    for r in range(rounds):
        for w in (1, 2):
            (mt, mr), (st, sr) = check(exe, "mutex", w, n, pause), check(exe, live, w, n, pause)
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
