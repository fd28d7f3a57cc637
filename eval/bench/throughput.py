"""NLI throughput: ``NLIModel.predict`` against the ``transformers.pipeline`` code a user would write.

Why: the wrapper's speed-up should be a measured number, on the same checkpoint and the same pairs.
The pipeline runs fp32; ``NLIModel`` runs bf16 weights where the CPU has bf16, so it is timed in
fp32 (``dtype=None``) as well, and the precision of every row is in the report.
"""

from __future__ import annotations

import copy
import statistics
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .samples import Pair
from .settings import ThroughputSettings

if TYPE_CHECKING:
    from ...models.nli import NLIModel


def pairs_per_second(
    scorers: dict[str, Callable[[list[Pair]], object]], pairs: list[Pair], warmup: int, repeats: int
) -> dict[str, float]:
    """Median rate of each scorer over ``repeats`` timed passes, after one untimed warm-up pass on ``warmup`` pairs.

    Why interleaved (one pass of each scorer per round) rather than one scorer after another: a slow
    drift in the machine's speed (other tenants, clock changes) then hits every variant alike instead
    of skewing the ratios between them.
    """
    for score in scorers.values():
        score(pairs[:warmup])
    seconds: dict[str, list[float]] = {key: [] for key in scorers}
    for _ in range(repeats):
        for key, score in scorers.items():
            start = time.perf_counter()
            score(pairs)
            seconds[key].append(time.perf_counter() - start)
    return {key: len(pairs) / statistics.median(times) for key, times in seconds.items()}


def precision_name(model: NLIModel) -> str:
    if model.dtype is None:
        return "fp32"
    return str(model.dtype).removeprefix("torch.") + (" autocast" if model.uses_autocast else " weights")


def fp32_view(model: NLIModel) -> NLIModel:
    """A full-precision copy of the same weights: like-for-like with the fp32 pipeline."""
    from ...models.nli import NLIModel

    weights = copy.deepcopy(model.model)  # NLIModel casts the module it is given in place
    return NLIModel(weights, model.tokenizer, name=model.name, device="cpu", batch_size=model.batch_size, dtype=None)


def _pipeline_scorers(folder: str, batch_size: int, max_length: int) -> dict[str, Callable[[list[Pair]], object]]:
    """The naive baselines: one pair per call, and the pipeline's own batching over the list.

    They truncate at ``NLIModel``'s ``max_length``, so every variant scores the same tokens.
    """
    import torch
    from transformers import pipeline

    # transformers 5 loads the checkpoint's dtype ("auto"); fp16 weights on a CPU would be an unfair, slow baseline.
    pipe = pipeline("text-classification", model=folder, device=-1, dtype=torch.float32)
    options = {"top_k": None, "truncation": True, "max_length": max_length}

    def one_by_one(pairs: list[Pair]) -> object:
        return [pipe({"text": p, "text_pair": h}, **options) for p, h in pairs]

    def batched(pairs: list[Pair]) -> object:
        return pipe([{"text": p, "text_pair": h} for p, h in pairs], batch_size=batch_size, **options)

    return {"one_by_one": one_by_one, "batched": batched}


def nli_throughput(
    model: NLIModel, folder: str, pairs: list[Pair], settings: ThroughputSettings, int8: NLIModel | None = None
) -> dict[str, Any]:
    """pairs/s of the pipeline baselines and of ``NLIModel`` at its default precision, in fp32 and (given) int8."""
    fp32 = fp32_view(model)
    baselines = _pipeline_scorers(folder, settings.pipeline_batch_size, model.max_length)
    variants = [
        ("pipeline_one_by_one", "pipeline, one pair per call", "fp32", 1, baselines["one_by_one"]),
        (
            "pipeline_batched",
            f"pipeline, batch_size={settings.pipeline_batch_size}",
            "fp32",
            settings.pipeline_batch_size,
            baselines["batched"],
        ),
        ("nli_model", "NLIModel.predict", precision_name(model), model.batch_size, model.predict),
        ("nli_model_fp32", "NLIModel.predict, dtype=None", "fp32", model.batch_size, fp32.predict),
    ]
    if int8 is not None:
        variants.append(
            ("nli_model_int8", "NLIModel.predict, int8=True", "int8 dynamic", int8.batch_size, int8.predict)
        )
    rates = pairs_per_second(
        {key: score for key, *_, score in variants}, pairs, settings.warmup_pairs, settings.repeats
    )
    rows = [
        {
            "key": key,
            "variant": name,
            "precision": precision,
            "batch_size": batch,
            "pairs_per_s": rates[key],
            "speedup_vs_naive": rates[key] / rates["pipeline_one_by_one"],
            "speedup_vs_pipeline_batched": rates[key] / rates["pipeline_batched"],
        }
        for key, name, precision, batch, _ in variants
    ]
    return {
        "pairs": len(pairs),
        "repeats": settings.repeats,
        "timing": "interleaved: each round times one pass of every variant; the median over rounds counts",
        "note": "the pipeline runs fp32 (dtype=torch.float32); NLIModel uses bf16 weights where the CPU supports "
        "it, so it is also timed with dtype=None (fp32) for a like-for-like comparison",
        "rows": rows,
    }
