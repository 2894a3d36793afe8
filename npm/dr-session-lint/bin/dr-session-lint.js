#!/usr/bin/env node
'use strict';
// Runs the prebuilt dr-session-lint binary of this platform, which npm installed as the optional
// dependency `@dr-session-lint/cli-<os>-<arch>[-musl]`, with this command's arguments; standard
// input, output and error are the binary's own, and its exit code (or signal) is this command's.
// DR_SESSION_LINT_BINARY=/path/to/dr-session-lint runs that binary instead.

const path = require('node:path');
const { spawn } = require('node:child_process');
const { PLATFORMS, packageName, binaryPath, host, candidates, describe } = require('../lib/platforms.js');

function findBinary() {
  const override = process.env.DR_SESSION_LINT_BINARY;
  if (override) return override;
  const h = host();
  const tried = [];
  for (const platform of candidates(h)) {
    const name = packageName(platform);
    tried.push(name);
    let manifest;
    try {
      manifest = require.resolve(`${name}/package.json`);
    } catch (_) {
      continue;
    }
    return path.join(path.dirname(manifest), binaryPath(platform));
  }
  const lines = [
    `dr-session-lint: no prebuilt binary installed for this platform: ${describe(h)}.`,
    tried.length > 0
      ? `It comes in the npm package ${tried.join(' or ')}, an optional dependency of dr-session-lint, which npm did not install.`
      : `Prebuilt binaries exist for: ${PLATFORMS.map((p) => p.name).join(', ')}.`,
    'To fix it:',
    '  - reinstall without omitting optional dependencies (no --omit=optional / --no-optional), on this',
    '    machine: node_modules copied from another OS or CPU holds the other platform\'s binary;',
    '  - or download the archive for your platform from the project\'s GitHub releases;',
    '  - or build it with Rust (https://rustup.rs): `cargo install --locked --path .` in a checkout',
    '    of dr-session-lint;',
    '  and then run that binary, or point this command at it: DR_SESSION_LINT_BINARY=/path/to/dr-session-lint',
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exit(2);
}

function run() {
  const binary = findBinary();
  const child = spawn(binary, process.argv.slice(2), { stdio: 'inherit' });
  // A signal sent to this process (not to the whole process group, as a terminal's Ctrl-C is) is
  // passed on; the binary's own exit decides how this process ends.
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'].filter(
    (s) => process.platform !== 'win32' || s !== 'SIGHUP',
  );
  for (const s of signals) process.on(s, forward);
  child.on('error', (err) => {
    process.stderr.write(`dr-session-lint: could not run ${binary}: ${err.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    for (const s of signals) process.removeListener(s, forward);
    if (signal) {
      // End the same way; a signal Node ignores (SIGPIPE) still gives the shell's 128 + n.
      const n = require('node:os').constants.signals[signal] || 0;
      process.exitCode = 128 + n;
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code === null ? 2 : code);
  });
}

run();
