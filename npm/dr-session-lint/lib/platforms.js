'use strict';
// The prebuilt binaries: one npm package per platform, `@dr-session-lint/cli-<name>`, installed by npm
// as an optional dependency of `dr-session-lint` on the machine whose `os`/`cpu`/`libc` it matches.
// This table is the one list of them: the launcher, the packing script and the release workflow's
// matrix (.github/workflows/release.yml, which names the same Rust targets) follow it.

/** @type {{name: string, os: string, cpu: string, libc?: string, rustTarget: string}[]} */
const PLATFORMS = [
  { name: 'linux-x64', os: 'linux', cpu: 'x64', libc: 'glibc', rustTarget: 'x86_64-unknown-linux-gnu' },
  { name: 'linux-x64-musl', os: 'linux', cpu: 'x64', libc: 'musl', rustTarget: 'x86_64-unknown-linux-musl' },
  { name: 'linux-arm64', os: 'linux', cpu: 'arm64', libc: 'glibc', rustTarget: 'aarch64-unknown-linux-gnu' },
  { name: 'linux-arm64-musl', os: 'linux', cpu: 'arm64', libc: 'musl', rustTarget: 'aarch64-unknown-linux-musl' },
  { name: 'darwin-x64', os: 'darwin', cpu: 'x64', rustTarget: 'x86_64-apple-darwin' },
  { name: 'darwin-arm64', os: 'darwin', cpu: 'arm64', rustTarget: 'aarch64-apple-darwin' },
  { name: 'win32-x64', os: 'win32', cpu: 'x64', rustTarget: 'x86_64-pc-windows-msvc' },
];

const SCOPE = '@dr-session-lint';

/** The npm package name of a platform. */
function packageName(platform) {
  return `${SCOPE}/cli-${platform.name}`;
}

/** The binary's path inside its platform package. */
function binaryPath(platform) {
  return platform.os === 'win32' ? 'bin/dr-session-lint.exe' : 'bin/dr-session-lint';
}

/**
 * Whether this Linux machine's C library is musl (Alpine, Void...). Node's own diagnostic report
 * names the glibc it runs on, if any; when there is no report, `ldd --version` says "musl".
 */
function isMusl() {
  try {
    if (process.report && typeof process.report.getReport === 'function') {
      let report = process.report.getReport();
      if (typeof report === 'string') report = JSON.parse(report);
      const header = (report && report.header) || {};
      if (header.glibcVersionRuntime) return false;
      const shared = Array.isArray(report.sharedObjects) ? report.sharedObjects : [];
      if (shared.some((f) => /(^|\/)(ld-musl-|libc\.musl-)/.test(f))) return true;
      if (shared.length > 0) return false;
    }
  } catch (_) {
    // fall through to ldd
  }
  try {
    const { spawnSync } = require('node:child_process');
    const ldd = spawnSync('ldd', ['--version'], { encoding: 'utf8' });
    return /musl/i.test(`${ldd.stdout || ''}${ldd.stderr || ''}`);
  } catch (_) {
    return false;
  }
}

/** This machine: `{os, cpu, libc}` as npm names them (`libc` on Linux only). */
function host() {
  const h = { os: process.platform, cpu: process.arch };
  if (h.os === 'linux') h.libc = isMusl() ? 'musl' : 'glibc';
  return h;
}

/**
 * The platforms whose binary runs here, best first. On glibc Linux the musl build (static) runs
 * too, so it is the fallback when only that one was installed.
 */
function candidates(h = host()) {
  const same = PLATFORMS.filter((p) => p.os === h.os && p.cpu === h.cpu);
  if (h.os !== 'linux') return same;
  const exact = same.filter((p) => p.libc === h.libc);
  const static_ = h.libc === 'glibc' ? same.filter((p) => p.libc === 'musl') : [];
  return [...exact, ...static_];
}

/** A one-line name of a host, e.g. `linux x64 (musl)`. */
function describe(h) {
  return `${h.os} ${h.cpu}${h.libc ? ` (${h.libc})` : ''}`;
}

module.exports = { PLATFORMS, SCOPE, packageName, binaryPath, host, candidates, describe };
