#!/usr/bin/env bash
# The project's commands:
#   ./dev.sh demo   build, then run the demo (ONNX Runtime version, EP devices, the V2 call flow on a built-in model)
#   ./dev.sh test   fetch the pinned packages (headers, ONNX test data), build, run every test
#   ./dev.sh repro <command> [options] <scenario.json>
#                   build the repro module, then run its CLI (run, emit-c, bisect, bench-trace; see README.md)
#   ./dev.sh bench-openvino [--buckets 250,500,1000,2000 --runs 10 --device CPU ...]
#                   fetch the openvino wheel, build, print cold vs cached compile and inference time per bucket
#   ./dev.sh bench quick|full   run the benchmarks (bench/run.sh): a smoke run, or the figures of docs/benchmarks.md
# Needs Maven and a JDK 22+ (JAVA_HOME if it is one, else the newest under /usr/lib/jvm).
set -euo pipefail
caller_dir=$PWD
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
# Maven's own libraries still call sun.misc.Unsafe; from JDK 24 on that prints warnings unless allowed.
if [ "$(java_version "$JAVA_HOME")" -ge 24 ] 2>/dev/null; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
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
  repro)
    shift
    # A reactor build into target/ only: nothing is installed into the local Maven repository. Its output is
    # shown only when it fails, so the CLI's report is all a run prints.
    build_log=$(mktemp)
    if ! mvn -B -q compile dependency:build-classpath -pl repro -am -Dmdep.includeScope=runtime \
        -Dmdep.outputFile=target/classpath.txt >"$build_log" 2>&1; then
      cat "$build_log" >&2
      exit 1
    fi
    rm -f "$build_log"
    classpath="$PWD/repro/target/classes:$(cat repro/target/classpath.txt)"
    # Scenario paths are the caller's: run from the folder dev.sh was called in.
    cd "$caller_dir"
    exec java --enable-native-access=ALL-UNNAMED -cp "$classpath" org.eppanama.repro.ReproCli "$@"
    ;;
  bench-openvino)
    shift
    headers/fetch.sh openvino
    mvn -B -q package -DskipTests -pl runtime -am
    lib=$(ls .cache/wheels/openvino/openvino/libs/libopenvino_c.so.* | head -n 1)
    exec java --enable-native-access=ALL-UNNAMED -cp runtime/target/classes:bindings/target/classes \
      org.eppanama.demo.BucketBenchmark --library "$lib" "$@"
    ;;
  bench)
    exec bench/run.sh "${2:-}"
    ;;
  *)
    echo "usage: ./dev.sh demo | test | bench quick|full | repro <command> [options] <scenario.json> | bench-openvino [options]" >&2
    exit 2
    ;;
esac
