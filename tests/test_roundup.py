"""The brief's word-overlap model (models/roundup.py) and the selection it drives, on real NeuS events."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from crosscheck.config import BriefConfig
from crosscheck.models.roundup import RoundupModel, tokens
from crosscheck.models.summarizer import ExtractiveFusion, Passage


@pytest.fixture(scope="module")
def neus_events(neus_val_events) -> list[dict[str, str]]:
    return neus_val_events[:20]


LENGTH = BriefConfig().roundup_words


@pytest.fixture(scope="module")
def roundup() -> RoundupModel:
    return RoundupModel()


def test_words_every_outlet_uses_outscore_words_one_outlet_adds(neus_events, checker, roundup):
    """Editors' roundups keep what all sides say: the shipped weights must rank those words higher."""
    shared, single = [], []
    for articles in neus_events:
        claims = checker.claims(checker.sources(articles))
        overlap = roundup.overlap(claims, LENGTH)
        per_source = {s: {w for c in claims if c.source == s for w in tokens(c.text)} for s in articles}
        for word, chance in overlap.chances.items():
            holders = sum(word in words for words in per_source.values())
            (shared if holders == len(articles) else single if holders == 1 else []).append(chance[0])
    assert np.mean(shared) > np.mean(single) + 0.1


def test_each_further_copy_of_a_word_gains_less(neus_events, checker, roundup):
    claims = checker.claims(checker.sources(neus_events[0]))
    overlap = roundup.overlap(claims, LENGTH)
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
            picks = selector.select(groups, budget, [title], roundup.overlap(claims, LENGTH))
            assert sum(len(p.text.split()) for _, p in picks) <= budget
            assert len({g for g, _ in picks}) == len(picks)
            assert title not in [p.text for _, p in picks]


def test_a_fact_two_sources_state_is_quoted_when_one_fits(neus_events, checker, nli_model, roundup):
    """agreed_first: the least salient sentence of each real event, marked as a shared fact, is in every
    selection it fits in, unless the headline or another sentence entails it (it would add nothing); without
    the rule the word-overlap search alone leaves it out of most."""
    missing, left_out, fits = [], 0, 0
    for articles in neus_events[:5]:
        claims = checker.claims(checker.sources(articles))
        title, *body = claims
        *rest, last = body
        groups = [[Passage(c.text, c.source, c.index / 10, salience=1.0 - c.index / 10)] for c in rest]
        groups.append([Passage(last.text, last.source, 0.9, salience=-1.0, shared=True)])
        for budget in (30, 63):
            if len(last.text.split()) > budget:
                continue
            fits += 1
            for rule in (True, False):
                selector = ExtractiveFusion(nli_model, candidates=4, agreed_first=rule)
                picks = selector.select(groups, budget, [title.text], roundup.overlap(claims, LENGTH))
                if not any(p.shared for _, p in picks):
                    left_out += not rule
                    if rule:
                        missing.append((last.text, [title.text, *(c.text for c in rest)]))
    for text, others in missing:
        implied = max(s.entailment for s in nli_model.predict([(o, text) for o in others]))
        assert implied >= ExtractiveFusion(nli_model).redundancy, text
    assert len(missing) < fits and left_out > len(missing)


def test_a_shorter_roundup_length_picks_fewer_words(neus_events, checker, nli_model, roundup):
    """An event told in few words gets a short roundup (``BriefConfig.roundup_length``); the selection then
    quotes fewer words, and never more, on the same real events and budget."""
    config = BriefConfig()
    assert config.roundup_length(config.short_event_words - 1) < config.roundup_length(config.short_event_words)
    selector = ExtractiveFusion(nli_model)
    used = {}
    for length in (config.roundup_words_short, config.roundup_words):
        used[length] = 0
        for articles in neus_events[:8]:
            claims = checker.claims(checker.sources(articles))
            groups = [[Passage(c.text, c.source, c.index / 10, salience=1.0 - c.index / 10)] for c in claims[1:]]
            picks = selector.select(groups, 75, [claims[0].text], roundup.overlap(claims, length))
            used[length] += sum(len(p.text.split()) for _, p in picks)
    assert used[config.roundup_words_short] < used[config.roundup_words]
