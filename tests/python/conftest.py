"""Shared fixtures of the Python binding tests."""

import os
import subprocess

import pytest


def can_trace():
    if os.geteuid() != 0:
        return False, "tracing needs root"
    if not os.path.exists("/sys/kernel/btf/vmlinux"):
        return False, "the kernel has no BTF (/sys/kernel/btf/vmlinux)"
    return True, ""


@pytest.fixture
def tracing():
    ok, why = can_trace()
    if not ok:
        pytest.skip(why)


@pytest.fixture
def workload_path():
    path = os.environ.get("IOR_WORKLOAD")
    if not path or not os.path.exists(path):
        pytest.skip("IOR_WORKLOAD does not name the ior-workload binary")
    return path


@pytest.fixture
def data_file(tmp_path):
    path = tmp_path / "data"
    path.write_bytes(b"libior python test\n")
    return str(path)


class Workload:
    """`ior-workload --wait <args>`, blocked before its scenario until go()."""

    def __init__(self, path, *args):
        self.proc = subprocess.Popen([path, "--wait", *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)
        assert self.proc.stdout.readline() == b"ready\n"

    @property
    def pid(self):
        return self.proc.pid

    def go(self):
        self.proc.stdin.write(b"g")
        self.proc.stdin.close()

    def wait(self):
        return self.proc.wait(timeout=30)

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()


@pytest.fixture
def workload(workload_path):
    started = []

    def start(*args):
        w = Workload(workload_path, *args)
        started.append(w)
        return w

    yield start
    for w in started:
        w.close()


@pytest.fixture
def idle_process():
    """A process that makes no system call for a while: a session on it sees no events."""
    proc = subprocess.Popen(["sleep", "60"])
    yield proc
    proc.kill()
    proc.wait()
