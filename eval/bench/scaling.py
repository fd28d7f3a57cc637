"""End-to-end scaling: how a whole ``CrossChecker.check`` grows with the size of the cluster.

Why: candidate pruning should keep the cost linear in claims. The slope of log(time) on log(claims)
is ~1 for linear, ~2 for all pairs. Each size runs in a fresh process, so its peak RSS is its own
and not the high-water mark of a larger run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from ...config import CheckConfig, load
from ..resources import peak_rss_mb
from .report import say
from .samples import build_cluster
from .settings import BenchConfig, ClusterSettings


def check_cluster(
    model: str, check_config: str, clusters: ClusterSettings, data_root: Path, seed: int, size: int
) -> dict[str, Any]:
    """One end-to-end ``CrossChecker.check`` on a ``size``-article cluster; meant for a fresh process.

    Models load before the clock starts, so ``seconds`` is the check itself; ``peak_mb`` includes them.
    """
    from ...inference.checker import CrossChecker

    articles = build_cluster(size, clusters, data_root, seed)
    checker = CrossChecker(load(CheckConfig, check_config).replace("nli", model=model))
    start = time.perf_counter()
    _ = checker.nli, checker.embedder
    load_seconds = time.perf_counter() - start
    loaded_mb = peak_rss_mb()
    start = time.perf_counter()
    report = checker.check({a.name: a.text for a in articles})
    seconds = time.perf_counter() - start
    return {
        "articles": size,
        "sentences": sum(len(a.sentences) for a in articles),
        "claims": len(report.claims),
        "pairs": len(report.pairs),
        "contradictions": len(report.contradictions),
        "seconds": seconds,
        "load_seconds": load_seconds,
        "peak_mb_models_loaded": loaded_mb,
        "peak_mb": peak_rss_mb(),
    }


def in_fresh_process(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """``fn(*args)`` in a new spawned interpreter, so its peak memory is measured from zero."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def growth_exponent(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Least-squares slope of log(y) on log(x): 1 means y grows linearly in x, 2 quadratically.

    Points with a zero (a tiny cluster with no candidate pairs) have no logarithm and are left out.
    """
    import numpy as np

    points = [(a, b) for a, b in zip(x, y) if a > 0 and b > 0]
    if len({a for a, _ in points}) < 2:
        return None
    slope, _ = np.polyfit(np.log([a for a, _ in points]), np.log([b for _, b in points]), 1)
    return float(slope)


def end_to_end(config: BenchConfig, folder: str, data_root: Path) -> dict[str, Any]:
    """One fresh-process check per size, and how time and pairs grow with claims."""
    rows = []
    for size in config.sizes:
        say(f"end-to-end check of {size} articles in a fresh process")
        args = (folder, config.check_config, config.clusters, data_root, config.seed, size)
        rows.append(in_fresh_process(check_cluster, *args))
    claims = [r["claims"] for r in rows]
    return {
        "rows": rows,
        "time_exponent": growth_exponent(claims, [r["seconds"] for r in rows]),
        "pairs_exponent": growth_exponent(claims, [r["pairs"] for r in rows]),
    }
