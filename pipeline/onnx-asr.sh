#!/usr/bin/env bash
# onnx-asr, the reference Parakeet-TDT runner (PyPI), in a private virtual environment, for the pipeline's
# comparison test and its benchmark (nothing else needs Python).
#   pipeline/onnx-asr.sh install [reference|bench]   create that pin set's environment unless it is there
#   pipeline/onnx-asr.sh run ARGS...      reference pins: install, then run src/test/python/onnx_asr_reference.py ARGS
#                                         (OnnxAsrComparisonTest)
#   pipeline/onnx-asr.sh bench ARGS...    bench pins: install, then run src/test/python/onnx_asr_bench.py ARGS
#                                         (the pipeline benchmark, pipeline/bench.sh)
# Two pin sets: "reference" (the comparison test's) and "bench", whose onnxruntime is 1.29.0, the native version the
# Java side loads (the root pom's onnxruntime.version), so a benchmark compares the same ONNX Runtime.
# Each environment lives in ${EPPANAMA_CACHE:-~/.cache/eppanama}/onnx-asr-<pins hash>, outside target/, so a
# clean build does not download it again. PYTHON picks the interpreter (default: python3.11, else python3).
# Exit status 3: the packages could not be installed (no network, no venv module); the test then skips.
set -euo pipefail
cd "$(dirname "$0")"

case "${1:-}" in
  install) pinset=${2:-reference} ;;
  bench) pinset=bench ;;
  *) pinset=reference ;;
esac
case "$pinset" in
  reference) PINS=(onnx-asr==0.12.0 onnxruntime==1.31.1 numpy==2.4.6) ;;
  bench) PINS=(onnx-asr==0.12.0 onnxruntime==1.29.0 numpy==2.4.6) ;;
  *)
    echo "onnx-asr.sh: unknown pin set '$pinset' (reference or bench)" >&2
    exit 2
    ;;
esac
python=${PYTHON:-$(command -v python3.11 || command -v python3 || true)}
cache=${EPPANAMA_CACHE:-$HOME/.cache/eppanama}
venv="$cache/onnx-asr-$(printf '%s\n' "${PINS[@]}" | sha256sum | cut -c1-12)"

install() {
  [ -f "$venv/.installed" ] && return 0
  if [ -z "$python" ]; then
    echo "onnx-asr.sh: no python3 found (set PYTHON)" >&2
    exit 3
  fi
  rm -rf "$venv"
  mkdir -p "$cache"
  if ! "$python" -m venv "$venv" >&2; then
    echo "onnx-asr.sh: $python cannot create a virtual environment (install python3-venv)" >&2
    exit 3
  fi
  if ! "$venv/bin/python" -m pip install --disable-pip-version-check --quiet "${PINS[@]}" >&2; then
    echo "onnx-asr.sh: pip could not install ${PINS[*]} (is PyPI reachable?)" >&2
    rm -rf "$venv"
    exit 3
  fi
  touch "$venv/.installed"
}

case "${1:-}" in
  install)
    install
    ;;
  run)
    shift
    install
    exec "$venv/bin/python" src/test/python/onnx_asr_reference.py "$@"
    ;;
  bench)
    shift
    install
    exec "$venv/bin/python" src/test/python/onnx_asr_bench.py "$@"
    ;;
  *)
    echo "usage: pipeline/onnx-asr.sh install [reference|bench] | run MODEL_DIR WAV OUT_DIR [WAV...] | bench MODEL_DIR WAV" >&2
    exit 2
    ;;
esac
