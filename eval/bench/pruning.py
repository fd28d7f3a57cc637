"""Pruning recall: what the checker's linear cost gives up, measured two ways.

Why: candidate pruning scores only each claim's nearest cross-source claims, so a real disagreement
between two outlets is lost if its pair is not a candidate. Both measures count hand-labelled pairs that
stay candidates, with unrelated real articles competing for each claim's top-k; only the embedder runs.
``news_recall`` uses the labelled disagreements and agreements of real NeuS events
(seeds/news_events.jsonl); ``labelled_recall`` the seed pairs of the two seed articles (seeds/pairs.jsonl).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...config import CheckConfig
from ..config import from_repo
from .samples import build_cluster, require, seed_rows
from .settings import ClusterSettings, LabelledRecallSettings, NewsRecallSettings

if TYPE_CHECKING:
    from ...inference.types import Claim


def _claim_at(claims: Sequence[Claim], span: dict[str, Any]) -> int:
    """Index of the claim of that outlet overlapping the labelled span most: the news suite's ``_claim_at``."""
    mine = [k for k, c in enumerate(claims) if c.source == span["outlet"]]
    return max(mine, key=lambda k: min(claims[k].end, span["end"]) - max(claims[k].start, span["start"]))


def news_recall(
    check: CheckConfig, settings: NewsRecallSettings, clusters: ClusterSettings, data_root: Path, seed: int
) -> dict[str, Any]:
    """Share of the hand-labelled cross-outlet pairs of real NeuS events that pruning keeps as candidates,
    per label, with each event's outlets checked alone and together with ``k`` unrelated real articles.

    Why this and not the model's all-pairs verdicts: those were mostly the model's own false alarms, so
    "recall" against them measured agreement with the model, not what a reader would lose. These pairs are
    labelled by hand (seeds/news_events.jsonl: every disagreement and agreement of 60 random validation
    events, plus events chosen because they hold a disagreement), and only the embedder runs. Spans map to
    claims as in the news suite (the claim of that outlet overlapping the span most); a pair whose two spans
    fall on one claim is counted apart, one held twice counts once. ``below_min_similarity`` counts the pairs
    less similar than ``align.min_similarity``: never scored, whatever ``top_k``. The distractors are the
    bench's cluster draw (NeuS *train* events and BASIL), never a labelled event, the same for every event.
    """
    from ...inference.align import candidate_pairs
    from ...inference.checker import CrossChecker
    from ...readers import parse_event, read_jsonl

    rows = read_jsonl(require(from_repo(settings.labels)))
    lines = require(data_root / settings.source).read_text(encoding="utf-8").splitlines()
    pool = build_cluster(max(settings.distractors, default=0), clusters, data_root, seed)
    checker = CrossChecker(check)
    # Claims are cut per source, so the distractors' claims are cut once and appended to each event's.
    distractors = checker.claims(checker.sources({a.name: a.text for a in pool})) if len(pool) > 1 else []
    out = []
    for extra in settings.distractors:
        names = {a.name for a in pool[:extra]}
        counts: dict[str, dict[str, int]] = {}
        claims_total = pairs_total = 0
        for row in rows:
            outlets = parse_event(lines[row["event"]], "")[0]
            if extra and len(pool) < 2:
                claims = checker.claims(checker.sources({**outlets, **{a.name: a.text for a in pool[:extra]}}))
            else:
                claims = checker.claims(checker.sources(outlets)) + [c for c in distractors if c.source in names]
            vectors = checker.embed([c.text for c in claims])
            kept = {(i, j) for i, j, _ in candidate_pairs(claims, vectors, check.align)}
            claims_total += len(claims)
            pairs_total += len(kept)
            seen: set[tuple[str, tuple[int, int]]] = set()
            for p in row["pairs"]:
                label = p["label"]
                tally = counts.setdefault(label, {"kept": 0, "pairs": 0, "below_min_similarity": 0, "same_claim": 0})
                i, j = _claim_at(claims, p["a"]), _claim_at(claims, p["b"])
                if i == j:
                    tally["same_claim"] += 1
                    continue
                pair = (min(i, j), max(i, j))
                if (label, pair) in seen:
                    continue
                seen.add((label, pair))
                tally["pairs"] += 1
                tally["kept"] += pair in kept
                tally["below_min_similarity"] += float(vectors[i] @ vectors[j]) < check.align.min_similarity
        out.append(
            {
                "distractor_articles": extra,
                "events": len(rows),
                "claims_per_event": claims_total / max(1, len(rows)),
                "pairs_per_event": pairs_total / max(1, len(rows)),
                "labels": {
                    label: {**c, "recall": c["kept"] / c["pairs"] if c["pairs"] else None}
                    for label, c in sorted(counts.items())
                },
            }
        )
    return {"labels_file": settings.labels, "rows": out}


def labelled_recall(
    check: CheckConfig, settings: LabelledRecallSettings, clusters: ClusterSettings, data_root: Path, seed: int
) -> dict[str, Any]:
    """Share of the hand-labelled cross-article seed pairs that pruning keeps as candidates, per gold label,
    with the seed articles alone and inside a cluster of other real articles.

    Pairs whose sentences are not both claims of the articles (the seeds also
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
