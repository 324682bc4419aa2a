"""Where pip put the binary: the scripts directory of the scheme this package was installed with
(a venv, the user scheme or the system), as ruff's find_ruff_bin does."""
import os
import sys
import sysconfig

EXE = "dcmigrate" + (sysconfig.get_config_var("EXE") or "")


def _candidates():
    yield sysconfig.get_path("scripts")
    for scheme in ("posix_user", "nt_user", "osx_framework_user"):
        try:
            yield sysconfig.get_path("scripts", scheme=scheme)
        except KeyError:
            pass
    # pip install --target DIR: DIR/bin next to DIR/dcmigrate
    yield os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bin")
    yield os.path.dirname(sys.executable)


def find_dcmigrate_bin():
    """The installed binary's path; FileNotFoundError when it is not there."""
    seen = []
    for d in _candidates():
        if not d or d in seen:
            continue
        seen.append(d)
        path = os.path.join(d, EXE)
        if os.path.isfile(path):
            return path
    raise FileNotFoundError("the dcmigrate binary is not installed next to this Python package "
                            "(looked in " + ", ".join(seen) + "): reinstall dcmigrate")
