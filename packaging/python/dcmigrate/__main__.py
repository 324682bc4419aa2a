"""python -m dcmigrate: run the binary the wheel installed, with these arguments. A missing or
corrupt binary is one clear message and exit code 2 (dcmigrate's "could not run")."""
import os
import sys

from ._find import find_dcmigrate_bin


def _fail(msg):
    sys.stderr.write("dcmigrate: error: " + msg + "\n")
    return 2


def main():
    try:
        path = find_dcmigrate_bin()
    except FileNotFoundError as e:
        return _fail(str(e))
    try:
        with open(path, "rb") as f:
            magic = f.read(4)
    except OSError as e:
        return _fail("cannot read the dcmigrate binary %s (%s): reinstall dcmigrate" % (path, e.strerror))
    if sys.platform.startswith("linux") and magic != b"\x7fELF":
        return _fail("the dcmigrate binary %s is corrupt (not an executable): reinstall dcmigrate" % path)
    try:
        os.execv(path, [path, *sys.argv[1:]])
    except OSError as e:
        return _fail("cannot run the dcmigrate binary %s (%s): reinstall dcmigrate" % (path, e.strerror))


if __name__ == "__main__":
    sys.exit(main())
