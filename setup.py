"""Builds the extension module ior._ior with CMake for `pip install .` (the metadata is in
pyproject.toml). Every build output goes under build/ (never into the source tree)."""

import glob
import os
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(ROOT, "build", "pip")


def version():
    with open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8") as f:
        return re.search(r"project\(ior VERSION ([0-9.]+)", f.read()).group(1)


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    """Configures the library with only the Python module on, builds the module's target and
    copies it where setuptools packs the extension."""

    def build_extension(self, ext):
        build_dir = os.environ.get("IOR_PIP_BUILD_DIR") or os.path.join(BUILD, "cmake")
        configure = ["cmake", "-S", ROOT, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release",
                     "-DIOR_BUILD_PYTHON=ON", "-DIOR_BUILD_TESTS=OFF", "-DIOR_BUILD_BENCH=OFF",
                     "-DIOR_BUILD_EXAMPLES=OFF", "-DIOR_BUILD_CAPI=OFF", "-DIOR_INSTALL=OFF",
                     # The interpreter pip runs (a venv's) is the one the module is built for.
                     f"-DPython3_EXECUTABLE={sys.executable}"]
        if shutil.which("ninja") and not os.path.exists(os.path.join(build_dir, "CMakeCache.txt")):
            configure += ["-G", "Ninja"]
        subprocess.run(configure, check=True)
        subprocess.run(["cmake", "--build", build_dir, "--target", "ior_python"], check=True)
        built = glob.glob(os.path.join(build_dir, "python", "ior", "_ior*.so"))
        if len(built) != 1:
            raise RuntimeError(f"expected one ior/_ior*.so in {build_dir}/python, got {built}")
        target = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(built[0], target)


setup(
    version=version(),
    ext_modules=[CMakeExtension("ior._ior")],
    cmdclass={"build_ext": CMakeBuild},
    options={
        "build": {"build_base": os.path.join(BUILD, "setuptools")},
        "egg_info": {"egg_base": BUILD},
    },
)
