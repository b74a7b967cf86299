#!/usr/bin/env bash
# Builds the pipeline (and what it needs) in this checkout and runs its command line:
#   pipeline/transcribe.sh --model DIR [--precision fp32|int8|fp16] [--window S --overlap S] [--buckets S,S,...]
#                          [--preprocessor auto|model|java] [--max-symbols N] FILE.wav...
# Needs Maven and a JDK 22+ on PATH (JAVA_HOME). Never installs into ~/.m2: the classpath is the reactor's.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cp="$root/pipeline/target/classpath.txt"
mvn -B -q -f "$root/pom.xml" compile dependency:build-classpath -pl pipeline -am -Dmdep.outputFile="$cp" >&2
exec java --enable-native-access=ALL-UNNAMED -cp "$root/pipeline/target/classes:$(cat "$cp")" \
  org.eppanama.pipeline.TranscribeMain "$@"
