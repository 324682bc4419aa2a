#!/usr/bin/env python3
"""packaging/pack.py: builds the distribution artifacts of one dcmigrate binary (issue 18).

    packaging/pack.py npm     --bin build/dcmigrate --out dist   dcmigrate-V.tgz + dcmigrate-linux-x64-gnu-V.tgz
    packaging/pack.py wheel   --bin build/dcmigrate --out dist   dcmigrate-V-py3-none-manylinux_2_XX_x86_64.whl
    packaging/pack.py tarball --bin build/dcmigrate --out dist   dcmigrate-V-linux-x64-gnu.tar.gz (GitHub release,
                                                                  what action.yml downloads)
    packaging/pack.py deb     --build build --out dist           dcmigrate_V_amd64.deb (CPack, cmake/package.cmake)
    packaging/pack.py info    --bin build/dcmigrate              platform, glibc needed, shared libraries

The version is the repository's VERSION file. The platform comes from the binary's ELF header and
the glibc it needs from its symbol versions (the highest GLIBC_x.y it references, objdump -T), so
the wheel tag and the npm package describe what the binary really needs. A binary that needs more
than the C library (today's dynamic build) is packaged with a warning: it runs only where those
libraries are installed (the .deb's Depends lists them; npm and pip cannot).
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, "packaging")
LIBC = re.compile(r"^(libc|libm|libpthread|libdl|librt|ld-linux[-\w]*)\.so(\.\d+)*$")
STATIC_GLIBC = "2.17"
ELF_MACHINES = {62: ("x64", "x86_64", "amd64"), 183: ("arm64", "aarch64", "arm64")}


def die(msg):
    sys.exit("pack.py: " + msg)


def version():
    with open(os.path.join(ROOT, "VERSION")) as f:
        return f.read().strip()


def binary_info(path):
    """platform key (linux-x64-gnu), wheel arch, glibc needed, shared libraries beyond libc."""
    with open(path, "rb") as f:
        head = f.read(20)
    if head[:4] != b"\x7fELF" or head[4] != 2:
        die(f"{path} is not a 64-bit ELF executable")
    machine = int.from_bytes(head[18:20], "little" if head[5] == 1 else "big")
    if machine not in ELF_MACHINES:
        die(f"{path}: unsupported ELF machine {machine}")
    cpu, wheel_arch, deb_arch = ELF_MACHINES[machine]
    dyn = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=True).stdout
    needed = re.findall(r"^\s*NEEDED\s+(\S+)", dyn, re.M)
    syms = subprocess.run(["objdump", "-T", path], capture_output=True, text=True).stdout if needed else ""
    versions = {tuple(int(x) for x in m.split(".")) for m in re.findall(r"GLIBC_(\d+\.\d+(?:\.\d+)?)", syms)}
    if needed and not versions:
        die(f"{path} references no GLIBC_ symbol versions (not a glibc binary?)")
    # A fully static binary needs no glibc at all: the oldest manylinux baseline (2.17) then.
    glibc = ".".join(str(x) for x in max(versions)[:2]) if versions else STATIC_GLIBC
    return {"platform": f"linux-{cpu}-gnu", "cpu": cpu, "wheel_arch": wheel_arch, "deb_arch": deb_arch,
            "glibc": glibc, "extra_libs": [n for n in needed if not LIBC.match(n)]}


def warn_extra_libs(info):
    if info["extra_libs"]:
        print("pack.py: warning: the binary is not self-contained; it also needs " + ", ".join(info["extra_libs"]) +
              " (the npm and pip packages run only where those are installed)", file=sys.stderr)


def sha256(path, limit=None):
    """Of the whole file, or of its first `limit` bytes (the npm launcher checks those on every run)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        if limit:
            h.update(f.read(limit))
        for chunk in iter(lambda: f.read(1 << 20), b"") if not limit else ():
            h.update(chunk)
    return h.hexdigest()


