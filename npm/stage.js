#!/usr/bin/env node
'use strict';
// Lays out the npm packages to pack or publish, with the version given (Cargo.toml's: the one
// source of truth), from npm/dr-session-lint/ and a built binary:
//   node npm/stage.js main OUTDIR VERSION               -> OUTDIR/dr-session-lint/
//   node npm/stage.js platform OUTDIR VERSION NAME BIN  -> OUTDIR/cli-NAME/ (NAME from lib/platforms.js)
//   node npm/stage.js host                              -> the platform NAME of this machine
//   node npm/stage.js cargo-metadata                    -> reads `cargo metadata` JSON on stdin,
//                                                          prints "VERSION TARGET_DIR"
// Plain Node, no dependencies.

const fs = require('node:fs');
const path = require('node:path');
const { PLATFORMS, packageName, binaryPath, candidates } = require('./dr-session-lint/lib/platforms.js');

const MAIN = path.join(__dirname, 'dr-session-lint');

function fail(message) {
  process.stderr.write(`npm/stage.js: ${message}\n`);
  process.exit(1);
}

function checkVersion(version) {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version || '')) {
    fail(`not a version: ${JSON.stringify(version)}`);
  }
}

/**
 * The `repository` field when packing in GitHub Actions (`npm publish --provenance` checks that it
 * names the repository the workflow runs in); nothing elsewhere.
 */
function repository() {
  const repo = process.env.GITHUB_REPOSITORY;
  if (!repo) return {};
  const server = process.env.GITHUB_SERVER_URL || 'https://github.com';
  return { repository: { type: 'git', url: `git+${server}/${repo}.git` } };
}

function writeJson(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function stageMain(outDir, version) {
  checkVersion(version);
  const manifest = JSON.parse(fs.readFileSync(path.join(MAIN, 'package.json'), 'utf8'));
  const expected = PLATFORMS.map(packageName).sort();
  const listed = Object.keys(manifest.optionalDependencies || {}).sort();
  if (JSON.stringify(expected) !== JSON.stringify(listed)) {
    fail(`package.json optionalDependencies ${listed.join(', ')} differ from lib/platforms.js: ${expected.join(', ')}`);
  }
  manifest.version = version;
  for (const name of listed) manifest.optionalDependencies[name] = version;
  Object.assign(manifest, repository());
  const dest = path.join(outDir, 'dr-session-lint');
  fs.rmSync(dest, { recursive: true, force: true });
  for (const file of manifest.files) {
    fs.mkdirSync(path.dirname(path.join(dest, file)), { recursive: true });
    fs.copyFileSync(path.join(MAIN, file), path.join(dest, file));
  }
  fs.chmodSync(path.join(dest, manifest.bin['dr-session-lint']), 0o755);
  writeJson(path.join(dest, 'package.json'), manifest);
  return dest;
}

function stagePlatform(outDir, version, name, binary) {
  checkVersion(version);
  const platform = PLATFORMS.find((p) => p.name === name);
  if (!platform) fail(`unknown platform ${name}; known: ${PLATFORMS.map((p) => p.name).join(', ')}`);
  if (!binary || !fs.statSync(binary, { throwIfNoEntry: false })?.isFile()) fail(`no binary at ${binary}`);
  const dest = path.join(outDir, `cli-${name}`);
  fs.rmSync(dest, { recursive: true, force: true });
  const inside = binaryPath(platform);
  fs.mkdirSync(path.join(dest, path.dirname(inside)), { recursive: true });
  fs.copyFileSync(binary, path.join(dest, inside));
  fs.chmodSync(path.join(dest, inside), 0o755);
  const manifest = {
    name: packageName(platform),
    version,
    description: `The dr-session-lint binary for ${platform.os} ${platform.cpu}${platform.libc ? ` (${platform.libc})` : ''}; install dr-session-lint, which uses it.`,
    os: [platform.os],
    cpu: [platform.cpu],
    ...(platform.libc ? { libc: [platform.libc] } : {}),
    files: [inside],
    preferUnplugged: true,
    ...repository(),
  };
  writeJson(path.join(dest, 'package.json'), manifest);
  fs.writeFileSync(
    path.join(dest, 'README.md'),
    `# ${manifest.name}\n\nThe prebuilt \`dr-session-lint\` binary for ${platform.os} ${platform.cpu}${platform.libc ? ` (${platform.libc})` : ''} (Rust target \`${platform.rustTarget}\`).\nDo not install it directly: \`npm install -D dr-session-lint\` installs it when it fits the machine.\n`,
  );
  return dest;
}

const [command, ...args] = process.argv.slice(2);
switch (command) {
  case 'main':
    process.stdout.write(`${stageMain(args[0], args[1])}\n`);
    break;
  case 'platform':
    process.stdout.write(`${stagePlatform(args[0], args[1], args[2], args[3])}\n`);
    break;
  case 'host': {
    const found = candidates();
    if (found.length === 0) fail(`no prebuilt platform for ${process.platform} ${process.arch}`);
    process.stdout.write(`${found[0].name}\n`);
    break;
  }
  case 'cargo-metadata': {
    const meta = JSON.parse(fs.readFileSync(0, 'utf8'));
    const pkg = meta.packages.find((p) => p.name === 'dr-session-lint');
    if (!pkg) fail('no dr-session-lint package in cargo metadata');
    process.stdout.write(`${pkg.version} ${meta.target_directory}\n`);
    break;
  }
  default:
    fail('usage: stage.js main|platform|host|cargo-metadata ...');
}
