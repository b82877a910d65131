"""The example notebook runs headlessly from top to bottom (needs root: it traces)."""

import json
import os
import subprocess
import sys

import pytest

NOTEBOOK = "syscall_latency.ipynb"


def notebook_path():
    directory = os.environ.get("IOR_NOTEBOOK_DIR",
                               os.path.join(os.path.dirname(__file__), "..", "..", "examples",
                                            "notebooks"))
    return os.path.join(directory, NOTEBOOK)


def test_notebook_is_stored_without_outputs():
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(notebook_path(), as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.usefixtures("tracing")
def test_notebook_executes(tmp_path):
    pytest.importorskip("nbconvert")
    out = subprocess.run(
        [sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute",
         "--ExecutePreprocessor.kernel_name=python3", "--ExecutePreprocessor.timeout=300",
         "--output-dir", str(tmp_path), notebook_path()],
        capture_output=True, text=True, timeout=600, cwd=str(tmp_path))
    assert out.returncode == 0, out.stderr[-4000:]
    executed = json.loads((tmp_path / NOTEBOOK).read_text())
    outputs = [o for c in executed["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    text = "".join("".join(o.get("text", "")) for o in outputs)
    assert "syscalls, exit code 0" in text
