"""``nli`` suite: standard NLI test sets (SNLI test, held-out MNLI, and the NC sets SICK, ANLI, XNLI).

Why these: SNLI/MNLI say whether fine-tuning kept general NLI ability on the distributions we
trained near; SICK, ANLI and XNLI (never trained on; NC licences allow evaluation only) say
how it transfers. Sample sizes live in configs/eval.yaml.
"""

from __future__ import annotations

import dataclasses
import functools

from ..context import EvalContext
from ..data import NLI_LOADERS, subset
from ..scoring import nli_result, score
from .common import run_sets


def run(ctx: EvalContext) -> dict:
    suite = ctx.config.suites.nli
    return run_sets({f.name: functools.partial(_one, ctx, f.name) for f in dataclasses.fields(suite)})


def _one(ctx: EvalContext, name: str) -> dict:
    entry = getattr(ctx.config.suites.nli, name)
    full = NLI_LOADERS[name](ctx.files, entry.path)
    ds = subset(full, entry.sample, ctx.limit, ctx.config.seed)
    scores = score(ctx.model, ds["premise"], ds["hypothesis"])
    rows = [{"premise": p, "hypothesis": h} for p, h in zip(ds["premise"], ds["hypothesis"])]
    return {"population": len(full), **nli_result(rows, ds["label"], scores, ctx.config.report)}
