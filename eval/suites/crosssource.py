"""``crosssource`` suite: claims from different outlets (ClaimDiff) and headline vs body stance (FNC-1).

Why: the product compares claims across articles, which are longer, vaguer and more
attributed than NLI benchmark sentences. ClaimDiff asks whether P(contradiction) and
P(entailment) rank weakening / strengthening claim pairs first (AUROC: no threshold needed).
FNC-1 scores a headline against its whole body SummaC-style: every body sentence is a
premise, and the max entailment / contradiction over sentences decides, with the same kind
of thresholds the checker uses (configs/eval.yaml). ``neus_disputes`` re-scores disputes that
the checker once reported on real news, judged by hand, to count false alarms a model still makes.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

import numpy as np
import pysbd

from ...config import CheckConfig, VerifyConfig
from ...inference.relate import verdict
from ...inference.segment import segmenter
from ...models.nli import LABELS
from ...readers import read_jsonl
from ..config import REPO_ROOT
from ..context import EvalContext
from ..data import claimdiff, fnc1, subset
from ..scoring import auroc, confident_errors, label_metrics, score
from .common import run_sets
from .summaries import parse_event

ENTAILMENT, NEUTRAL, CONTRADICTION = (LABELS.index(name) for name in ("entailment", "neutral", "contradiction"))


def run(ctx: EvalContext) -> dict:
    suite = ctx.config.suites.crosssource
    return run_sets(
        {
            "claimdiff_weaken": lambda: _claimdiff(
                ctx, suite.claimdiff_weaken.path, suite.claimdiff_weaken.sample, CONTRADICTION
            ),
            "claimdiff_strengthen": lambda: _claimdiff(
                ctx, suite.claimdiff_strengthen.path, suite.claimdiff_strengthen.sample, ENTAILMENT
            ),
            "fnc1": lambda: _fnc1(ctx),
            "neus_disputes": lambda: _neus_disputes(ctx),
        }
    )


def _neus_disputes(ctx: EvalContext) -> dict:
    """How many hand-judged disputes the model still calls contradictions, by judgement (real / arguable / false).

    The checker's own rule is applied (``relations`` of configs/default.yaml): a dispute seen
    both ways is a contradiction, one seen one way only a possible contradiction, which the brief
    does not quote by default. These disputes were picked by an earlier one-way rule.
    """
    suite = ctx.config.suites.crosssource
    rows = read_jsonl(ctx.files.require(REPO_ROOT / suite.neus_disputes))
    lines = ctx.files.require(suite.neus_source).read_text(encoding="utf-8").splitlines()
    articles = {e: parse_event(lines[e], "")[0] for e in {r["event"] for r in rows}}

    def quote(row: dict, side: str) -> str:
        span = row[side]
        return articles[row["event"]][span["outlet"]][span["start"] : span["end"]]

    rule = ctx.checker.config.relations
    found = [d.relation for d in ctx.checker.relate([(quote(r, "a"), quote(r, "b")) for r in rows])]
    total = Counter(r["label"] for r in rows)
    still = Counter(r["label"] for r, kind in zip(rows, found) if kind == "contradiction")
    possible = Counter(r["label"] for r, kind in zip(rows, found) if kind == "possible_contradiction")
    counts = {
        label: {"flagged": still[label], "possible": possible[label], "n": total[label]}
        for label in ("real", "arguable", "false")
    }
    detail = (
        f"called contradiction both ways at P >= {rule.contradiction}: {still['false']} of {total['false']} "
        f"judged false, {still['real']} of {total['real']} real, {still['arguable']} of {total['arguable']} "
        f"arguable; one way only (possible): {possible['false']} false, {possible['real']} real, "
        f"{possible['arguable']} arguable"
    )
    return {"status": "ok", "n": len(rows), "threshold": rule.contradiction, "by_judgement": counts, "detail": detail}


def _claimdiff(ctx: EvalContext, path: str, sample: int | None, column: int) -> dict:
    """AUROC of P(label) for relation=1. claim_b is the premise: it is the one that weakens/strengthens claim_a."""
    ds = subset(claimdiff(ctx.files, path), sample, ctx.limit, ctx.config.seed)
    scores = score(ctx.model, ds["claim_b"], ds["claim_a"])
    return {
        "n": len(ds),
        "positives": int(sum(ds["relation"])),
        "score": f"P({LABELS[column]}) of claim_b => claim_a",
        "auroc": auroc(ds["relation"], scores.probs[:, column].tolist()),
    }


def _sentences(body: str, segmenter: pysbd.Segmenter, cap: int) -> list[str]:
    out = [s.strip() for line in body.splitlines() if line.strip() for s in segmenter.segment(line) if s.strip()]
    return out[:cap] or [body]


def _fnc1(ctx: EvalContext) -> dict:
    suite = ctx.config.suites.crosssource
    ds = subset(
        fnc1(ctx.files, suite.fnc1_bodies, suite.fnc1_stances, suite.fnc1_per_stance, ctx.config.seed),
        None,
        ctx.limit,
        ctx.config.seed,
    )
    splitter = segmenter()
    sentences: dict[int, list[str]] = {}
    for row in ds:
        if row["body_id"] not in sentences:
            sentences[row["body_id"]] = _sentences(row["body"], splitter, suite.fnc1_max_sentences)
    owner, premises, hypotheses = [], [], []
    for i, row in enumerate(ds):
        for sentence in sentences[row["body_id"]]:
            owner.append(i)
            premises.append(sentence)
            hypotheses.append(row["headline"])
    probs = score(ctx.model, premises, hypotheses).probs
    owner_arr = np.asarray(owner)

    thresholds = CheckConfig.default().verify
    gold, predicted, confidence, rows = ds["label"], [], [], []
    max_ent, max_con = [], []
    for i, row in enumerate(ds):
        mine = np.flatnonzero(owner_arr == i)
        ent, con = probs[mine, ENTAILMENT], probs[mine, CONTRADICTION]
        max_ent.append(float(ent.max()))
        max_con.append(float(con.max()))
        decided = verdict(max_ent[-1], max_con[-1], thresholds)
        if decided == "contradicted":
            label, conf, best = CONTRADICTION, max_con[-1], mine[con.argmax()]
        elif decided == "supported":
            label, conf, best = ENTAILMENT, max_ent[-1], mine[ent.argmax()]
        else:  # neutral: as sure as the strongest signal is weak
            label, conf, best = NEUTRAL, 1.0 - max(max_ent[-1], max_con[-1]), mine[np.maximum(ent, con).argmax()]
        predicted.append(label)
        confidence.append(conf)
        rows.append({"premise": premises[best], "hypothesis": row["headline"], "stance": row["stance"]})
    return {
        "n": len(ds),
        "sentences_scored": len(premises),
        **label_metrics(gold, predicted),
        "auroc_agree": auroc([int(s == "agree") for s in ds["stance"]], max_ent),
        "auroc_disagree": auroc([int(s == "disagree") for s in ds["stance"]], max_con),
        "confident_errors": confident_errors(rows, gold, predicted, confidence, ctx.config.report),
        "verify_thresholds": dataclasses.asdict(thresholds),
        "best_verify_thresholds": best_thresholds(max_ent, max_con, gold),
    }


def best_thresholds(max_ent: list[float], max_con: list[float], gold: list[int]) -> dict:
    """The grid point of (entailment, contradiction) thresholds with the best macro-F1 on this sample.

    This is how configs/default.yaml's ``verify`` thresholds were calibrated (FNC-1 train only).
    """
    grid = [round(0.05 * k, 2) for k in range(2, 20)]
    to_id = {"supported": ENTAILMENT, "contradicted": CONTRADICTION, "not_mentioned": NEUTRAL}
    best: tuple[float, float, float] = (-1.0, 0.0, 0.0)
    for te in grid:
        for tc in grid:
            cfg = VerifyConfig(entailment=te, contradiction=tc)
            predicted = [to_id[verdict(e, c, cfg)] for e, c in zip(max_ent, max_con)]
            f1 = label_metrics(gold, predicted)["macro_f1"]
            best = max(best, (f1, te, tc))
    return {"macro_f1": best[0], "entailment": best[1], "contradiction": best[2]}
