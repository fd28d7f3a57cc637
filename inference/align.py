"""Candidate pairs: which cross-source claim pairs are worth an NLI call.

Why not all pairs: with n claims, all pairs is n² cross-encoder calls. Each claim keeps its
``top_k`` most similar claims from all other sources, plus pairs above a similarity floor
(capped per claim), so cost grows linearly in n. A fact that many sources report still
ends up in one cluster, because neighbours link to neighbours (clustering in aggregate).
A caller may also keep any other near neighbour it has its own reason to score (``also``: the
checker keeps pairs with a typed conflict, a differing figure or date the model need not rank high).
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from ..config import AlignConfig
from .types import Claim

_BLOCK = 1024  # rows of the similarity matrix held in memory at once


def candidate_pairs(
    claims: list[Claim],
    embeddings: torch.Tensor,
    config: AlignConfig,
    also: Callable[[int, int, float], bool] | None = None,
) -> list[tuple[int, int, float]]:
    """(i, j, cosine) with i < j and different sources, sorted for deterministic output."""
    n = len(claims)
    if n < 2:
        return []
    source_ids = {name: k for k, name in enumerate(sorted({c.source for c in claims}))}
    owner = torch.tensor([source_ids[c.source] for c in claims])
    keep: dict[tuple[int, int], float] = {}
    k = min(config.top_k, n - 1)
    extra = config.max_pairs_per_claim
    for start in range(0, n, _BLOCK):
        sims = embeddings[start : start + _BLOCK] @ embeddings.T
        same = owner[start : start + _BLOCK, None] == owner[None, :]
        sims = sims.masked_fill(same, float("-inf"))
        top = sims.topk(min(n, k + extra), dim=1)
        for row, (values, cols) in enumerate(zip(top.values.tolist(), top.indices.tolist())):
            i = start + row
            for rank, (sim, j) in enumerate(zip(values, cols)):
                if sim == float("-inf"):
                    break  # the same source's claims (masked): never a pair, whatever ``also`` says
                similar = sim >= config.min_similarity
                if not similar and also is None:
                    break
                if (similar and (rank < k or sim >= config.similarity_floor)) or (also is not None and also(i, j, sim)):
                    keep[(min(i, j), max(i, j))] = sim
    return sorted((i, j, round(s, 6)) for (i, j), s in keep.items())
