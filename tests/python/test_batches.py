"""Batches as numpy and pandas for the known ior-workload scenario (needs root)."""

import errno
import gc
import os
import subprocess
import time

import numpy as np
import pandas as pd
import pytest

import ior

N = 5
AT_FDCWD = -100


def _expected_basic(n):
    """What `ior-workload basic <file> <n>` does after its go byte, as the workload lists it:
    (syscall, ret) with ret "fd" for a new descriptor."""
    path = os.environ.get("IOR_WORKLOAD")
    if not path:
        return []  # the workload_path fixture says what is missing
    out = subprocess.run([path, "expect-basic", str(n)], check=True, capture_output=True,
                         text=True).stdout
    calls = []
    for line in out.splitlines():
        name, ret = line.split()
        calls.append((name, ret if ret == "fd" else int(ret)))
    return calls


EXPECTED = _expected_basic(N)
SYSCALLS = ["openat", "pread64", "close", "exit_group"]

pytestmark = pytest.mark.usefixtures("tracing")


def run_basic(workload, data_file, **session_args):
    """Traces the scenario to its end; returns the stopped (not yet drained) session."""
    w = workload("basic", data_file, str(N))
    s = ior.Session(pid=w.pid, syscalls=SYSCALLS, **session_args)
    with s:
        w.go()
        assert w.wait() == 0
    return s, w


def check_sequence(names, rets):
    assert len(names) == len(EXPECTED), list(zip(names, rets))
    for (name, ret), (want_name, want_ret) in zip(zip(names, rets), EXPECTED):
        assert name == want_name
        if want_ret == "fd":
            assert ret >= 0
        elif name == "exit_group" and ret is pd.NA:
            pass  # DataFrames: a call that never returns has no return value
        else:
            assert ret == want_ret, name


def test_numpy_batches_of_a_known_workload(workload, data_file):
    s, w = run_basic(workload, data_file, batch_size=3)
    batches = list(s.batches(timeout=10))
    assert s.ended  # the iteration ended because the stream did, not the timeout
    assert len(batches) >= 2  # batch_size 3 splits the 12 events
    arrays = [b.to_numpy() for b in batches]
    for batch, array in zip(batches, arrays):
        assert array.dtype == ior.EVENT_DTYPE
        assert len(array) == len(batch)
        assert not array.flags.writeable
        # No copy: the array and the buffer protocol view the batch's own memory.
        view = np.asarray(batch)
        assert view.__array_interface__["data"][0] == array.__array_interface__["data"][0]
        assert view.dtype.itemsize == ior.EVENT_SIZE
        assert np.shares_memory(view, array)
    events = np.concatenate(arrays)
    names = [ior.syscall_name(int(nr)) for nr in events["nr"]]
    check_sequence(names, events["ret"].tolist())
    assert (events["pid"] == w.pid).all() and (events["tid"] == w.pid).all()
    assert (events["comm"] == b"ior-workload").all()
    returning = events[:-1]
    assert (returning["latency_ns"] > 0).all()
    assert (np.diff(events["enter_ns"].astype(np.int64)) > 0).all()
    exit_group = events[-1]
    assert exit_group["flags"] & ior.EVENT_NO_RETURN
    assert exit_group["latency_ns"] == 0
    preads = events[1:1 + N]
    assert (preads["args"][:, 2] == 1).all() and (preads["args"][:, 3] == 0).all()
    assert (preads["args"][:, 0] == events[0]["ret"]).all()  # the fd openat returned
    opens = events[np.array(names) == "openat"]
    assert (opens["args"][:, 0] == np.uint64(AT_FDCWD & 0xFFFFFFFFFFFFFFFF)).all()
    stats = s.stats()
    assert stats.kernel_count == stats.delivered + stats.sampled_out + stats.dropped
    assert stats.delivered == len(EXPECTED)
    # Percentiles from the kernel's histogram, pinned to the exact extremes.
    pread = next(st for st in stats.syscalls if st.name == "pread64")
    assert sum(pread.histogram) == N
    p50, p99 = pread.percentile(0.5), pread.percentile(0.99)
    assert pread.latency_min_ns <= p50 <= p99 <= pread.latency_max_ns
    assert pread.percentile(1.0) == pread.latency_max_ns == preads["latency_ns"].max()
    assert pread.percentile(0.0) == pread.latency_min_ns == preads["latency_ns"].min()


