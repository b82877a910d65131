"""`cmake --install` puts an importable package where Debian's python3 looks for it."""

import json
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


def _preset_variables(presets, name):
    """The cache variables of a configure preset, with those it inherits."""
    by_name = {p["name"]: p for p in presets["configurePresets"]}
    preset = by_name[name]
    merged = {}
    parents = preset.get("inherits", [])
    for parent in [parents] if isinstance(parents, str) else parents:
        merged.update(_preset_variables(presets, parent))
    merged.update(preset.get("cacheVariables", {}))
    return merged


def test_readme_main_command_builds_the_module():
    # The README's main command configures the `release` preset; `import ior` after it (or after
    # `cmake --install build/release`) needs the module built there, not only in `ci`.
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    assert "cmake --preset release && cmake --build --preset release" in readme
    assert "cmake --install build/release" in readme
    with open(os.path.join(root, "CMakePresets.json"), encoding="utf-8") as f:
        presets = json.load(f)
    assert _preset_variables(presets, "release").get("IOR_BUILD_PYTHON") == "ON"
    # What CI tests is what the README builds, plus more.
    ci = _preset_variables(presets, "ci")
    for key, value in _preset_variables(presets, "release").items():
        assert ci.get(key) == value, key
