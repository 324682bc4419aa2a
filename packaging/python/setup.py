"""setup.py: what pyproject.toml cannot say. The version comes from VERSION (staged here by
packaging/pack.py from the repository's one VERSION file); the binary scripts/dcmigrate is copied
into the wheel's scripts unchanged (setuptools would try to rewrite a shebang); the wheel is tagged
py3-none-<DCMIGRATE_WHEEL_PLAT> (e.g. manylinux_2_34_x86_64: the glibc the binary needs)."""
import os
import shutil

from setuptools import setup
try:
    from setuptools.command.build_scripts import build_scripts
except ImportError:  # setuptools < 67 (Debian 12) has only distutils' (its own copy)
    from distutils.command.build_scripts import build_scripts
from wheel.bdist_wheel import bdist_wheel

HERE = os.path.dirname(os.path.abspath(__file__))
PLAT = os.environ.get("DCMIGRATE_WHEEL_PLAT")


class verbatim_scripts(build_scripts):
    def run(self):
        self.mkpath(self.build_dir)
        for script in self.scripts:
            dst = os.path.join(self.build_dir, os.path.basename(script))
            shutil.copyfile(script, dst)
            os.chmod(dst, 0o755)


class platform_wheel(bdist_wheel):
    def finalize_options(self):
        if not PLAT:
            raise SystemExit("setup.py: set DCMIGRATE_WHEEL_PLAT (packaging/pack.py wheel does)")
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self):
        return "py3", "none", PLAT


with open(os.path.join(HERE, "VERSION")) as f:
    version = f.read().strip()

setup(version=version, scripts=["scripts/dcmigrate"],
      cmdclass={"build_scripts": verbatim_scripts, "bdist_wheel": platform_wheel})
