#!/usr/bin/env bash
# The action's lint step: annotations (--format github) or SARIF, then the JSON report, turned into
# the job summary. Never fails itself: the exit code goes to GITHUB_OUTPUT for the last step.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
read -r -a paths <<<"$(printf '%s' "${INPUT_PATHS:-.}" | tr '\n\r' '  ')"
read -r -a extra <<<"$(printf '%s' "${INPUT_ARGS:-}" | tr '\n\r' '  ')"
if [ "${#paths[@]}" -eq 0 ]; then paths=(.); fi
out="${RUNNER_TEMP:-/tmp}/dr-session-lint-report"
mkdir -p "$out"
report="$out/report.json"
rm -f "$report"

# ${a[@]+"${a[@]}"}: an empty array under `set -u` in old bash (macOS) too.
if [ "${INPUT_SARIF:-false}" = true ]; then
  sarif="$out/dr-session-lint.sarif"
  "$DR_SESSION_LINT" ${extra[@]+"${extra[@]}"} --format sarif --output "$sarif" "${paths[@]}"
  code=$?
  if [ -s "$sarif" ]; then echo "sarif=$sarif" >>"$GITHUB_OUTPUT"; fi
else
  "$DR_SESSION_LINT" ${extra[@]+"${extra[@]}"} --format github "${paths[@]}"
  code=$?
fi
# The same run as JSON for the summary (its human summary on the terminal is not needed).
"$DR_SESSION_LINT" ${extra[@]+"${extra[@]}"} --format json --output "$report" "${paths[@]}" >/dev/null 2>&1

echo "exit-code=$code" >>"$GITHUB_OUTPUT"
echo "report=$report" >>"$GITHUB_OUTPUT"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  node "$here/summary.js" "$report" "$code" >>"$GITHUB_STEP_SUMMARY" ||
    echo "::warning title=dr-session-lint::could not write the job summary"
else
  node "$here/summary.js" "$report" "$code"
fi
exit 0
