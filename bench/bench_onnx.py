"""The ONNX Runtime encoder (jobs/rank/semantic/onnx_encoder.py) against the numpy encoder on a
real listing: CPU per 1,000 papers, the cosine of its vectors to numpy's, and whether the
exported model.onnx is the same bytes when made twice, for each kind (fp32, int8).

The kind `paperclub model onnx` makes by default was chosen by a rule fixed before measuring:
int8 if its min cosine to the numpy vectors over these 1,000 papers is >= 0.99 (and the
relevance bench's fused+centroid R@20 with its vectors is not below numpy's), else fp32.

Run: .venv/bin/pip install -e '.[semantic]'  (onnxruntime and onnx are in it)
     .venv/bin/python -m bench.bench_onnx MODEL_DIR FEEDS... [--papers 1000] [--kinds int8,fp32]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench.bench_semantic import listing_texts
from jobs.rank.semantic.encoder import MODEL_FILES, load_encoder
from jobs.rank.semantic.model_files import ONNX_FILE, sha256_of
from jobs.rank.semantic.onnx_encoder import load_onnx_encoder
from jobs.rank.semantic.onnx_export import build_onnx


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("feeds", nargs="+", type=Path)
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--kinds", default="int8,fp32")
    args = parser.parse_args()
    texts = listing_texts(args.feeds, args.papers)
    print(f"{len(texts)} papers; load average {os.getloadavg()[0]:.1f}")
    numpy_encoder = load_encoder(args.model)
    cpu = time.process_time()
    reference = numpy_encoder.encode(texts)
    cpu = time.process_time() - cpu
    print(f"numpy encoder: {cpu * 1000 / len(texts):.1f} s CPU per 1,000 papers")
    for kind in args.kinds.split(","):
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            for name in MODEL_FILES:
                (folder / name).symlink_to((args.model / name).resolve())
            hashes = []
            for run in (1, 2):
                build_onnx(args.model, kind, folder / f"{run}.onnx")
                hashes.append(sha256_of(folder / f"{run}.onnx"))
            os.replace(folder / "1.onnx", folder / ONNX_FILE)
            size = (folder / ONNX_FILE).stat().st_size / 2**20
            same = "same bytes" if hashes[0] == hashes[1] else f"DIFFERENT bytes ({hashes[1]})"
            print(f"{kind} {ONNX_FILE}: {size:.1f} MiB, sha256 {hashes[0]}; made twice: {same}")
            encoder = load_onnx_encoder(folder)
            cpu = time.process_time()
            vectors = encoder.encode(texts)
            cpu = time.process_time() - cpu
        cosine = (reference * vectors).sum(axis=1)
        print(
            f"ONNX Runtime {kind}: {cpu * 1000 / len(texts):.1f} s CPU per 1,000 papers; cosine "
            f"to numpy's vectors min {cosine.min():.4f}, mean {cosine.mean():.4f} "
            f"({len(texts)} papers); load average {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
