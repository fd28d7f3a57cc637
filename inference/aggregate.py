"""Scored pairs become consensus clusters, contradictions and unique claims.

Why clustering over a similarity matrix rather than links between scored pairs: candidate
pruning scores only a few neighbours per claim, so a fact that several outlets state arrives as
a partial web of links, and joining linked claims transitively (single linkage) chains one fact
into the next (on the seed articles, 22 claims became one "fact"). Average linkage joins two
groups only when their claims are close *on average*, so a fact stays one group and a chain of
look-alikes does not. The similarity is the sentence encoder's cosine, raised or lowered by the
NLI model's entailment in either direction where the pair was scored.
"""

from __future__ import annotations

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from ..config import ConsensusConfig
from .segment import asks
from .types import DISPUTES, Claim, Cluster, PairResult

AGREEING = ("equivalent", "entails", "entailed_by")


def same_fact_similarity(
    position: dict[str, int],
    pairs: list[PairResult],
    cosine: np.ndarray,
    config: ConsensusConfig,
    apart: list[tuple[int, int]],
) -> np.ndarray:
    """cosine + weight x (P(entailment), the larger way, - 0.5) for every pair of claims (rows by ``position``).

    A pair the model did not score counts as ``unscored_entailment``; a pair kept ``apart`` (by position: a
    contradiction, or a question and anything) can never share a group (similarity -1).
    """
    entailment = np.full(cosine.shape, config.unscored_entailment)
    for p in pairs:
        i, j = position[p.a.id], position[p.b.id]
        entailment[i, j] = entailment[j, i] = max(p.forward.entailment, p.backward.entailment)
    similarity = cosine + config.entailment_weight * (entailment - 0.5)
    for i, j in apart:
        similarity[i, j] = similarity[j, i] = -1.0
    return similarity


def consensus(
    claims: list[Claim], pairs: list[PairResult], cosine: np.ndarray, config: ConsensusConfig
) -> list[Cluster]:
    """Facts that at least two sources state, most sources first.

    Claims are clustered (``config.linkage``) until groups are less similar than
    ``config.threshold``. A fact never holds two claims the checker calls a contradiction, nor a question
    (``asks``: it states no fact, however close the encoder finds it to the one it asks about).
    Why the model's one-way "entails" alone never adds a claim to a fact: on full articles it mostly linked
    different facts on one topic ("McCabe ... was fired" as backing "Strzok ... was fired"; at most 3 of 16 such
    links on 8 BASIL events were right), while on the labelled NeuS events it added
    10 agreeing pairs against 7 compatible ones. Such a claim is neither agreed nor unique (``unique``).
    """
    n = len(claims)
    if n == 0:
        return []
    position = {c.id: k for k, c in enumerate(claims)}
    apart = [(position[p.a.id], position[p.b.id]) for p in pairs if p.relation == "contradiction"]
    questions = [k for k, c in enumerate(claims) if asks(c.text)]
    labels = np.zeros(n, dtype=int)
    if n > 1:
        similarity = same_fact_similarity(
            position, pairs, cosine, config, apart + [(q, k) for q in questions for k in range(n) if k != q]
        )
        top = float(similarity.max())
        distance = top - similarity
        np.fill_diagonal(distance, 0.0)
        tree = linkage(squareform(np.clip(distance, 0.0, None), checks=False), method=config.linkage)
        labels = fcluster(tree, t=top - config.threshold, criterion="distance")
        _part_contradictions(labels, apart, similarity)
    groups: dict[int, list[Claim]] = {}
    for label, claim in zip(labels, claims):
        groups.setdefault(int(label), []).append(claim)
    clusters = [Cluster(tuple(core)) for core in groups.values() if len({c.source for c in core}) >= 2]
    return sorted(clusters, key=lambda c: (-len(c.sources), position[c.claims[0].id]))


def _part_contradictions(labels: np.ndarray, apart: list[tuple[int, int]], similarity: np.ndarray) -> None:
    """Take apart (in place) every group that holds both claims of a contradiction (``apart``, by position).

    Why: average linkage lets a group that is close on average swallow a claim that contradicts one of
    its members (NeuS val: "killed 50 people" and "left 49 people dead" in one fact); the report would then
    list as agreed what it also calls disputed. The claim less like the rest of its group leaves it."""
    for i, j in apart:
        if labels[i] == labels[j]:
            members = labels == labels[i]
            labels[min((i, j), key=lambda k: similarity[k, members].sum())] = labels.max() + 1


def contradictions(pairs: list[PairResult]) -> list[PairResult]:
    """Contradicting pairs: contradictions first, then possible ones, each kind most confident first."""
    found = [p for p in pairs if p.relation in DISPUTES]
    return sorted(
        found,
        key=lambda p: (
            DISPUTES.index(p.relation),
            -(p.conflict.confidence if p.conflict else 0.0),
            p.a.id,
            p.b.id,
        ),
    )


def unique(claims: list[Claim], pairs: list[PairResult], clusters: list[Cluster], implied: float) -> list[Claim]:
    """Claims that no other source states, implies or is implied by, and that are in no dispute.

    A claim in a consensus group is not unique; nor is a claim that another source's claim entails,
    or that entails one (it says what the other says and more: the shared part is not single-source).
    Why ``implied`` (``consensus.unique_entailment``), below the bar for "entails": "only in" is a
    promise that the other outlets do not say it, so a claim another outlet's claim may well entail,
    or may well follow from, is not listed as one outlet's alone.
    Claims in a contradiction are listed there instead; a claim in a possible (one-way) contradiction
    stays unique, since nothing else says it and the dispute is weak. A question (``asks``) states nothing,
    so it is not a claim "only in" its source either.
    """
    covered = {c.id for cluster in clusters for c in cluster.claims}
    for p in pairs:
        if p.relation in (*AGREEING, "contradiction") or max(p.forward.entailment, p.backward.entailment) >= implied:
            covered.update((p.a.id, p.b.id))
    return [c for c in claims if c.id not in covered and not asks(c.text)]
