#!/usr/bin/env bash
# The action's last step: pass or fail by dr-session-lint's exit code (EXIT_CODE) and the
# fail-on-findings input (FAIL_ON_FINDINGS): 1 (findings) fails only when it is `true`; 2 (usage or
# I/O error) and a missing code always fail.
set -euo pipefail
case "${EXIT_CODE:-}" in
  0)
    echo "dr-session-lint: no error-level finding"
    ;;
  1)
    if [ "${FAIL_ON_FINDINGS:-true}" = true ]; then
      echo "::error title=dr-session-lint::error-level findings (see the job summary)"
      exit 1
    fi
    echo "::warning title=dr-session-lint::error-level findings (fail-on-findings is off)"
    ;;
  *)
    echo "::error title=dr-session-lint::dr-session-lint exited with ${EXIT_CODE:-no exit code} (a usage or I/O error: see the log)"
    exit 2
    ;;
esac
