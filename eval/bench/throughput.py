"""NLI throughput: ``NLIModel.predict`` against the ``transformers.pipeline`` code a user would write.

Why: the wrapper's speed-up should be a measured number, on the same checkpoint and the same pairs.
The pipeline is loaded in fp32 (transformers 5 would load the checkpoint's stored fp16, slow on CPUs
without fast fp16, which flatters us); ``NLIModel`` runs bf16 weights where the CPU has bf16, so it is
timed in fp32 (``dtype=None``) as well, and the precision of every row is in the report.

Why a share of the CPU's peak: a ratio to a baseline says nothing about what is left. Each row's useful
work (~2 x non-embedding parameters FLOPs per real token, padding not counted) is set against the
fp32 peak of the cores used (threads x clock x FLOPs per cycle of the widest fp32 FMA in the CPU's flags).
"""

from __future__ import annotations

import copy
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
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


FP32_FLOPS_PER_CYCLE = {"avx512f": 64, "avx2": 32}
"""Per core, two FMA units: AVX-512 16 fp32 lanes x 2 (FMA) x 2 units; AVX2 FMA 8 x 2 x 2."""


def cpu_fp32_peak(threads: int, cpuinfo: str | None = None) -> dict[str, Any]:
    """fp32 peak FLOP/s of ``threads`` cores, from /proc/cpuinfo's clock and flags, with what it assumed.

    The clock is the "cpu MHz" line (a VM often shows only the nominal clock; turbo is not counted), and
    every core is assumed to have two FMA units of the widest width its flags name.
    """
    if cpuinfo is None:
        info = Path("/proc/cpuinfo")
        cpuinfo = info.read_text(encoding="utf-8") if info.exists() else ""
    fields: dict[str, str] = {}
    for line in cpuinfo.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() not in fields:
            fields[key.strip()] = value.strip()
    flags = set(fields.get("flags", "").split())
    isa = next((name for name in FP32_FLOPS_PER_CYCLE if name in flags and "fma" in flags), None)
    mhz = float(fields.get("cpu MHz", "0") or 0)
    if isa is None or mhz <= 0:
        return {"flops_per_s": None, "assumed": "no clock or no AVX2/AVX-512 FMA flag in /proc/cpuinfo"}
    per_cycle = FP32_FLOPS_PER_CYCLE[isa]
    return {
        "flops_per_s": threads * mhz * 1e6 * per_cycle,
        "cores": threads,
        "clock_mhz": mhz,
        "isa": isa,
        "flops_per_cycle_per_core": per_cycle,
        "cpu": fields.get("model name", "?"),
        "assumed": f"{threads} cores (the torch threads) x {mhz:.0f} MHz ('cpu MHz' in /proc/cpuinfo, no turbo) x "
        f"{per_cycle} fp32 FLOPs/cycle ({isa} FMA, two units per core)",
    }


def non_embedding_parameters(model: NLIModel) -> int:
    """Parameters outside the embedding tables: their matrix products are the ~2 FLOPs per token each."""
    base = model.model.base_model
    embeddings = getattr(base, "embeddings", None)
    skip = {id(p) for p in embeddings.parameters()} if embeddings is not None else set()
    return sum(p.numel() for p in model.model.parameters() if id(p) not in skip)


def mean_tokens(model: NLIModel, pairs: list[Pair]) -> float:
    """Real (unpadded) tokens per pair, truncated as ``NLIModel`` truncates: the work every variant must do."""
    enc = model.tokenizer([p for p, _ in pairs], [h for _, h in pairs], truncation=True, max_length=model.max_length)
    return sum(len(ids) for ids in enc["input_ids"]) / max(1, len(pairs))


def _pipeline_scorers(folder: str, batch_size: int, max_length: int) -> dict[str, Callable[[list[Pair]], object]]:
    """The naive baselines: one pair per call, and the pipeline's own batching over the list.

    They truncate at ``NLIModel``'s ``max_length``, so every variant scores the same tokens.
    """
    import torch
    from transformers import pipeline

    # transformers 5 loads the checkpoint's dtype ("auto"); fp16 weights on a CPU would be an unfair, slow baseline.
    pipe = pipeline("text-classification", model=folder, device=-1, dtype=torch.float32)
    if pipe.model.dtype != torch.float32:
        raise RuntimeError(f"the pipeline baseline loaded {pipe.model.dtype}, not float32")
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
    import torch

    params = non_embedding_parameters(model)
    tokens = mean_tokens(model, pairs)
    flops_per_pair = 2 * params * tokens
    peak = cpu_fp32_peak(torch.get_num_threads())
    rows = [
        {
            "key": key,
            "variant": name,
            "precision": precision,
            "batch_size": batch,
            "pairs_per_s": rates[key],
            "speedup_vs_naive": rates[key] / rates["pipeline_one_by_one"],
            "speedup_vs_pipeline_batched": rates[key] / rates["pipeline_batched"],
            "share_of_fp32_peak": rates[key] * flops_per_pair / peak["flops_per_s"] if peak["flops_per_s"] else None,
        }
        for key, name, precision, batch, _ in variants
    ]
    return {
        "pairs": len(pairs),
        "repeats": settings.repeats,
        "timing": "interleaved: each round times one pass of every variant; the median over rounds counts",
        "note": "the pipeline runs fp32 (dtype=torch.float32; transformers 5 would load the stored fp16); NLIModel "
        "uses bf16 weights where the CPU supports it, so it is also timed with dtype=None (fp32) for a like-for-like "
        "comparison",
        "target_vs_pipeline_one_by_one": settings.target_speedup,
        "target_met": rates["nli_model"] / rates["pipeline_one_by_one"] >= settings.target_speedup,
        "work": {
            "non_embedding_parameters": params,
            "mean_tokens_per_pair": tokens,
            "flops_per_pair": flops_per_pair,
            "formula": "2 x non-embedding parameters x real tokens per pair (attention's token x token products and "
            "padding not counted)",
        },
        "fp32_peak": peak,
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
        "rows": rows,
    }
