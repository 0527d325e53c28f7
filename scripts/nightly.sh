#!/usr/bin/env bash
# Nightly entry for cron/systemd: one run per date, logs to a dated file, no overlapping runs.
# Usage: scripts/nightly.sh [YYYY-MM-DD]   (default: today, UTC)
# Environment: SYNTHMIX_CONFIG (a config file, default conf/nightly.conf if present),
# SYNTHMIX_LOG_DIR (default ./logs), SYNTHMIX_LOCK (default /tmp/synthmix-nightly.lock), and the
# launcher's own variables (SYNTHMIX_MASTER, SYNTHMIX_SPARK_CONF, ...).
# Exit code: the run's (0 ok, 1 gate failed, 2 usage, 3 input refused, 4 failure), or 75 when
# another nightly run holds the lock.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATE="${1:-$(date -u +%F)}"
LOG_DIR="${SYNTHMIX_LOG_DIR:-$ROOT/logs}"
LOCK="${SYNTHMIX_LOCK:-/tmp/synthmix-nightly.lock}"
CONFIG="${SYNTHMIX_CONFIG:-$ROOT/conf/nightly.conf}"
mkdir -p "$LOG_DIR"
LOG="$LOG_DIR/nightly-$DATE.log"

exec 9>"$LOCK"
if ! flock -n 9; then
  echo "synthmix nightly: another run holds $LOCK; not starting the run for $DATE" | tee -a "$LOG" >&2
  exit 75
fi

ARGS=()
[[ -f "$CONFIG" ]] && ARGS+=("-Dconfig.file=$CONFIG")
echo "synthmix nightly $DATE: started $(date -u +%FT%TZ), log $LOG" >&2
set +e
"$ROOT/scripts/synthmix" "${ARGS[@]}" nightly --date "$DATE" >>"$LOG" 2>&1
CODE=$?
set -e
echo "synthmix nightly $DATE: exit $CODE at $(date -u +%FT%TZ)" | tee -a "$LOG" >&2
exit "$CODE"
