"""Speed, memory and quality figures of the linking engine, each baseline measured in the same run.

Functions return flat ``{figure: value}`` dicts for the lead's ``make bench`` table:

* :func:`minhash_backends` — numpy MinHash vs rensa on the same shingles (why numpy was chosen);
* :func:`versus_datasketch` — template linking (MinHash + LSH insert + query) against datasketch's
  MinHashLSH with the same num_perm, threshold and texts;
* :func:`build_figures` — build over a synthetic population, then 1,000 single-ad adds and one
  1,000-ad add into that state, state size, quality. Run it through :func:`in_child` so peak memory
  is the engine's own (the population streams from a cached file, as a store would feed it);
* :func:`metrics_speed` and :func:`image_figures` — scoring a million items, near-image search.

``python -m threadline.link.bench [--ads N]`` prints everything as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from array import array
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

import numpy as np

from threadline.link.engine import LinkEngine
from threadline.link.images import ImageIndex
from threadline.link.masking import tokens
from threadline.link.metrics import score, score_arrays
from threadline.link.records import LinkAd
from threadline.link.settings import LinkSettings
from threadline.link.state import LinkState, capture, restore
from threadline.link.synth import SYNTH_VERSION, SynthConfig, generate, load, save
from threadline.link.templatelink import TemplateLinker

OUT = Path(os.environ.get("THREADLINE_BENCH_OUT", "bench-out"))


def _memory_mb(field: str) -> float:
    """VmHWM (peak) or VmRSS (now) of this process in MB. ru_maxrss would not do: Linux carries it
    over from the parent across fork and exec, so a child would report its parent's peak."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _texts(n: int, seed: int) -> list[str]:
    return [ad.text for ad, _ in generate(SynthConfig(ads=n, seed=seed))]


def minhash_backends(ads: int = 20_000, seed: int = 3) -> dict[str, float]:
    """µs per ad to turn shingle hashes into a signature matrix: numpy (this engine) vs rensa."""
    import rensa  # a dev-only dependency (pyproject's dev extra): loaded when this benchmark runs

    settings = LinkSettings()
    linker = TemplateLinker(settings)
    batch = linker.shingler.batch(_texts(ads, seed))
    batch = batch.take(batch.counts > 0)
    n = len(batch.offsets) - 1
    started = time.perf_counter()
    linker.hasher.signatures(batch)
    numpy_s = time.perf_counter() - started
    started = time.perf_counter()
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(
        batch.values.astype(np.uint64), batch.offsets.astype(np.uint64), settings.num_perm, settings.seed
    )
    rensa_s = time.perf_counter() - started
    np.array(matrix.to_rows(), dtype=np.uint32)  # the engine needs an array: rensa only gives lists
    rensa_total = time.perf_counter() - started
    return {
        "ads": n,
        "numpy_us_per_ad": numpy_s / n * 1e6,
        "rensa_us_per_ad_compute": rensa_s / n * 1e6,
        "rensa_us_per_ad_to_array": rensa_total / n * 1e6,
    }


