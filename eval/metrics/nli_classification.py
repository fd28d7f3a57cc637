"""3-way NLI classification metrics: accuracy, macro-F1, per-class precision/recall/F1, confusion matrix.

Why one module: every suite needs all of these from the same predictions, and one
``compute`` call keeps them consistent. The maths is scikit-learn's; this file only names
the outputs. Labels are integer ids; ``labels`` fixes their order (and the confusion
matrix's rows/columns) even when a class is absent from a small sample.
"""

from collections.abc import Sequence

import datasets
import evaluate
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

_DESCRIPTION = "Accuracy, macro-F1, per-class precision/recall/F1, confusion matrix (rows gold, columns predicted)."
_INPUTS = """
predictions: predicted label ids. references: gold label ids.
labels: the label ids in display order. target_names: a name for each id in ``labels``.
"""


class NLIClassification(evaluate.Metric):
    def _info(self) -> evaluate.MetricInfo:
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_INPUTS,
            features=datasets.Features({"predictions": datasets.Value("int32"), "references": datasets.Value("int32")}),
        )

    def _compute(
        self,
        predictions: list[int],
        references: list[int],
        labels: Sequence[int] = (0, 1, 2),
        target_names: Sequence[str] = ("entailment", "neutral", "contradiction"),
    ) -> dict:
        labels = list(labels)
        precision, recall, f1, support = precision_recall_fscore_support(
            references, predictions, labels=labels, zero_division=0
        )
        return {
            "accuracy": float(accuracy_score(references, predictions)),
            "macro_f1": float(f1_score(references, predictions, labels=labels, average="macro", zero_division=0)),
            "per_class": {
                name: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
                for name, p, r, f, s in zip(target_names, precision, recall, f1, support)
            },
            "confusion_matrix": confusion_matrix(references, predictions, labels=labels).tolist(),
        }
