"""Scored pairs become consensus clusters, contradictions and unique claims.

Why union-find over agreeing pairs: candidate pruning scores only a few neighbours per
claim, so a fact reported by many sources arrives as a chain of links, not a clique.
Connected components rebuild the full cluster from those links.
"""

from __future__ import annotations

from .types import Claim, Cluster, PairResult

AGREEING = ("equivalent", "entails", "entailed_by")


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


def consensus(claims: list[Claim], pairs: list[PairResult]) -> list[Cluster]:
    """Clusters of agreeing claims that span at least two sources, most sources first."""
    position = {c.id: k for k, c in enumerate(claims)}
    uf = _UnionFind(len(claims))
    for p in pairs:
        if p.relation in AGREEING:
            uf.union(position[p.a.id], position[p.b.id])
    groups: dict[int, list[Claim]] = {}
    for k, claim in enumerate(claims):
        groups.setdefault(uf.find(k), []).append(claim)
    clusters = [Cluster(tuple(g)) for g in groups.values() if len({c.source for c in g}) >= 2]
    return sorted(clusters, key=lambda c: (-len(c.sources), min(position[x.id] for x in c.claims)))


def contradictions(pairs: list[PairResult]) -> list[PairResult]:
    """Contradicting pairs, strongest first."""
    found = [p for p in pairs if p.relation == "contradiction"]
    return sorted(found, key=lambda p: (-max(p.forward.contradiction, p.backward.contradiction), p.a.id, p.b.id))


def unique(claims: list[Claim], pairs: list[PairResult]) -> list[Claim]:
    """Claims that no other source states or implies, and that are not in a dispute.

    A claim counts as reported elsewhere when another source's claim is equivalent to it or
    entails it. Disputed claims are listed under contradictions instead.
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
