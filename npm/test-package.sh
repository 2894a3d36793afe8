#!/usr/bin/env bash
# The npm packages as a user gets them: npm/pack.sh builds the release binary and packs the main
# package and this platform's; they are installed into an empty npm project (no lifecycle scripts,
# so nothing is compiled or downloaded at install time; only the npm registry is asked, about the
# other platforms' optional packages), and run through the launcher with `npx`.
# Fails (never skips) when node or npm is missing. Ends with "N passed, 0 failed".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "npm package test: FAILED: \`$tool\` is not installed (the npm package test needs Node.js and npm)" >&2
    exit 1
  fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() { # check NAME COMMAND...: run COMMAND, count it
  local name="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok: $name"
  else
    failed=$((failed + 1))
    echo "FAILED: $name" >&2
  fi
}

# The launcher's platform choice, for other hosts too (node's test runner).
node --test "$here/test/"

# (Through files, so that a failed build or pack stops the test here.)
"$here/pack.sh" "$work/dist" >"$work/packed.txt"
mapfile -t tarballs <"$work/packed.txt"
(cd "$root" && cargo metadata --format-version 1 --no-deps --locked) | node "$here/stage.js" cargo-metadata >"$work/meta.txt"
read -r version _ <"$work/meta.txt"
platform="$(node "$here/stage.js" host)"
echo "packed for $platform, version $version:"
printf '  %s\n' "${tarballs[@]}"

two_tarballs() {
  [ "${#tarballs[@]}" -eq 2 ] &&
    [ "$(basename "${tarballs[0]}")" = "dr-session-lint-cli-$platform-$version.tgz" ] &&
    [ "$(basename "${tarballs[1]}")" = "dr-session-lint-$version.tgz" ]
}
check "pack.sh writes the main and the $platform tarballs, named with Cargo.toml's version" two_tarballs

project="$work/project"
mkdir -p "$project/src"
cd "$project"
npm init -y >/dev/null
# Installed with only node and npm on the PATH: no compiler, cargo or shell tools to build with.
mkdir -p "$work/path-without-compilers"
for tool in node npm; do ln -s "$(command -v "$tool")" "$work/path-without-compilers/$tool"; done
PATH="$work/path-without-compilers" npm install --no-audit --no-fund --loglevel=error "${tarballs[@]}" >"$work/install.log" 2>&1 || {
  cat "$work/install.log" >&2
  echo "npm package test: FAILED: npm install of the tarballs" >&2
  exit 1
}

manifests_ok() { # versions, exact optional dependencies, os/cpu/libc, no lifecycle scripts
  node - "$version" "$platform" <<'JS'
const fs = require('node:fs');
const [version, platform] = process.argv.slice(2);
const main = JSON.parse(fs.readFileSync('node_modules/dr-session-lint/package.json', 'utf8'));
const plat = JSON.parse(fs.readFileSync(`node_modules/@dr-session-lint/cli-${platform}/package.json`, 'utf8'));
const problems = [];
if (main.version !== version) problems.push(`main version ${main.version}`);
if (plat.version !== version) problems.push(`platform version ${plat.version}`);
const optional = Object.entries(main.optionalDependencies || {});
if (optional.length !== 7) problems.push(`${optional.length} optional dependencies`);
for (const [name, v] of optional) if (v !== version) problems.push(`${name}@${v} is not exact`);
const [os, cpu] = platform.split('-');
if (JSON.stringify(plat.os) !== JSON.stringify([os]) || JSON.stringify(plat.cpu) !== JSON.stringify([cpu])) problems.push('os/cpu');
if (os === 'linux' && !(plat.libc && plat.libc.length === 1)) problems.push('libc');
for (const m of [main, plat]) {
  for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) {
    if (m.scripts && m.scripts[s]) problems.push(`${m.name} has a ${s} script`);
  }
}
if (problems.length) { console.error(problems.join('\n')); process.exit(1); }
JS
}
check "installed manifests: Cargo.toml's version, exact optional dependencies, os/cpu/libc, no install scripts" manifests_ok

hook_version() { # the pre-commit hook installs the same version
  grep -q "dr-session-lint@$version\b" "$root/.pre-commit-hooks.yaml"
}
check ".pre-commit-hooks.yaml installs dr-session-lint@$version" hook_version

# Run as a user would: npx, never fetching anything (--no-install), GitHub Actions' own output off.
lint() { env -u GITHUB_ACTIONS -u DR_SESSION_LINT_BINARY npx --no-install dr-session-lint "$@"; }

version_ok() { [ "$(lint --version)" = "dr-session-lint $version" ]; }
check "npx dr-session-lint --version prints dr-session-lint $version" version_ok

cp "$root/fixtures/checkout/checkout.js" src/checkout.js
findings_ok() {
  local code=0
  lint --color never src/ >"$work/out.txt" 2>&1 || code=$?
  if [ "$code" -eq 1 ] && grep -q "missing-session-id" "$work/out.txt" && grep -q "src/checkout.js" "$work/out.txt"; then
    return 0
  fi
  echo "exit code $code; output:" >&2
  cat "$work/out.txt" >&2
  return 1
}
check "npx dr-session-lint src/ on a fixture exits 1 with its findings" findings_ok

stdin_ok() {
  local code=0
  lint --stdin --stdin-filename a.js --format json <src/checkout.js >"$work/out.json" || code=$?
  [ "$code" -eq 1 ] && node -e '
    const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    process.exit(d.summary.errors > 0 && d.diagnostics.every((x) => x.path === "a.js") ? 0 : 1);
  ' "$work/out.json"
}
check "standard input and output go through the launcher (--stdin --format json)" stdin_ok

