"""Contrast suite: a one-fact contradiction must score above an entailed paraphrase (issue 3)."""

from __future__ import annotations

import json
from pathlib import Path

SUITE = Path(__file__).parent / "data" / "contrast_suite.jsonl"
TARGET = 0.90


def contrast_rate(model) -> tuple[float, list[str]]:
    items = [json.loads(line) for line in SUITE.read_text(encoding="utf-8").splitlines() if line.strip()]
    scores = model.predict([(i["premise"], h) for i in items for h in (i["entailed"], i["contradiction"])])
    misses = [
        i["id"]
        for i, para, contra in zip(items, scores[0::2], scores[1::2], strict=True)
        if contra.contradiction <= para.contradiction
    ]
    return 1 - len(misses) / len(items), misses


def test_suite_is_large_enough():
    assert sum(1 for line in SUITE.read_text(encoding="utf-8").splitlines() if line.strip()) >= 60


def test_contradiction_scores_above_paraphrase(nli_model):
    rate, misses = contrast_rate(nli_model)
    assert rate >= TARGET, f"rate {rate:.2%} below {TARGET:.0%}; misses: {misses}"
