"""Scored pairs become consensus clusters, contradictions and unique claims.

Why union-find over equivalent pairs: candidate pruning scores only a few neighbours per
claim, so a fact reported by many sources arrives as a chain of links, not a clique.
Connected components rebuild the full cluster from those links.
"""

from __future__ import annotations

from .types import DISPUTES, Claim, Cluster, PairResult


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def consensus(claims: list[Claim], pairs: list[PairResult], apart_below: float = 0.0) -> list[Cluster]:
    """Facts that at least two sources state, most sources first.

    Equivalent claims are merged, most similar first, unless the merge would put together two
    claims that the model scored as unrelated or disputed (a chain of paraphrases can drift from
    one fact to another). A one-way entailment
    a ⇒ b only adds a's source as support for b: it never chains, because a says more than
    b and the next claim that a entails need not follow from b. So every claim in a cluster
    entails the cluster's weakest claim (its first), which is what all its sources state.
    """
    position = {c.id: k for k, c in enumerate(claims)}
    uf = _UnionFind(len(claims))
    members: dict[int, list[int]] = {k: [k] for k in range(len(claims))}
    apart = {
        frozenset((position[p.a.id], position[p.b.id]))
        for p in pairs
        if p.relation == "contradiction" or (p.relation == "unrelated" and p.similarity < apart_below)
    }
    for p in sorted((p for p in pairs if p.relation == "equivalent"), key=lambda p: -p.similarity):
        i, j = uf.find(position[p.a.id]), uf.find(position[p.b.id])
        if i == j or any(frozenset((x, y)) in apart for x in members[i] for y in members[j]):
            continue  # a chain must not join two claims scored as disputed, or as unrelated and dissimilar
        uf.union(i, j)
        root = uf.find(i)
        members[root] = members.pop(i if root == j else j) + members[root]
    groups: dict[int, list[Claim]] = {}
    for k, claim in enumerate(claims):
        groups.setdefault(uf.find(k), []).append(claim)
    support: dict[int, list[Claim]] = {root: [] for root in groups}
    for p in pairs:
        if p.relation in ("entails", "entailed_by"):
            strong, weak = (p.a, p.b) if p.relation == "entails" else (p.b, p.a)
            root = uf.find(position[weak.id])
            if strong not in groups[root] and strong not in support[root]:
                support[root].append(strong)
    clusters = [
        Cluster(tuple(core), tuple(sorted(support[root], key=lambda c: position[c.id])))
        for root, core in groups.items()
        if len({c.source for c in core + support[root]}) >= 2
    ]
    return sorted(clusters, key=lambda c: (-len(c.sources), position[c.claims[0].id]))


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


def unique(claims: list[Claim], pairs: list[PairResult]) -> list[Claim]:
    """Claims that no other source states or implies, and that are not in a two-way dispute.

    A claim counts as reported elsewhere when another source's claim is equivalent to it or
    entails it. Claims in a contradiction are listed there instead; a claim in a possible
    (one-way) contradiction stays unique, since nothing else says it and the dispute is weak.
    """
    covered: set[str] = set()
    for p in pairs:
        if p.relation in ("equivalent", "contradiction"):
            covered.update((p.a.id, p.b.id))
        elif p.relation == "entails":
            covered.add(p.b.id)
        elif p.relation == "entailed_by":
            covered.add(p.a.id)
    return [c for c in claims if c.id not in covered]
