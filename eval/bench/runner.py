"""``run_bench``: every part of the benchmark in order, on one model and one set of samples, into one JSON report.

Why one runner: the parts share the loaded model, the sampled pairs and the cluster draw, and the
report must record the environment and settings that produced its numbers (with the hash of the
check config), so the JSON alone says what was measured.
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...config import CheckConfig, config_hash, load
from ...io import atomic_write
from ..config import from_repo
from .batch import events_per_hour
from .int8 import int8_copy, quantization, read_snli
from .pruning import labelled_recall, news_recall
from .report import say
from .samples import sample_pairs
from .scaling import end_to_end
from .settings import BenchConfig
from .throughput import nli_throughput, precision_name

if TYPE_CHECKING:
    from ...models.nli import NLIModel


def model_folder(model: str) -> str:
    """A local folder for the model, so the pipeline baseline loads exactly the same checkpoint."""
    from ...models.loading import SHIPPED_NLI, resolve

    return resolve(SHIPPED_NLI if model == "default" else model)


def environment(model: NLIModel) -> dict[str, Any]:
    import torch
    import transformers

    return {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "cpu_threads": torch.get_num_threads(),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
        "nli_precision": precision_name(model),
        "model": model.name,
    }


def run_bench(
    config: BenchConfig,
    model: str | None = None,
    sizes: Sequence[int] | None = None,
    out: Path | None = None,
    nli_pairs: int | None = None,
) -> dict[str, Any]:
    """Run every part, write the JSON report atomically to ``out`` and return it.

    ``None`` takes the value from ``config`` (``configs/bench.yaml``), so the YAML stays the one place for numbers.
    """
    from ...models.nli import NLIModel

    config = dataclasses.replace(
        config,
        model=model or config.model,
        sizes=list(sizes or config.sizes),
        throughput=dataclasses.replace(config.throughput, pairs=nli_pairs or config.throughput.pairs),
    )
    folder = model_folder(config.model)
    data_root = from_repo(config.data_root).resolve()
    check = load(CheckConfig, config.check_config)
    nli = NLIModel.from_pretrained(folder, device="cpu", batch_size=config.throughput.nli_batch_size)
    pairs = sample_pairs(config.throughput.pairs, config.clusters, data_root, config.seed)
    result: dict[str, Any] = {
        "environment": environment(nli),
        "settings": dataclasses.asdict(config),
        "check_config_hash": config_hash(check),
    }
    say(f"NLI throughput on {len(pairs)} pairs")
    int8 = int8_copy(nli) if config.quantization.enabled else None
    result["throughput"] = nli_throughput(nli, folder, pairs, config.throughput, int8)
    if int8 is not None:
        say("int8 dynamic quantization: accuracy")
        rates = {r["key"]: r["pairs_per_s"] for r in result["throughput"]["rows"]}
        snli = read_snli(data_root, config.quantization.snli_sample, config.seed)
        result["quantization"] = quantization(nli, int8, pairs, rates, config.quantization, snli)
    say("pruning recall on the hand-labelled pairs of real news events (embedder only)")
    result["news_recall"] = news_recall(check, config.news_recall, config.clusters, data_root, config.seed)
    say("pruning recall on the hand-labelled seed pairs (embedder only)")
    result["labelled_recall"] = labelled_recall(check, config.labelled_recall, config.clusters, data_root, config.seed)
    result["end_to_end"] = end_to_end(config, folder, data_root)
    say(f"crosscheck batch on {config.batch.events} NeuS events, local and Ray engines ({config.batch.rounds} rounds)")
    result["batch"] = events_per_hour(config.batch, data_root)
    atomic_write(out or from_repo(config.report), json.dumps(result, indent=2, sort_keys=True) + "\n")
    return result
