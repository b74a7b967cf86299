#!/usr/bin/env bash
# The project's commands:
#   ./dev.sh demo   build, then run the demo (ONNX Runtime version, EP devices, the V2 call flow on a built-in model)
#   ./dev.sh test   fetch the pinned packages (headers, ONNX test data), build, run every test
#   ./dev.sh bench quick|full   run the benchmarks (bench/run.sh): a smoke run, or the figures of docs/benchmarks.md
# Needs Maven and a JDK 22+ (JAVA_HOME if it is one, else the newest under /usr/lib/jvm).
set -euo pipefail
cd "$(dirname "$0")"

java_version() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_version "$JAVA_HOME")" -ge 22 ] 2>/dev/null; then
    return
  fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/*/; do
    [ -x "$d/bin/javac" ] || continue
    v=$(java_version "${d%/}")
    if [ "${v:-0}" -gt "$best_v" ] 2>/dev/null; then best=${d%/}; best_v=$v; fi
  done
  if [ "$best_v" -lt 22 ]; then
    echo "dev.sh: no JDK 22 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, none under /usr/lib/jvm): install one, e.g. Temurin 25" >&2
    exit 1
  fi
  export JAVA_HOME=$best
}
pick_jdk
export PATH="$JAVA_HOME/bin:$PATH"
command -v mvn >/dev/null || { echo "dev.sh: Maven (mvn) not found: install it (apt-get install maven)" >&2; exit 1; }

runtime_classpath() {
  mvn -B -q -o dependency:build-classpath -pl runtime -Dmdep.outputFile="$PWD/runtime/target/classpath.txt" >/dev/null
  echo "runtime/target/classes:$(cat runtime/target/classpath.txt)"
}

case "${1:-}" in
  demo)
    mvn -B -q install -DskipTests -pl runtime -am
    exec java --enable-native-access=ALL-UNNAMED -cp "$(runtime_classpath)" org.eppanama.demo.Demo
    ;;
  test)
    headers/fetch.sh
    exec mvn -B install
    ;;
  bench)
    exec bench/run.sh "${2:-}"
    ;;
  *)
    echo "usage: ./dev.sh demo | test | bench quick|full" >&2
    exit 2
    ;;
esac
