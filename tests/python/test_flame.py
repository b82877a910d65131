"""ior.Flame, Session.flame(), ior.aggregate() and ior.read_recording(): a traced workload's
exact collapsed stacks, its DataFrame, the recording round trip, and bad files refused with
typed errors. The first test traces (root); the others need no privilege."""

import errno
import os

import numpy as np
import pandas as pd
import pytest

import ior

N = 800
SYSCALLS = ["openat", "pread64", "close"]


def frames(path):
    """'/tmp/x/data' -> ';/tmp;/x;/data', the path's frames after the field before it."""
    return path.replace("/", ";/")


def test_flame_of_a_known_workload_round_trips(tracing, workload, data_file, tmp_path):
    w = workload("basic", data_file, str(N))
    s = ior.Session(pid=w.pid, syscalls=SYSCALLS)
    flame = s.flame()
    tiny = s.flame(max_keys=2)  # several flames may be attached
    with s:
        w.go()
        assert w.wait() == 0
    batches = []
    while not s.poll(batches.append, timeout=10).end_of_stream:  # the flames see each batch
        pass
    df = ior.frame_from_batches(batches)
    assert len(df) == N + 6
    assert tiny.totals == flame.totals and tiny.folds["pidless"] + tiny.folds["other"] > 0

    f = frames(data_file)
    assert flame.collapsed() == [
        ("ior-workload;enter_close", 1),  # the second close(fd): EBADF, no file
        ("ior-workload;enter_close;" + f, 2),
        ("ior-workload;enter_openat;;/nonexistent;/ior-e2e-missing", 1),
        ("ior-workload;enter_openat;" + f, 2),
        ("ior-workload;enter_pread64;" + f, N),
    ]
    assert flame.collapsed(count="bytes") == [("ior-workload;enter_pread64;" + f, N)]
    assert flame.collapsed(["tracepoint"]) == [("enter_close", 3), ("enter_openat", 3),
                                                ("enter_pread64", N)]
    assert flame.collapsed_text("tracepoint").splitlines()[-1] == f"enter_pread64 {N}"
    assert flame.totals["count"] == N + 6 and flame.totals["bytes"] == N
    assert flame.folds == {"pidless": 0, "other": 0}

    # The DataFrame: one row per key, with the key columns and the counters.
    keys = flame.to_pandas()
    assert list(keys.columns) == ["path", "syscall", "comm", "pid", "tid", "open_flags", "count",
                                  "duration_ns", "duration_to_prev_ns", "bytes"]
    assert len(keys) == len(flame) == 5
    pread = keys[keys["syscall"] == "pread64"].iloc[0]
    assert (pread["path"], pread["comm"], pread["pid"], pread["tid"]) == (
        data_file, "ior-workload", w.pid, w.pid)
    assert (pread["count"], pread["bytes"]) == (N, N)
    assert pread["open_flags"] & os.O_ACCMODE == os.O_RDONLY
    assert keys["count"].dtype == np.int64 and keys["pid"].dtype == np.int32
    assert keys["duration_ns"].sum() == df["latency_ns"].sum()
    assert keys.loc[keys["path"] == "", "count"].tolist() == [1]

    # The same events aggregated from the DataFrame, or from the batches, give the same flame.
    pd.testing.assert_frame_equal(ior.aggregate(df).to_pandas(), keys)
    pd.testing.assert_frame_equal(ior.aggregate(batches).to_pandas(), keys)

    # Record -> read -> the same flame, with the run's figures.
    path = flame.write_recording(tmp_path, "py", session=s, selection="openat,pread64,close")
    assert os.path.dirname(path) == str(tmp_path)
    assert os.path.basename(path).endswith(".ior.zst") and "-py-" in path
    back = ior.read_recording(path)
    for count in ("count", "duration", "durationToPrev", "bytes"):
        assert back.collapsed(count=count) == flame.collapsed(count=count), count
    pd.testing.assert_frame_equal(back.to_pandas(), keys)
    assert back.totals == flame.totals
    assert back.info["name"] == "py" and back.info["selection"] == "openat,pread64,close"
    assert back.info["max_keys"] == ior.Flame().max_keys
    stats = back.stats()
    assert stats.delivered == N + 6
    assert {sc.name: sc.count for sc in stats.syscalls}["pread64"] == N
    assert flame.stats() is None and flame.info is None
    # Never overwrites.
    again = back.write_recording(tmp_path)
    assert again == path[:-len(".ior.zst")] + "-1.ior.zst"

    svg = back.svg(count="bytes", title="python test")
    assert svg.rstrip().endswith("</svg>") and "python test" in svg and "enter_pread64" in svg


