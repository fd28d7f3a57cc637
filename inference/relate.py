"""One relation per scored pair, from NLI probabilities in both directions.

Contradiction wins over entailment: a pair that one direction calls contradiction is a
dispute the reader must see, even if the other direction is unsure. But it is only a
*possible* contradiction. Logical contradiction is symmetric; a small NLI model's is not: it
reads a negation or an extra detail in the *hypothesis* as contradiction (the hypothesis-only
bias of SNLI-trained models), so "there are no closed topics" contradicts many sentences one
way and none the other. On 71 disputes from NeuS briefs judged by hand, 65 were false; asking
for both directions keeps 9 of those 65 with the shipped model, and one of the two real ones
(README, "Thresholds"; the ``neus_disputes`` row of the evaluation report). So the report lists
both kinds, two-way first, and the brief quotes only two-way disputes unless
``brief.quote_possible_disputes`` is set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from ..config import RelationConfig, VerifyConfig
from ..models.nli import NLIModel, NLIScores
from .types import Relation


def relation(forward: NLIScores, backward: NLIScores, config: RelationConfig) -> Relation:
    """Relation of claim a to claim b, given P(a⇒b) = forward and P(b⇒a) = backward."""
    if min(forward.contradiction, backward.contradiction) >= config.contradiction:
        return "contradiction"
    if max(forward.contradiction, backward.contradiction) >= config.contradiction:
        return "possible_contradiction"
    a_entails_b = forward.entailment >= config.entailment
    b_entails_a = backward.entailment >= config.entailment
    if a_entails_b and b_entails_a:
        return "equivalent"
    if a_entails_b:
        return "entails"
    if b_entails_a:
        return "entailed_by"
    return "unrelated"


def relations_of(model: NLIModel, pairs: Sequence[tuple[str, str]], config: RelationConfig) -> list[Relation]:
    """What ``check`` would call each (a, b): both directions scored, then ``relation``.

    For evaluations and tests that judge the checker's rule on pairs they chose themselves.
    """
    return [relation(f, b, config) for f, b in model.predict_both(pairs)]


SourceVerdictLabel = Literal["supported", "contradicted", "not_mentioned"]


def verdict(entailment: float, contradiction: float, config: VerifyConfig) -> SourceVerdictLabel:
    """A claim against one document, from the best supporting and best contradicting sentence.

    Used by ``crosscheck verify`` and by the FNC-1 evaluation that calibrates these thresholds.
    """
    if contradiction >= config.contradiction and contradiction > entailment:
        return "contradicted"
    if entailment >= config.entailment:
        return "supported"
    return "not_mentioned"
