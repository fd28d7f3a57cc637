"""How many of a brief's words an editor's roundup of the event would share, word by word.

Why words rather than sentences: the brief is a handful of sentences chosen from a few candidates, and
what decides its worth is which *words* they bring that an editor also wrote, counted once each, as
ROUGE counts them. A sentence that repeats the headline's words brings little, however salient it
is alone. So a small logistic model, fitted on NeuS/AllSides *train* roundups
(``python -m crosscheck.models.training.roundup``), gives for every word of an event the chance that the
roundup holds it at least once, twice and three times, from how the outlets use it: how many of them,
in their titles and first sentences, how early and how often, and how often editors kept the word
when outlets used it (a prior for common words). Words are ROUGE's own: lower-cased, Porter-stemmed
(``rouge_score``'s tokenizer), so the estimate is in the metric's units.

The weights and the word prior are plain numbers in ``roundup.json``, next to this file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from rouge_score.tokenizers import DefaultTokenizer

from .salience import Sentence, read_weights

WEIGHTS = Path(__file__).with_name("roundup.json")
COPIES = 3
"""A roundup holding a word more than three times is rare: later copies count as the third."""

FEATURES = (
    "sources",
    "every_source",
    "titles",
    "first_sentences",
    "log_count",
    "first_position",
    "stopword",
    "number",
    "length",
    "prior",
    "no_prior",
    "every_source_and_title",
    "stopword_log_count",
    "copy_1",
    "copy_2",
    "copy_3",
)


@lru_cache(maxsize=1)
def tokenizer() -> DefaultTokenizer:
    return DefaultTokenizer(use_stemmer=True)


def tokens(text: str) -> list[str]:
    return tokenizer().tokenize(text)


class Overlap:
    """One event's word chances, and the expected number of roundup words a text adds to a brief.

    ``roundup_words`` is how long the event's roundup is taken to be in the F-measure (``f_measure``): the
    shorter, the denser the picks must be (``BriefConfig.roundup_length``)."""

    def __init__(self, chances: dict[str, np.ndarray], roundup_words: float) -> None:
        self.chances = chances
        self.roundup_words = roundup_words

    def gain(self, words: Iterable[str], held: Counter[str]) -> float:
        """Expected roundup words that ``words`` add to a brief already holding ``held`` (not changed).

        The k-th copy of a word scores the chance that the roundup holds it at least k times."""
        seen: Counter[str] = Counter()
        total = 0.0
        for word in words:
            p = self.chances.get(word)
            if p is not None:
                total += float(p[min(held[word] + seen[word], COPIES - 1)])
            seen[word] += 1
        return total

    def alone(self, text: str) -> float:
        """The F-measure ``text`` alone would expect against the roundup."""
        return self.f_measure(self.gain(tokens(text), Counter()), len(text.split()))

    def f_measure(self, shared: float, words: int) -> float:
        """ROUGE-1 F-measure expected of a brief of ``words`` words sharing ``shared`` of them with the roundup:
        the one measure the headline and the sentence selection are chosen by."""
        return 2 * shared / (words + self.roundup_words)


def word_features(claims: Sequence[Sentence], prior: dict[str, float], stopwords: frozenset[str]) -> dict[str, list]:
    """The first ``FEATURES`` (all but the copy indicators) of every word in the claims, by word."""
    by_source: dict[str, list[list[str]]] = {}
    for claim in claims:
        by_source.setdefault(claim.source, []).append(tokens(claim.text))
    n = len(by_source)
    parts = []
    for title, *rest in by_source.values():  # a claim's index 0 is its source's title (or first sentence)
        body = [w for sentence in rest for w in sentence]
        parts.append((set(title), body, set(body), set(rest[0] if rest else ())))
    rows: dict[str, list] = {}
    for word in sorted({w for _, _, body, _ in parts for w in body} | {w for t, _, _, _ in parts for w in t}):
        holders = sum(word in title or word in body for title, _, body, _ in parts)
        titles = sum(word in title for title, _, _, _ in parts)
        count = sum(words.count(word) + (word in title) for title, words, _, _ in parts)
        first_position = min(
            (words.index(word) / len(words) for _, words, body, _ in parts if word in body), default=1.0
        )
        known = prior.get(word)
        rows[word] = [
            holders / n,
            holders == n,
            titles / n,
            sum(word in first for _, _, _, first in parts) / n,
            np.log1p(count),
            first_position,
            word in stopwords,
            word.isdigit(),
            min(len(word), 12) / 12,
            known if known is not None else 0.0,
            known is None,
            titles > 0 and holders == n,
            np.log1p(count) * (word in stopwords),
        ]
    return rows


def copy_rows(row: list) -> list[list]:
    return [[*row, k == 0, k == 1, k == 2] for k in range(COPIES)]


class RoundupModel:
    """Logistic weights over ``FEATURES`` and the word prior, read from ``roundup.json``."""

    def __init__(self, path: Path = WEIGHTS) -> None:
        spec = read_weights(path, FEATURES)
        self.coef = np.asarray(spec["coef"], dtype=np.float64)
        self.intercept = float(spec["intercept"])
        self.prior: dict[str, float] = spec["prior"]
        self.stopwords = frozenset(spec["stopwords"])

    def overlap(self, claims: Sequence[Sentence], roundup_words: float) -> Overlap:
        rows = word_features(claims, self.prior, self.stopwords)
        if not rows:
            return Overlap({}, roundup_words)
        x = np.asarray([r for row in rows.values() for r in copy_rows(row)], dtype=np.float64)
        chances = 1 / (1 + np.exp(-(x @ self.coef + self.intercept)))
        return Overlap({w: chances[COPIES * i : COPIES * (i + 1)] for i, w in enumerate(rows)}, roundup_words)
