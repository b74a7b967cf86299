#!/usr/bin/env bash
# Runs every benchmark (C baseline, JMH: call overhead, tensor hand-off, session creation; in full mode also
# pipeline/bench.sh full, the pipeline against onnx-asr) and writes the report.
#   bench/run.sh quick   smoke run, under a minute: writes bench/target/benchmarks-quick.md
#   bench/run.sh full    the published figures, under 15 minutes on 2 cores: writes docs/benchmarks.md
# Needs a JDK 22+ as `java` (./dev.sh bench picks one), Maven and gcc.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  quick|full) ;;
  *) echo "usage: bench/run.sh quick|full" >&2; exit 2 ;;
esac
headers/fetch.sh onnxruntime   # the C baseline compiles against the pinned headers; skipped when present
# Section 4 (this pipeline against onnx-asr) is its own benchmark; the report carries its goal rows over.
if [ "$1" = full ]; then pipeline/bench.sh full; fi
# package, not install: the class path points at this checkout's jars (bench/target/classpath.txt).
mvn -B -q package -pl bench -am -DskipTests
exec java --enable-native-access=ALL-UNNAMED -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  org.eppanama.bench.BenchReport "$1" .
