#!/usr/bin/env bash
# Runs the dedup benchmark (jobs/src/test/.../bench/DedupBenchmark) on local[2] with a 2 GiB driver heap.
# Usage: scripts/bench.sh [--sizes 10000,100000,1000000] [--threshold 0.8] [--fn-sweep]
#          [--mllib-tables 3,5] [--mllib-max 100000] [--mllib-timeout 600] [--reference-max 100000]
#          [--copies K [--words 600] [--edit-rate 0.03]] [--partitions 8] [--work /tmp/synthmix-bench]
#   --copies K  long documents with near-copies instead of the default perturbed corpus: each real
#               document of --words words is followed by K synthetic copies with --edit-rate of its
#               words replaced; --sizes counts all documents ((K + 1) per real one).
# The shape of issue 13 (10 paraphrase-like copies of ~6k long real documents, threshold 0.5):
#   scripts/bench.sh --sizes 66000 --copies 10 --words 600 --edit-rate 0.03 --threshold 0.5 \
#     --mllib-tables 5 --reference-max 0
# The benchmark lives in test scope (never in the shaded jar); Spark is a provided dependency, so
# the classpath comes from Maven.
set -euo pipefail
cd "$(dirname "$0")/.."

heap="${BENCH_HEAP:-2g}"
mvn -B -q -pl jobs -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath >/dev/null

flags="$(sed -n 's/^spark\.java17\.flags=//p' conf/jvm-flags.properties)"
cp="jobs/target/test-classes:jobs/target/classes:pipeline/target/classes:$(cat jobs/target/bench.classpath)"

# shellcheck disable=SC2086 # the flags are a space-separated list by design
exec java -Xmx"$heap" $flags ${BENCH_JAVA_OPTS:-} -cp "$cp" dev.synthmix.jobs.bench.DedupBenchmark "$@"
