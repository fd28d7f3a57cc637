"""From (premise, hypothesis) pairs to the numbers every 3-way suite reports.

Why scores are kept at temperature 1 as well: calibration is judged by comparing the
model's ECE with and without its fitted temperature, and ``log softmax`` at T=1 equals the
raw logits up to a per-row constant, which temperature scaling ignores. So one forward
pass gives both, through the public ``NLIModel.predict_proba``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import softmax

from ..models.nli import LABELS, NLIModel
from .config import ReportSettings
from .metrics import load_metric


@dataclass(frozen=True)
class Scores:
    """Model output for n pairs: ``log_probs`` at T=1 and ``probs`` at the model's temperature, both (n, 3)."""

    log_probs: np.ndarray
    probs: np.ndarray
    temperature: float


def log_probs_t1(model: NLIModel, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """Log-probabilities with the model's temperature set aside (restored afterwards)."""
    saved = model.temperature
    model.temperature = 1.0
    try:
        probs = model.predict_proba(list(pairs), progress=sys.stderr.isatty()).numpy().astype(np.float64)
    finally:
        model.temperature = saved
    return np.log(np.clip(probs, np.finfo(np.float32).tiny, None))


def with_temperature(log_probs: np.ndarray, temperature: float) -> np.ndarray:
    return softmax(log_probs / temperature, axis=1)


def score(model: NLIModel, premises: Sequence[str], hypotheses: Sequence[str]) -> Scores:
    logp = log_probs_t1(model, list(zip(premises, hypotheses)))
    return Scores(logp, with_temperature(logp, model.temperature), model.temperature)


def label_metrics(gold: Sequence[int], predicted: Sequence[int]) -> dict:
    """Accuracy, macro-F1, per-class P/R/F1 and the confusion matrix (rows gold, columns predicted)."""
    out = load_metric("nli_classification").compute(
        predictions=list(predicted), references=list(gold), labels=list(range(len(LABELS))), target_names=list(LABELS)
    )
    return {**out, "labels": list(LABELS)}


def calibration(gold: Sequence[int], probs: np.ndarray, bins: int) -> dict:
    out = load_metric("ece").compute(predictions=probs.tolist(), references=list(gold), n_bins=bins)
    return {"ece": out["ece"], "reliability": out["bins"]}


def auroc(positive: Sequence[int], score: Sequence[float]) -> float | None:
    return load_metric("auroc").compute(predictions=list(map(float, score)), references=list(positive))["auroc"]


def cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def confident_errors(
    rows: Sequence[dict],
    gold: Sequence[int],
    predicted: Sequence[int],
    confidence: Sequence[float],
    settings: ReportSettings,
) -> list[dict]:
    """The ``top_errors`` wrong predictions the model was surest of: where it is most misleading."""
    wrong = [i for i in range(len(gold)) if gold[i] != predicted[i]]
    wrong.sort(key=lambda i: -confidence[i])
    return [
        {
            **{k: cut(str(v), settings.text_chars) for k, v in rows[i].items()},
            "gold": LABELS[gold[i]],
            "predicted": LABELS[predicted[i]],
            "confidence": round(float(confidence[i]), 4),
        }
        for i in wrong[: settings.top_errors]
    ]


def nli_result(rows: Sequence[dict], gold: Sequence[int], scores: Scores, settings: ReportSettings) -> dict:
    """The standard result of one 3-way labelled set: metrics, calibration (before/after T) and top errors.

    ``rows`` are what the error tables show for each pair (premise, hypothesis, and e.g. an id).
    """
    predicted = scores.probs.argmax(axis=1).tolist()
    result = {
        "n": len(gold),
        **label_metrics(gold, predicted),
        **calibration(gold, scores.probs, settings.calibration_bins),
    }
    result["temperature"] = scores.temperature
    if scores.temperature != 1.0:
        result["ece_t1"] = calibration(gold, with_temperature(scores.log_probs, 1.0), settings.calibration_bins)["ece"]
    result["confident_errors"] = confident_errors(rows, gold, predicted, scores.probs.max(axis=1).tolist(), settings)
    return result
