#!/usr/bin/env bash
# Fill the fuzz targets' corpus directories (fuzz/corpus/<target>/, not committed) from fixtures/,
# the differential test's cases and the committed regression inputs. An input's first byte picks the kind of file (see
# fuzz/src/checks.rs): each fixture is seeded with the byte of its own kind.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# seed TARGET BYTE FILE: fuzz/corpus/TARGET/<name of FILE> = BYTE followed by FILE.
seed() {
  local dir="fuzz/corpus/$1" name
  mkdir -p "$dir"
  name="$(basename "$(dirname "$3")")-$(basename "$3")"
  # shellcheck disable=SC2059 # the format is the byte: \xNN
  { printf "\\x$2"; cat "$3"; } > "$dir/$name"
}

# lint_bytes and fix_roundtrip: JavaScript 00, TypeScript 01, TSX 02, HTML 03, PHP 04.
# templates: HTML 00, PHP 01, ISML 02, JSP 03, ERB 04, Handlebars 05, Razor 06, Visualforce 07,
# Vue/Svelte 08.
for f in fixtures/*/* tests/differential/cases/*; do
  case "$f" in
    *.js | *.jsx) script=00 ;;
    *.ts) script=01 ;;
    *.tsx) script=02 ;;
    *.html) script=03 ;;
    *.phtml) script=04 ;;
    *) script= ;;
  esac
  case "$f" in
    *.html) template=00 ;;
    *.phtml) template=01 ;;
    *.isml) template=02 ;;
    *.jsp) template=03 ;;
    *.ejs | *.erb) template=04 ;;
    *.hbs) template=05 ;;
    *.cshtml) template=06 ;;
    *.page) template=07 ;;
    *.vue | *.svelte) template=08 ;;
    *) template= ;;
  esac
  if [ -n "$script" ]; then
    seed lint_bytes "$script" "$f"
    seed fix_roundtrip "$script" "$f"
  fi
  if [ -n "$template" ]; then
    seed templates "$template" "$f"
  fi
done
# The regression inputs are raw inputs already.
for d in tests/fuzz-regressions/*/; do
  [ -d "$d" ] || continue
  target="$(basename "$d")"
  mkdir -p "fuzz/corpus/$target"
  for f in "$d"*; do
    [ -f "$f" ] && cp "$f" "fuzz/corpus/$target/regression-$(basename "$f")"
  done
done
for t in lint_bytes templates fix_roundtrip; do
  echo "fuzz/corpus/$t: $(find "fuzz/corpus/$t" -type f | wc -l) inputs"
done
