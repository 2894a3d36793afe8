#!/usr/bin/env bash
# Benchmark dr-session-lint against `rg -j2 -l createSource` (the floor) on the shared corpus, check its
# DigitalRiver.js call sites against the corpus truth, and write bench/results.md. See bench/README.md.
# usage: bench/run.sh [CORPUS_DIR]            (default /tmp/drbench; built with ../shared if missing)
#   DRSL_BIN=/path/to/dr-session-lint   use this binary instead of running `cargo build --release`
#   RUNS=3                              timed runs per command, after one warm-up run
set -euo pipefail
export LC_ALL=C # "." as decimal point in $EPOCHREALTIME, awk and sort
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
shared="$here/../../shared"
corpus="${1:-/tmp/drbench}"
runs="${RUNS:-3}"

die() { echo "error: $*" >&2; exit 2; }
command -v rg >/dev/null || die "rg not found; install it: apt-get install -y ripgrep"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) not found; install it: apt-get install -y time"
command -v python3 >/dev/null || die "python3 not found; install it: apt-get install -y python3"

if [ ! -f "$corpus/truth.jsonl" ] || [ ! -f "$corpus/modular-truth.jsonl" ]; then
  # The corpus script lives in the project's shared folder, next to the repository (not in it).
  [ -f "$shared/bench/make-corpus.sh" ] ||
    die "no corpus in $corpus and no $shared/bench/make-corpus.sh to build one: build it with make-corpus.sh and pass its directory"
  bash "$shared/bench/make-corpus.sh" "$corpus"
fi
corpus="$(cd "$corpus" && pwd)"
out="$corpus/out" # tool outputs of the last run, for debugging
mkdir -p "$out"

if [ -n "${DRSL_BIN:-}" ]; then
  bin=$(command -v "$DRSL_BIN") || die "DRSL_BIN=$DRSL_BIN: no such command"
  bin=$(realpath "$bin") # absolute: the correctness run cds into the tree
else
  (cd "$repo" && cargo build --release)
  bin="${CARGO_TARGET_DIR:-$repo/target}/release/dr-session-lint"
fi
"$bin" --help >"$out/help.txt" 2>&1 || die "$bin --help failed"

# Both commands get the same 2 CPUs when the machine has more.
pin=()
if [ "$(nproc)" -gt 2 ] && command -v taskset >/dev/null; then pin=(taskset -c "0,1"); fi

# run_once LABEL CMD...: one run with stdout discarded. Exit status 0 or 1 is normal (rg: no match; tool:
# errors found), anything else is a failure. Appends the wall seconds (bash's clock: /usr/bin/time's %e
# only has 10 ms resolution) to walls_LABEL and keeps the peak RSS (KiB) in rss_LABEL.
run_once() {
  local label=$1 t0 t1 rc=0 r
  shift
  t0=$EPOCHREALTIME
  "${pin[@]}" /usr/bin/time -f '%e %M' -o "$out/time" "$@" >/dev/null 2>"$out/stderr" || rc=$?
  t1=$EPOCHREALTIME
  if [ "$rc" -gt 1 ]; then
    tail -n 5 "$out/stderr" "$out/time" >&2
    die "exit status $rc from: $*"
  fi
  eval "walls_$label+=(\"$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')\")"
  r=$(tail -n 1 "$out/time" | awk '{ print $2 }')
  eval "[ \"$r\" -gt \"\${rss_$label:-0}\" ] && rss_$label=$r || true"
}
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# measure CMD...: one warm-up run, then $runs timed runs; sets med (median wall seconds) and rss (peak
# KiB, max of runs).
measure() {
  local i
  walls_one=() rss_one=0
  for ((i = 0; i <= runs; i++)); do
    run_once one "$@"
    [ "$i" -eq 0 ] && walls_one=() # warm-up
  done
  med=$(median "${walls_one[@]}") rss=$rss_one
}

# measure_pair: the floor ("${floor[@]}") and the tool ("${tool[@]}") run alternately (one warm-up
# each, then $runs timed runs of each), so that a machine that gets slower or faster during the
# measurement (a shared or virtual one) does not favour either; sets floor_med/floor_rss and
# tool_med/tool_rss.
measure_pair() {
  local i
  walls_floor=() walls_tool=() rss_floor=0 rss_tool=0
  for ((i = 0; i <= runs; i++)); do
    run_once floor "${floor[@]}"
    run_once tool "${tool[@]}"
    if [ "$i" -eq 0 ]; then walls_floor=() walls_tool=(); fi # warm-up
  done
  floor_med=$(median "${walls_floor[@]}") floor_rss=$rss_floor
  tool_med=$(median "${walls_tool[@]}") tool_rss=$rss_tool
}
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
report() { # LABEL: one line from $med, $rss, $nfiles, $nbytes
  printf '  %-16s %7.3f s  %8s files/s  %6s MB/s  peak RSS %5s MiB\n' "$1" "$med" \
    "$(calc %.0f "$nfiles / $med")" "$(calc %.0f "$nbytes / 1e6 / $med")" "$(calc %.0f "$rss / 1024")"
}

