"""Local ``evaluate`` metric modules, loaded by file path because hub metric scripts cannot be downloaded here.

Each module in this folder is a thin ``evaluate.Metric`` over scikit-learn or rouge_score
(ECE excepted: scikit-learn has none). ``load_metric("ece")`` is how the suites get one.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import evaluate

METRICS_DIR = Path(__file__).resolve().parent
NAMES = ("nli_classification", "auroc", "ece", "rouge")


@cache
def load_metric(name: str) -> evaluate.EvaluationModule:
    """The metric module ``name`` from this folder; cached, since evaluate copies and imports the file each load."""
    if name not in NAMES:
        raise ValueError(f"unknown metric {name!r}; expected one of {', '.join(NAMES)}")
    return evaluate.load(str(METRICS_DIR / f"{name}.py"), keep_in_memory=True)