def test_array_keeps_the_batch_alive(workload, data_file):
    s, _ = run_basic(workload, data_file)
    batch = s.next_batch(timeout=10)
    array = batch.to_numpy()
    expected = array.copy()
    base = array.base
    while not isinstance(base, ior.Batch):
        base = base.base
    assert base is batch
    del batch, base
    gc.collect()
    np.testing.assert_array_equal(array, expected)


def test_pandas_frame_dtypes_and_values(workload, data_file):
    s, w = run_basic(workload, data_file)
    df = s.to_pandas(timeout=10)
    assert isinstance(df, pd.DataFrame)
    for column in ("syscall", "comm", "family", "file"):
        assert isinstance(df[column].dtype, pd.CategoricalDtype), column
    for column, dtype in [("enter_ns", "int64"), ("latency_ns", "int64"), ("gap_ns", "Int64"),
                          ("ret", "Int64"), ("pid", "int32"), ("tid", "int32"), ("nr", "int32"),
                          ("event_flags", "uint32"), ("arg0", "uint64"),
                          ("time", "datetime64[ns]"), ("fd", "Int32"), ("no_return", "bool")]:
        assert df[column].dtype == pd.api.types.pandas_dtype(dtype), column
    check_sequence(df["syscall"].astype(str).tolist(), df["ret"].tolist())
    assert (df["comm"] == "ior-workload").all()
    assert set(df["family"].astype(str)) <= set(ior.family_names())
    assert (df.loc[df["syscall"] == "pread64", "family"] == "FS").all()
    first_open = df.iloc[0]
    assert first_open["file"] == data_file
    assert df.loc[df["ret"] == -errno.ENOENT, "file"].iloc[0].startswith("/nonexistent/")
    assert df.loc[df["syscall"] == "exit_group", "file"].isna().all()
    # Descriptor calls are named through the descriptor tables; `path` is what calls name.
    assert (df.loc[df["syscall"] == "pread64", "file"] == data_file).all()
    assert df.loc[df["syscall"] == "pread64", "path"].isna().all()
    assert first_open["path"] == data_file


def test_batch_to_pandas_equals_numpy(workload, data_file):
    s, _ = run_basic(workload, data_file)
    batch = s.next_batch(timeout=10)
    df = batch.to_pandas()
    array = batch.to_numpy()
    np.testing.assert_array_equal(df["latency_ns"].to_numpy(), array["latency_ns"])
    np.testing.assert_array_equal(df["arg2"].to_numpy(), array["args"][:, 2])


def test_poll_callback_and_its_exception(workload, data_file):
    s, _ = run_basic(workload, data_file, batch_size=1)
    seen = []

    def stop_after_first(batch):
        seen.append(len(batch))
        return "enough"

    result = s.poll(stop_after_first, timeout=10)
    assert result.batches == 1 and result.callback_result == "enough"
    assert not result.end_of_stream

    def fail(batch):
        seen.append(len(batch))
        raise KeyError("from the callback")

    with pytest.raises(KeyError, match="from the callback"):
        s.poll(fail, timeout=10)
    assert len(seen) == 2  # the exception stopped the poll at the batch that raised it
    # The session is still usable: the rest comes through.
    result = s.poll(lambda b: seen.append(len(b)), timeout=10)
    while not result.end_of_stream:
        result = s.poll(lambda b: seen.append(len(b)), timeout=10)
    assert sum(seen) == len(EXPECTED)


