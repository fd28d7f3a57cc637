"""A short, automatic analysis of each misclassified seed pair: which surface cue likely misled the model.

Why cues and not free text: the hand-written ``note`` of each seed pair already says why the gold
label holds; what a reader of the report still needs is why the model disagreed. Small NLI
models fail in a few known ways (McCoy et al. 2019, "Right for the wrong reasons"): high word
overlap read as entailment, a changed number or negation missed or over-weighted, and extra
detail in the hypothesis read as contradiction. Each cue below is a measurable property of the
pair, so the counts over all misses show which failure dominates.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_NUMBER = re.compile(r"\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|hundred|thousand)\b")
_NEGATION = re.compile(r"\b(?:not|no|never|none|neither|nor|without|denied|refused|declined)\b|n['’]t\b")
HIGH_OVERLAP = 0.7
"""Share of the hypothesis's content words found in the premise above which a pair 'looks entailed'."""


def content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in ENGLISH_STOP_WORDS]


def overlap(premise: str, hypothesis: str) -> float:
    """Share of the hypothesis's content words that also occur in the premise."""
    hyp = content_words(hypothesis)
    return sum(w in set(content_words(premise)) for w in hyp) / len(hyp) if hyp else 0.0


def cues(premise: str, hypothesis: str, gold: str, predicted: str) -> list[str]:
    """The cues that apply to one error, most telling first; empty when none applies."""
    found = []
    share = overlap(premise, hypothesis)
    if gold == "contradiction" and predicted == "entailment" and share >= HIGH_OVERLAP:
        found.append("overlap read as entailment")
    if set(_NUMBER.findall(premise.lower())) != set(_NUMBER.findall(hypothesis.lower())):
        found.append("numbers differ")
    if bool(_NEGATION.search(premise.lower())) != bool(_NEGATION.search(hypothesis.lower())):
        found.append("negation on one side")
    if gold == "neutral" and predicted == "contradiction":
        found.append("extra detail read as conflict")
    if gold == "neutral" and predicted == "entailment":
        found.append("extra detail not noticed" if share >= HIGH_OVERLAP else "topic match read as entailment")
    if gold == "contradiction" and predicted == "neutral":
        found.append("conflict needs world knowledge or inference" if share < HIGH_OVERLAP else "small edit missed")
    if gold == "entailment" and share < HIGH_OVERLAP:
        found.append("paraphrase with new wording")
    return found


def analysis(premise: str, hypothesis: str, gold: str, predicted: str) -> str:
    """One line for the report: the cues and the overlap that triggered them."""
    found = cues(premise, hypothesis, gold, predicted)
    share = f"word overlap {overlap(premise, hypothesis):.0%}"
    return f"{'; '.join(found)} ({share})" if found else share


def summary(errors: Iterable[dict]) -> dict[str, int]:
    """How many misclassified pairs show each cue, most frequent first."""
    counts = Counter(c for e in errors for c in cues(e["premise"], e["hypothesis"], e["gold"], e["predicted"]))
    return dict(counts.most_common())
