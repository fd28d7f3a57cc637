"""The brief's word-overlap model (models/roundup.py) and the selection it drives, on real NeuS events."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from crosscheck.models.roundup import RoundupModel, tokens
from crosscheck.models.summarizer import ExtractiveFusion, Passage


@pytest.fixture(scope="module")
def neus_events(neus_val_events) -> list[dict[str, str]]:
    return neus_val_events[:20]


@pytest.fixture(scope="module")
def roundup() -> RoundupModel:
    return RoundupModel()


def test_words_every_outlet_uses_outscore_words_one_outlet_adds(neus_events, checker, roundup):
    """Editors' roundups keep what all sides say: the shipped weights must rank those words higher."""
    shared, single = [], []
    for articles in neus_events:
        claims = checker.claims(checker.sources(articles))
        overlap = roundup.overlap(claims)
        per_source = {s: {w for c in claims if c.source == s for w in tokens(c.text)} for s in articles}
        for word, chance in overlap.chances.items():
            holders = sum(word in words for words in per_source.values())
            (shared if holders == len(articles) else single if holders == 1 else []).append(chance[0])
    assert np.mean(shared) > np.mean(single) + 0.1


def test_each_further_copy_of_a_word_gains_less(neus_events, checker, roundup):
    claims = checker.claims(checker.sources(neus_events[0]))
    overlap = roundup.overlap(claims)
    words = tokens(claims[1].text)
    once = overlap.gain(words, Counter())
    assert 0 < once <= len(words)
    assert overlap.gain(words, Counter(words)) < once
    assert overlap.gain(["zzzz-not-a-word"], Counter()) == 0


def test_selection_keeps_the_budget_one_sentence_per_fact_and_no_repeat_of_the_headline(
    neus_events, checker, nli_model, roundup
):
    selector = ExtractiveFusion(nli_model)
    for articles in neus_events[:8]:
        claims = checker.claims(checker.sources(articles))
        title = claims[0].text
        # one group per claim, and a group holding the headline word for word: it must never be picked
        groups = [[Passage(c.text, c.source, c.index / 10, salience=1.0 - c.index / 10)] for c in claims[1:]]
        groups.append([Passage(title, claims[0].source, 0.0, salience=2.0)])
        groups[0].append(Passage(claims[1].text + " Still.", claims[1].source, 0.1, salience=0.9))
        for budget in (15, 40, 63):
            picks = selector.select(groups, budget, [title], roundup.overlap(claims))
            assert sum(len(p.text.split()) for _, p in picks) <= budget
            assert len({g for g, _ in picks}) == len(picks)
            assert title not in [p.text for _, p in picks]
