"""ROUGE-1, ROUGE-2 and ROUGE-Lsum F-measures (and precision/recall) from Google's rouge_score.

Why split sentences here: ROUGE-Lsum computes the LCS per sentence and expects sentences
separated by newlines. Briefs are markdown (one bullet per line) with several sentences
per line, so each line is split with pysbd first. Newlines do not change ROUGE-1/2.
"""

import datasets
import evaluate
import numpy as np
import pysbd
from rouge_score import rouge_scorer

_DESCRIPTION = "ROUGE-1/2/Lsum with the Porter stemmer, averaged over prediction/reference pairs."
_INPUTS = "predictions: generated texts. references: one reference text per prediction."
_TYPES = ("rouge1", "rouge2", "rougeLsum")


def _one_sentence_per_line(text: str, segmenter: pysbd.Segmenter) -> str:
    return "\n".join(
        s.strip() for line in text.splitlines() if line.strip() for s in segmenter.segment(line) if s.strip()
    )


class Rouge(evaluate.Metric):
    def _info(self) -> evaluate.MetricInfo:
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="Lin, 2004. ROUGE: A Package for Automatic Evaluation of Summaries.",
            inputs_description=_INPUTS,
            features=datasets.Features(
                {"predictions": datasets.Value("string"), "references": datasets.Value("string")}
            ),
        )

    def _compute(self, predictions: list[str], references: list[str], each: bool = False) -> dict:
        """Mean F, precision and recall per kind; with ``each``, also every pair's F (``each[kind]``)."""
        scorer = rouge_scorer.RougeScorer(list(_TYPES), use_stemmer=True)
        segmenter = pysbd.Segmenter(language="en", clean=False)
        scores = [
            scorer.score(_one_sentence_per_line(ref, segmenter), _one_sentence_per_line(pred, segmenter))
            for pred, ref in zip(predictions, references)
        ]
        out: dict[str, float | dict[str, list[float]]] = {}
        for kind in _TYPES:
            out[kind] = float(np.mean([s[kind].fmeasure for s in scores]))
            out[f"{kind}_precision"] = float(np.mean([s[kind].precision for s in scores]))
            out[f"{kind}_recall"] = float(np.mean([s[kind].recall for s in scores]))
        if each:
            out["each"] = {kind: [s[kind].fmeasure for s in scores] for kind in _TYPES}
        return out
