#!/usr/bin/env bash
# Benchmark of the whole pipeline (issue 13): ingest-real, ingest-synthetic and audit through the
# launcher (scripts/synthmix), on a fresh warehouse per mix, for mixes of N documents built from the
# embedded SOTU corpus: half real, half synthetic in nine sets (generators perturb, shuffle and
# splice × depths 1–3, each with its lineage manifest; see scripts/BenchAuditInputs.java).
#
# Usage: scripts/bench-audit.sh [--sizes 10000,100000,1000000] [--words 80|600|both] [--keep]
#                               [--out <dir>] [--seed <n>]
#   --sizes  documents per mix (default 10000,100000,1000000)
#   --words  document size: ~80 words (two 40-word cuts), ~600 words (15 cuts), or both (default)
#   --keep   keep the generated inputs and the warehouses (default: delete each after its run)
#   --out    where inputs, logs and results go (default target/bench-audit)
#   --seed   the inputs' seed (default 13)
# Environment: SYNTHMIX_MASTER (default local[2]) and SYNTHMIX_DRIVER_MEMORY (launcher default) are
# handed to the launcher; SYNTHMIX_SPARK_CONF too.
#
# Per command it prints wall seconds (JVM start to exit), CPU seconds (user + system, from GNU
# time when present, with the process's peak RSS), the seconds of each stage the launcher
# logged ("stage <name>: <in> rows in, <out> rows out, <s> s"), docs/s and MB/s (MB = 10^6 bytes
# of UTF-8 document text, for the whole command), and peak heap from the driver's GC log
# (-Xlog:gc via JAVA_TOOL_OPTIONS): the largest heap in use before a collection (includes
# garbage, bounded by -Xmx) and the largest heap still live after one. In local mode the driver
# JVM runs the executors too. Results: <out>/results.tsv (one row per command) and
# <out>/stages.tsv (one row per stage); logs: <out>/<size>-<words>w/logs/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

sizes="10000,100000,1000000"
words_opt="both"
keep=false
out="target/bench-audit"
seed=13
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes="${2:?--sizes needs a value}"; shift 2 ;;
    --words) words_opt="${2:?--words needs a value}"; shift 2 ;;
    --keep) keep=true; shift ;;
    --out) out="${2:?--out needs a value}"; shift 2 ;;
    --seed) seed="${2:?--seed needs a value}"; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-audit: cannot parse '$1': see --help" >&2; exit 2 ;;
  esac
done
case "$words_opt" in
  80) word_sizes=(80) ;;
  600) word_sizes=(600) ;;
  both) word_sizes=(80 600) ;;
  *) echo "bench-audit: cannot use --words '$words_opt': use 80, 600 or both" >&2; exit 2 ;;
esac
IFS=',' read -r -a size_list <<< "$sizes"
for n in "${size_list[@]}"; do
  [[ "$n" =~ ^[0-9]+$ && "$n" -ge 18 ]] || { echo "bench-audit: cannot use size '$n': a whole number ≥ 18" >&2; exit 2; }
done
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# The settings of the machine's environment must not leak into the benchmark's warehouse or runs.
unset SYNTHMIX_WAREHOUSE SYNTHMIX_RUN_ID JAVA_TOOL_OPTIONS
export SYNTHMIX_MASTER="${SYNTHMIX_MASTER:-local[2]}"

# Build the jar through the launcher first (a fresh clone has none), so no command below pays for it.
echo "bench-audit: building through the launcher (scripts/synthmix --help)..." >&2
build_start=$(date +%s)
if ! scripts/synthmix --help >/dev/null 2>"$out/build.log"; then
  echo "bench-audit: cannot build or start the launcher; its output:" >&2
  cat "$out/build.log" >&2
  exit 1
fi
echo "bench-audit: build/check took $(( $(date +%s) - build_start )) s" >&2
classpath="$(cat jobs/target/spark-classpath.txt)"
corpus="pipeline/src/main/resources/corpus/sotu.jsonl.bz2"

results="$out/results.tsv"
stages="$out/stages.tsv"
printf 'docs\twords\tcommand\texit\twall_s\tcpu_s\tstage_s\tdocs_in\tmb_in\tdocs_per_s\tmb_per_s\tpeak_heap_used_mib\tpeak_heap_live_mib\tmax_rss_mib\n' > "$results"
printf 'docs\twords\tcommand\tstage\trows_in\trows_out\tseconds\n' > "$stages"

