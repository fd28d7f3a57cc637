"""Candidate pruning and aggregation: linear pair counts, and one cluster for a fact all sources share."""

from __future__ import annotations

import numpy as np
import torch

from crosscheck.config import AlignConfig, ConsensusConfig, RelationConfig
from crosscheck.inference import aggregate
from crosscheck.inference.align import candidate_pairs
from crosscheck.inference.disputes import Conflict
from crosscheck.inference.relate import agreement_relation
from crosscheck.inference.types import Claim, Cluster, PairResult
from crosscheck.models.nli import NLIScores

CONFIG = AlignConfig(top_k=3, similarity_floor=0.95, max_pairs_per_claim=5, min_similarity=0.2)


def _claims_and_vectors(n_sources: int, per_source: int, seed: int = 0):
    """Claim 0 of every source is the same fact (near-identical vectors); the others are random."""
    gen = torch.Generator().manual_seed(seed)
    fact = torch.randn(64, generator=gen)
    claims, rows = [], []
    for s in range(n_sources):
        for k in range(per_source):
            claims.append(Claim(f"s{s}", f"claim {k} of s{s}", 0, 1, None, k))
            rows.append(fact + 0.05 * torch.randn(64, generator=gen) if k == 0 else torch.randn(64, generator=gen))
    return claims, torch.nn.functional.normalize(torch.stack(rows), dim=-1)


def test_pairs_are_cross_source_unique_and_grow_linearly():
    counts = []
    for n in (10, 40):
        claims, vectors = _claims_and_vectors(n, 6)
        pairs = candidate_pairs(claims, vectors, CONFIG)
        assert all(claims[i].source != claims[j].source and i < j for i, j, _ in pairs)
        assert len({(i, j) for i, j, _ in pairs}) == len(pairs)
        assert len(pairs) <= len(claims) * (CONFIG.top_k + CONFIG.max_pairs_per_claim)
        counts.append(len(pairs))
    assert counts[1] / counts[0] < 4 * 1.5  # 4x the claims: linear growth, far from the 16x of all pairs


def test_a_caller_that_keeps_every_pair_still_gets_cross_source_pairs_only():
    """NeuS validation event 35 listed a "contradiction" between one outlet's own title and its first sentence:
    with few claims, the top-k window reached the same source's (masked) claims, and the typed-conflict
    callback kept one. Such a pair is never a candidate."""
    claims, vectors = _claims_and_vectors(2, 4)
    pairs = candidate_pairs(claims, vectors, CONFIG, also=lambda i, j, sim: True)
    assert pairs and all(claims[i].source != claims[j].source for i, j, _ in pairs)
    assert len(pairs) == 4 * 4  # every cross-source pair, since the callback keeps them all


def test_a_fact_reported_by_100_sources_forms_one_cluster():
    claims, vectors = _claims_and_vectors(100, 3)
    pairs = candidate_pairs(claims, vectors, CONFIG)
    assert len(pairs) < 100 * 99 / 2  # not all pairs of the shared fact
    agree, other = NLIScores(0.9, 0.05, 0.05), NLIScores(0.1, 0.8, 0.1)
    results = [
        PairResult(
            claims[i],
            claims[j],
            *(2 * [agree if claims[i].index == claims[j].index == 0 else other]),
            relation="equivalent" if claims[i].index == claims[j].index == 0 else "unrelated",
            similarity=s,
        )
        for i, j, s in pairs
    ]
    clusters = aggregate.consensus(claims, results, (vectors @ vectors.T).numpy(), ConsensusConfig())
    assert len(clusters) == 1 and len(clusters[0].sources) == 100 and len(clusters[0].claims) == 100


def test_relation_rules():
    cfg = RelationConfig(entailment=0.5, contradiction=0.6)
    e, n = NLIScores(0.8, 0.1, 0.1), NLIScores(0.1, 0.8, 0.1)
    assert agreement_relation(e, e, 0.0, cfg) == "equivalent"
    assert agreement_relation(e, n, 0.0, cfg) == "entails"
    assert agreement_relation(n, e, 0.0, cfg) == "entailed_by"
    assert agreement_relation(n, n, 0.0, cfg) == "unrelated"


def test_contradictions_list_two_way_disputes_before_more_confident_one_way_ones():
    a0, a1, b0, b1 = (Claim(s, f"{s}{k}", 0, 1, None, k) for s in "ab" for k in range(2))
    strong, weak, n = NLIScores(0.0, 0.05, 0.95), NLIScores(0.2, 0.3, 0.5), NLIScores(0.1, 0.8, 0.1)
    one_way = PairResult(a0, b0, strong, n, "possible_contradiction", 0.9, Conflict("model", None, 0.9))
    two_way = PairResult(a1, b1, weak, weak, "contradiction", 0.8, Conflict("number", ("37", "40"), 0.8))
    assert aggregate.contradictions([one_way, two_way]) == [two_way, one_way]