usage_ok() {
  local code=0
  lint --no-such-flag >/dev/null 2>&1 || code=$?
  [ "$code" -eq 2 ]
}
check "a usage error's exit code 2 comes through" usage_ok

signal_ok() { # a binary killed by a signal: the launcher ends by the same signal (shell: 128 + 15)
  printf '#!/bin/sh\nkill -TERM $$\n' >"$work/killed.sh"
  chmod +x "$work/killed.sh"
  local code=0
  DR_SESSION_LINT_BINARY="$work/killed.sh" npx --no-install dr-session-lint || code=$?
  [ "$code" -eq 143 ]
}
if [ "${platform%%-*}" != win32 ]; then
  check "a signal that ends the binary ends the launcher (DR_SESSION_LINT_BINARY)" signal_ok
fi

missing_ok() { # no platform package: a clear message naming the platform and the ways out
  mv node_modules/@dr-session-lint "$work/moved"
  local code=0
  lint --version >"$work/out.txt" 2>&1 || code=$?
  mv "$work/moved" node_modules/@dr-session-lint
  if [ "$code" -eq 2 ] &&
    grep -q "no prebuilt binary installed for this platform: ${platform%%-*}" "$work/out.txt" &&
    grep -q "@dr-session-lint/cli-$platform" "$work/out.txt" &&
    grep -q "cargo install --locked" "$work/out.txt"; then
    return 0
  fi
  echo "exit code $code; output:" >&2
  cat "$work/out.txt" >&2
  return 1
}
check "without the platform package: exit 2 and a message naming the platform, the package, cargo" missing_ok

# The GitHub Action's steps (action.yml) as the runner runs them, with the launcher installed here
# as the action's install step installs it: a simulated runner's files, the fixtures as input.
action_run() { # action_run DIR SARIF: run the lint step into DIR
  local dir="$1"
  mkdir -p "$dir/tmp"
  : >"$dir/output"
  : >"$dir/summary"
  env -u GITHUB_ACTIONS RUNNER_TEMP="$dir/tmp" GITHUB_OUTPUT="$dir/output" GITHUB_STEP_SUMMARY="$dir/summary" \
    DR_SESSION_LINT="$project/node_modules/.bin/dr-session-lint" INPUT_SARIF="$2" \
    INPUT_PATHS="$(printf 'fixtures/checkout\nfixtures/methods/payPal-before.js')" INPUT_ARGS="--no-config" \
    bash "$root/.github/action/run.sh" >"$dir/log" 2>&1
}
output_of() { sed -n "s/^$2=//p" "$1/output"; }
action_annotations_ok() {
  local dir="$work/action-github"
  (cd "$root" && action_run "$dir" false) || return 1
  local report
  report="$(output_of "$dir" report)"
  if [ "$(output_of "$dir" exit-code)" = 1 ] && [ "$(output_of "$dir" errors)" -gt 0 ] &&
    [ -z "$(output_of "$dir" sarif)" ] && [ -s "$report" ] &&
    grep -q "^::error file=fixtures/checkout/checkout.js,line=" "$dir/log" &&
    grep -q "^## dr-session-lint $version" "$dir/summary" &&
    grep -q "| need changes | [1-9]" "$dir/summary" &&
    grep -q "^| \`fixtures/methods/payPal-before.js\` | [0-9]* | error | missing-session-id |" "$dir/summary"; then
    return 0
  fi
  cat "$dir/log" "$dir/output" "$dir/summary" >&2
  return 1
}
check "the action's lint step: annotations, outputs, a job summary with counts and findings" action_annotations_ok
action_sarif_ok() {
  local dir="$work/action-sarif"
  (cd "$root" && action_run "$dir" true) || return 1
  local sarif
  sarif="$(output_of "$dir" sarif)"
  if [ "$(output_of "$dir" exit-code)" = 1 ] && [ -s "$sarif" ] &&
    node -e 'const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.exit(s.version === "2.1.0" && s.runs[0].results.length > 0 ? 0 : 1)' "$sarif" &&
    ! grep -q "^::error" "$dir/log" && grep -q "missing-session-id" "$dir/summary"; then
    return 0
  fi
  cat "$dir/log" "$dir/output" "$dir/summary" >&2
  return 1
}
check "the action's lint step with sarif: true: a SARIF 2.1.0 file for upload-sarif, the same summary" action_sarif_ok
action_result_ok() { # the last step: fail-on-findings decides for exit code 1 only
  local r="$root/.github/action/result.sh"
  EXIT_CODE=0 FAIL_ON_FINDINGS=true bash "$r" >/dev/null &&
    ! EXIT_CODE=1 FAIL_ON_FINDINGS=true bash "$r" >/dev/null &&
    EXIT_CODE=1 FAIL_ON_FINDINGS=false bash "$r" >/dev/null &&
    ! EXIT_CODE=2 FAIL_ON_FINDINGS=false bash "$r" >/dev/null &&
    ! EXIT_CODE='' FAIL_ON_FINDINGS=false bash "$r" >/dev/null
}
check "the action's result step: exit 1 fails only with fail-on-findings, exit 2 always" action_result_ok
action_summary_without_report_ok() { # a usage error prints no JSON: the summary says so
  node "$root/.github/action/summary.js" "$work/no-such-report.json" 2 | grep -q "Exit code 2: no report"
}
check "the action's summary without a report (usage error) says so" action_summary_without_report_ok

echo "npm package test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