def versus_datasketch(ads: int = 30_000, seed: int = 3, repeat: int = 5) -> dict[str, float]:
    """Template-link throughput (ads/s) against datasketch MinHashLSH: same texts, both starting from
    the same masked tokens (each builds its own shingles from them), same num_perm and threshold; both
    fingerprint every text, query it and insert it. Best of ``repeat`` runs each, single-threaded."""
    from datasketch import MinHash, MinHashLSH  # dev-only, like rensa above

    settings = LinkSettings(suppress_hubs=False)
    texts = _texts(ads, seed)
    toks = [tokens(t) for t in texts]
    k = settings.shingle_size

    def datasketch_run() -> int:
        shingles = [{" ".join(t[i : i + k]).encode() for i in range(len(t) - k + 1)} for t in toks]
        keep = [i for i, s in enumerate(shingles) if len(s) >= settings.min_shingles]
        lsh = MinHashLSH(threshold=settings.template_threshold, num_perm=settings.num_perm)
        found = 0
        for i, sig in zip(keep, MinHash.bulk([shingles[i] for i in keep], num_perm=settings.num_perm), strict=True):
            found += len(lsh.query(sig))
            lsh.insert(i, sig)
        return found

    def threadline_run() -> int:
        linker = TemplateLinker(settings)
        flat: array[int] = array("Q")
        vocab = linker.shingler.vocab
        for t in toks:
            flat.extend(map(vocab.__getitem__, t))
        lengths = np.array([len(t) for t in toks], dtype=np.int64)
        batch = linker.shingler.from_tokens(np.frombuffer(flat, dtype=np.uint64), lengths)
        return len(linker.link(batch, np.arange(len(toks), dtype=np.int64)).u)

    def from_raw() -> int:
        linker = TemplateLinker(settings)
        return len(linker.link(linker.shingler.batch(texts), np.arange(len(texts), dtype=np.int64)).u)

    # Interleaved, best of each: the machine may be shared, and noise then hits both sides alike.
    ds_s, ours_s, raw_s, found, links = float("inf"), float("inf"), float("inf"), 0, 0
    for _ in range(repeat):
        t, found = _timed(datasketch_run)
        ds_s = min(ds_s, t)
        t, links = _timed(threadline_run)
        ours_s = min(ours_s, t)
        raw_s = min(raw_s, _timed(from_raw)[0])
    return {
        "texts": len(toks),
        "num_perm": settings.num_perm,
        "threshold": settings.template_threshold,
        "datasketch_ads_per_s": len(toks) / ds_s,
        "threadline_ads_per_s": len(toks) / ours_s,
        "speedup": ds_s / ours_s,
        "threadline_ads_per_s_from_raw_text": len(texts) / raw_s,
        "datasketch_candidates": found,
        "threadline_verified_links": links,
    }


def _timed(run: Callable[[], int]) -> tuple[float, int]:
    started = time.perf_counter()
    out = run()
    return time.perf_counter() - started, out