# Peak heap from a unified GC log: "... GC(7) Pause Young (Normal) (G1 Evacuation Pause) 812M->143M(4096M) 9.1ms".
peak_heap() {
  awk '
    function mib(v, u) { v += 0; return u == "K" ? v / 1024 : (u == "G" ? v * 1024 : (u == "B" ? v / 1048576 : v)) }
    match($0, /[0-9]+[BKMG]->[0-9]+[BKMG]\(/) {
      s = substr($0, RSTART, RLENGTH - 1); split(s, p, "->")
      b = mib(substr(p[1], 1, length(p[1]) - 1), substr(p[1], length(p[1])))
      a = mib(substr(p[2], 1, length(p[2]) - 1), substr(p[2], length(p[2])))
      if (b > used) used = b; if (a > live) live = a
    }
    END { printf "%.0f\t%.0f\n", used, live }' "$1"
}

# run_cmd <docs> <words> <label> <docs_in> <bytes_in> <log dir> <ok exits> -- <launcher args...>
run_cmd() {
  local n="$1" w="$2" label="$3" docs_in="$4" bytes_in="$5" logs="$6" ok="$7"
  shift 8
  local log="$logs/$label.log" gc="$logs/$label.gc.log" timing="$logs/$label.time" rc=0 start end
  start=$(date +%s.%N)
  # CPU seconds (user + system, the JVM and its threads) and peak RSS come from GNU time when the
  # machine has it: on a shared machine CPU seconds move much less with the load than wall seconds.
  if [[ -x /usr/bin/time ]]; then
    JAVA_TOOL_OPTIONS="-Xlog:gc:file=$gc:uptime" /usr/bin/time -o "$timing" -f '%U %S %M' \
      scripts/synthmix "$@" > "$log" 2>&1 || rc=$?
  else
    echo "- - -" > "$timing"
    JAVA_TOOL_OPTIONS="-Xlog:gc:file=$gc:uptime" scripts/synthmix "$@" > "$log" 2>&1 || rc=$?
  fi
  end=$(date +%s.%N)
  if [[ " $ok " != *" $rc "* ]]; then
    echo "bench-audit: $label on $n × ${w}w exited $rc; last lines of $log:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  local wall stage_s heap cpu
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  # One line per stage: "stage dedup: 1630 rows in, 122 rows out, 12.8 s" (or "... rows out (n committed), s s").
  sed -n 's/.*stage \([^ :]*\): \([-0-9]*\) rows in, \([0-9]*\) rows out.*, \([0-9.]*\) s$/\1\t\2\t\3\t\4/p' "$log" \
    | awk -v n="$n" -v w="$w" -v c="$label" 'BEGIN { OFS = "\t" } { print n, w, c, $1, $2, $3, $4 }' >> "$stages"
  stage_s=$(sed -n 's/.*stage [^ :]*: .* rows out.*, \([0-9.]*\) s$/\1/p' "$log" | awk '{ s += $1 } END { printf "%.1f", s }')
  heap=$(peak_heap "$gc")
  # GNU time's last line is "<user s> <system s> <max RSS KiB>" (a line before it names a non-zero exit).
  cpu=$(tail -n 1 "$timing" | awk '$1 ~ /^[0-9.]+$/ { printf "%.1f\t%.0f", $1 + $2, $3 / 1024; next } { printf "-\t-" }')
  awk -v n="$n" -v w="$w" -v c="$label" -v rc="$rc" -v wall="$wall" -v st="$stage_s" -v d="$docs_in" \
      -v b="$bytes_in" -v heap="$heap" -v cpu="$cpu" 'BEGIN {
    split(heap, h, "\t"); split(cpu, u, "\t"); mb = b / 1e6
    printf "%d\t%d\t%s\t%d\t%s\t%s\t%s\t%d\t%.1f\t%.0f\t%.3f\t%s\t%s\t%s\n", n, w, c, rc, wall, u[1], st, d, mb, \
      d / wall, mb / wall, h[1], h[2], u[2]
  }' >> "$results"
  echo "bench-audit: $label on $n × ${w}w: ${wall} s wall, exit $rc" >&2
}

