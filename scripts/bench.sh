#!/usr/bin/env bash
# Runs the dedup benchmark (jobs/.../bench/DedupBenchmark) on local[2] with a 2 GiB driver heap.
# Usage: scripts/bench.sh [--sizes 10000,100000,1000000] [--fn-sweep] [--mllib-timeout 600] ...
# Spark is a provided dependency, so the classpath comes from Maven, not from the shaded jar.
set -euo pipefail
cd "$(dirname "$0")/.."

heap="${BENCH_HEAP:-2g}"
mvn -B -q -pl jobs -am -DskipTests compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath >/dev/null

flags="$(sed -n 's/^spark\.java17\.flags=//p' conf/jvm-flags.properties)"
cp="jobs/target/classes:pipeline/target/classes:$(cat jobs/target/bench.classpath)"

# shellcheck disable=SC2086 # the flags are a space-separated list by design
exec java -Xmx"$heap" $flags ${BENCH_JAVA_OPTS:-} -cp "$cp" dev.synthmix.jobs.bench.DedupBenchmark "$@"
