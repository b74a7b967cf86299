#!/usr/bin/env bash
# The pipeline benchmark: this pipeline against onnx-asr (PyPI) on the same generated Parakeet-TDT folder and a
# minute of audio with a known transcript, interleaved in one run, 1 ONNX Runtime thread each; writes
# docs/benchmarks-pipeline.md (or --out FILE).
#   pipeline/bench.sh quick [OPTIONS]   smoke run, under a minute once built (one encoder, few rounds)
#   pipeline/bench.sh full [OPTIONS]    the recorded figures (two encoders, 60 rounds each), a few minutes
# OPTIONS: --out FILE --work DIR --seconds S --layers N --width W --preprocessor auto|model|java --warmup N
#          --rounds N --meter-runs N --require-onnx-asr true
# onnx-asr runs from pipeline/onnx-asr.sh's "bench" environment (onnxruntime 1.29.0, the Java side's version),
# installed once under ${EPPANAMA_CACHE:-~/.cache/eppanama}; without PyPI the onnx-asr side is skipped, saying why.
# Builds the reactor's classes (test classes included) in this checkout; never installs into ~/.m2.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cp="$root/pipeline/target/bench-classpath.txt"
mvn -B -q -f "$root/pom.xml" test-compile dependency:build-classpath -pl pipeline -am -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp" >&2
# BENCH_JAVA_OPTS: extra JVM options for the benchmark (e.g. -Xlog:gc), not for Maven.
exec java ${BENCH_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED -Deppanama.bench.command="pipeline/bench.sh $*" \
  -cp "$root/pipeline/target/test-classes:$root/pipeline/target/classes:$(cat "$cp")" \
  org.eppanama.pipeline.bench.PipelineBenchmark "$@"
