"""One relation per scored pair, from NLI probabilities in both directions.

Contradiction wins over entailment: a pair that one direction calls contradiction is a
dispute the reader must see, even if the other direction is unsure.
"""

from __future__ import annotations

from ..config import RelationConfig
from ..models.nli import NLIScores
from .types import Relation


def relation(forward: NLIScores, backward: NLIScores, config: RelationConfig) -> Relation:
    """Relation of claim a to claim b, given P(a⇒b) = forward and P(b⇒a) = backward."""
    if max(forward.contradiction, backward.contradiction) >= config.contradiction:
        return "contradiction"
    a_entails_b = forward.entailment >= config.entailment
    b_entails_a = backward.entailment >= config.entailment
    if a_entails_b and b_entails_a:
        return "equivalent"
    if a_entails_b:
        return "entails"
    if b_entails_a:
        return "entailed_by"
    return "unrelated"
