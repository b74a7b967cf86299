#!/usr/bin/env bash
# onnx-asr, the reference Parakeet-TDT runner (PyPI), in a private virtual environment, for the pipeline's
# comparison test (OnnxAsrComparisonTest calls it; nothing else needs Python).
#   pipeline/onnx-asr.sh install          create the environment unless it is there (idempotent)
#   pipeline/onnx-asr.sh run ARGS...      install, then run src/test/python/onnx_asr_reference.py ARGS
# The environment lives in ${EPPANAMA_CACHE:-~/.cache/eppanama}/onnx-asr-<pins hash>, outside target/, so a
# clean build does not download it again. PYTHON picks the interpreter (default: python3.11, else python3).
# Exit status 3: the packages could not be installed (no network, no venv module); the test then skips.
set -euo pipefail
cd "$(dirname "$0")"

PINS=(onnx-asr==0.12.0 onnxruntime==1.31.1 numpy==2.4.6)
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
  *)
    echo "usage: pipeline/onnx-asr.sh install | run MODEL_DIR WAV OUT_DIR" >&2
    exit 2
    ;;
esac
