"""ior.Session's selection and filter arguments beyond families and syscalls (kinds,
exclusions, sampling rates, cgroup, comm and path filters, track_files, btf_path), on the
known ior-workload scenario: exact events and exact kernel counts (needs root)."""

import os
import subprocess

import numpy as np
import pytest

import ior

N = 5
SELECTED = ["openat", "pread64", "close", "exit_group"]
pytestmark = pytest.mark.usefixtures("tracing")


def expected_names():
    """The syscalls `ior-workload basic` makes after its go byte, in order, as it lists them."""
    out = subprocess.run([os.environ["IOR_WORKLOAD"], "expect-basic", str(N)], check=True,
                         capture_output=True, text=True).stdout
    return [line.split()[0] for line in out.splitlines()]


def trace_basic(workload, data_file, **session_args):
    """`ior-workload basic` (openat, N preads of the file, close, exit_group) traced to its end:
    (syscall names of the events, file of each event, the stopped session)."""
    w = workload("basic", data_file, str(N))
    s = ior.Session(pid=w.pid, **session_args)
    with s:
        w.go()
        assert w.wait() == 0
    frame = s.to_pandas(columns=["syscall", "file"])
    assert s.ended
    names = frame["syscall"].astype(str).tolist()
    files = ["" if f is None or f is np.nan or (isinstance(f, float) and np.isnan(f)) else f
             for f in frame["file"].tolist()]
    return names, files, s


def counts(stats):
    return {st.name: st.count for st in stats.syscalls}


def test_sampling_rate_zero_counts_in_the_kernel_only(workload, data_file):
    names, _, s = trace_basic(workload, data_file, syscalls=SELECTED,
                              sample_syscalls={"pread64": 0})
    assert names == [n for n in expected_names() if n != "pread64"]
    stats = s.stats()
    assert counts(stats)["pread64"] == N  # exact in the kernel
    assert stats.sampled_out == N
    assert {st.name: st.sample_rate for st in stats.syscalls} == {
        "openat": 1, "pread64": 0, "close": 1, "exit_group": 1}
    assert stats.kernel_count == stats.delivered + stats.sampled_out + stats.dropped


def test_a_familys_rate_and_a_syscalls_own_rate(workload, data_file):
    # FS at 0 (counted only), pread64's own rate 1 wins over its family's.
    names, _, s = trace_basic(workload, data_file, families=["FS"],
                              sample_families={"FS": 0}, sample_syscalls={"pread64": 1})
    assert names == ["pread64"] * N
    assert counts(s.stats())["openat"] == expected_names().count("openat")
    rates = {st.name: st.sample_rate for st in s.stats().syscalls}
    assert rates["openat"] == rates["close"] == 0 and rates["pread64"] == 1


def test_kinds_and_exclusions(workload, data_file):
    names, _, _ = trace_basic(workload, data_file, kinds=["open"])
    assert names == [n for n in expected_names() if n == "openat"]
    names, _, _ = trace_basic(workload, data_file, syscalls=["openat", "pread64", "close"],
                              exclude_syscalls=["pread64"])
    assert names == [n for n in expected_names() if n in ("openat", "close")]
    names, _, _ = trace_basic(workload, data_file, tracepoints=["^sys_enter_pread64$"])
    assert names == ["pread64"] * N


@pytest.mark.parametrize("filters, keep", [
    (dict(path_filter="DATA", path_match="exact"), lambda comm, file, data: file == data),
    (dict(path_filter="DIR/", path_match="prefix"),
     lambda comm, file, data: file.startswith(os.path.dirname(data) + "/")),
    (dict(path_filter="missing"), lambda comm, file, data: "missing" in file),
    (dict(comm_filter="ior-work", comm_match="prefix"), lambda comm, file, data: True),
    (dict(comm_filter="cat"), lambda comm, file, data: False),
])
def test_comm_and_path_filters_keep_what_matches_and_count_the_rest(workload, data_file,
                                                                    filters, keep):
    all_names, all_files, _ = trace_basic(workload, data_file, syscalls=SELECTED)
    assert all_names == expected_names()
    filters = {k: v.replace("DATA", data_file).replace("DIR", os.path.dirname(data_file))
               for k, v in filters.items()}
    names, files, s = trace_basic(workload, data_file, syscalls=SELECTED, **filters)
    kept = [(n, f) for n, f in zip(all_names, all_files) if keep("ior-workload", f, data_file)]
    assert list(zip(names, files)) == kept
    assert s.stats().filtered == len(all_names) - len(kept)


def test_cgroup_of_the_workload_by_id(workload, data_file):
    # The workload runs in this process's cgroup (v2: the "0::" line).
    line = [l for l in open("/proc/self/cgroup").read().splitlines() if l.startswith("0::")]
    assert line, "no cgroup v2 membership in /proc/self/cgroup"
    rel = line[0][3:]
    root = next(r for r in ("/sys/fs/cgroup/unified", "/sys/fs/cgroup")
                if os.path.isdir(r + rel) and os.path.exists(r + "/cgroup.controllers"))
    cgroup_id = os.stat(root + rel).st_ino
    names, _, _ = trace_basic(workload, data_file, syscalls=["pread64"], cgroup=cgroup_id)
    assert names == ["pread64"] * N
    # Another cgroup's id: the workload's calls are not its tasks'.
    names, _, s = trace_basic(workload, data_file, syscalls=["pread64"],
                              cgroup=cgroup_id + 1_000_000)
    assert names == []


def test_without_file_tracking_a_read_names_no_file(workload, data_file):
    _, files, _ = trace_basic(workload, data_file, syscalls=["pread64"])
    assert files == [data_file] * N
    _, files, _ = trace_basic(workload, data_file, syscalls=["pread64"], track_files=False)
    assert files == [""] * N


def test_a_missing_btf_file_is_refused_at_start():
    s = ior.Session(pid=os.getpid(), btf_path="/nonexistent/vmlinux.btf")
    with pytest.raises(ior.Error, match="/nonexistent/vmlinux.btf") as info:
        s.start()
    assert info.value.code == -4002  # IOR_ENOBTF, as the C ABI says


def test_trace_and_trace_batches_take_the_same_arguments(workload_path, data_file):
    df = ior.trace([workload_path, "basic", data_file, str(N)], syscalls=["pread64"],
                   path_filter=data_file, path_match="exact")
    assert len(df) == N and set(df["file"]) == {data_file}
    with ior.trace_batches([workload_path, "basic", data_file, str(N)], families=["FS"],
                           sample_syscalls={"pread64": 0}) as run:
        frame = run.to_pandas(columns=["syscall"])
    assert "pread64" not in set(frame["syscall"].astype(str))
    assert counts(run.stats())["pread64"] >= N  # the loader's preads too
