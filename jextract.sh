#!/usr/bin/env bash
# Regenerates bindings/ from the pinned headers with an installed jextract.
#   ./jextract.sh                     generate from the committed include lists (headers/*.includes)
#   ./jextract.sh --refresh-includes  first rewrite the include lists from the pinned headers, keeping
#                                     only the API's own symbols (no libc, no pthread, no builtins)
# Bindings: ONNX Runtime (org.eppanama.bindings.ort), OpenVINO's C API (org.eppanama.bindings.openvino).
# jextract is found as $JEXTRACT_HOME/bin/jextract, else on PATH. The headers are fetched by
# headers/fetch.sh into .cache/ (run here if missing). Running this twice gives no diff.
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
cd "$root"

if [ -n "${JEXTRACT_HOME:-}" ]; then
  jextract="$JEXTRACT_HOME/bin/jextract"
  [ -x "$jextract" ] || { echo "jextract.sh: JEXTRACT_HOME=$JEXTRACT_HOME has no bin/jextract" >&2; exit 1; }
elif command -v jextract >/dev/null; then
  jextract=$(command -v jextract)
else
  echo "jextract.sh: no jextract found: install one (https://jdk.java.net/jextract) and set JEXTRACT_HOME to its folder or put its bin/ on PATH" >&2
  exit 1
fi

refresh=""
[ "${1:-}" = "--refresh-includes" ] && refresh=1

headers/fetch.sh onnxruntime openvino >/dev/null

# generate NAME PACKAGE HEADER_CLASS INCLUDE_DIR HEADER [EXCLUDE_REGEX]
generate() {
  local name=$1 package=$2 header_class=$3 inc_dir=$4 header=$5 exclude=${6:-'^$'}
  local list="headers/$name.includes"
  if [ -n "$refresh" ]; then
    local dump; dump=$(mktemp)
    "$jextract" --dump-includes "$dump" -I "$inc_dir" "$inc_dir/$header" >/dev/null 2>&1
    # Keep symbols declared in the API's own folder; drop the path comment so the list is portable.
    grep -F "# header: $inc_dir/" "$dump" | awk '{print $1, $2}' | grep -Ev "$exclude" | LC_ALL=C sort -u > "$list"
    rm -f "$dump"
  fi
  [ -s "$list" ] || { echo "jextract.sh: $list is missing; run ./jextract.sh --refresh-includes" >&2; exit 1; }
  local out="bindings/src/main/java"
  rm -rf "$out/${package//.//}"
  # shellcheck disable=SC2046
  "$jextract" --output "$out" --target-package "$package" --header-class-name "$header_class" \
    -I "$inc_dir" $(cat "$list") "$inc_dir/$header" 2> >(grep -v "warning: Skipping" >&2)
  echo "generated $package from $header ($(wc -l < "$list") symbols)"
}

# ONNX Runtime: OrtApi, OrtEpApi, OrtCompileApi, OrtModelEditorApi, Ort* types, OrtGetApiBase.
# The per-provider legacy append functions are left out: the API struct carries every call we use.
generate onnxruntime org.eppanama.bindings.ort OnnxRuntime "$root/.cache/headers/onnxruntime" onnxruntime_c_api.h \
  '^--include-function OrtSessionOptionsAppendExecutionProvider_'

# OpenVINO C API (libopenvino_c): the ov_* functions, types and property keys of openvino/c/openvino.h,
# with the enumerators of its ov_*_e enums (OK, GENERAL_ERROR, F32, ...), which the header leaves unprefixed.
# BOOLEAN is left out: openvino.h only #defines it to OV_BOOLEAN to dodge Windows.h.
generate openvino org.eppanama.bindings.openvino OpenVino "$root/.cache/wheels/openvino/openvino/include" openvino/c/openvino.h \
  '^--include-constant BOOLEAN$'

# QNN System API, for reading QNN context binaries: the project's own declarations (no registry ships Qualcomm's headers).
generate qnn-system org.eppanama.bindings.qnn QnnSystem "$root/headers/qnn" QnnSystemMinimal.h
