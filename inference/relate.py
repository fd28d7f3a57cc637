"""Relations from NLI probabilities in both directions, and the verdict of ``crosscheck verify``.

Contradictions are decided in ``disputes.py`` (vetoes, typed evidence, then the model); this
module gives the agreement side of a pair: equivalent, entails, entailed_by or unrelated.
"""

from __future__ import annotations

from typing import Literal

from ..config import RelationConfig, VerifyConfig
from ..models.scores import NLIScores
from .types import Relation


def agreement_relation(forward: NLIScores, backward: NLIScores, similarity: float, config: RelationConfig) -> Relation:
    """How claim a relates to claim b if they do not contradict: P(a⇒b) = forward, P(b⇒a) = backward.

    Equivalent (the same fact, one consensus group): entailment both ways, or a close paraphrase by
    the sentence encoder that the model entails at least one way. Why the second: outlets state the
    same fact with a detail more or less (a title, a day), which the model reads as entailment one way
    only; on the labelled news events, both-way entailment alone grouped 15% of the agreement pairs.
    """
    a_entails_b = forward.entailment >= config.entailment
    b_entails_a = backward.entailment >= config.entailment
    paraphrase = (
        similarity >= config.paraphrase_similarity
        and max(forward.entailment, backward.entailment) >= config.paraphrase_entailment
    )
    if (a_entails_b and b_entails_a) or paraphrase:
        return "equivalent"
    if a_entails_b:
        return "entails"
    if b_entails_a:
        return "entailed_by"
    return "unrelated"


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
