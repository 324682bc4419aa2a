#!/usr/bin/env node
// dcmigrate's npm launcher: finds the native binary in the platform package npm installed as an
// optional dependency (dcmigrate-<os>-<cpu>-<libc>, the @ast-grep/cli pattern), runs it with this
// process's arguments and standard streams, and exits as it did (code or signal). Every failure
// to find or start the binary is one clear message and exit code 2 (dcmigrate's "could not run").
"use strict";
const fs = require("fs");
const path = require("path");
const { spawn } = require("child_process");
const crypto = require("crypto");

// Prebuilt binaries that exist: key (os-cpu-libc) -> platform package.
const PLATFORMS = { "linux-x64-gnu": "dcmigrate-linux-x64-gnu" };
const SOURCE = "Build it from source instead (Debian 12: `scripts/bootstrap` in a clone of the dcmigrate " +
  "repository gives build/dcmigrate) and set DCMIGRATE_BINARY=/path/to/dcmigrate to run it through this package.";

function fail(msg) {
  process.stderr.write(`dcmigrate: error: ${msg}\n`);
  process.exit(2);
}

let glibcCache;
function glibcVersion() {
  if (glibcCache === undefined) glibcCache = readGlibcVersion();
  return glibcCache;
}

function readGlibcVersion() {
  if (process.platform !== "linux") return null;
  try {
    process.report.excludeNetwork = true; // the report's slow part, not needed here
    const header = process.report.getReport().header;
    return header.glibcVersionRuntime || null; // absent on musl
  } catch (_) {
    return null;
  }
}

function platformKey() {
  const libc = process.platform === "linux" ? (glibcVersion() ? "gnu" : "musl") : "";
  return [process.platform, process.arch, libc].filter(Boolean).join("-");
}

function versionLess(a, b) {
  const x = a.split(".").map(Number), y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) < (y[i] || 0);
  }
  return false;
}

// The platform package's binary and what its package.json says about it.
function locate() {
  const key = platformKey();
  const pkg = PLATFORMS[key];
  if (!pkg) {
    fail(`no prebuilt dcmigrate binary for this platform (${key}). ` +
      `Prebuilt binaries exist for: ${Object.keys(PLATFORMS).join(", ")}. ${SOURCE}`);
  }
  let manifest;
  try {
    manifest = require.resolve(`${pkg}/package.json`, { paths: [__dirname] });
  } catch (_) {
    fail(`the package ${pkg}, which holds the dcmigrate binary for ${key}, is not installed. ` +
      "npm skips it when optional dependencies are omitted: reinstall without --omit=optional / " +
      `--no-optional (or \`npm install ${pkg}\`). ${SOURCE}`);
  }
  let meta;
  try {
    meta = JSON.parse(fs.readFileSync(manifest, "utf8")).dcmigrate || {};
  } catch (e) {
    fail(`cannot read ${manifest} (${e.message}): reinstall dcmigrate.`);
  }
  const glibc = glibcVersion();
  if (meta.glibc && glibc && versionLess(glibc, meta.glibc)) {
    fail(`the prebuilt binary needs glibc ${meta.glibc} or newer; this system has ${glibc}. ${SOURCE}`);
  }
  return { bin: path.join(path.dirname(manifest), meta.binary || "bin/dcmigrate"), meta };
}

// The digest of the binary's first 64 KiB (its ELF and program headers): checked on every run,
// because a binary the kernel refuses to load (ENOEXEC) would be handed to /bin/sh by execvp.
const HEAD = 65536;

function headDigest(fd) {
  const buf = Buffer.alloc(HEAD);
  const n = fs.readSync(fd, buf, 0, HEAD, 0);
  return { magic: buf.subarray(0, 4), sha: crypto.createHash("sha256").update(buf.subarray(0, n)).digest("hex") };
}

// Cheap checks on every run (exists, its headers and size are the packaged ones, is executable).
function check(bin, meta) {
  let st;
  try {
    st = fs.statSync(bin);
  } catch (_) {
    fail(`the dcmigrate binary is missing (${bin}): reinstall dcmigrate.`);
  }
  let fd, head;
  try {
    fd = fs.openSync(bin, "r");
    head = headDigest(fd);
  } catch (e) {
    fail(`cannot read the dcmigrate binary ${bin} (${e.code || e.message}): reinstall dcmigrate.`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  if (!head.magic.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])) || (meta.size && st.size !== meta.size) ||
      (meta.headSha256 && head.sha !== meta.headSha256)) {
    fail(`the dcmigrate binary ${bin} is corrupt (not the executable that was packaged): reinstall dcmigrate.`);
  }
  if (!(st.mode & 0o111)) {
    try {
      fs.chmodSync(bin, st.mode | 0o755);
    } catch (_) {
      fail(`the dcmigrate binary ${bin} is not executable and cannot be made so: reinstall dcmigrate.`);
    }
  }
}

// After a crash: a binary that no longer matches its recorded digest is named as the cause.
function corrupt(bin, meta) {
  if (!meta.sha256) return false;
  try {
    return crypto.createHash("sha256").update(fs.readFileSync(bin)).digest("hex") !== meta.sha256;
  } catch (_) {
    return true;
  }
}

function main() {
  let bin = process.env.DCMIGRATE_BINARY, meta = {};
  if (!bin) {
    ({ bin, meta } = locate());
    check(bin, meta);
  }
  // Handlers first: a signal that arrives while the child is being started is passed on too.
  let child = null, pending = null;
  const forward = ["SIGINT", "SIGTERM", "SIGHUP"].map((s) => {
    const h = () => {
      if (!child) pending = s;
      else try { child.kill(s); } catch (_) { /* already gone */ }
    };
    process.on(s, h);
    return [s, h];
  });
  child = spawn(bin, process.argv.slice(2), { stdio: "inherit" });
  if (pending) child.kill(pending);
  child.on("error", (e) => {
    fail(`cannot run the dcmigrate binary ${bin} (${e.code || e.message}): ` +
      (process.env.DCMIGRATE_BINARY ? "check DCMIGRATE_BINARY." : "reinstall dcmigrate."));
  });
  child.on("exit", (code, signal) => {
    for (const [s, h] of forward) process.removeListener(s, h);
    if (signal && ["SIGSEGV", "SIGILL", "SIGBUS"].includes(signal) && corrupt(bin, meta)) {
      fail(`the dcmigrate binary ${bin} is corrupt (its checksum is not the packaged one): reinstall dcmigrate.`);
    }
    if (signal) process.kill(process.pid, signal);
    else process.exit(code === null ? 2 : code);
  });
}

main();
