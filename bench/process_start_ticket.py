#!/usr/bin/env python3
"""The tutorial's ticket script (section 4, no lock), run as repeated trials for timing.

Each trial: db = {"count": 1} in a fresh temporary directory, CLIENTS processes each running
search() then get() exactly as in the tutorial (json.load(open('db')), sleep 0.1, if count > 0:
decrement, sleep 0.2, json.dump(dic, open('db', 'w'))), with every sleep multiplied by
TIME_SCALE. A client's exit code tells what happened: 10 it bought, 0 it did not, 1 it crashed
(an exception such as json.decoder.JSONDecodeError).

Usage: process_start_ticket.py [CLIENTS] [TRIALS] [TIME_SCALE] [--lock]
"""
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from multiprocessing import Lock, Process

SCALE = 1.0


def search(db):
    dic = json.load(open(db))
    print('remaining tickets: %s' % dic['count'], file=sys.stderr if QUIET else sys.stdout)


def get(db):
    dic = json.load(open(db))
    time.sleep(0.1 * SCALE)
    if dic['count'] > 0:
        dic['count'] -= 1
        time.sleep(0.2 * SCALE)
        json.dump(dic, open(db, 'w'))
        return True
    return False


def task(db, lock):
    search(db)
    if lock is not None:
        lock.acquire()
    try:
        bought = get(db)
    finally:
        if lock is not None:
            lock.release()
    os._exit(10 if bought else 0)


QUIET = True


def main():
    global SCALE
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    use_lock = '--lock' in sys.argv
    clients = int(args[0]) if len(args) > 0 else 100
    trials = int(args[1]) if len(args) > 1 else 10
    SCALE = float(args[2]) if len(args) > 2 else 1.0
    devnull = open(os.devnull, 'w')
    sys.stderr = devnull  # the clients' prints and tracebacks
    times, sold, crashed = [], [], []
    t_all = time.perf_counter()
    for _ in range(trials):
        d = tempfile.mkdtemp(prefix='ticket-py-')
        db = os.path.join(d, 'db')
        with open(db, 'w') as f:
            json.dump({'count': 1}, f)
        lock = Lock() if use_lock else None
        t0 = time.perf_counter()
        procs = [Process(target=task, args=(db, lock)) for _ in range(clients)]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        times.append(time.perf_counter() - t0)
        sold.append(sum(p.exitcode == 10 for p in procs))
        crashed.append(sum(p.exitcode not in (0, 10) for p in procs))
        shutil.rmtree(d)
    total = time.perf_counter() - t_all
    print(f"python tutorial script, {clients} clients, {trials} trials, time scale {SCALE}"
          f"{', with lock' if use_lock else ''}: total {total:.1f} s, median trial "
          f"{statistics.median(times) * 1000:.0f} ms, oversold in "
          f"{sum(s > 1 for s in sold)} trials, purchases per trial median "
          f"{statistics.median(sold)}, crashed clients {sum(crashed)} "
          f"(in {sum(c > 0 for c in crashed)} trials)")


if __name__ == "__main__":
    main()
