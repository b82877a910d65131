"""Argument checking, error types and the event dtype: no tracing, runs unprivileged."""

import errno
import os
import subprocess
import sys

import numpy as np
import pytest

import ior


def test_error_hierarchy():
    assert issubclass(ior.Error, OSError)
    assert issubclass(ior.InvalidArgumentError, ior.Error)
    assert issubclass(ior.InvalidArgumentError, ValueError)
    assert issubclass(ior.PermissionDeniedError, PermissionError)
    assert issubclass(ior.NotFoundError, FileNotFoundError)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(pid=-1), ValueError, r"pid -1 is out of range"),
    (dict(pid=0), ValueError, r"pid 0 is out of range"),
    (dict(pid="12"), TypeError, r"pid must be an int, not str"),
    (dict(pid=True), TypeError, r"pid must be an int, not bool"),
    (dict(pid=1.5), TypeError, r"pid must be an int, not float"),
    (dict(pids=[1, -5]), ValueError, r"pids\[1\] -5 is out of range"),
    (dict(pids=5), TypeError, r"pids must be a list of ints, not int"),
    (dict(tids=["a"]), TypeError, r"tids\[0\] must be an int, not str"),
    (dict(syscalls=["openat", "no_such_call"]), ValueError,
     r"unknown syscall 'no_such_call' \(syscalls\[1\]\)"),
    (dict(syscalls="openat"), TypeError, r"not a single str: write syscalls=\['openat'\]"),
    (dict(syscalls=[3]), TypeError, r"syscalls\[0\] must be a str, not int"),
    (dict(families=["NoSuchFamily"]), ValueError, r"unknown syscall family 'NoSuchFamily'"),
    (dict(families="FS"), TypeError, r"write families=\['FS'\]"),
    (dict(batch_size=0), ValueError, r"batch_size must be at least 1, not 0"),
    (dict(batch_size="10"), TypeError, r"batch_size must be an int, not str"),
    (dict(max_delay=-1), ValueError, r"max_delay must be >= 0 seconds"),
    (dict(max_delay=0), ValueError, r"max_delay must be > 0 seconds"),
    (dict(max_delay="1s"), TypeError, r"max_delay must be a number of seconds"),
    (dict(max_queued_batches=0), ValueError, r"max_queued_batches must be at least 1"),
    # The selection and filters beyond families and syscalls.
    (dict(kinds="open"), TypeError, r"write kinds=\['open'\]"),
    (dict(kinds=[1]), TypeError, r"kinds\[0\] must be a str, not int"),
    (dict(kinds=["no-such-kind"]), ValueError, r"unknown kind 'no-such-kind'; valid: accept, "),
    (dict(exclude_syscalls=["nope"]), ValueError, r"nope"),
    (dict(tracepoints=["("]), ValueError, r"\("),
    (dict(sample_syscalls=["read"]), TypeError, r"sample_syscalls must be a dict"),
    (dict(sample_syscalls={"read": -1}), ValueError, r"sample_syscalls\['read'\] must be in 0"),
    (dict(sample_syscalls={"read": "1"}), TypeError, r"must be an int, not str"),
    (dict(sample_families={"NoSuchFamily": 2}), ValueError, r"NoSuchFamily"),
    (dict(cgroup=0), ValueError, r"cgroup must be a cgroup v2 id \(>= 1\) or a path"),
    (dict(cgroup=1.5), TypeError, r"cgroup must be an int, not float"),
    (dict(cgroup="no/such/cgroup/here"), FileNotFoundError, r"no/such/cgroup/here"),
    (dict(comm_filter=3), TypeError, r"comm_filter must be a str, not int"),
    (dict(path_filter="/x", path_match="regex"), ValueError,
     r"path_match must be one of substring, exact, prefix, not 'regex'"),
    (dict(track_files=0), TypeError, r"track_files must be a bool, not int"),
    (dict(btf_path=5), TypeError, r"btf_path must be a path, not int"),
])
def test_bad_session_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        ior.Session(**kwargs)


def test_unknown_keyword():
    with pytest.raises(TypeError, match="unexpected keyword argument 'pidd'"):
        ior.Session(pidd=1)
    # trace() and trace_batches() take the Session's selection and filter arguments as
    # **options: a typo is refused before the command runs.
    with pytest.raises(TypeError, match=r"trace\(\) got an unexpected keyword argument 'kind'"):
        ior.trace(["true"], kind=["open"])
    with pytest.raises(TypeError, match=r"trace_batches\(\) got an unexpected keyword"):
        ior.trace_batches(["true"], path_filer="/x")
    with pytest.raises(ValueError, match="unknown kind"):
        ior.trace(["true"], kinds=["no-such-kind"])


def test_core_rejects_bad_values_as_value_error_with_errno():
    # Checked by the C++ core (ValidateOptions), raised as InvalidArgumentError.
    with pytest.raises(ior.InvalidArgumentError) as info:
        ior.Session(ring_bytes=1000)
    assert isinstance(info.value, ValueError) and isinstance(info.value, OSError)
    assert info.value.errno == errno.EINVAL and info.value.code == -errno.EINVAL
    assert "ring_bytes 1000" in str(info.value)
    with pytest.raises(ValueError, match="batch_size"):
        ior.Session(batch_size=1 << 30)


