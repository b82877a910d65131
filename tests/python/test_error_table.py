"""Every library failure reaches C and Python with the same code (issue 12): the C ABI's codes
come from tests/abi/error_table.c, Python provokes the same failures and compares ior.Error.code.
The numbers are the errno values (negative) or IOR_E* codes of the one mapping, ior::ErrorNumber.
"""

import errno
import os
import subprocess

import pytest

import ior


def c_codes():
    path = os.environ.get("IOR_ERROR_TABLE")
    assert path and os.path.exists(path), "IOR_ERROR_TABLE does not name ior_error_table"
    out = subprocess.run([path], check=True, capture_output=True, text=True).stdout
    return {name: int(code) for name, code in (line.split() for line in out.splitlines())}


def _last_pid():
    """A process that existed and is gone: its pid is valid and names nobody."""
    child = subprocess.Popen(["/bin/true"])
    child.wait()
    return child.pid


def python_code(make, start=False, poll=False):
    try:
        session = make()
        if start:
            session.start()
        if poll:
            session.poll(lambda batch: 0, timeout=0)
    except ior.Error as e:
        return e.code
    return 0


SCENARIOS = {
    # scenario: (how Python provokes it, the code both must report)
    "unknown_syscall": (lambda: python_code(lambda: ior.Session(syscalls=["no_such_syscall"])),
                        -errno.EINVAL),
    "unknown_family": (lambda: python_code(lambda: ior.Session(families=["NoSuchFamily"])),
                       -errno.EINVAL),
    "negative_pid": (lambda: python_code(lambda: ior.Session(pids=[-5])), -errno.EINVAL),
    "follow_without_pids": (lambda: python_code(lambda: ior.Session(follow=True)), -errno.EINVAL),
    "missing_pid": (lambda: python_code(lambda: ior.Session(pids=[_last_pid()]), start=True),
                    -errno.ENOENT),
    "poll_before_start": (lambda: python_code(lambda: ior.Session(), poll=True), -4004),
}


def test_c_and_python_report_the_same_code(tracing):
    codes = c_codes()
    assert sorted(codes) == sorted(SCENARIOS)
    for name, (provoke, expected) in SCENARIOS.items():
        assert codes[name] == expected, (name, codes[name])
        assert provoke() == expected, name
