'use strict';
// The launcher's choice of platform package (lib/platforms.js), for hosts other than this one too.
// Run: node --test npm/test/

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { PLATFORMS, packageName, binaryPath, candidates, host } = require('../dr-session-lint/lib/platforms.js');

const names = (h) => candidates(h).map((p) => p.name);

test('glibc Linux: its own build first, the static musl build as the fallback', () => {
  assert.deepStrictEqual(names({ os: 'linux', cpu: 'x64', libc: 'glibc' }), ['linux-x64', 'linux-x64-musl']);
  assert.deepStrictEqual(names({ os: 'linux', cpu: 'arm64', libc: 'glibc' }), ['linux-arm64', 'linux-arm64-musl']);
});

test('musl Linux: the musl build only (a glibc binary does not run there)', () => {
  assert.deepStrictEqual(names({ os: 'linux', cpu: 'x64', libc: 'musl' }), ['linux-x64-musl']);
  assert.deepStrictEqual(names({ os: 'linux', cpu: 'arm64', libc: 'musl' }), ['linux-arm64-musl']);
});

test('macOS and Windows: one package each', () => {
  assert.deepStrictEqual(names({ os: 'darwin', cpu: 'arm64' }), ['darwin-arm64']);
  assert.deepStrictEqual(names({ os: 'darwin', cpu: 'x64' }), ['darwin-x64']);
  assert.deepStrictEqual(names({ os: 'win32', cpu: 'x64' }), ['win32-x64']);
  assert.strictEqual(binaryPath(PLATFORMS.find((p) => p.os === 'win32')), 'bin/dr-session-lint.exe');
});

test('no package for other platforms', () => {
  assert.deepStrictEqual(names({ os: 'win32', cpu: 'arm64' }), []);
  assert.deepStrictEqual(names({ os: 'freebsd', cpu: 'x64' }), []);
  assert.deepStrictEqual(names({ os: 'linux', cpu: 'ia32', libc: 'glibc' }), []);
});

test('this host is detected as npm names it', () => {
  const h = host();
  assert.strictEqual(h.os, process.platform);
  assert.strictEqual(h.cpu, process.arch);
  if (h.os === 'linux') assert.ok(['glibc', 'musl'].includes(h.libc));
  else assert.strictEqual(h.libc, undefined);
});

test('the main package lists exactly these platform packages', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../dr-session-lint/package.json'), 'utf8'));
  assert.deepStrictEqual(Object.keys(manifest.optionalDependencies).sort(), PLATFORMS.map(packageName).sort());
});