def population_file(ads: int, seed: int) -> Path:
    """A cached population file (generating a million ads takes about a minute; reuse it)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"link-population-v{SYNTH_VERSION}-{ads}-{seed}.bin"
    if not path.exists():
        save(SynthConfig(ads=ads, seed=seed), path)
    return path


def build_figures(ads: int = 100_000, new: int = 1_000, seed: int = 7) -> dict[str, float]:
    """Build over ``ads`` ads, then add ``new`` ads one at a time and ``new`` more in one call."""
    path = population_file(ads + 2 * new, seed)
    truth: dict[int, int] = {}

    def feed(stream: Iterator[tuple[LinkAd, int]], n: int) -> Iterator[LinkAd]:
        for ad, label in islice(stream, n):
            truth[ad.ad] = label
            yield ad

    stream = load(path)
    rss_before = _memory_mb("VmRSS")
    started = time.perf_counter()
    engine, result = LinkEngine.build(feed(stream, ads))
    build_s = time.perf_counter() - started
    peak_build = _memory_mb("VmHWM")
    singles = list(feed(stream, new))
    started = time.perf_counter()
    for ad in singles:
        engine.add([ad])
    single_s = time.perf_counter() - started
    batch = list(feed(stream, new))
    started = time.perf_counter()
    engine.add(batch)
    batch_s = time.perf_counter() - started
    predicted = [members for _, members in engine.clusters()]
    quality = score(predicted, truth)
    # The spammer is one label of ~3% of the ads, left unlinked on purpose (its text is boilerplate,
    # its link a hub): ARI, dominated by the largest labels, is shown without it too.
    real = score(predicted, {ad: label for ad, label in truth.items() if label != 0})
    peak = _memory_mb("VmHWM")
    started = time.perf_counter()
    blob = capture(engine).to_bytes()
    save_s = time.perf_counter() - started
    started = time.perf_counter()
    restore(LinkState.from_bytes(blob))
    load_s = time.perf_counter() - started
    figures = {
        "ads": ads,
        "build_s": build_s,
        "build_us_per_ad": build_s / ads * 1e6,
        "peak_rss_mb_after_build": peak_build,
        "rss_mb_before_build": rss_before,
        "peak_rss_mb": peak,
        "single_add_ms_per_ad": single_s / new * 1e3,
        "batch_add_ms_per_ad": batch_s / new * 1e3,
        "links": len(result.links),
        "clusters": quality.clusters,
        "hubs": len(result.hubs),
        "bcubed_precision": quality.precision,
        "bcubed_recall": quality.recall,
        "bcubed_f1": quality.f1,
        "ari": quality.ari,
        "bcubed_f1_without_spam": real.f1,
        "ari_without_spam": real.ari,
        "largest_cluster": quality.largest,
        "state_mb": len(blob) / 2**20,
        "state_save_s": save_s,
        "state_load_s": load_s,
    }
    figures.update({f"stage_{name}_s": seconds for name, seconds in result.stages})
    return figures


def in_child(what: str, ads: int, new: int = 1_000, seed: int = 7) -> dict[str, float]:
    """:func:`build_figures` (``what="build"``) or :func:`versus_datasketch` (``"versus"``) in a fresh
    interpreter: its peak memory is its own, and earlier steps leave no allocator state behind."""
    if what == "build":
        population_file(ads + 2 * new, seed)  # generated here, so the child only streams it
    args = ["--" + what, "--ads", str(ads), "--new", str(new), "--seed", str(seed)]
    done = subprocess.run(
        [sys.executable, "-m", "threadline.link.bench", *args], capture_output=True, text=True, check=True
    )
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def metrics_speed(items: int = 1_000_000, seed: int = 1) -> dict[str, float]:
    """Seconds to score a million items (B-cubed and ARI from one contingency table)."""
    rng = np.random.default_rng(seed)
    label = rng.integers(0, items // 5, size=items)
    cluster = np.where(rng.random(items) < 0.9, label, rng.integers(0, items, size=items))
    started = time.perf_counter()
    s = score_arrays(cluster, label)
    return {"items": items, "seconds": time.perf_counter() - started, "f1": s.f1, "ari": s.ari}


def image_figures(hashes: int = 1_000_000, seed: int = 1) -> dict[str, float]:
    """Near-equal image search: a bulk self-join, then single queries, at the default distance."""
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 1 << 63, size=hashes // 2, dtype=np.uint64) * np.uint64(2)
    flips = np.uint64(1) << rng.integers(0, 64, size=hashes - len(base)).astype(np.uint64)
    values = np.unique(np.concatenate([base, base[rng.integers(0, len(base), len(flips))] ^ flips]))
    index = ImageIndex(LinkSettings().image_max_distance)
    started = time.perf_counter()
    a, _, _ = index.add(values, np.arange(len(values), dtype=np.int64))
    bulk = time.perf_counter() - started
    started = time.perf_counter()
    for i in range(200):
        index.add(values[i : i + 1] ^ np.uint64(5), np.array([len(values) + i], dtype=np.int64))
    return {
        "hashes": len(values),
        "bulk_s": bulk,
        "pairs": len(a),
        "single_ms": (time.perf_counter() - started) / 200 * 1e3,
    }


def run_all(sizes: tuple[int, ...] = (100_000,)) -> dict[str, dict[str, float]]:
    out = {
        "minhash_backends": minhash_backends(),
        "versus_datasketch": in_child("versus", 30_000, seed=3),
        "metrics": metrics_speed(),
        "images": image_figures(),
    }
    out.update({f"build_{n}": in_child("build", n) for n in sizes})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ads", type=int, nargs="*", default=[100_000])
    parser.add_argument("--new", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--build", action="store_true", help="only build_figures, in this process")
    parser.add_argument("--versus", action="store_true", help="only versus_datasketch, in this process")
    args = parser.parse_args()
    if args.build:
        print(json.dumps(build_figures(args.ads[0], args.new, args.seed)))
    elif args.versus:
        print(json.dumps(versus_datasketch(args.ads[0], args.seed)))
    else:
        print(json.dumps(run_all(tuple(args.ads)), indent=2))


if __name__ == "__main__":
    main()
