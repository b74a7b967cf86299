#!/usr/bin/env bash
# A runtime change measured before/after, side by side: builds runtime/ as it was at a git ref (before) and as
# it is in this checkout (after), then runs the runtime's benchmarks against both jars in alternating passes.
#   bench/compare-runtime.sh REF [PASSES]      e.g. bench/compare-runtime.sh main 3
# Prints a table of medians, also written to bench/target/runtime-comparison/comparison.md.
# Needs a JDK 22+ as `java` and Maven; takes about 2 minutes per pass on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
ref=${1:?usage: bench/compare-runtime.sh REF [PASSES]}
passes=${2:-3}
before=bench/target/runtime-before
rm -rf "$before"
mkdir -p "$before"
git archive "$ref" | tar -x -C "$before"
# package, never install: the local Maven repository is shared.
mvn -B -q package -DskipTests -pl runtime -am -f "$before/pom.xml"
mvn -B -q package -DskipTests -pl bench -am
exec java --enable-native-access=ALL-UNNAMED -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  org.eppanama.bench.RuntimeComparison "$(ls "$before"/runtime/target/eppanama-runtime-*.jar)" \
  "$(ls runtime/target/eppanama-runtime-*.jar)" "$passes" bench/target/runtime-comparison