def test_good_arguments_are_accepted():
    import datetime
    s = ior.Session(pid=os.getpid() + 1, pids=[1], tids=[np.int32(1)], families=["fs", "Network"],
                    syscalls=["openat", "syscall_0"], batch_size=np.int64(10),
                    max_delay=datetime.timedelta(milliseconds=20))
    assert not s.started and not s.stopped and not s.ended


def test_consuming_before_start_is_an_os_error():
    s = ior.Session(syscalls=["openat"])
    with pytest.raises(ior.Error) as info:
        s.next_batch(timeout=0)
    # The same number as the C ABI's IOR_ESTATE for the same failure (ior/error.h).
    assert info.value.code == -4004
    assert info.value.errno == errno.EBADFD
    assert "not been started" in info.value.strerror


def test_bad_consumer_arguments():
    s = ior.Session(syscalls=["openat"])
    with pytest.raises(ValueError, match="timeout must be >= 0 seconds"):
        next(s.batches(timeout=-1))
    with pytest.raises(TypeError, match="timeout must be a number of seconds"):
        s.next_batch(timeout="1")
    with pytest.raises(TypeError, match="callback must be callable, not int"):
        s.poll(3)


@pytest.mark.parametrize("argv, error, message", [
    ([], ValueError, "argv is empty"),
    ("ls -l", TypeError, r"argv must be a list of strings, e.g. \['ls', '-l'\]"),
    (["ls", 3], TypeError, r"argv\[1\] must be a str, not int"),
    (["ls", "a\0b"], ValueError, r"argv\[1\] contains a NUL"),
])
def test_bad_trace_arguments(argv, error, message):
    with pytest.raises(error, match=message):
        ior.trace(argv)


def test_trace_checks_options_before_running_anything():
    with pytest.raises(ValueError, match="unknown syscall 'nope'"):
        ior.trace(["/bin/true"], syscalls=["nope"])


def test_event_dtype_matches_the_buffer_format():
    dtype = ior.EVENT_DTYPE
    assert dtype.itemsize == ior.EVENT_SIZE
    for name in ("enter_ns", "latency_ns", "gap_ns", "ret", "pid", "tid", "nr", "flags", "comm"):
        assert name in dtype.names
    assert dtype["ret"] == np.dtype("<i8")
    assert dtype["latency_ns"] == np.dtype("<u8")
    assert dtype["pid"] == np.dtype("<u4")
    assert dtype["comm"] == np.dtype("S16")
    assert dtype["args"].shape == (6,)
    # The PEP 3118 format the buffer protocol announces parses to the same layout.
    from_format = np.dtype(np.core._internal._dtype_from_pep3118(ior._ior.EVENT_FORMAT))
    assert from_format.itemsize == dtype.itemsize
    assert from_format.names == dtype.names
    for name in dtype.names:
        assert from_format.fields[name][1] == dtype.fields[name][1], name  # offsets
        assert from_format.fields[name][0] == dtype.fields[name][0], name  # types


def test_syscall_names():
    assert ior.syscall_name(ior.syscall_number("openat")) == "openat"
    assert ior.syscall_number("no_such_call") is None
    assert ior.syscall_table()[0] == "read"
    assert "FS" in ior.family_names()


def test_permission_denied_without_privileges(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs root to drop to an unprivileged user")
    code = ("import os, errno, ior\n"
            "os.setgroups([]); os.setgid(65534); os.setuid(65534)\n"
            "try:\n"
            "    ior.Session(syscalls=['openat']).start()\n"
            "except ior.PermissionDeniedError as e:\n"
            "    assert e.errno == errno.EPERM, e.errno\n"
            "    assert e.code == -errno.EPERM, e.code\n"
            "    assert isinstance(e, PermissionError) and isinstance(e, ior.Error)\n"
            "    print('denied:', e)\n")
    env = dict(os.environ)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         cwd=str(tmp_path), timeout=60)
    assert out.returncode == 0, out.stderr
    assert "denied: [Errno 1]" in out.stdout
    # One sentence that names what suffices, and nothing on stderr (no libbpf dump).
    assert "CAP_BPF and CAP_PERFMON" in out.stdout, out.stdout
    assert "CAP_SYS_RESOURCE" not in out.stdout
    assert out.stdout.count("\n") == 1, out.stdout
    assert out.stderr == ""


@pytest.mark.parametrize("call, message", [
    (lambda: ior.syscall_name("openat"), r"^nr must be an int, not str$"),
    (lambda: ior.syscall_name(None), r"^nr must be an int, not NoneType$"),
    (lambda: ior.syscall_number(257), r"^name must be a str, not int$"),
])
def test_wrong_types_are_a_clear_type_error(call, message):
    # Not pybind11's "incompatible function arguments" dump.
    with pytest.raises(TypeError, match=message):
        call()


def test_lookups_still_work():
    assert ior.syscall_name(257) == "openat"
    assert ior.syscall_number("openat") == 257
    assert ior.syscall_number("no_such_call") is None
    with pytest.raises(ValueError, match="nr must be in"):
        ior.syscall_name(-1)


def test_stats_have_filtered():
    assert "filtered" in dir(ior.SessionStats)
