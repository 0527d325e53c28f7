#!/usr/bin/env bash
# Fuzzes the parsers with Jazzer (com.code-intelligence:jazzer-junit, Maven profile "fuzz") for a
# bounded time each: JSON Lines lines, CSV files (Spark's parser with CsvReader's options), lineage
# manifests and settings files. A script, not a test: `mvn verify` never compiles the *FuzzTest
# classes. Each finding stops nothing: Jazzer keeps going (up to 20 distinct findings per target),
# writes crash-<sha1> files, and this script copies them to pipeline/src/test/resources/fuzz/<target>/
# to become regression tests. One target per JVM, as Jazzer's JUnit fuzzing mode allows only one.
#
# Usage: scripts/fuzz.sh [seconds-per-target (default 60)] [target ...]
#   targets: jsonl csv manifest settings (default: all four)
# Runs at nice 10; the summary (executions, findings per target) goes to target/fuzz/summary.tsv.
# The test classes are compiled once (mvn -Pfuzz test-compile), then one JVM per target.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(jsonl csv manifest settings)

declare -A test=(
  [jsonl]='dev.synthmix.pipeline.ingest.RecordReadersFuzzTest#jsonlLine'
  [csv]='dev.synthmix.pipeline.ingest.RecordReadersFuzzTest#csvFile'
  [manifest]='dev.synthmix.pipeline.lineage.ManifestReaderFuzzTest#manifest'
  [settings]='dev.synthmix.pipeline.config.SettingsLoaderFuzzTest#settings'
)
# Coverage feedback from our own code only by default: instrumenting Jackson, Typesafe Config and
# univocity too took minutes per run on the shared 2-core machine. FUZZ_INSTRUMENT widens it, e.g.
# 'dev.synthmix.**,com.fasterxml.jackson.**,com.typesafe.config.**,com.univocity.**'.
instrument="${FUZZ_INSTRUMENT:-dev.synthmix.**}"

out="$PWD/target/fuzz"
mkdir -p "$out"
summary="$out/summary.tsv"
printf 'target\tseconds\texecutions\tfindings\n' > "$summary"

offline=-o
[ "${FUZZ_ONLINE:-}" = 1 ] && offline=
nice -n 10 mvn -B $offline -q -pl pipeline -Pfuzz test-compile

for t in "${targets[@]}"; do
  [ -n "${test[$t]:-}" ] || { echo "Cannot fuzz '$t': known targets are ${!test[*]}" >&2; exit 2; }
  log="$out/$t.log"
  work="$out/$t"
  rm -rf "$work" && mkdir -p "$work"
  echo "fuzz: $t for ${seconds}s (${test[$t]}), log $log"
  # A finding fails the test run; the script goes on to the next target and reports it.
  # initialize: sets the JVM flags property (conf/jvm-flags.properties) that the test fork needs.
  JAZZER_FUZZ=1 nice -n 10 mvn -B $offline -pl pipeline -Pfuzz initialize surefire:test \
    -Dtest="${test[$t]}" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.max_duration="${seconds}s" -Djazzer.keep_going=20 -Djazzer.instrument="$instrument" \
    -Djazzer.reproducer_path="$work" -Djunit.jupiter.execution.timeout.mode=disabled \
    > "$log" 2>&1 || true
  # libFuzzer's last "#<n>" status line holds the executions so far ("Done <n> runs" at the end).
  execs="$(grep -aoE 'Done [0-9]+ runs|^#[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)"
  findings="$(grep -acE '^== Java Exception:|^== FuzzerSecurityIssue' "$log" || true)"
  mkdir -p "pipeline/src/test/resources/fuzz/$t"
  # Crash inputs land in the test resources (Jazzer's ...Inputs folder) and the working dir.
  find pipeline -path pipeline/target -prune -o -type f -name 'crash-*' -newer "$work" -print 2>/dev/null \
    | while read -r f; do mv "$f" "pipeline/src/test/resources/fuzz/$t/"; done
  printf '%s\t%s\t%s\t%s\n' "$t" "$seconds" "${execs:-0}" "$findings" >> "$summary"
  echo "fuzz: $t: ${execs:-0} executions, $findings findings"
done
rmdir pipeline/src/test/resources/fuzz/* 2>/dev/null || true
column -t "$summary"
