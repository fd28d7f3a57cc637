"""The merged brief: agreed facts with citations, disputes with both sides, single-source claims.

Why a faithfulness gate on every backend: a brief sentence that no source supports is worse
than no brief for a fact-checker. Each sentence is scored by the NLI model against the
claims it cites; a sentence that no cited claim entails is dropped and counted (or, with
``strict``, the run fails).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..config import BriefConfig
from ..errors import CrosscheckError
from ..models.nli import NLIModel
from ..models.summarizer import Passage, Summarizer
from .types import Brief, BriefItem, Claim, Cluster, PairResult


class UnfaithfulBriefError(CrosscheckError):
    """Raised in strict mode when a brief sentence is entailed by none of its cited claims."""


def _passage(claim: Claim, lengths: dict[str, int], core: bool = True) -> Passage:
    return Passage(claim.text, claim.source, claim.index / max(1, lengths[claim.source] - 1), core)


def _said(claim: Claim, tag: str) -> str:
    who = f"{tag} ({claim.attribution})" if claim.attribution else tag
    return f"{who}: “{claim.text}”"


def disputed_item(pair: PairResult, tags: dict[str, str]) -> BriefItem:
    return BriefItem(
        f"{_said(pair.a, tags[pair.a.source])} — but {_said(pair.b, tags[pair.b.source])}", (pair.a, pair.b)
    )


def distinct_disputes(disputes: Sequence[PairResult], limit: int) -> list[PairResult]:
    """The strongest disputes, each claim quoted at most once.

    Why: one claim that the model finds at odds with several others (often a terse title)
    would otherwise fill the section with the same quote; the full list stays in the report.
    """
    seen: set[str] = set()
    chosen: list[PairResult] = []
    for pair in disputes:
        if len(chosen) < limit and not {pair.a.id, pair.b.id} & seen:
            chosen.append(pair)
            seen.update((pair.a.id, pair.b.id))
    return chosen


def only_in_items(unique: Sequence[Claim], per_source: int) -> dict[str, tuple[BriefItem, ...]]:
    """The earliest single-source claims of each source (titles skipped), in reading order.

    Why earliest rather than most central: news is written most important first (the
    inverted pyramid), so a claim near the top of its article is the notable one; centrality
    picked background sentences that restate the event in general terms.
    """
    out: dict[str, tuple[BriefItem, ...]] = {}
    candidates = [c for c in unique if c.index > 0]
    for source in dict.fromkeys(c.source for c in candidates):
        mine = sorted((c for c in candidates if c.source == source), key=lambda c: c.index)[:per_source]
        out[source] = tuple(BriefItem(c.text, (c,)) for c in mine)
    return out


def gate(items: Sequence[BriefItem], nli: NLIModel, threshold: float, strict: bool) -> tuple[list[BriefItem], int]:
    """Keep items whose text is entailed by at least one cited claim; count the rest."""
    if not items:
        return [], 0
    pairs = [(c.text, item.text) for item in items for c in item.cites]
    scores = iter(nli.predict(pairs))
    kept, dropped = [], 0
    for item in items:
        best = max(next(scores).entailment for _ in item.cites)
        if best >= threshold:
            kept.append(item)
        elif strict:
            raise UnfaithfulBriefError(
                f"brief sentence not supported by its sources (P(entail)={best:.2f}): {item.text[:80]}"
            )
        else:
            dropped += 1
    return kept, dropped


def build_brief(
    claims: Sequence[Claim],
    consensus: Sequence[Cluster],
    disputes: Sequence[PairResult],
    unique: Sequence[Claim],
    tags: dict[str, str],
    *,
    summarizer: Summarizer,
    nli: NLIModel,
    config: BriefConfig,
    max_words: int | None = None,
    strict: bool = False,
) -> Brief:
    budget = max_words or config.max_words
    lengths: dict[str, int] = {}
    for c in claims:
        lengths[c.source] = lengths.get(c.source, 0) + 1
    groups = [
        [_passage(c, lengths) for c in cluster.core] + [_passage(c, lengths, core=False) for c in cluster.support]
        for cluster in consensus
    ]
    quotable = [p for p in disputes if p.relation == "contradiction"]  # a possible (one-way) dispute is never quoted
    disputed = [disputed_item(p, tags) for p in distinct_disputes(quotable, config.max_disputed)]
    reserved = sum(len(i.text.split()) for i in disputed[:1])
    picks = summarizer.summarize(groups, max(0, budget - reserved))[: config.max_agreed + 1]
    agreed = [BriefItem(s.text, consensus[s.group].claims) for s in picks]
    headline = next((a for a, s in zip(agreed, picks) if s.rank == 0), None)
    agreed = [a for a in agreed if a is not headline]

    words = sum(len(i.text.split()) for i in agreed) + (len(headline.text.split()) if headline else 0)
    kept_disputed: list[BriefItem] = []
    for item in disputed:
        if kept_disputed and words + len(item.text.split()) > budget:
            continue  # a shorter dispute further down may still fit
        kept_disputed.append(item)
        words += len(item.text.split())
    only_in = only_in_items(unique, config.max_only_in)
    kept_only: dict[str, list[BriefItem]] = {}
    for rank in range(config.max_only_in):
        for source, items in only_in.items():
            if rank < len(items) and words + len(items[rank].text.split()) <= budget:
                kept_only.setdefault(source, []).append(items[rank])
                words += len(items[rank].text.split())

    checked, dropped = gate(
        [*([headline] if headline else []), *agreed, *(i for items in kept_only.values() for i in items)],
        nli,
        config.faithfulness,
        strict,
    )
    # A disputed bullet is two verbatim quotes: it is faithful exactly when both quotes are in it.
    quoted = [i for i in kept_disputed if all(c.text in i.text for c in i.cites)]
    dropped += len(kept_disputed) - len(quoted)
    keep = {id(i) for i in [*checked, *quoted]}
    return Brief(
        headline=headline if headline is not None and id(headline) in keep else None,
        agreed=tuple(i for i in agreed if id(i) in keep),
        disputed=tuple(i for i in kept_disputed if id(i) in keep),
        only_in={s: tuple(i for i in items if id(i) in keep) for s, items in kept_only.items()},
        dropped=dropped,
    )
