"""The README's streaming Python snippet, extracted and run as a user pastes it: it traces a
command and ends by itself when the command exits (so the README cannot drift from the API)."""

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def python_blocks():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        return re.findall(r"^```python\n(.*?)^```", f.read(), flags=re.S | re.M)


def run_the_snippet(marker):
    """Runs the README's one python block that holds `marker`, as a user pastes it."""
    blocks = [b for b in python_blocks() if marker in b]
    assert len(blocks) == 1, f"the README has one python snippet with {marker!r}"
    proc = subprocess.run([sys.executable, "-c", "import ior\n" + blocks[0]],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc


def test_the_streaming_snippet_runs_and_ends_by_itself(tracing):
    proc = run_the_snippet("ior.trace_batches(")
    # Its last line prints the traced command's exit status.
    assert proc.stdout.strip().splitlines()[-1] == "0", proc.stdout


def test_the_selection_snippet_runs(tracing):
    proc = run_the_snippet("sample_syscalls=")
    # value_counts() of what passed the filter, then the count of what it left out (the
    # archive's writes, the loader's opens: not under /etc/).
    assert len(proc.stdout.splitlines()) >= 3 and int(proc.stdout.split()[-1]) > 0, proc.stdout
