"""`pip install .` into a venv with Debian's site packages, offline, as the README says; the
package imports from the venv and the source tree stays clean. Builds the library with CMake in
IOR_TEST_WORK_DIR/pip-build (kept between runs, so only the first run is slow)."""

import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def readme_command(pattern):
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        lines = [line for line in f.read().splitlines() if re.search(pattern, line)]
    assert len(lines) == 1, (pattern, lines)
    return lines[0]


def test_pip_install_into_a_venv_offline(tmp_path):
    work = os.environ.get("IOR_TEST_WORK_DIR")
    if not work:
        pytest.skip("IOR_TEST_WORK_DIR not set (run through ctest)")
    command = readme_command(r"venv/bin/pip install")
    assert command == ("python3 -m venv --system-site-packages venv && "
                       "venv/bin/pip install --no-build-isolation --no-index .")
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_INDEX_URL")}
    env["IOR_PIP_BUILD_DIR"] = os.path.join(work, "pip-build")
    # Debian's interpreter, whatever python3 comes first on PATH.
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    literal = (command.replace("--system-site-packages venv", f"--system-site-packages {venv}")
               .replace("venv/bin/pip", f"{venv}/bin/pip"))
    run = subprocess.run(["bash", "-c", literal], cwd=ROOT, env=env, capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]

    probe = ("import ior, ior._ior; print(ior.__file__); print(ior._ior.__file__); "
             "print(ior.COLUMNS[0]); print(ior.syscall_name(0))")
    out = subprocess.run([str(venv / "bin" / "python"), "-c", probe], cwd=str(tmp_path),
                         env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    package, module, first_column, read = out.stdout.split()
    assert package.startswith(str(venv)) and module.startswith(str(venv))
    assert first_column == "time" and read == "read"
    with open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8") as f:
        version = re.search(r"project\(ior VERSION ([0-9.]+)", f.read()).group(1)
    show = subprocess.run([str(venv / "bin" / "pip"), "show", "libior"], env=env,
                          capture_output=True, text=True)
    assert f"Version: {version}" in show.stdout
    # Build outputs went under build/, not into the sources.
    for leftover in ("bindings/python/libior.egg-info", "libior.egg-info", "dist"):
        assert not os.path.exists(os.path.join(ROOT, leftover)), leftover
