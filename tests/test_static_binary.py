#!/usr/bin/env python3
"""Issue 18 item 1 (ctest: test_static_binary): the release binary is self-contained. `ldd` lists
the C library only (libc, libm, libpthread, libdl, ld-linux, the vDSO): tree-sitter's runtime, the
grammars and xdiff are compiled in, PCRE2, libyaml, jansson and jemalloc linked from their .a
files (CMakeLists.txt, DC_STATIC). Builds configured with DC_STATIC=OFF (the sanitizer builds)
report "skipped" (exit 77).

  tests/test_static_binary.py --bin build/dcmigrate
"""
import argparse
import os
import re
import subprocess
import sys

ALLOWED = re.compile(r"^(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|"
                     r"/lib64/ld-linux-x86-64\.so\.2|ld-linux-x86-64\.so\.2)$")


def static_build(bin_path):
    cache = os.path.join(os.path.dirname(bin_path), "CMakeCache.txt")
    if not os.path.exists(cache):
        return True  # a binary from elsewhere (scripts/release, a package): it must be static
    with open(cache) as f:
        return any(line.strip() in ("DC_STATIC:BOOL=ON", "DC_STATIC:BOOL=TRUE") for line in f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    a = ap.parse_args()
    bin_path = os.path.abspath(a.bin)
    if not static_build(bin_path):
        print("skipped: configured with DC_STATIC=OFF")
        return 77
    out = subprocess.run(["ldd", bin_path], capture_output=True, text=True, check=True).stdout
    print(out, end="")
    libs = [line.split()[0] for line in out.splitlines() if line.strip()]
    bad = [lib for lib in libs if not ALLOWED.match(lib)]
    if bad or not any(lib == "libc.so.6" for lib in libs):
        print(f"FAIL: not only the C library: {bad or libs}")
        return 1
    # and it runs
    v = subprocess.run([bin_path, "--version"], capture_output=True, text=True)
    if v.returncode != 0 or not v.stdout.startswith("dcmigrate "):
        print(f"FAIL: --version: {v.returncode} {v.stdout!r} {v.stderr!r}")
        return 1
    print("ok: only the C library")
    return 0


if __name__ == "__main__":
    sys.exit(main())
