"""The README's main preset, then its `cmake --install ... --prefix` and PYTHONPATH lines,
literally (paths substituted): `import ior` works with Debian's /usr/bin/python3.

The tree is configured with `cmake --preset release` (into IOR_TEST_WORK_DIR/readme-release,
kept between runs); to bound the test's cost it builds the module's target and installs the
python component rather than everything."""

import os
import re
import shlex
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def readme():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        return f.read()


def one_line(text, pattern):
    lines = [line for line in text.splitlines() if re.search(pattern, line)]
    assert len(lines) == 1, (pattern, lines)
    return lines[0]


def test_release_preset_install_prefix_and_import(tmp_path):
    work = os.environ.get("IOR_TEST_WORK_DIR")
    site = os.environ.get("IOR_PYTHON_INSTALL_DIR")
    if not work or not site:
        pytest.skip("IOR_TEST_WORK_DIR / IOR_PYTHON_INSTALL_DIR not set (run through ctest)")
    text = readme()
    assert "cmake --preset release && cmake --build --preset release" in text
    install = one_line(text, r"^cmake --install build/release --prefix ")
    importing = one_line(text, r"^PYTHONPATH=/opt/ior/.* /usr/bin/python3 -c ")
    readme_prefix = shlex.split(install)[-1]
    assert readme_prefix == "/opt/ior"

    build = os.path.join(work, "readme-release")
    prefix = str(tmp_path / "prefix")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def sh(command):
        run = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True,
                             text=True)
        assert run.returncode == 0, command + "\n" + run.stdout[-3000:] + run.stderr[-3000:]
        return run.stdout

    sh(f"cmake --preset release -B {shlex.quote(build)}")
    sh(f"cmake --build {shlex.quote(build)} --target ior_python")
    sh(install.replace("build/release", shlex.quote(build)).replace(readme_prefix, prefix) +
       " --component python")
    out = sh(importing.replace(readme_prefix, prefix)).strip()
    # The README's PYTHONPATH is where the install put the package, and the import found it.
    assert out == os.path.join(prefix, site, "ior", "__init__.py")
