"""Builds the Python package `galley` from this checkout, with Debian's own
tools (python3-setuptools, python3-pip; no PyPI):

    python3 -m venv --system-site-packages ~/galley-env
    ~/galley-env/bin/pip install --no-build-isolation ./python

The extension is built by the project's CMake build (one build definition
for the library and the extension, -DGALLEY_PYTHON=ON) in a directory of
its own, then copied into the package. Environment:
    GALLEY_CMAKE_ARGS  extra arguments for the CMake configure step (e.g.
                       "-DGALLEY_SANITIZE=ON" with CC=clang for an ASan build)
    GALLEY_JOBS        parallel build jobs (default 2)
"""
import os
import shlex
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


class CMakeBuild(build_ext):
    """Builds galley._galley through CMake instead of setuptools' compiler."""

    def build_extension(self, ext):
        if not os.path.exists(os.path.join(ROOT, "include", "galley.h")):
            raise RuntimeError(f"galley's sources are not in {ROOT}: build from a checkout "
                               "(pip install --no-build-isolation ./python)")
        build = os.path.abspath(os.path.join(self.build_temp, "cmake"))
        os.makedirs(build, exist_ok=True)
        configure = [
            "cmake", "-S", ROOT, "-B", build,
            "-DCMAKE_BUILD_TYPE=Release",
            "-DGALLEY_PYTHON=ON", "-DGALLEY_TESTS=OFF", "-DGALLEY_BENCH=OFF",
            "-DGALLEY_INSTALL=OFF", "-DGALLEY_FETCH=OFF",  # the package fetches nothing
            f"-DPython3_EXECUTABLE={sys.executable}",
        ] + shlex.split(os.environ.get("GALLEY_CMAKE_ARGS", ""))
        jobs = os.environ.get("GALLEY_JOBS", "2")
        subprocess.check_call(configure)
        subprocess.check_call(["cmake", "--build", build, "--target", "galley_python",
                               "-j", jobs])
        built = os.path.join(build, "python", "galley", "_galley.abi3.so")
        dest = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copyfile(built, dest)

    def get_ext_filename(self, fullname):
        # stable ABI: one file for every CPython >= 3.11
        return os.path.join(*fullname.split(".")) + ".abi3.so"


setup(
    name="galley",
    version="0.1.0",
    description="Articles out of web pages at web-crawl scale (C extension over libgalley)",
    packages=["galley", "galley.dask"],
    package_data={"galley": ["py.typed", "*.pyi"]},
    ext_modules=[Extension("galley._galley", sources=["galley/_galley.c"],
                           py_limited_api=True)],
    cmdclass={"build_ext": CMakeBuild},
    python_requires=">=3.11",
    zip_safe=False,
    options={"bdist_wheel": {"py_limited_api": "cp311"}},
)
