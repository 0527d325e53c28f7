#!/usr/bin/env bash
# Measures the sketch-based diversity against the exact computation it replaced (test scope:
# pipeline/src/test/java/.../diversity/DiversityErrorMeasure) on local[2]; not a test.
# Usage: scripts/diversity-error.sh [documents, default 100000]
set -euo pipefail
cd "$(dirname "$0")/.."

heap="${MEASURE_HEAP:-3g}"
mvn -B -q -o -pl pipeline -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/measure.classpath >/dev/null

flags="$(sed -n 's/^spark\.java17\.flags=//p' conf/jvm-flags.properties)"
cp="pipeline/target/test-classes:pipeline/target/classes:$(cat pipeline/target/measure.classpath)"

# shellcheck disable=SC2086 # the flags are a space-separated list by design
exec java -Xmx"$heap" $flags -cp "$cp" dev.synthmix.pipeline.diversity.DiversityErrorMeasure "$@"