def test_unique_excludes_clustered_entailed_entailing_and_disputed_claims():
    a0, a1, a2, b0, b1, b2 = (Claim(s, f"{s}{k}", 0, 1, None, k) for s in "ab" for k in range(3))
    s = NLIScores(0.3, 0.4, 0.3)
    pairs = [PairResult(a0, b0, s, s, "entails", 0.9), PairResult(a1, b1, s, s, "contradiction", 0.8)]
    claims = [a0, a1, a2, b0, b1, b2]
    assert aggregate.unique(claims, pairs, [], 0.5) == [a2, b2]  # a0 says what b0 says and more: not single-source
    weak = [pairs[0], PairResult(a1, b1, s, s, "possible_contradiction", 0.8)]
    assert aggregate.unique(claims, weak, [], 0.5) == [a1, a2, b1, b2]
    assert aggregate.unique(claims, weak, [Cluster((a2, b2))], 0.5) == [a1, b1]
    # below the bar for "entails", a pair the model finds may well entail one way still takes both off the list
    maybe = [PairResult(a2, b2, s, NLIScores(0.45, 0.5, 0.05), "unrelated", 0.7)]
    assert aggregate.unique(claims, maybe, [], 0.4) == [a0, a1, b0, b1]
    assert aggregate.unique(claims, maybe, [], 0.5) == claims


def test_a_close_paraphrase_entailed_one_way_is_the_same_fact():
    cfg = RelationConfig(entailment=0.55, contradiction=0.4, paraphrase_similarity=0.65, paraphrase_entailment=0.4)
    e, n = NLIScores(0.45, 0.5, 0.05), NLIScores(0.1, 0.8, 0.1)
    assert agreement_relation(e, n, 0.7, cfg) == "equivalent"
    assert agreement_relation(e, n, 0.6, cfg) == "unrelated"


def test_consensus_never_chains_across_a_contradiction():
    a0, b0, c0 = (Claim(s, f"{s}0", 0, 1, None, 0) for s in "abc")
    s = NLIScores(0.9, 0.05, 0.05)
    pairs = [
        PairResult(a0, b0, s, s, "equivalent", 0.9),
        PairResult(b0, c0, s, s, "equivalent", 0.8),
        PairResult(a0, c0, s, s, "contradiction", 0.7, Conflict("number", ("37", "40"), 0.8)),
    ]
    cosine = np.full((3, 3), 0.9)  # all three look alike to the encoder
    clusters = aggregate.consensus([a0, b0, c0], pairs, cosine, ConsensusConfig())
    assert len(clusters) == 1 and {"a", "c"} - set(clusters[0].sources)  # b joins a or c, never both


def test_a_group_close_on_average_never_holds_both_sides_of_a_contradiction():
    """Four alike claims outweigh one contradiction in average linkage; the group must still not hold both."""
    a0, b0, c0, d0, e0 = claims = [Claim(s, f"{s}0", 0, 1, None, 0) for s in "abcde"]
    s = NLIScores(0.9, 0.05, 0.05)
    alike = [(a0, b0), (a0, c0), (a0, d0), (b0, c0), (b0, d0), (c0, d0), (c0, e0)]
    pairs = [PairResult(x, y, s, s, "equivalent", 1.0) for x, y in alike]
    pairs.append(PairResult(e0, d0, s, s, "entails", 1.0))  # once out of the group, e0 must not back it either
    pairs.append(PairResult(a0, e0, s, s, "contradiction", 1.0, Conflict("number", ("50", "49"), 0.8)))
    # e0 joins the four on average (similarity 1.12 to c0 and d0, 0.91 to b0, -1 to a0)
    config = ConsensusConfig(threshold=0.5)
    clusters = aggregate.consensus(claims, pairs, np.ones((5, 5)), config)
    assert clusters and all({"a", "e"} - set(c.sources) for c in clusters)
    assert max(len(c.sources) for c in clusters) == 4  # only one of the two left


def test_average_linkage_does_not_chain_look_alikes_into_one_fact():
    """a~b and b~c are close, a and c are not: single linkage would chain all three, average linkage must not."""
    a0, b0, c0 = (Claim(s, f"{s}0", 0, 1, None, 0) for s in "abc")
    cosine = np.array([[1.0, 0.8, 0.1], [0.8, 1.0, 0.7], [0.1, 0.7, 1.0]])
    clusters = aggregate.consensus([a0, b0, c0], [], cosine, ConsensusConfig())
    assert [c.sources for c in clusters] == [("a", "b")]
    chained = aggregate.consensus([a0, b0, c0], [], cosine, ConsensusConfig(linkage="single"))
    assert [c.sources for c in chained] == [("a", "b", "c")]
