"""Transcribes a WAV with onnx-asr and writes what the Java pipeline is compared against.

usage: onnx_asr_reference.py MODEL_DIR WAV OUT_DIR [FEATURE_WAV...]

Writes OUT_DIR/result.json: the token ids onnx-asr decoded from WAV (mapped back from its token strings through
the model's vocab.txt), their timestamps, the text, the package versions, and for WAV and each FEATURE_WAV the
features onnx-asr's own NeMo preprocessors give, as float32 [128, T] files: OUT_DIR/<wav stem>_numpy.f32 (its
NumPy preprocessor, the default on CPU) and OUT_DIR/<wav stem>_onnx.f32 (its bundled nemo128.onnx).
"""

import json
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np
import onnx_asr
import onnxruntime
from onnx_asr.loader import PreprocessorRuntimeConfig
from onnx_asr.preprocessors.numpy_preprocessor import NemoPreprocessorNumpy
from onnx_asr.preprocessors.preprocessor import OnnxPreprocessor
from onnx_asr.utils import read_wav


def main() -> None:
    model_dir, wav, out_dir, feature_wavs = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), sys.argv[4:]
    out_dir.mkdir(parents=True, exist_ok=True)

    model = onnx_asr.load_model("nemo-conformer-tdt", model_dir, providers=["CPUExecutionProvider"],
                                preprocessor_config=PreprocessorRuntimeConfig(use_numpy_preprocessors=True))
    result = model.with_timestamps().recognize(wav)

    # onnx-asr gives token strings with the word mark turned into a space; map them back to ids.
    ids_by_text = {}
    for line in (model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines():
        piece, token_id = line.rsplit(" ", 1)
        text = piece.replace("\u2581", " ")
        if text in ids_by_text:
            raise SystemExit(f"vocab.txt: '{text}' is ambiguous once the word mark becomes a space")
        ids_by_text[text] = int(token_id)

    preprocessors = (("numpy", NemoPreprocessorNumpy("nemo128")),
                     ("onnx", OnnxPreprocessor("nemo128", {"providers": ["CPUExecutionProvider"]})))
    feature_files = {}
    for audio in (wav, *feature_wavs):
        samples, _ = read_wav(audio)
        waveform = samples[:, 0][None, :]
        lengths = np.array([waveform.shape[1]], dtype=np.int64)
        for name, pre in preprocessors:
            features, features_lens = pre(waveform, lengths)
            file = out_dir / f"{Path(audio).stem}_{name}.f32"
            np.ascontiguousarray(features[0], dtype="<f4").tofile(file)
            feature_files[file.stem] = {"file": str(file), "shape": list(features[0].shape), "valid": int(features_lens[0])}

    json.dump({
        "text": result.text,
        "tokens": [ids_by_text[t] for t in result.tokens],
        "timestamps": result.timestamps,
        "features": feature_files,
        "versions": {p: version(p) for p in ("onnx-asr", "onnxruntime", "numpy")},
        "onnxruntime": onnxruntime.__version__,
    }, (out_dir / "result.json").open("w", encoding="utf-8"), indent=1)


if __name__ == "__main__":
    main()
