"""Contrast suite: a one-fact contradiction must score above an entailed paraphrase (issue 3).

The rate is the eval suite's own ``contrast_rate``, on the file and target in configs/eval.yaml,
so this test and ``crosscheck eval`` measure the same thing.
"""

from __future__ import annotations

from crosscheck.eval.config import REPO_ROOT, load_eval_config
from crosscheck.eval.suites.contrast import contrast_rate
from crosscheck.readers import read_jsonl

SETTINGS = load_eval_config().suites.contrast
SUITE = REPO_ROOT / SETTINGS.path


def test_suite_is_large_enough():
    assert len(read_jsonl(SUITE)) >= 60


def test_contradiction_scores_above_paraphrase(nli_model):
    result = contrast_rate(nli_model, SUITE)
    misses = [m["id"] for m in result["misses"]]
    assert result["rate"] >= SETTINGS.target, f"rate {result['rate']:.2%} below {SETTINGS.target:.0%}; misses: {misses}"
