#!/usr/bin/env bash
# Benchmark of the contamination check (issue 15) on a warehouse that scripts/bench-audit.sh --keep
# left: an evaluation set of --items items, --planted of them spans cut from the mix's documents
# (half re-wrapped), the rest random words (scripts/BenchContaminationItems.java). Times the
# `contamination` command through the launcher, then the baseline a user would write without it:
# the same 13-gram check as one Spark SQL query (every document's 13-grams as strings, joined with
# the items'), through the same launcher. Prints both, their ratio, and checks the results: every
# planted item found in the document it was cut from (recall), no random item reported, and the
# same (document, item) pairs as the exact SQL join.
#
# Usage: scripts/bench-contamination.sh --mix <bench-audit dir of one mix, e.g. target/bench-audit/100000-600w>
#          [--items 100000] [--planted 1000] [--seed 7] [--no-baseline]
# Environment: SYNTHMIX_MASTER (default local[2]); results go to <mix>/contamination/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

mix="" items=100000 planted=1000 seed=7 baseline=true
while [[ $# -gt 0 ]]; do
  case "$1" in
    --mix) mix="${2:?--mix needs a value}"; shift 2 ;;
    --items) items="${2:?}"; shift 2 ;;
    --planted) planted="${2:?}"; shift 2 ;;
    --seed) seed="${2:?}"; shift 2 ;;
    --no-baseline) baseline=false; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-contamination: cannot parse '$1': see --help" >&2; exit 2 ;;
  esac
done
[[ -n "$mix" && -d "$mix/warehouse" && -d "$mix/inputs" ]] || {
  echo "bench-contamination: --mix must name a folder with warehouse/ and inputs/ (scripts/bench-audit.sh --keep)" >&2; exit 2; }
mix="$(cd "$mix" && pwd)"
out="$mix/contamination"
mkdir -p "$out"
unset SYNTHMIX_WAREHOUSE SYNTHMIX_RUN_ID JAVA_TOOL_OPTIONS
export SYNTHMIX_MASTER="${SYNTHMIX_MASTER:-local[2]}"
w="-Dsynthmix.warehouse=$mix/warehouse"

scripts/synthmix --help >/dev/null 2>"$out/build.log" || { cat "$out/build.log" >&2; exit 1; }
java -cp "$(cat jobs/target/spark-classpath.txt)" scripts/BenchContaminationItems.java --inputs "$mix/inputs" \
  --items "$items" --planted "$planted" --seed "$seed" --out "$out"

timed() {  # label, then the launcher's arguments: prints wall and CPU seconds
  local label="$1" start end
  shift
  start=$(date +%s.%N)
  /usr/bin/time -o "$out/$label.time" -f '%U %S' scripts/synthmix "$@" > "$out/$label.out" 2> "$out/$label.log"
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" -v l="$label" '{ printf "%s\t%.1f\t%.1f\n", l, b - a, $1 + $2 }' "$out/$label.time" \
    | tail -n 1 >> "$out/results.tsv"
}
printf 'run\twall_s\tcpu_s\n' > "$out/results.tsv"
timed synthmix "$w" contamination --benchmark "$out/items.jsonl" --name bench
grep -o 'stage [^ ]*: .*' "$out/synthmix.log" | tail -n 3 >&2 || true

pairs_query="select m.item_id, d.input_id from contamination_matches m join (select doc_id, input_id from docs_real union all
  select doc_id, input_id from docs_synthetic) d on m.doc_id = d.doc_id where m.benchmark = 'bench'"
scripts/synthmix "$w" sql "$pairs_query" > "$out/matches.tsv" 2> "$out/matches.log"
if $baseline; then
  cat > "$out/baseline.sql" <<SQL
with iw as (select id as item_id, filter(split(lower(regexp_replace(text, '[^\\\\p{L}\\\\p{N}_]+', ' ')), ' '), x -> x != '') as w
            from json.\`$out/items.jsonl\`),
     ig as (select distinct item_id, concat_ws(' ', slice(w, i + 1, 13)) as g
            from iw lateral view explode(sequence(0, size(w) - 13)) t as i where size(w) >= 13),
     dw as (select input_id, filter(split(lower(regexp_replace(text, '[^\\\\p{L}\\\\p{N}_]+', ' ')), ' '), x -> x != '') as w
            from (select input_id, text from docs_real union all select input_id, text from docs_synthetic)),
     dg as (select input_id, concat_ws(' ', slice(w, i + 1, 13)) as g
            from dw lateral view explode(sequence(0, size(w) - 13)) t as i where size(w) >= 13)
select distinct ig.item_id, dg.input_id from dg join ig on dg.g = ig.g
SQL
  timed baseline "$w" sql "$(cat "$out/baseline.sql")"
  mv "$out/baseline.out" "$out/baseline-pairs.tsv"
fi

files=("$out/truth.tsv" "$out/matches.tsv")
$baseline && files+=("$out/baseline-pairs.tsv")
awk -F'\t' '
  FNR == 1 { file++ }
  file == 1 { truth[$1] = $2; kind[$1] = $3; planted++; next }
  file == 2 && FNR > 1 { ours[$1 "\t" $2] = 1; if ($1 ~ /^clean-/) clean++; next }
  file == 3 && FNR > 1 { base[$1 "\t" $2] = 1; next }
  END {
    for (i in truth) { if ((i "\t" truth[i]) in ours) { found++; byKind[kind[i]]++ }; total[kind[i]]++ }
    n = 0; for (p in ours) n++
    m = 0; only = 0; for (p in base) { m++; if (!(p in ours)) only++ }
    extra = 0; if (m > 0) for (p in ours) if (!(p in base)) extra++
    printf "recall %d/%d planted items found in their source document (verbatim %d/%d, rewrapped %d/%d)\n", found, planted,
      byKind["verbatim"], total["verbatim"], byKind["rewrapped"], total["rewrapped"]
    printf "random items reported: %d; (item, document) pairs: synthmix %d", clean, n
    if (m > 0) printf ", SQL baseline %d (only in the baseline %d, only in synthmix %d)", m, only, extra
    printf "\n"
  }' "${files[@]}" >&2
column -t "$out/results.tsv" >&2
awk -F'\t' 'NR > 1 { w[$1] = $2 } END { if (w["baseline"] > 0) printf "synthmix / baseline wall: %.2f (%.1fx faster)\n",
  w["synthmix"] / w["baseline"], w["baseline"] / w["synthmix"] }' "$out/results.tsv" >&2
