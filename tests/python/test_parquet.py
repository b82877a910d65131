"""Session.record_parquet(): a traced workload recorded to Parquet, read back by DuckDB (npm,
tests/node/; fails, never skips, when node or the packages are missing). Needs root."""

import errno
import json
import os
import subprocess

import pytest

import ior

N = 500
NODE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "node")
SYSCALLS = ["openat", "pread64", "close", "exit_group"]

pytestmark = pytest.mark.usefixtures("tracing")


def duckdb(sql):
    out = subprocess.run(["node", os.path.join(NODE_DIR, "duckdb_query.mjs"), sql],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def test_record_parquet_of_a_known_workload(workload, data_file, tmp_path):
    path = tmp_path / "run.parquet"
    w = workload("basic", data_file, str(N))
    s = ior.Session(pid=w.pid, syscalls=SYSCALLS)
    s.record_parquet(path)
    assert not path.exists() and len(list(tmp_path.glob("run.parquet.*.tmp"))) == 1
    with s:
        w.go()
        assert w.wait() == 0
    events = sum(len(b) for b in s.batches(timeout=10))
    result = s.close_parquet()
    assert result == {"path": str(path), "rows": events, "rows_shed": 0}
    assert s.close_parquet() is None
    assert events == N + 7  # openat, the preads, close, openat, openat, close, close, exit

    rows = duckdb(f"SELECT syscall, count(*), sum(bytes) FROM '{path}' GROUP BY 1 ORDER BY 1")
    assert rows == [["close", "3", "0"], ["exit_group", "1", "0"], ["openat", "3", "0"],
                    ["pread64", str(N), str(N)]]
    kv = duckdb(f"SELECT decode(value) FROM parquet_kv_metadata('{path}') "
                "WHERE decode(key) IN ('ior.mode', 'ior.delivered') ORDER BY decode(key)")
    assert kv == [[str(events)], ["python"]]


def test_record_parquet_refuses_an_existing_file_without_overwrite(tmp_path):
    path = tmp_path / "exists.parquet"
    path.write_bytes(b"keep me")
    s = ior.Session(syscalls=["openat"])
    with pytest.raises(ior.Error) as raised:
        s.record_parquet(path, overwrite=False)
    assert raised.value.errno == errno.EEXIST
    assert path.read_bytes() == b"keep me"


def test_a_sampled_recording_says_each_syscalls_rate(workload, data_file, tmp_path):
    # The footer's ior.sampling.totals take each syscall's rate from the session itself.
    path = tmp_path / "sampled.parquet"
    w = workload("basic", data_file, str(N))
    s = ior.Session(pid=w.pid, syscalls=SYSCALLS, sample_syscalls={"pread64": 0})
    s.record_parquet(path)
    with s:
        w.go()
        assert w.wait() == 0
    events = sum(len(b) for b in s.batches(timeout=10))
    assert s.close_parquet()["rows"] == events == 7
    rates = {st.name: st.sample_rate for st in s.stats().syscalls}
    assert rates == {"openat": 1, "pread64": 0, "close": 1, "exit_group": 1}
    frame = s.stats_frame()
    assert dict(zip(frame["syscall"], frame["sample_rate"])) == rates
    [[totals]] = duckdb(f"SELECT decode(value) FROM parquet_kv_metadata('{path}') "
                        "WHERE decode(key) = 'ior.sampling.totals'")
    by_name = {t["syscall"]: t for t in json.loads(totals)}
    assert by_name["pread64"] == {"syscall": "pread64", "rate": 0, "traced": 0,
                                  "counted_only": N, "total": N, "lower_bound": False}
    assert by_name["openat"]["rate"] == 1 and by_name["openat"]["traced"] == 3
    # The footer also says how the session was set up, as the CLI's does.
    kv = dict(duckdb(f"SELECT decode(key), decode(value) FROM parquet_kv_metadata('{path}') "
                     "WHERE decode(key) IN ('ior.selection', 'ior.sampling')"))
    assert kv == {"ior.selection": "syscalls=openat,pread64,close,exit_group",
                  "ior.sampling": "pread64=0"}