def test_poll_returns_while_the_producer_keeps_going():
    """A poll hands over the batches queued when its wait ended (the library's Session::Poll):
    a producer that refills the queue faster than the callback empties it cannot keep one call
    running. Without that bound the first poll would only end at the callback's safety stop."""
    batch_size, queued = 64, 4
    producer = subprocess.Popen(["dd", "if=/dev/zero", "of=/dev/null", "bs=1"],
                                stderr=subprocess.DEVNULL)
    kept = []

    def slow(batch):
        kept.append(batch)  # kept past the callback: batches are handed over, not lent
        time.sleep(0.002)  # slower than dd: the queue is full again before it is empty
        return "no end" if len(kept) >= 2000 else None

    try:
        with ior.Session(pid=producer.pid, syscalls=["read", "write"], batch_size=batch_size,
                         max_queued_batches=queued) as s:
            first = s.poll(slow, timeout=10)
            assert first.callback_result is None, "the poll did not end by itself"
            assert first.batches >= 1 and not first.end_of_stream
            # At most the batch its wait ended with and the queue's, the last one overshooting.
            assert first.events < batch_size * (queued + 2)
            assert producer.poll() is None  # dd still runs
            second = s.poll(slow, timeout=10)
            assert second.callback_result is None and second.batches >= 1
            assert len(kept) == first.batches + second.batches
    finally:
        producer.kill()
        producer.wait()
    events = np.concatenate([b.to_numpy() for b in kept])
    assert len(events) == first.events + second.events
    assert (events["pid"] == producer.pid).all()
    assert {ior.syscall_name(int(nr)) for nr in np.unique(events["nr"])} <= {"read", "write"}


def test_trace_runs_a_command_from_its_first_syscall(workload_path, data_file):
    df = ior.trace([workload_path, "basic", data_file, str(N)], families=["all"])
    assert df.attrs["exit_code"] == 0
    assert df.attrs["kernel_count"] == df.attrs["delivered"] + df.attrs["dropped"]
    names = df["syscall"].astype(str).tolist()
    assert names[0] == "execve"  # traced from the exec on: nothing missed
    tail = names[-len(EXPECTED):]
    check_sequence(tail, df["ret"].tolist()[-len(EXPECTED):])
    assert df["comm"].iloc[-1] == "ior-workload"


def test_trace_with_a_syscall_filter_and_exit_code(workload_path, data_file):
    df = ior.trace([workload_path, "basic", data_file, "7"], syscalls=["pread64"])
    assert set(df["syscall"].astype(str)) == {"pread64"}  # the dynamic loader's too
    ours = df[df["arg2"] == 1]  # the loader reads more than a byte at a time
    assert len(ours) == 7 and (ours["ret"] == 1).all()
    df = ior.trace(["/bin/sh", "-c", "exit 3"], syscalls=["exit_group"])
    assert df.attrs["exit_code"] == 3
    assert df["syscall"].astype(str).tolist() == ["exit_group"]


def test_trace_missing_command():
    with pytest.raises(ior.NotFoundError) as info:
        ior.trace(["/nonexistent/ior-no-such-command"])
    assert isinstance(info.value, FileNotFoundError)
    assert info.value.errno == errno.ENOENT
    assert "cannot run '/nonexistent/ior-no-such-command'" in str(info.value)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # the held child was reaped


def test_trace_follows_the_commands_children(data_file):
    script = f"cat '{data_file}' > /dev/null"
    df = ior.trace(["/bin/sh", "-c", script], syscalls=["openat", "read"])
    cat = df[df["comm"] == "cat"]
    assert (cat.loc[cat["syscall"] == "openat", "file"] == data_file).sum() == 1
    # Reads through descriptors are named by the descriptor tables (cat also reads libc).
    reads = cat.loc[(cat["syscall"] == "read") & (cat["ret"] > 0), "file"]
    assert reads.notna().all() and (reads == data_file).sum() == 1
    df = ior.trace(["/bin/sh", "-c", script], syscalls=["openat"], follow=False)
    assert (df["comm"] == "cat").sum() == 0
    with pytest.raises(TypeError, match="follow must be a bool"):
        ior.trace(["/bin/true"], follow="yes")


def test_batches_end_by_themselves_when_the_target_exits(workload, data_file):
    # No stop() and no timeout: the loop ends because the traced process is gone.
    w = workload("basic", data_file, str(N))
    with ior.Session(pid=w.pid, syscalls=SYSCALLS) as s:
        w.go()
        names = [n for b in s.batches() for n in b.to_pandas()["syscall"]]
        assert w.wait() == 0
    assert names == [name for name, _ in EXPECTED]


def test_follow_keeps_the_session_until_the_last_descendant(workload):
    w = workload("orphan", "300", "2")
    with ior.Session(pid=w.pid, syscalls=["getpid"], follow=True) as s:
        w.go()
        assert w.wait() == 0
        pids = [p for b in s.batches(timeout=20) for p in b.to_numpy()["pid"]]
        assert s.ended
    assert len(pids) == 2 and w.pid not in pids