for n in "${size_list[@]}"; do
  for w in "${word_sizes[@]}"; do
    dir="$out/$n-${w}w"
    inputs="$dir/inputs"
    wh="$dir/warehouse"
    logs="$dir/logs"
    rm -rf "$wh" "$logs"
    mkdir -p "$logs"
    if [[ ! -f "$inputs/stats.tsv" || "$(cat "$inputs/.seed" 2>/dev/null)" != "$seed" ]]; then
      rm -rf "$inputs"
      echo "bench-audit: generating $n documents of ~$w words..." >&2
      java -cp "$classpath" scripts/BenchAuditInputs.java --corpus "$corpus" --docs "$n" --words "$w" \
        --seed "$seed" --out "$inputs" >&2
      echo "$seed" > "$inputs/.seed"
    fi
    real_docs=$(awk -F'\t' '$1 == "real" { print $2 }' "$inputs/stats.tsv")
    real_bytes=$(awk -F'\t' '$1 == "real" { print $3 }' "$inputs/stats.tsv")
    syn_docs=$(awk -F'\t' '$1 == "synthetic" { print $2 }' "$inputs/stats.tsv")
    syn_bytes=$(awk -F'\t' '$1 == "synthetic" { print $3 }' "$inputs/stats.tsv")

    run_cmd "$n" "$w" ingest-real "$real_docs" "$real_bytes" "$logs" "0" -- \
      -Dsynthmix.warehouse="$wh" ingest-real --input "$inputs/real/data.jsonl" --source bench-real

    # The manifests name the docs_real version the sets were seeded from: the latest commit of the
    # fresh table. Depth 2/3 sets name their parent set; their seed is docs_synthetic at version 0
    # (its first commit, made by this same command before any depth-2 set is checked).
    real_version=$(find "$wh/docs_real/_delta_log" -name '*.json' -printf '%f\n' | sort | tail -n 1 | sed 's/\.json$//; s/^0*//')
    real_version="${real_version:-0}"
    conf="$dir/bench-sets.conf"
    echo "synthmix.synthetic.sets = [" > "$conf"
    tail -n +2 "$inputs/sets.tsv" | while IFS=$'\t' read -r set_id generator depth parent docs bytes; do
      if [[ "$depth" == 1 ]]; then
        seed_block="seed { table = docs_real, version = $real_version }"
        parent_line=""
      else
        seed_block="seed { table = docs_synthetic, version = 0 }"
        parent_line="parent-set = \"$parent\""
      fi
      cat > "$inputs/sets/$set_id/manifest.conf" <<EOF
# Written by scripts/bench-audit.sh: a benchmark set made by scripts/BenchAuditInputs.java.
set-id = "$set_id"
generator {
  name = "$generator"
  model = "bench-audit-$generator"
  version = "1"
  parameters { seed = $seed, docs = $docs }
}
prompt { template-id = "bench-$generator" }
$seed_block
depth = $depth
$parent_line
generation { run-id = "bench-audit-$n-${w}w", generated-at = "2026-12-01T00:00:00Z" }
data { format = jsonl, path = "data.jsonl" }
EOF
      echo "  { manifest = \"$inputs/sets/$set_id/manifest.conf\" }" >> "$conf"
    done
    echo "]" >> "$conf"

    run_cmd "$n" "$w" ingest-synthetic "$syn_docs" "$syn_bytes" "$logs" "0" -- \
      -Dsynthmix.warehouse="$wh" -Dconfig.file="$conf" ingest-synthetic

    # audit exits 1 when a fail gate fails (outputs written): the mix leaks real text on purpose.
    run_cmd "$n" "$w" audit "$((real_docs + syn_docs))" "$((real_bytes + syn_bytes))" "$logs" "0 1" -- \
      -Dsynthmix.warehouse="$wh" audit

    if [[ "$keep" != true ]]; then
      rm -rf "$wh" "$inputs"
    fi
  done
done

# column(1) is not on every machine (Debian: bsdextrautils); the TSV as is then.
show() { if command -v column >/dev/null; then column -t -s $'\t' "$1"; else cat "$1"; fi; }
echo
echo "Per command (wall = JVM start to exit; docs/s and MB/s over wall; heap and RSS in MiB):"
show "$results"
echo
echo "Per stage (seconds as the launcher logged them):"
show "$stages"
echo
echo "bench-audit: results in $results and $stages"
