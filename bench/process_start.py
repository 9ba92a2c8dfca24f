#!/usr/bin/env python3
"""Time to start and join N Python processes (multiprocessing.Process, the tutorial's way).

Usage: process_start.py [N] [REPEATS]. Prints one line per repeat: the seconds for N processes,
and at the end the median and the median per process. Used by run_real_bench.sh.
"""
import statistics
import sys
import time
from multiprocessing import Process


def work():
    x = 1  # one step touching nothing shared, like bench/process_start.yaml


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        procs = [Process(target=work) for _ in range(n)]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(f"python start+join {n} processes: median {med * 1000:.1f} ms "
          f"({med / n * 1000:.2f} ms per process) over {repeats} repeats")


if __name__ == "__main__":
    main()
