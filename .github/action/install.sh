#!/usr/bin/env bash
# The action's install step: the prebuilt dr-session-lint from npm (its launcher runs the binary of
# this runner's platform; nothing is compiled), or the one on the PATH with INPUT_VERSION=installed.
# Writes `bin` (the command to run) to GITHUB_OUTPUT.
set -euo pipefail
version="${INPUT_VERSION:-}"
if [ "$version" = installed ]; then
  bin="$(command -v dr-session-lint)" || {
    echo "::error title=dr-session-lint::version: installed, but there is no dr-session-lint on the PATH"
    exit 2
  }
else
  if [ -z "$version" ]; then
    # This action's own release: the version in its Cargo.toml.
    version="$(sed -n '/^\[package\]/,/^\[/s/^version *= *"\([^"]*\)".*/\1/p' "$GITHUB_ACTION_PATH/Cargo.toml" | head -n 1)"
  fi
  version="${version#v}"
  if [ -z "$version" ]; then
    echo "::error title=dr-session-lint::no version given and none found in $GITHUB_ACTION_PATH/Cargo.toml"
    exit 2
  fi
  prefix="${RUNNER_TEMP:-/tmp}/dr-session-lint-$version"
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "dr-session-lint@$version"
  bin="$prefix/node_modules/.bin/dr-session-lint"
fi
"$bin" --version
echo "bin=$bin" >>"$GITHUB_OUTPUT"
