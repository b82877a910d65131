"""`cmake --install` puts an importable package where Debian's python3 looks for it."""

import os
import subprocess
import sys

import pytest


def test_installed_package_imports(tmp_path):
    build = os.environ.get("IOR_BUILD_DIR")
    site = os.environ.get("IOR_PYTHON_INSTALL_DIR")
    if not build or not site:
        pytest.skip("IOR_BUILD_DIR / IOR_PYTHON_INSTALL_DIR not set (run through ctest)")
    prefix = tmp_path / "prefix"
    subprocess.run(["cmake", "--install", build, "--component", "python", "--prefix",
                    str(prefix)], check=True, capture_output=True)
    package = prefix / site / "ior"
    for name in ("__init__.py", "_ior.pyi", "py.typed"):
        assert (package / name).exists(), name
    assert any(p.name.startswith("_ior.") and p.name.endswith(".so") for p in package.iterdir())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(prefix / site)
    out = subprocess.run(
        [sys.executable, "-c", "import ior; print(ior.__file__, ior.EVENT_DTYPE.itemsize)"],
        env=env, capture_output=True, text=True, cwd=str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(str(package))


def test_default_install_dir_is_on_debian_python_path():
    site = os.environ.get("IOR_PYTHON_INSTALL_DIR")
    if not site:
        pytest.skip("IOR_PYTHON_INSTALL_DIR not set (run through ctest)")
    if os.path.isabs(site):
        pytest.skip("an absolute install dir was configured")
    assert os.path.join("/usr/local", site) in sys.path
