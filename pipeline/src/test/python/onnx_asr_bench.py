"""onnx-asr's side of the pipeline benchmark: a server the Java benchmark drives, so that the two are interleaved.

usage: onnx_asr_bench.py MODEL_DIR WAV

Loads MODEL_DIR with onnx-asr ("nemo-conformer-tdt", CPU, its default NumPy preprocessor), every ONNX Runtime
session with 1 intra-op and 1 inter-op thread, then answers one JSON line on stdout per command line on stdin:

  check   transcribe WAV; the token ids (mapped back through vocab.txt), their encoder frames and the text
  run     transcribe WAV; the wall time and the time of each stage, in seconds
  meter   as run, and the time spent inside the decoder_joint session's run calls and how many there were
  quit    exit

The stages are timed by wrapping onnx-asr's own objects: the preprocessor, the encoder call, the decoding loop
and the token-to-text step; "audio" is the rest of the call (reading the WAV, resampling, batching). The
wrappers cost a few microseconds per call, once per stage ("meter" adds two clock reads per decoder step).
"""

import json
import os
import sys
import time

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from importlib.metadata import version  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402, F401 (its version is reported)
import onnx_asr  # noqa: E402
import onnxruntime as rt  # noqa: E402

clock = time.perf_counter


class Stages:
    """Seconds per stage of the current call."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.preprocess = self.encode = self.decode = self.text = 0.0


class TimedRuns:
    """An InferenceSession whose run calls are timed when `on`; everything else goes to the session."""

    def __init__(self, session):
        self._session = session
        self.on = False
        self.seconds = 0.0
        self.runs = 0

    def run(self, *args, **kwargs):
        if not self.on:
            return self._session.run(*args, **kwargs)
        t0 = clock()
        out = self._session.run(*args, **kwargs)
        self.seconds += clock() - t0
        self.runs += 1
        return out

    def __getattr__(self, name):
        return getattr(self._session, name)


def load(model_dir: Path):
    options = rt.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = rt.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = rt.GraphOptimizationLevel.ORT_ENABLE_ALL
    return onnx_asr.load_model("nemo-conformer-tdt", model_dir, sess_options=options,
                               providers=["CPUExecutionProvider"]).with_timestamps()


def instrument(model, stages: Stages) -> TimedRuns:
    asr = model.asr
    preprocessor, encode, decoding, decode_tokens = asr._preprocessor, asr._encode, asr._decoding, asr._decode_tokens

    def timed_preprocessor(*args):
        t0 = clock()
        out = preprocessor(*args)
        stages.preprocess += clock() - t0
        return out

    def timed_encode(*args):
        t0 = clock()
        out = encode(*args)
        stages.encode += clock() - t0
        return out

    def timed_decoding(*args, **kwargs):
        t0 = clock()
        out = list(decoding(*args, **kwargs))
        stages.decode += clock() - t0
        return iter(out)

    def timed_decode_tokens(*args):
        t0 = clock()
        out = decode_tokens(*args)
        stages.text += clock() - t0
        return out

    asr._preprocessor = timed_preprocessor
    asr._encode = timed_encode
    asr._decoding = timed_decoding
    asr._decode_tokens = timed_decode_tokens
    runs = TimedRuns(asr._decoder_joint)
    asr._decoder_joint = runs
    return runs


def main() -> None:
    model_dir, wav = Path(sys.argv[1]), sys.argv[2]
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but the answers goes to the Java side

    t0 = clock()
    model = load(model_dir)
    load_seconds = clock() - t0
    stages = Stages()
    runs = instrument(model, stages)
    ids_by_text = {}
    for line in (model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines():
        piece, token_id = line.rsplit(" ", 1)
        ids_by_text[piece.replace("\u2581", " ")] = int(token_id)
    frame_seconds = model.asr.window_step * model.asr._subsampling_factor

    def answer(obj) -> None:
        out.write(json.dumps(obj) + "\n")
        out.flush()

    answer({"ready": True, "load_seconds": load_seconds,
            "versions": {p: version(p) for p in ("onnx-asr", "onnxruntime", "numpy")},
            "python": sys.version.split()[0], "ort_build": rt.__version__,
            "providers": model.asr._encoder.get_providers()})
    for command in sys.stdin:
        command = command.strip()
        if command == "quit":
            break
        stages.reset()
        runs.on = command == "meter"
        runs.seconds, runs.runs = 0.0, 0
        t0 = clock()
        result = model.recognize(wav)
        wall = clock() - t0
        runs.on = False
        if command == "check":
            answer({"tokens": [ids_by_text[t] for t in result.tokens],
                    "frames": [round(t / frame_seconds) for t in result.timestamps], "text": result.text})
            continue
        reply = {"wall": wall, "preprocess": stages.preprocess, "encode": stages.encode, "decode": stages.decode,
                 "text": stages.text,
                 "audio": wall - stages.preprocess - stages.encode - stages.decode - stages.text}
        if command == "meter":
            reply |= {"decode_run": runs.seconds, "runs": runs.runs}
        answer(reply)


if __name__ == "__main__":
    main()
