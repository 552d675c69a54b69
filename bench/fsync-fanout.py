# What a lone document write's fan-out costs the disk alone: N processes (as N storage nodes on one
# machine) each append 1 KiB to a file of their own and fdatasync it, all at once (a barrier), ROUNDS
# times; prints the p50/p90 of a round's wall time (first start to last end) and of each fdatasync, ms.
# Not a test, not run by make. E.g. for n in 1 2 4 8; do python3 bench/fsync-fanout.py $n 300 bench/target/fsync; done
# (docs/benchmarks.md, session 28 (lead): the floor of a write to 8 nodes on one disk).
import os, sys, time, multiprocessing as mp
def worker(i, n, rounds, d, barrier, q):
    fd = os.open(os.path.join(d, f"seg-{i}"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    buf = os.urandom(1024)
    for r in range(rounds):
        barrier.wait()
        t = time.perf_counter()
        os.write(fd, buf); os.fdatasync(fd)
        q.put((r, time.perf_counter() - t, t))
    os.close(fd)
if __name__ == "__main__":
    n, rounds, d = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    os.makedirs(d, exist_ok=True)
    b = mp.Barrier(n); q = mp.Queue()
    ps = [mp.Process(target=worker, args=(i, n, rounds, d, b, q)) for i in range(n)]
    [p.start() for p in ps]
    per = {}
    for _ in range(n * rounds):
        r, dt, t0 = q.get(); per.setdefault(r, []).append((t0, t0 + dt, dt))
    [p.join() for p in ps]
    walls = sorted(max(e for _, e, _ in v) - min(s for s, _, _ in v) for v in per.values())
    each = sorted(dt for v in per.values() for _, _, dt in v)
    pick = lambda a, f: a[int(f * (len(a) - 1))] * 1000
    print(f"N={n} rounds={rounds}: round wall p50 {pick(walls,.5):.3f} p90 {pick(walls,.9):.3f} ms; each fdatasync p50 {pick(each,.5):.3f} p90 {pick(each,.9):.3f} ms")
    for i in range(n): os.unlink(os.path.join(d, f"seg-{i}"))
