"""``seeds`` suite: the hand-labelled pairs from the two seed articles, and the brief for those articles.

Why a suite of its own: these 146 pairs follow the project's labelling guideline for news
claims (seeds/README.md), which differs from SNLI/MNLI conventions (time rule, hedges,
secret vs public). The misclassified list is printed in full because each one is a case
to discuss, and the real cross-article contradictions get their own recall because they
are what the product exists to find.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from datasets import Dataset

from ...inference.checker import CrossChecker
from ...inference.render import brief_to_markdown
from ...inference.types import DISPUTES, Brief
from ...models.nli import LABELS
from ..config import from_repo
from ..context import EvalContext
from ..data import CONTRADICTION, ENTAILMENT, NEUTRAL, seed_pairs, subset
from ..diagnose import analysis, summary
from ..metrics import load_metric
from ..scoring import label_metrics, nli_result, score
from .common import guarded


def run(ctx: EvalContext) -> dict:
    suite = ctx.config.suites.seeds
    ds = subset(seed_pairs(ctx.files, suite.pairs), None, ctx.limit, ctx.config.seed)
    scores = score(ctx.model, ds["premise"], ds["hypothesis"])
    gold = ds["label"]
    predicted = scores.probs.argmax(axis=1).tolist()
    rows = [{"id": r["id"], "premise": r["premise"], "hypothesis": r["hypothesis"], "note": r["note"]} for r in ds]
    result = nli_result(rows, gold, scores, ctx.config.report)

    articles = {Path(a).stem for a in suite.articles}
    real = [
        i
        for i, r in enumerate(ds)
        if gold[i] == CONTRADICTION and r["source_premise"] in articles and r["source_hypothesis"] in articles
    ]
    recall = (
        label_metrics([gold[i] for i in real], [predicted[i] for i in real])["per_class"]["contradiction"]["recall"]
        if real
        else None
    )
    result["real_contradictions"] = {
        "n": len(real),
        "recall": recall,
        "missed": [rows[i]["id"] for i in real if predicted[i] != CONTRADICTION],
    }
    result["checker_rule"] = checker_rule(ctx, ds, articles)
    result["misclassified"] = [
        {
            **rows[i],
            "gold": LABELS[gold[i]],
            "predicted": LABELS[predicted[i]],
            "scores": {name: round(float(p), 4) for name, p in zip(LABELS, scores.probs[i])},
            "analysis": analysis(rows[i]["premise"], rows[i]["hypothesis"], LABELS[gold[i]], LABELS[predicted[i]]),
        }
        for i in range(len(gold))
        if predicted[i] != gold[i]
    ]
    result["miss_cues"] = summary(result["misclassified"])
    result["best_relation_thresholds"] = best_relation_thresholds(scores.probs, gold)
    return {"datasets": {"seed_pairs": {"status": "ok", **result}}, "brief": guarded(lambda: _brief(ctx))}


def checker_rule(ctx: EvalContext, ds: Dataset, articles: set[str]) -> dict:
    """What ``crosscheck check`` itself would flag among the cross-article seed pairs.

    Why besides the argmax numbers above: the checker scores every pair both ways and calls a
    dispute by ``relations`` in configs/default.yaml, so this is the recall a user gets, next to
    the false alarms it costs (cross-article pairs labelled entailment or neutral), for
    contradictions seen both ways and for all disputes it lists (possible ones included).
    """
    cross = [i for i, r in enumerate(ds) if r["source_premise"] in articles and r["source_hypothesis"] in articles]
    rule = ctx.checker.config.relations
    found = [d.relation for d in ctx.checker.relate([(ds[i]["premise"], ds[i]["hypothesis"]) for i in cross])]
    gold = [ds[i]["label"] == CONTRADICTION for i in cross]
    out: dict = {"threshold": rule.contradiction, "real": sum(gold), "non_contradictions": sum(not g for g in gold)}
    for name, kinds in (("both_ways", ("contradiction",)), ("listed", DISPUTES)):
        hits = [r in kinds for r in found]
        out[name] = {
            "real_found": sum(h and g for h, g in zip(hits, gold)),
            "false_alarms": sum(h and not g for h, g in zip(hits, gold)),
        }
    return out


def best_relation_thresholds(probs: np.ndarray, gold: list[int]) -> dict:
    """Grid point of the checker's one-direction rule (contradiction first) with the best macro-F1.

    This is how configs/default.yaml's ``relations`` thresholds were chosen; the seed numbers
    above are measured at the configured thresholds' argmax labels, so they stay comparable.
    """
    grid = [round(0.05 * k, 2) for k in range(2, 20)]
    best: tuple[float, float, float] = (-1.0, 0.0, 0.0)
    for te in grid:
        for tc in grid:
            predicted = [
                CONTRADICTION if p[CONTRADICTION] >= tc else ENTAILMENT if p[ENTAILMENT] >= te else NEUTRAL
                for p in probs
            ]
            best = max(best, (label_metrics(gold, predicted)["macro_f1"], te, tc))
    return {"macro_f1": best[0], "entailment": best[1], "contradiction": best[2]}


def _brief(ctx: EvalContext) -> dict:
    suite = ctx.config.suites.seeds
    texts = {Path(p).stem: ctx.files.require(from_repo(p)).read_text(encoding="utf-8") for p in suite.articles}
    reference = ctx.files.require(from_repo(suite.reference_brief)).read_text(encoding="utf-8")
    markdown, plain, _ = generate_brief(CrossChecker(nli=ctx.model), texts)
    rouge = load_metric("rouge").compute(predictions=[plain], references=[reference])
    return {"rouge": rouge, "words": len(plain.split()), "markdown": markdown}


def rouge_text(brief: Brief) -> str:
    """The brief as ROUGE reads it: one sentence per line, a disputed bullet as its two quotes.

    Why: markdown syntax, citation tags like "[A]" and the "A: … — but B: …" frame are not
    content, and ROUGE-Lsum splits summaries on newlines.
    """
    lines: list[str] = []
    for item in brief.items:
        lines += [claim.text for claim in item.cites] if item in brief.disputed else [item.text]
    return "\n".join(lines)


def generate_brief(
    checker: CrossChecker, texts: dict[str, str], max_words: int | None = None
) -> tuple[str, str, Brief]:
    """The checker's brief for ``texts`` as (markdown, ``rouge_text``, Brief)."""
    report = checker.check(texts, max_words=max_words)
    return brief_to_markdown(report.brief, report.tags), rouge_text(report.brief), report.brief
