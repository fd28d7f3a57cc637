"""Expected calibration error over equal-width confidence bins, with the bins for a reliability diagram.

Why hand-written: scikit-learn has no ECE. It is the standard top-label definition
(Guo et al. 2017): confidence = max probability, and
ECE = sum over bins of (bin share of samples) * |accuracy in bin - mean confidence in bin|.
"""

import datasets
import evaluate
import numpy as np

_DESCRIPTION = "Top-label expected calibration error with equal-width bins, and per-bin accuracy/confidence."
_INPUTS = "predictions: per-sample class probabilities (rows sum to 1). references: gold class ids. n_bins: bin count."


class ExpectedCalibrationError(evaluate.Metric):
    def _info(self) -> evaluate.MetricInfo:
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_INPUTS,
            features=datasets.Features(
                {"predictions": datasets.Sequence(datasets.Value("float64")), "references": datasets.Value("int32")}
            ),
        )

    def _compute(self, predictions: list[list[float]], references: list[int], n_bins: int = 10) -> dict:
        probs = np.asarray(predictions, dtype=np.float64)
        confidence = probs.max(axis=1)
        correct = (probs.argmax(axis=1) == np.asarray(references)).astype(np.float64)
        edges = np.linspace(0.0, 1.0, n_bins + 1)
        # Bin i holds confidences in (edges[i], edges[i+1]]; a confidence of exactly 0 joins the first bin.
        index = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, n_bins - 1)
        bins, ece = [], 0.0
        for i in range(n_bins):
            mask = index == i
            count = int(mask.sum())
            accuracy = float(correct[mask].mean()) if count else None
            mean_conf = float(confidence[mask].mean()) if count else None
            if accuracy is not None and mean_conf is not None:
                ece += count / len(confidence) * abs(accuracy - mean_conf)
            bins.append(
                {
                    "lower": float(edges[i]),
                    "upper": float(edges[i + 1]),
                    "count": count,
                    "accuracy": accuracy,
                    "confidence": mean_conf,
                }
            )
        return {"ece": float(ece), "bins": bins}