def test_aggregate_only_counts_every_call_and_delivers_nothing(workload, data_file):
    s, _ = run_basic(workload, data_file, aggregate_only=True, measure_kernel_time=True)
    assert list(s.batches(timeout=10)) == []
    assert s.ended
    stats = s.stats()
    assert stats.delivered == 0
    assert stats.kernel_count == stats.sampled_out == len(EXPECTED)
    counted = {st.name: st.count for st in stats.syscalls}
    for name in SYSCALLS:
        assert counted[name] == sum(1 for n, _ in EXPECTED if n == name), name
    assert stats.cost.kernel_runs >= 2 * stats.kernel_count
    assert stats.cost.kernel_run_ns > 0
    assert stats.startup.total_ns >= stats.startup.load_ns > 0


def test_aggregate_only_is_a_bool(workload, data_file):
    with pytest.raises(TypeError, match="aggregate_only must be a bool"):
        ior.Session(pid=os.getpid(), aggregate_only=1)


def test_degrade_thins_rows_of_a_stalled_consumer_and_counts_exactly(workload, data_file):
    n = 100000
    w = workload("basic", data_file, str(n))
    # A tiny ring and a consumer that does not come until the workload is done: the ring stays
    # full, and the kernel thins the rows instead of dropping them.
    s = ior.Session(pid=w.pid, syscalls=["pread64"], ring_bytes=4096, batch_size=16,
                    max_queued_batches=1, degrade=True)
    with s:
        w.go()
        assert w.wait() == 0
    rows = sum(len(b) for b in s.batches(timeout=10))
    assert s.ended
    stats = s.stats()
    pread = {st.name: st for st in stats.syscalls}["pread64"]
    assert pread.count == n
    assert sum(pread.histogram) == n
    assert stats.delivered == rows == pread.delivered
    assert stats.kernel_count == stats.delivered + stats.sampled_out + stats.dropped
    assert stats.degraded > 0
    assert stats.degraded == stats.sampled_out == pread.degraded == pread.sampled_out
    assert 2 <= pread.degraded_one_in <= 65536
    assert sum(win.calls for win in stats.degrade_windows) == stats.degraded
    assert all(win.start_ns <= win.end_ns for win in stats.degrade_windows)
    assert stats.degrade_windows_dropped == 0

    # The same figures as DataFrames.
    frame = ior.stats_frame(stats)
    row = frame.set_index("syscall").loc["pread64"]
    assert row["count"] == n
    assert row["degraded"] == stats.degraded == row["sampled_out"]
    assert row["degraded_one_in"] == pread.degraded_one_in
    assert str(frame["degraded"].dtype) == str(frame["degraded_one_in"].dtype) == "int64"
    windows = s.degrade_frame()
    assert list(windows.columns) == ["start_ns", "end_ns", "calls", "min_one_in"]
    assert all(str(t) == "int64" for t in windows.dtypes)
    assert len(windows) == len(stats.degrade_windows) >= 1
    assert windows["calls"].sum() == stats.degraded
    assert windows["min_one_in"].max() == pread.degraded_one_in
    assert (windows["min_one_in"] >= 2).all()
    assert windows["start_ns"].is_monotonic_increasing
    starts, ends = windows["start_ns"].to_numpy(), windows["end_ns"].to_numpy()
    assert (starts[1:] >= ends[:-1]).all()


def test_degrade_is_off_by_default_and_a_bool(workload, data_file):
    s, _ = run_basic(workload, data_file)
    list(s.batches(timeout=10))
    stats = s.stats()
    assert stats.degraded == 0 and stats.degrade_windows == []
    assert all(st.degraded == 0 and st.degraded_one_in == 0 for st in stats.syscalls)
    frame = ior.stats_frame(stats)
    assert len(frame) >= 1
    assert (frame["degraded"] == 0).all() and (frame["degraded_one_in"] == 0).all()
    windows = ior.degrade_frame(stats)
    assert windows.empty and list(windows.columns) == ["start_ns", "end_ns", "calls", "min_one_in"]
    assert all(str(t) == "int64" for t in windows.dtypes)
    with pytest.raises(TypeError, match="degrade must be a bool"):
        ior.Session(pid=os.getpid(), degrade=1)
