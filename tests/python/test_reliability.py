"""Sessions that could never trace anything are refused at start (needs root)."""

import os
import subprocess

import pytest

import ior

pytestmark = pytest.mark.usefixtures("tracing")


def gone_pid():
    """The pid of a process that has exited and was reaped."""
    p = subprocess.Popen(["/bin/true"])
    p.wait()
    return p.pid


def test_session_of_a_nonexistent_pid_raises_at_start():
    pid = gone_pid()
    s = ior.Session(pid=pid)
    with pytest.raises(ior.NotFoundError, match=f"no process with id {pid}"):
        s.start()
    with pytest.raises(FileNotFoundError):
        with ior.Session(pid=pid):
            pass


def test_session_of_some_gone_pids_starts():
    with ior.Session(pids=[gone_pid(), os.getppid()]) as s:
        assert s.started


def test_stats_count_filtered():
    with ior.Session(pid=os.getppid()) as s:
        pass
    stats = s.stats()
    assert stats.filtered == 0
    assert stats.kernel_count >= stats.delivered + stats.queued
