"""DataFrames built batch by batch: columns=, dtypes without traps (signed times, wall-clock
`time`, errno names, pandas NA, st_dev device numbers), trace_batches(), Session iteration and
the trace-JSON recording (needs root)."""

import errno
import json
import os
import time

import numpy as np
import pandas as pd
import pytest

import ior

N = 5
SYSCALLS = ["openat", "pread64", "close", "exit_group"]

pytestmark = pytest.mark.usefixtures("tracing")


def trace_basic(workload_path, data_file, **kwargs):
    return ior.trace([workload_path, "basic", data_file, str(N)], syscalls=SYSCALLS, **kwargs)


def ours(df, data_file):
    """The scenario's own rows (the dynamic loader's openat/close come first)."""
    first = df.index[(df["syscall"] == "openat") & (df["file"] == data_file)][0]
    return df.loc[first:]


def test_columns_selects_and_orders(workload_path, data_file):
    df = trace_basic(workload_path, data_file, columns=["latency_ns", "syscall", "file"])
    assert list(df.columns) == ["latency_ns", "syscall", "file"]
    assert (df["syscall"] == "pread64").sum() >= N
    assert df.attrs["exit_code"] == 0


def test_columns_are_checked_before_anything_runs(tmp_path):
    marker = tmp_path / "ran"
    with pytest.raises(ValueError, match="unknown column.*'nope'"):
        ior.trace(["/bin/touch", str(marker)], columns=["syscall", "nope"])
    with pytest.raises(TypeError, match="list of column names"):
        ior.trace(["/bin/touch", str(marker)], columns="syscall")
    with pytest.raises(ValueError, match="asked for twice"):
        ior.trace(["/bin/touch", str(marker)], columns=["pid", "pid"])
    assert not marker.exists()
    assert set(ior.COLUMNS) >= {"time", "errno", "open_flags", "no_return", "file_dev"}
    assert "flags" not in ior.COLUMNS  # DataFrame.flags would hide it


def test_dtypes_have_no_traps(workload_path, data_file):
    before = pd.Timestamp.now()
    df = trace_basic(workload_path, data_file)
    after = pd.Timestamp.now()
    assert list(df.columns) == list(ior.COLUMNS)
    # Signed: differences of times never wrap around.
    for column in ("enter_ns", "latency_ns", "bytes", "length"):
        assert df[column].dtype == np.int64, column
    diff = df["latency_ns"] - df["gap_ns"]
    assert diff.dtype == "Int64"
    for lat, gap, d in zip(df["latency_ns"], df["gap_ns"], diff):
        if gap is pd.NA:
            assert d is pd.NA
        else:
            assert d == int(lat) - int(gap)
    # Wall clock: naive UTC datetime64[ns], one offset from the boot clock for the whole frame.
    assert df["time"].dtype == np.dtype("datetime64[ns]")
    utc = (before.tz_localize(None) - pd.Timedelta(hours=24), after + pd.Timedelta(hours=24))
    assert df["time"].between(*utc).all()
    wall = pd.Timestamp(time.time_ns())
    assert abs(df["time"].iloc[-1] - wall) < pd.Timedelta(minutes=1)
    assert (df["time"].astype(np.int64) - df["enter_ns"]).nunique() == 1
    assert df["time"].is_monotonic_increasing


def test_errno_names_and_missing_values(workload_path, data_file):
    df = ours(trace_basic(workload_path, data_file), data_file)
    assert isinstance(df["errno"].dtype, pd.CategoricalDtype)
    failed = df[df["ret"] < 0]
    assert failed["syscall"].astype(str).tolist() == ["openat", "close"]
    assert failed["errno"].astype(str).tolist() == ["ENOENT", "EBADF"]
    assert df.loc[df["ret"] >= 0, "errno"].isna().all()
    # A call that never returns: no return value (not 0), no errno.
    last = df.iloc[-1]
    assert last["syscall"] == "exit_group" and last["no_return"]
    assert last["ret"] is pd.NA and pd.isna(last["errno"])
    assert not df["no_return"].iloc[:-1].any()
    # Descriptors: NA where the call has none, the real value otherwise.
    opened = int(df["ret"].iloc[0])
    preads = df[df["syscall"] == "pread64"]
    assert len(preads) == N and (preads["fd"] == opened).all()
    assert df.loc[df["syscall"] == "openat", "fd"].isna().all()
    assert (df.loc[df["syscall"] == "openat", "dirfd"] == -100).all()  # AT_FDCWD is a value
    assert df["target_fd"].isna().all() and df["fds0"].isna().all()
    assert df.loc[df["syscall"] == "pread64", "timeout_ns"].isna().all()
    assert df["fd"].dtype == "Int32" and df["ret"].dtype == "Int64"


def test_first_call_of_a_thread_has_no_gap(workload_path, data_file):
    df = ior.trace([workload_path, "basic", data_file, str(N)], families=["all"])
    first = df.groupby("tid", sort=False).head(1)
    assert first["gap_ns"].isna().all()
    assert df["gap_ns"].notna().sum() == len(df) - len(first)
    assert (df["gap_ns"].dropna() >= 0).all()


