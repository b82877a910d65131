#!/usr/bin/python3
"""Peak memory of ior.trace() per event: what the DataFrame holds vs what the process needed.

    sudo PYTHONPATH=build/ci/python /usr/bin/python3 bench/python_memory.py \\
        --workload build/ci/tests/e2e/ior-workload [--n 1000000]

Traces `ior-workload basic <file> <n>` (n pread64 calls of one byte, then a few more calls)
with every syscall family, into one DataFrame, and prints:
  events            rows of the frame
  frame_bytes       df.memory_usage(deep=True): the frame itself (columns, categories)
  peak_rss_growth   the process's peak RSS during the trace minus its RSS before it
  beyond_frame      peak_rss_growth - frame_bytes, per event: the cost of getting there
                    (the aim: at most 100 bytes per event)
Then the same with columns=[...] (a narrow frame), and trace_batches() consumed batch by batch
(only the stream: no frame). Peak RSS is /proc/self/status VmHWM, reset before each run through
/proc/self/clear_refs. No pass/fail: the figures are printed.
"""

import argparse
import gc
import os
import sys
import tempfile
import time

import ior


def rss_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def reset_peak():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # resets VmHWM to the current RSS


def measure(label, run):
    gc.collect()
    reset_peak()
    before = rss_kib("VmRSS") * 1024
    began = time.monotonic()
    frame, events, dropped = run()
    seconds = time.monotonic() - began
    peak = rss_kib("VmHWM") * 1024
    frame_bytes = int(frame.memory_usage(deep=True).sum()) if frame is not None else 0
    growth = peak - before
    beyond = growth - frame_bytes
    print(f"{label:<28} events={events:>9}  frame_bytes/event={frame_bytes / events:7.1f}  "
          f"peak_rss_growth/event={growth / events:7.1f}  "
          f"beyond_frame/event={beyond / events:6.1f}  dropped={dropped}  time={seconds:6.2f}s")
    return beyond / events


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workload", required=True, help="the ior-workload binary")
    parser.add_argument("--n", type=int, default=1_000_000, help="pread64 calls (default 1 M)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        with open(data, "wb") as f:
            f.write(b"x" * 64)
        argv = [args.workload, "basic", data, str(args.n)]
        options = dict(families=["all"])  # the default ring (16 MiB) and queue (256 batches)

        def full():
            df = ior.trace(argv, **options)
            return df, len(df), df.attrs["dropped"]

        def narrow():
            df = ior.trace(argv, columns=["time", "syscall", "latency_ns", "file"], **options)
            return df, len(df), df.attrs["dropped"]

        def stream():
            events = 0
            with ior.trace_batches(argv, **options) as run:
                for batch in run:
                    events += len(batch)
            return None, events, run.stats().dropped

        print(f"python {sys.version.split()[0]}, workload: {args.n} pread64 calls")
        measure("trace() every column", full)
        measure("trace(columns=[4 columns])", narrow)
        measure("trace_batches() stream", stream)


if __name__ == "__main__":
    main()
