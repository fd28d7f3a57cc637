"""Area under the ROC curve of a score for a binary label (scikit-learn's roc_auc_score).

Why a wrapper: suites ask "does P(contradiction) rank the weakening pairs above the rest?"
without choosing a threshold. A sample with only one class has no ROC curve; we return
None for it instead of raising, so a small ``--limit`` run still completes.
"""

import datasets
import evaluate
from sklearn.metrics import roc_auc_score

_DESCRIPTION = "ROC AUC of a real-valued score against binary references (1 = positive)."
_INPUTS = "predictions: scores, higher = more likely positive. references: 0 or 1."


class AUROC(evaluate.Metric):
    def _info(self) -> evaluate.MetricInfo:
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_INPUTS,
            features=datasets.Features(
                {"predictions": datasets.Value("float64"), "references": datasets.Value("int32")}
            ),
        )

    def _compute(self, predictions: list[float], references: list[int]) -> dict:
        if len(set(references)) < 2:
            return {"auroc": None}
        return {"auroc": float(roc_auc_score(references, predictions))}
