"""Pruning recall: what the checker's linear cost gives up, measured two ways.

Why: candidate pruning scores only each claim's nearest cross-source claims. ``pruning_recall`` counts
the share of all-pairs contradictions (the model's own verdicts) that the pruned set still finds;
``labelled_recall`` counts the hand-labelled seed pairs that stay candidates, which needs no NLI model.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...config import CheckConfig
from ..config import from_repo
from .samples import Article, build_cluster, require, seed_rows
from .settings import ClusterSettings, LabelledRecallSettings

if TYPE_CHECKING:
    from ...inference.checker import CrossChecker
    from ...inference.types import Claim, PairResult
    from ...models.nli import NLIModel


def _contradicting(pairs: Sequence[PairResult], kinds: Sequence[str] = ("contradiction",)) -> set[tuple[str, str]]:
    """Pairs the checker calls contradictions (seen both ways), or any of ``kinds``."""
    return {(p.a.id, p.b.id) for p in pairs if p.relation in kinds}


def _timed_score(checker: CrossChecker, claims: list[Claim]) -> tuple[list[PairResult], float]:
    start = time.perf_counter()
    pairs = checker.score(claims)
    return pairs, time.perf_counter() - start


def pruning_recall(model: NLIModel, check: CheckConfig, articles: list[Article]) -> dict[str, Any]:
    """Share of all-pairs contradictions that the pruned candidate pairs still find, on the same claims.

    Reported twice: against every cross-source pair, and against the pairs at or above the
    checker's relatedness floor (``align.min_similarity``), because pairs below it are about
    different things and the checker never scores them, however many k it is given.
    """
    from ...inference.checker import CrossChecker
    from ...inference.types import DISPUTES

    pruned = CrossChecker(check, nli=model)
    claims = pruned.claims(pruned.sources({a.name: a.text for a in articles}))
    everything = check.replace(
        "align", top_k=10**6, similarity_floor=-1.0, max_pairs_per_claim=10**6, min_similarity=-1.0
    )
    exhaustive = CrossChecker(everything, nli=model, embedder=pruned.embedder)  # loads the embedder before timing
    pruned_pairs, pruned_seconds = _timed_score(pruned, claims)
    all_pairs, all_seconds = _timed_score(exhaustive, claims)
    related = [p for p in all_pairs if p.similarity >= check.align.min_similarity]
    found = _contradicting(pruned_pairs)
    truth, related_truth = _contradicting(all_pairs), _contradicting(related)
    listed_found, listed_truth = _contradicting(pruned_pairs, DISPUTES), _contradicting(all_pairs, DISPUTES)
    return {
        "articles": len(articles),
        "claims": len(claims),
        "pruned_pairs": len(pruned_pairs),
        "pruned_seconds": pruned_seconds,
        "all_pairs_pairs": len(all_pairs),
        "all_pairs_seconds": all_seconds,
        "contradictions_all_pairs": len(truth),
        "contradictions_pruned": len(found),
        "contradictions_both": len(found & truth),
        "recall": len(found & truth) / len(truth) if truth else None,
        "related_pairs": len(related),
        "min_similarity": check.align.min_similarity,
        "contradictions_related_pairs": len(related_truth),
        "recall_related": len(found & related_truth) / len(related_truth) if related_truth else None,
        "disputes_all_pairs": len(listed_truth),
        "recall_disputes": len(listed_found & listed_truth) / len(listed_truth) if listed_truth else None,
    }


def labelled_recall(
    check: CheckConfig, settings: LabelledRecallSettings, clusters: ClusterSettings, data_root: Path, seed: int
) -> dict[str, Any]:
    """Share of the hand-labelled cross-article seed pairs that pruning keeps as candidates, per gold label,
    with the seed articles alone and inside a cluster of other real articles.

    Why besides ``pruning_recall``: its all-pairs reference is the model's own verdicts, mostly false
    alarms; these pairs are labelled by hand, so this recall does not depend on the NLI model (only
    the embedder runs). Pairs whose sentences are not both claims of the articles (the seeds also
    hold shortened restatements) cannot be candidates and are counted apart; a pair held in both
    orders counts once.
    """
    from ...inference.align import candidate_pairs
    from ...inference.checker import CrossChecker

    seeds = {Path(a).stem: require(from_repo(a)).read_text(encoding="utf-8") for a in settings.articles}
    cross = [
        r for r in seed_rows(from_repo(settings.pairs)) if {r["source_premise"], r["source_hypothesis"]} <= seeds.keys()
    ]
    cross = [r for r in cross if r["source_premise"] != r["source_hypothesis"]]
    checker = CrossChecker(check)
    out = []
    for extra in settings.distractors:
        items = (
            {**seeds, **{a.name: a.text for a in build_cluster(extra, clusters, data_root, seed)}} if extra else seeds
        )
        claims = checker.claims(checker.sources(items))
        where = {c.text: k for k, c in enumerate(claims)}
        vectors = checker.embed([c.text for c in claims])
        kept = {(i, j) for i, j, _ in candidate_pairs(claims, vectors, check.align)}
        by_label: dict[str, dict[str, int]] = {}
        matched: set[tuple[str, tuple[int, int]]] = set()  # the seeds hold some pairs in both orders: count each once
        for r in cross:
            counts = by_label.setdefault(r["label"], {"kept": 0, "matched": 0, "not_claims": 0})
            i, j = where.get(r["premise"]), where.get(r["hypothesis"])
            if i is None or j is None:
                counts["not_claims"] += 1
                continue
            pair = (min(i, j), max(i, j))
            if (r["label"], pair) not in matched:
                matched.add((r["label"], pair))
                counts["matched"] += 1
                counts["kept"] += pair in kept
        out.append({"distractor_articles": extra, "claims": len(claims), "pairs": len(kept), "labels": by_label})
    return {"rows": out}