fail=0
rows=""
# The floor: ripgrep over the same files the tool lints (its JavaScript/TypeScript extensions, `.d.ts`
# left out, ignore files not honoured, as with --no-ignore).
rg_same_set=(rg -j2 -l --no-ignore -g '*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}' -g '!*.d.ts' createSource)
for name in natural dense modular; do
  tree="$corpus/$name"
  read -r nfiles nbytes < <(find "$tree" -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' \
    -o -name '*.jsx' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.tsx' \) -printf '%s\n' |
    awk '{ n++; s += $1 } END { print n + 0, s + 0 }')
  echo "== $name: $nfiles JS/TS files, $(calc %.1f "$nbytes / 1048576") MiB ($tree)"

  rc=0
  # --no-ignore: the corpus keeps nested node_modules folders, and their files count in the truth.
  (cd "$tree" && "$bin" --no-ignore --format json .) >"$out/$name.json" 2>"$out/$name.stderr" || rc=$?
  [ "$rc" -le 1 ] || { tail -n 5 "$out/$name.stderr" >&2; die "tool exit status $rc on $tree"; }
  truth=()
  [ "$name" = dense ] && truth=("$corpus/truth.jsonl")
  # The modular tree's truth lists findings (checked per file and line) besides call-site counts.
  [ "$name" = modular ] && truth=("$corpus/modular-truth.jsonl")
  python3 "$here/check_truth.py" "$out/$name.json" "${truth[@]}" || fail=1

  floor=("${rg_same_set[@]}" "$tree")
  tool=("$bin" --no-ignore --format json "$tree")
  measure_pair
  med=$floor_med rss=$floor_rss
  rg_med=$med
  report "rg -l (same set)"
  med=$tool_med rss=$tool_rss
  report dr-session-lint
  ratio=$(calc %.2f "$med / $rg_med")
  target=1.2
  verdict=$(awk -v r="$ratio" -v t="$target" 'BEGIN { print (r <= t) ? "met" : "NOT met" }')
  echo "  tool/rg ${ratio}x (target <= ${target}x: $verdict)"
  rows+="| $name | $nfiles | $(calc %.1f "$nbytes / 1048576") | $rg_med | $med | ${ratio}x"
  rows+=" | $(calc %.0f "$nfiles / $med") | $(calc %.0f "$nbytes / 1e6 / $med") | $(calc %.0f "$rss / 1024") |"$'\n'
done

sites=$(python3 -c 'import json, sys; print(sum(json.loads(l)["dr_call_sites"] for l in open(sys.argv[1]) if l.strip()))' \
  "$corpus/truth.jsonl")
if grep -q -- '--diff' "$out/help.txt"; then
  touch "$out/stamp"
  fixargs=(--no-ignore --diff --session-id-expr checkout.payment.session.id --format json)
  # The injected call sites use a page's `checkout` global: declare it (older builds have no --global).
  if grep -q -- '--global' "$out/help.txt"; then fixargs+=(--global checkout); fi
  measure "$bin" "${fixargs[@]}" "$corpus/dense"
  report "tool --diff"
  fixed=$("$bin" "${fixargs[@]}" "$corpus/dense" | python3 -c 'import json, sys; print(json.load(sys.stdin)["summary"]["fixed"]["callSites"])' || true)
  diffline="\`dr-session-lint --diff --session-id-expr ...\` on dense: $med s; $fixed of the $sites DigitalRiver.js call sites fixed, $(calc %.0f "${fixed:-0} / $med") call sites fixed/s, peak RSS $(calc %.0f "$rss / 1024") MiB."
  if [ -n "$(find "$corpus/dense" -type f -newer "$out/stamp" -print -quit)" ]; then
    echo "error: --diff modified files in $corpus/dense; rebuild it: rm -rf $corpus/dense $corpus/truth.jsonl" >&2
    fail=1
  fi
else
  diffline="\`--diff\` not timed: \`dr-session-lint --help\` does not mention it."
fi

rev=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo "no commit")
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
table="| tree | files | MiB | rg wall (s) | tool wall (s) | ratio | files/s | MB/s | peak RSS (MiB) |
|---|--:|--:|--:|--:|--:|--:|--:|--:|
${rows}
${diffline}

Median of $runs warm-cache runs after one warm-up, rg and the tool run alternately; floor is \`$(rg --version | head -n 1) -j2 -l --no-ignore\` over
the tool's extensions without \`.d.ts\` (the same file set);
files/s, MB/s and RSS are the tool's; files and MiB count .js .mjs .cjs .jsx .ts .mts .cts .tsx files (incl. .d.ts).
Machine: $(nproc) CPUs${pin[*]:+ (pinned to 2)}, ${cpu:-unknown CPU}; tool at $rev; $(date -u +%Y-%m-%d)."
echo
echo "$table"
echo "$table" >"$here/results.md"
[ "$fail" -eq 0 ] || { echo "FAILED: see above (tool outputs in $out)" >&2; exit 1; }