def test_a_degraded_run_keeps_its_degrade_figures_in_its_recording(tracing, workload, data_file,
                                                                   tmp_path):
    n = 100000
    w = workload("basic", data_file, str(n))
    # A tiny ring and a consumer that comes only once the workload is done: rows are degraded.
    s = ior.Session(pid=w.pid, syscalls=["pread64"], ring_bytes=4096, batch_size=16,
                    max_queued_batches=1, degrade=True)
    flame = s.flame()
    with s:
        w.go()
        assert w.wait() == 0
    rows = sum(len(b) for b in s.batches(timeout=10))
    stats = s.stats()
    assert stats.degraded > 0 and len(stats.degrade_windows) >= 1
    assert flame.totals["count"] == rows == stats.delivered

    back = ior.read_recording(flame.write_recording(tmp_path, "degraded", session=s))
    got = back.stats()
    assert got.degraded == stats.degraded
    assert got.sampled_out == stats.sampled_out and got.kernel_count == stats.kernel_count
    assert got.degrade_windows_dropped == stats.degrade_windows_dropped == 0
    assert [(x.start_ns, x.end_ns, x.calls, x.min_one_in) for x in got.degrade_windows] == [
        (x.start_ns, x.end_ns, x.calls, x.min_one_in) for x in stats.degrade_windows]
    pread = {sc.name: sc for sc in stats.syscalls}["pread64"]
    pread_back = {sc.name: sc for sc in got.syscalls}["pread64"]
    assert pread_back.count == n
    assert (pread_back.degraded, pread_back.degraded_one_in) == (pread.degraded,
                                                                 pread.degraded_one_in)
    assert ior.stats_frame(got).set_index("syscall").loc["pread64", "degraded"] == stats.degraded
    assert ior.degrade_frame(got)["calls"].sum() == stats.degraded


def test_records_fold_under_a_tiny_cap_and_totals_stay_exact():
    flame = ior.Flame(max_keys=2)
    for pid in range(1, 11):
        flame.add_record("/var/log/app.log", "write", "app", pid, pid, os.O_WRONLY,
                         count=2, duration_ns=100, bytes=512)
    assert flame.totals == {"count": 20, "duration_ns": 1000, "duration_to_prev_ns": 0,
                            "bytes": 5120}
    assert flame.folds == {"pidless": 16, "other": 0}
    assert len(flame) == 3
    assert flame.collapsed(["comm", "pid"]) == [("app;0", 16), ("app;1", 2), ("app;2", 2)]
    merged = ior.Flame(None)
    merged.merge(flame)
    assert merged.totals == flame.totals and merged.max_keys == 0
    with pytest.raises(ValueError, match="nope"):
        flame.collapsed("comm,nope")
    with pytest.raises(ValueError):
        flame.collapsed(count="weight")
    with pytest.raises(TypeError):
        flame.add("not a batch")


def test_bad_recordings_raise_typed_errors(tmp_path):
    flame = ior.Flame()
    for i in range(100):
        flame.add_record(f"/data/{i}", "read", "reader", 42, 42, count=i + 1, bytes=4096)
    good = open(flame.write_recording(tmp_path, "good"), "rb").read()

    def write(name, data):
        p = tmp_path / name
        p.write_bytes(data)
        return p

    with pytest.raises(ior.InvalidArgumentError, match="empty"):
        ior.read_recording(write("empty.ior.zst", b""))
    with pytest.raises(ior.InvalidArgumentError, match="not an ior recording"):
        ior.read_recording(write("text.ior.zst", b"plain text\n"))
    with pytest.raises(ior.Error) as truncated:
        ior.read_recording(write("truncated.ior.zst", good[:len(good) // 2]))
    assert truncated.value.errno == errno.EIO
    flipped = bytearray(good)
    flipped[len(good) // 3] ^= 0x10
    with pytest.raises(ior.Error, match="corrupt") as corrupt:
        ior.read_recording(write("flipped.ior.zst", bytes(flipped)))
    assert corrupt.value.errno == errno.EIO
    with pytest.raises(ior.NotFoundError):
        ior.read_recording(tmp_path / "missing.ior.zst")
    back = ior.read_recording(write("copy.ior.zst", good))
    assert back.totals["count"] == sum(range(1, 101))
    assert back.collapsed(["comm", "tracepoint"], count="bytes") == [
        ("reader;enter_read", 100 * 4096)]