def test_devices_and_inodes_as_stat_has_them(workload_path, data_file):
    st = os.stat(data_file)
    df = ours(trace_basic(workload_path, data_file), data_file)
    preads = df[df["syscall"] == "pread64"]
    assert (preads["file_dev"] == st.st_dev).all()
    assert (preads["file_ino"] == st.st_ino).all()
    assert (preads["dev0"] == st.st_dev).all() and (preads["ino0"] == st.st_ino).all()
    assert preads["file_dev"].dtype == "UInt64"


def test_trace_batches_streams_a_command(workload_path, data_file):
    argv = [workload_path, "basic", data_file, str(N)]
    seen = []
    with ior.trace_batches(argv, syscalls=SYSCALLS, batch_size=2) as run:
        assert run.exit_code is None and not run.ended
        for batch in run:
            assert isinstance(batch, ior.Batch)
            seen.append(batch.to_pandas(columns=["syscall", "file"]))
        assert run.ended
    assert run.exit_code == 0
    assert len(seen) >= 2
    df = pd.concat([f.astype({"syscall": str, "file": object}) for f in seen], ignore_index=True)
    assert (df.loc[df["file"] == data_file, "syscall"] == "pread64").sum() == N
    assert df["syscall"].iloc[-1] == "exit_group"
    assert run.stats().delivered == len(df)


def test_trace_batches_to_pandas_equals_trace(workload_path, data_file):
    argv = [workload_path, "basic", data_file, str(N)]
    streamed = ior.trace_batches(argv, syscalls=SYSCALLS).to_pandas(columns=["syscall", "ret"])
    whole = ior.trace(argv, syscalls=SYSCALLS, columns=["syscall", "ret"])
    assert streamed.attrs["exit_code"] == whole.attrs["exit_code"] == 0
    # The dynamic loader's calls may differ run to run; the scenario's tails are equal.
    tail = 11
    pd.testing.assert_frame_equal(streamed.tail(tail).reset_index(drop=True),
                                  whole.tail(tail).reset_index(drop=True))


def test_leaving_trace_batches_early_kills_the_command():
    with ior.trace_batches(["/bin/sh", "-c", "while :; do /bin/true; done"],
                           families=["all"]) as run:
        assert next(iter(run)) is not None
    rest = list(run)  # what was traced before the kill, then the end
    assert run.ended and run.exit_code == 128 + 9
    assert sum(len(b) for b in rest) >= 0


def test_session_iterates_and_frames_from_bare_events(workload, data_file):
    w = workload("basic", data_file, str(N))
    s = ior.Session(pid=w.pid, syscalls=SYSCALLS)
    with s:
        w.go()
        assert w.wait() == 0
    batches = list(s)  # `for batch in session` is session.batches()
    assert s.ended and sum(len(b) for b in batches) == 1 + N + 6
    events = ior._frame.concat_events([b.to_numpy() for b in batches])
    bare = ior.frame_from_events(events, columns=["syscall", "file", "ret"])
    full = ior.frame_from_batches(batches, columns=["syscall", "file", "ret"])
    assert bare["syscall"].tolist() == full["syscall"].tolist()
    assert bare["ret"].tolist()[:-1] == full["ret"].tolist()[:-1]
    assert bare["file"].isna().all()  # no strings without the batches
    assert (full["file"] == data_file).sum() == 2 + N + 2  # open, preads, close, twice


def test_record_trace_json(workload, data_file, tmp_path):
    path = tmp_path / "run.json"
    w = workload("basic", data_file, str(N))
    s = ior.Session(pid=w.pid, syscalls=SYSCALLS)
    s.record_trace_json(path)
    with s:
        w.go()
        assert w.wait() == 0
    delivered = sum(len(b) for b in s.batches())
    assert not path.exists()  # published by close_trace_json()
    info = s.close_trace_json()
    assert info == {"path": str(path), "events": delivered, "events_dropped": 0}
    assert s.close_trace_json() is None
    with open(path) as f:
        doc = json.load(f)
    slices = [e for e in doc["traceEvents"] if e.get("ph") == "X" and e["pid"] == w.pid]
    assert [e["name"] for e in slices].count("pread64") == N
    pread = next(e for e in slices if e["name"] == "pread64")
    assert pread["args"]["file"] == data_file
    failed = next(e for e in slices if e["name"] == "openat" and "errno" in e["args"])
    assert failed["args"]["errno"] == "ENOENT" and failed["args"]["ret"] == -errno.ENOENT


def test_record_trace_json_refuses_an_existing_file(idle_process, tmp_path):
    path = tmp_path / "exists.json"
    path.write_text("{}")
    s = ior.Session(pid=idle_process.pid)
    with pytest.raises(ior.Error) as raised:
        s.record_trace_json(path, overwrite=False)
    assert raised.value.errno == errno.EEXIST
    with pytest.raises(ValueError, match="max_events"):
        s.record_trace_json(path, max_events=-1)
