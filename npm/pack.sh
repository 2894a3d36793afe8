#!/usr/bin/env bash
# npm/pack.sh OUTDIR: build the release binary for this machine and write the npm tarballs of the
# main package (dr-session-lint) and of this platform's package (@dr-session-lint/cli-<platform>)
# into OUTDIR, with Cargo.toml's version. Prints the two tarballs' paths.
# DRSL_PACK_PROFILE=dev packs the debug build instead (CI's package test: the binary `cargo test`
# already built, instead of a second, release, compilation); releases pack the release build.
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: npm/pack.sh OUTDIR" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$1"
out="$(cd "$1" && pwd)"
cd "$here/.."

profile="${DRSL_PACK_PROFILE:-release}"
case "$profile" in
  release) profile_dir=release ;;
  dev) profile_dir=debug ;;
  *) echo "npm/pack.sh: DRSL_PACK_PROFILE must be release or dev" >&2; exit 2 ;;
esac
cargo build --profile "$profile" --locked
read -r version target_dir < <(cargo metadata --format-version 1 --no-deps --locked | node "$here/stage.js" cargo-metadata)
platform="$(node "$here/stage.js" host)"
exe=""
case "$platform" in win32-*) exe=".exe" ;; esac

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
main_dir="$(node "$here/stage.js" main "$stage" "$version")"
platform_dir="$(node "$here/stage.js" platform "$stage" "$version" "$platform" "$target_dir/$profile_dir/dr-session-lint$exe")"
for dir in "$platform_dir" "$main_dir"; do
  name="$(npm pack --silent --pack-destination "$out" "$dir" | tail -n 1)"
  echo "$out/$name"
done
