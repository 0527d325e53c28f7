#!/usr/bin/env bash
# Waits for a standalone-cluster driver to end and exits with its outcome, because
# spark-submit --deploy-mode cluster on a standalone master exits 0 whatever the driver did.
#
# Usage: scripts/driver-outcome.sh MASTER_JSON_URL DRIVER_ID [DRIVER_STDERR_FILE]
#   MASTER_JSON_URL  the master's JSON status, e.g. http://127.0.0.1:8080/json/ (file:// works, for tests)
#   DRIVER_ID        e.g. driver-20260115021500-0000 (spark-submit logs "submitted as <id>")
#   DRIVER_STDERR_FILE  optional: the driver's stderr (the worker's driver-*/stderr), read for
#                    "synthmix exit code N" so a FAILED driver exits with synthmix's own code
# Environment: SYNTHMIX_DRIVER_POLL_SECONDS (between polls, default 5),
#   SYNTHMIX_DRIVER_POLL_MAX (polls before giving up, default 17280 = 24 h at 5 s).
# Exit: 0 driver FINISHED; FAILED: synthmix's code from the driver's stderr when given (1 = a gate
# failed), else 4; KILLED / ERROR / unknown driver / master unreachable / gave up: 4.
set -uo pipefail

if [[ $# -lt 2 ]]; then
  echo "Usage: $0 MASTER_JSON_URL DRIVER_ID [DRIVER_STDERR_FILE]" >&2
  exit 2
fi
URL=$1 DRIVER=$2 STDERR_FILE=${3:-}
PAUSE=${SYNTHMIX_DRIVER_POLL_SECONDS:-5}
MAX=${SYNTHMIX_DRIVER_POLL_MAX:-17280}

# The state of one driver in the master's JSON (activedrivers or completeddrivers), or nothing.
# A driver object starts id, starttime, state, ... (then a nested resources object), so the text
# from its id to the next '}' holds its state.
driver_state() {
  curl -fsS --max-time 10 "$URL" 2>/dev/null | tr -d ' \n' |
    grep -o "\"id\":\"$DRIVER\",[^}]*" | grep -o '"state":"[A-Z_]*"' | head -n 1 | cut -d'"' -f4
}

state="" unseen=0
for ((i = 1; i <= MAX; i++)); do
  state="$(driver_state)"
  case "$state" in
    FINISHED | FAILED | KILLED | ERROR) break ;;
    "") unseen=$((unseen + 1))
        # The master forgets nothing it was sent; 3 polls without the driver (or the master) is final.
        if [[ $unseen -ge 3 ]]; then
          echo "driver-outcome: $DRIVER not found at $URL after $unseen polls (master down, or a wrong id): exit 4" >&2
          exit 4
        fi ;;
    *) unseen=0 ;; # SUBMITTED, RUNNING, RELAUNCHING, UNKNOWN: not over yet
  esac
  sleep "$PAUSE"
done

case "$state" in
  FINISHED)
    echo "driver-outcome: $DRIVER FINISHED: exit 0" >&2
    exit 0 ;;
  FAILED)
    code=""
    if [[ -n "$STDERR_FILE" && -r "$STDERR_FILE" ]]; then
      code="$(grep -o 'synthmix exit code [0-9]*' "$STDERR_FILE" | tail -n 1 | grep -o '[0-9]*$')"
    fi
    if [[ -n "$code" ]]; then
      echo "driver-outcome: $DRIVER FAILED with synthmix exit code $code" >&2
      exit "$code"
    fi
    echo "driver-outcome: $DRIVER FAILED (its synthmix exit code is in the runs table and the driver's stderr): exit 4" >&2
    exit 4 ;;
  KILLED | ERROR)
    echo "driver-outcome: $DRIVER $state: exit 4" >&2
    exit 4 ;;
  *)
    echo "driver-outcome: $DRIVER still '${state:-unknown}' after $MAX polls: exit 4" >&2
    exit 4 ;;
esac