def copy_exe(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copyfile(src, dst)
    os.chmod(dst, 0o755)


def stripped(binary, tmp):
    """A stripped copy of the binary (what every package ships; the .deb strips through CPack)."""
    dst = os.path.join(tmp, "stripped", "dcmigrate")
    copy_exe(binary, dst)
    subprocess.run(["strip", "--strip-all", dst], check=True)
    return dst


def edit_json(path, change):
    with open(path) as f:
        data = json.load(f)
    change(data)
    with open(path, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")


def npm_pack(stage, out):
    p = subprocess.run(["npm", "pack", "--json", "--ignore-scripts", "--pack-destination", out], cwd=stage,
                       capture_output=True, text=True)
    if p.returncode:
        die("npm pack failed in " + stage + ":\n" + p.stderr)
    return os.path.join(out, json.loads(p.stdout)[0]["filename"])


def build_npm(binary, out, tmp):
    """The launcher package and the platform package; returns both tarballs."""
    info, ver = binary_info(binary), version()
    warn_extra_libs(info)
    plat_name = "dcmigrate-" + info["platform"]
    if not os.path.isdir(os.path.join(HERE, "npm", plat_name)):
        die(f"no npm platform package template packaging/npm/{plat_name}")
    main = shutil.copytree(os.path.join(HERE, "npm", "dcmigrate"), os.path.join(tmp, "dcmigrate"))
    plat = shutil.copytree(os.path.join(HERE, "npm", plat_name), os.path.join(tmp, plat_name))
    for d in (main, plat):
        shutil.copyfile(os.path.join(ROOT, "LICENSE"), os.path.join(d, "LICENSE"))
    copy_exe(binary, os.path.join(plat, "bin", "dcmigrate"))

    def main_meta(d):
        d["version"] = ver
        d["optionalDependencies"] = {k: ver for k in d["optionalDependencies"]}

    def plat_meta(d):
        d["version"] = ver
        d["dcmigrate"] = {"binary": "bin/dcmigrate", "size": os.path.getsize(binary), "sha256": sha256(binary),
                          "headSha256": sha256(binary, 65536), "glibc": info["glibc"]}

    edit_json(os.path.join(main, "package.json"), main_meta)
    edit_json(os.path.join(plat, "package.json"), plat_meta)
    return [npm_pack(main, out), npm_pack(plat, out)]


def build_python():
    """An interpreter with Debian's (or any) build, setuptools and wheel modules."""
    probe = "import build, setuptools, wheel"
    for py in (sys.executable, "/usr/bin/python3"):
        if os.path.exists(py) and subprocess.run([py, "-c", probe], capture_output=True).returncode == 0:
            return py
    die("no python3 with the build, setuptools and wheel modules (Debian: apt install python3-build)")


def build_wheel(binary, out, tmp):
    info, ver = binary_info(binary), version()
    warn_extra_libs(info)
    stage = shutil.copytree(os.path.join(HERE, "python"), os.path.join(tmp, "python"))
    copy_exe(binary, os.path.join(stage, "scripts", "dcmigrate"))
    shutil.copyfile(os.path.join(ROOT, "LICENSE"), os.path.join(stage, "LICENSE"))
    with open(os.path.join(stage, "VERSION"), "w") as f:
        f.write(ver + "\n")
    plat = "manylinux_{}_{}_{}".format(*info["glibc"].split("."), info["wheel_arch"])
    env = dict(os.environ, DCMIGRATE_WHEEL_PLAT=plat, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "0"))
    p = subprocess.run([build_python(), "-m", "build", "--no-isolation", "--wheel", "--outdir", out, stage],
                       env=env, capture_output=True, text=True)
    if p.returncode:
        die("python -m build failed:\n" + p.stdout[-3000:] + p.stderr[-3000:])
    wheel = os.path.join(out, f"dcmigrate-{ver}-py3-none-{plat}.whl")
    if not os.path.isfile(wheel):
        die("the wheel was not where expected: " + wheel)
    return [wheel]


def tar_add(tar, name, data, mode):
    ti = tarfile.TarInfo(name)
    ti.size, ti.mode, ti.mtime, ti.uname, ti.gname = len(data), mode, 0, "root", "root"
    tar.addfile(ti, io.BytesIO(data))


def build_tarball(binary, out, tmp):
    """dcmigrate-V-PLATFORM.tar.gz: a directory with the binary, the man page and the license;
    the same bytes for the same inputs (fixed times and owners, no gzip timestamp)."""
    info, ver = binary_info(binary), version()
    top = f"dcmigrate-{ver}-{info['platform']}"
    path = os.path.join(out, top + ".tar.gz")
    files = [("dcmigrate", binary, 0o755), ("dcmigrate.1", os.path.join(ROOT, "doc", "dcmigrate.1"), 0o644),
             ("LICENSE", os.path.join(ROOT, "LICENSE"), 0o644)]
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        with tarfile.open(fileobj=gz, mode="w", format=tarfile.GNU_FORMAT) as tar:
            for name, src, mode in files:
                with open(src, "rb") as f:
                    tar_add(tar, f"{top}/{name}", f.read(), mode)
    return [path]


def build_deb(build, out, tmp):
    cfg = os.path.join(os.path.abspath(build), "CPackConfig.cmake")
    if not os.path.isfile(cfg):
        die(f"{cfg} missing: configure the build first (cmake -S . -B {build})")
    p = subprocess.run(["cpack", "-G", "DEB", "--config", cfg, "-B", tmp], capture_output=True, text=True)
    debs = [f for f in os.listdir(tmp) if f.endswith(".deb")]
    if p.returncode or len(debs) != 1:
        die("cpack failed:\n" + p.stdout[-3000:] + p.stderr[-3000:])
    dst = os.path.join(out, debs[0])
    shutil.move(os.path.join(tmp, debs[0]), dst)
    return [dst]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["npm", "wheel", "tarball", "deb", "info"])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "dcmigrate"))
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--out", default=os.path.join(ROOT, "dist"))
    a = ap.parse_args()
    if a.what == "info":
        print(json.dumps(binary_info(a.bin), indent=2))
        return
    os.makedirs(a.out, exist_ok=True)
    out = os.path.abspath(a.out)
    builders = {"npm": build_npm, "wheel": build_wheel, "tarball": build_tarball}
    with tempfile.TemporaryDirectory(prefix="dc-pack-") as tmp:
        made = build_deb(a.build, out, tmp) if a.what == "deb" else builders[a.what](stripped(a.bin, tmp), out, tmp)
    for m in made:
        print(m)


if __name__ == "__main__":
    main()
