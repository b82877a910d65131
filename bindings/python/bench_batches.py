#!/usr/bin/python3
"""Events/s delivered into numpy batches (Python) vs the C++ callback, same traced workload.

    sudo PYTHONPATH=build/python /usr/bin/python3 build/python/bench_batches.py \\
        --workload build/tests/e2e/ior-workload [--n 200000]

Workload: `ior-workload basic <file> <n>`, n pread64 calls in a tight loop, traced from its
exec. Two modes for each consumer:
  live     consume while the workload runs; wall time from exec to the last event.
  backlog  let the workload finish unconsumed, stop, then time only the delivery of the queued
           events: the cost of the consumer path itself.
consumer_cpu is the CPU time of the consuming thread (the session's drain thread excluded).
The C++ side is ior-bench-callback (bench_callback.cc) next to this script.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np

import ior


def python_run(workload, path, n, mode):
    proc = subprocess.Popen([workload, "--wait", "basic", path, str(n)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)
    assert proc.stdout.readline() == b"ready\n"
    queued = 4 * (n // 1024 + 64) if mode == "backlog" else 256
    session = ior.Session(pid=proc.pid, families=["all"], ring_bytes=64 << 20,
                          max_queued_batches=queued)
    events = 0
    latency_sum = 0
    with session:
        began = time.monotonic()
        proc.stdin.write(b"g")
        proc.stdin.close()
        if mode == "backlog":
            proc.wait()
            session.stop()
        else:
            # Another thread ends the iteration when the workload exits.
            threading.Thread(target=lambda: (proc.wait(), session.stop())).start()
        timed_from = time.monotonic() if mode == "backlog" else began
        cpu_from = time.thread_time()
        for batch in session.batches():
            array = batch.to_numpy()  # zero-copy view
            latency_sum += int(array["latency_ns"].sum())  # read every event
            events += len(array)
        wall = time.monotonic() - timed_from
        cpu = time.thread_time() - cpu_from
    proc.stdout.close()
    return dict(events=events, wall_s=wall, consumer_cpu_s=cpu,
                dropped=session.stats().dropped)


def cpp_run(binary, workload, path, n, mode):
    out = subprocess.run([binary, mode, workload, path, str(n)], capture_output=True, text=True,
                         check=True).stdout
    fields = dict(kv.split("=", 1) for kv in out.split())
    return dict(events=int(fields["events"]), wall_s=float(fields["wall_s"]),
                consumer_cpu_s=float(fields["consumer_cpu_s"]), dropped=int(fields["dropped"]))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", required=True, help="path of ior-workload")
    parser.add_argument("--cpp", default=os.path.join(here, "ior-bench-callback"),
                        help="path of ior-bench-callback")
    parser.add_argument("--n", type=int, default=200000, help="pread64 calls per run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per cell (best is shown)")
    args = parser.parse_args()

    with tempfile.NamedTemporaryFile() as f:
        f.write(b"x" * 4096)
        f.flush()
        print(f"workload: {args.n} pread64 calls; best of {args.repeat}")
        print(f"{'consumer':<16}{'mode':<9}{'events':>9}{'wall s':>9}{'Mev/s':>8}"
              f"{'cpu ns/ev':>11}{'dropped':>9}")
        for mode in ("live", "backlog"):
            for name, run in (("C++ callback", lambda: cpp_run(args.cpp, args.workload, f.name,
                                                                args.n, mode)),
                              ("numpy batches", lambda: python_run(args.workload, f.name,
                                                                   args.n, mode))):
                results = [run() for _ in range(args.repeat)]
                best = min(results, key=lambda r: r["wall_s"])
                rate = best["events"] / best["wall_s"] / 1e6
                cpu_ns = best["consumer_cpu_s"] * 1e9 / max(best["events"], 1)
                print(f"{name:<16}{mode:<9}{best['events']:>9}{best['wall_s']:>9.3f}"
                      f"{rate:>8.2f}{cpu_ns:>11.1f}{best['dropped']:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
