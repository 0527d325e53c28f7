#!/usr/bin/env bash
# Text kernels, one thread, on the embedded corpus: word shingles and word hashes with the words
# tokenizer (baseline, measured in the same run) against icu, and language identification.
# Usage: scripts/bench-text.sh [rounds]   (default 7; each tokenizer's best round is reported;
# fewer than about 7 rounds leave the JIT's warm-up in one side or the other)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl pipeline -am -DskipTests install dependency:build-classpath \
  -Dmdep.outputFile=target/bench-text.classpath >/dev/null
cp="pipeline/target/classes:$(cat pipeline/target/bench-text.classpath)"
exec java -Xmx2g -cp "$cp" scripts/TextKernelBench.java "$@"
