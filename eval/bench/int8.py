"""The int8 check: is dynamic quantization of the NLI model's linear layers worth shipping?

Why measured here and never applied to ``models/``: int8 trades accuracy for speed, so the trade is
decided by an explicit rule on numbers from this run (seed-pair and SNLI accuracy against the
default precision, and pairs/s timed in the same rounds as the default), not by assumption.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import from_repo
from .samples import Pair, read_seed_pairs
from .settings import QuantizationSettings
from .throughput import fp32_view, precision_name

if TYPE_CHECKING:
    from ...models.nli import NLIModel


def int8_copy(model: NLIModel) -> NLIModel:
    """The same checkpoint with int8 dynamic-quantized linear layers, as ``int8: true`` in the configs loads it."""
    from ...models.nli import NLIModel

    return NLIModel(
        model.model, model.tokenizer, name=f"{model.name} (int8)", device="cpu", batch_size=model.batch_size, int8=True
    )


def read_snli(data_root: Path, sample: int | None, seed: int) -> list[tuple[str, str, str]]:
    """SNLI test as (premise, hypothesis, label), all of it or a seeded sample; [] for sample 0."""
    from ...models.training.data import snli_test

    if sample == 0:
        return []
    rows = [(p.premise, p.hypothesis, p.label) for p in snli_test(data_root)]
    return rows if sample is None else random.Random(seed).sample(rows, min(sample, len(rows)))


def seed_accuracy(model: NLIModel, seeds: list[tuple[str, str, str]]) -> float:
    """Accuracy in points (0-100) on labelled (premise, hypothesis, label) triples."""
    predicted = model.predict([(p, h) for p, h, _ in seeds])
    return 100.0 * sum(s.label == gold for s, (_, _, gold) in zip(predicted, seeds)) / len(seeds)


def quantization(
    model: NLIModel,
    int8: NLIModel,
    pairs: list[Pair],
    rates: dict[str, float],
    settings: QuantizationSettings,
    snli: list[tuple[str, str, str]],
) -> dict[str, Any]:
    """int8 against the model as it ships: seed-pair and SNLI accuracy, agreement and speed, with the ship decision.

    ``rates`` come from ``nli_throughput``, where int8 was timed in the same rounds as the default.
    """
    seeds = read_seed_pairs(from_repo(settings.seed_pairs))
    accuracy = {
        name: seed_accuracy(m, seeds) for name, m in (("default", model), ("fp32", fp32_view(model)), ("int8", int8))
    }
    snli_accuracy = {name: seed_accuracy(m, snli) for name, m in (("default", model), ("int8", int8))} if snli else {}
    same = sum(a.label == b.label for a, b in zip(model.predict(pairs), int8.predict(pairs)))
    rate, default_rate = rates["nli_model_int8"], rates["nli_model"]
    drop = accuracy["default"] - accuracy["int8"]
    snli_drop = snli_accuracy["default"] - snli_accuracy["int8"] if snli else None
    return {
        "default_precision": precision_name(model),
        "seed_pairs": len(seeds),
        "seed_accuracy": accuracy,
        "accuracy_drop_points": drop,
        "snli_pairs": len(snli),
        "snli_accuracy": snli_accuracy,
        "snli_drop_points": snli_drop,
        "label_agreement_with_default": same / len(pairs),
        "pairs_per_s": rate,
        "speedup_vs_default": rate / default_rate,
        "speedup_vs_fp32": rate / rates["nli_model_fp32"],
        "rule": f"ship int8 only if seed and SNLI accuracy each drop by less than {settings.max_accuracy_drop} "
        "points against the default precision and it scores more pairs/s",
        "ship": snli_drop is not None and max(drop, snli_drop) < settings.max_accuracy_drop and rate > default_rate,
    }
