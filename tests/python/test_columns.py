"""The DataFrame columns of synthetic events (no tracing, no root): missing values, signed
times, errno names, wall-clock time, st_dev devices, columns=, chunk boundaries."""

import os
import time

import numpy as np
import pandas as pd
import pytest

import ior

OPENAT, PREAD64, EXIT_GROUP = (ior.syscall_number(n) for n in ("openat", "pread64", "exit_group"))


def kernel_dev(major, minor):
    return (major << 20) | minor  # the kernel's internal dev_t (MKDEV)


def events():
    e = np.zeros(3, dtype=ior.EVENT_DTYPE)
    for field in ("fd", "dirfd", "target_fd"):
        e[field] = -1
    e["fds"] = -1
    e["timeout_ns"] = -2
    e["enter_ns"] = [1_000, 2_000, 3_000]
    e["comm"] = b"app"
    # A failed openat, the thread's first call.
    e[0]["nr"], e[0]["ret"], e[0]["flags"] = OPENAT, -2, ior.EVENT_FIRST_ON_THREAD
    e[0]["dirfd"], e[0]["latency_ns"] = -100, 700
    e[0]["dev"] = [kernel_dev(8, 1), 0]
    e[0]["ino"] = [42, 0]
    # A pread64 whose gap is longer than its latency.
    e[1]["nr"], e[1]["ret"], e[1]["fd"], e[1]["latency_ns"], e[1]["gap_ns"] = PREAD64, 1, 3, 50, 80
    e[1]["file_dev"], e[1]["file_ino"] = kernel_dev(259, 300), 7
    e[1]["bytes"], e[1]["timeout_ns"] = 1, -1
    # exit_group: no return value.
    e[2]["nr"], e[2]["flags"], e[2]["gap_ns"] = EXIT_GROUP, ior.EVENT_NO_RETURN, 5
    return e


def test_missing_values_are_na_not_sentinels():
    df = ior.frame_from_events(events())
    assert df["ret"].tolist()[:2] == [-2, 1] and df["ret"].iloc[2] is pd.NA
    assert df["errno"].iloc[0] == "ENOENT" and df["errno"].iloc[1:].isna().all()
    assert df["gap_ns"].iloc[0] is pd.NA and df["gap_ns"].tolist()[1:] == [80, 5]
    assert df["fd"].iloc[0] is pd.NA and df["fd"].iloc[1] == 3
    assert df["dirfd"].iloc[0] == -100 and df["dirfd"].iloc[1] is pd.NA
    assert df["target_fd"].isna().all() and df["fds0"].isna().all() and df["fds1"].isna().all()
    assert df["timeout_ns"].iloc[0] is pd.NA and df["timeout_ns"].iloc[1] == -1  # -1: infinite
    assert df["no_return"].tolist() == [False, False, True]
    assert df["event_flags"].tolist() == [ior.EVENT_FIRST_ON_THREAD, 0, ior.EVENT_NO_RETURN]
    assert df["file"].isna().all() and df["path"].isna().all()  # a bare array has no strings
    assert df["syscall"].astype(str).tolist() == ["openat", "pread64", "exit_group"]
    assert df["comm"].astype(str).tolist() == ["app"] * 3


def test_signed_differences_do_not_wrap():
    df = ior.frame_from_events(events())
    diff = df["latency_ns"] - df["gap_ns"]
    assert diff.iloc[1] == -30 and diff.iloc[0] is pd.NA
    assert df["latency_ns"].dtype == np.int64 and df["enter_ns"].dtype == np.int64
    assert (df["enter_ns"].diff().dropna() == 1_000).all()


def test_devices_as_st_dev_has_them():
    df = ior.frame_from_events(events())
    assert df["dev0"].iloc[0] == os.makedev(8, 1)
    assert df["ino0"].iloc[0] == 42 and df["ino0"].iloc[1] is pd.NA
    assert df["file_dev"].iloc[1] == os.makedev(259, 300)  # minor > 255: the split encoding
    assert df["file_ino"].iloc[1] == 7 and df["file_dev"].iloc[0] is pd.NA


def test_time_is_the_wall_clock_of_enter_ns():
    df = ior.frame_from_events(events())
    assert df["time"].dtype == np.dtype("datetime64[ns]")
    offsets = df["time"].astype(np.int64) - df["enter_ns"]
    assert offsets.nunique() == 1
    expected = time.time_ns() - time.clock_gettime_ns(time.CLOCK_BOOTTIME)
    assert abs(int(offsets.iloc[0]) - expected) < 1_000_000_000


def test_columns_select_and_order():
    df = ior.frame_from_events(events(), columns=["errno", "ret", "time"])
    assert list(df.columns) == ["errno", "ret", "time"]
    assert list(ior.frame_from_events(events()).columns) == list(ior.COLUMNS)
    with pytest.raises(ValueError, match="unknown column"):
        ior.frame_from_events(events(), columns=["flags"])
    with pytest.raises(ValueError, match="empty"):
        ior.frame_from_events(events(), columns=[])
    with pytest.raises(TypeError, match="EVENT_DTYPE"):
        ior.frame_from_events(np.zeros(3))


def test_many_rows_cross_chunk_boundaries():
    n = 200_003  # more than three chunks of 64 Ki rows
    e = np.zeros(n, dtype=ior.EVENT_DTYPE)
    e["enter_ns"] = np.arange(n)
    e["nr"] = np.where(np.arange(n) % 3 == 0, OPENAT, PREAD64)
    e["comm"] = np.where(np.arange(n) % 2 == 0, b"even", b"odd")
    e["ret"] = -(np.arange(n) % 5)  # 0, -1 (EPERM), -2 (ENOENT), ...
    df = ior.frame_from_events(e, columns=["enter_ns", "syscall", "comm", "errno"])
    assert (df["enter_ns"].to_numpy() == np.arange(n)).all()
    assert (df["syscall"].astype(str).to_numpy()[::3] == "openat").all()
    assert df["comm"].iloc[n - 1] == "even" and df["comm"].iloc[n - 2] == "odd"
    counts = np.bincount(np.arange(n) % 5)
    assert df["errno"].value_counts().to_dict() == {
        "EPERM": counts[1], "ENOENT": counts[2], "ESRCH": counts[3], "EINTR": counts[4]}
    assert df["errno"].isna().sum() == counts[0]


def test_session_defaults_are_the_librarys():
    import inspect
    defaults = ior._ior.SESSION_DEFAULTS
    params = inspect.signature(ior.Session).parameters
    for name in ("batch_size", "max_delay", "ring_bytes", "max_queued_batches"):
        assert params[name].default == defaults[name] > 0, name
