"""``contrast`` suite: does a one-fact contradiction score above an entailed paraphrase?

Why minimal pairs: accuracy on crowd NLI sets hides the failure that hurts this product
most, calling "signed in Minsk" vs "signed in Tehran" agreement because most words match.
Each item shares a premise; the model passes it when P(contradiction) of the edited
sentence exceeds that of the paraphrase.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ...models.nli import NLIModel
from ...readers import read_jsonl
from ..config import REPO_ROOT
from ..context import EvalContext


def contrast_rate(model: NLIModel, path: Path) -> dict:
    items = read_jsonl(path)
    scores = model.predict([(i["premise"], h) for i in items for h in (i["entailed"], i["contradiction"])])
    passed = [c.contradiction > p.contradiction for p, c in zip(scores[0::2], scores[1::2], strict=True)]
    misses = [i for i, ok in zip(items, passed, strict=True) if not ok]
    by_edit = Counter(i["edit"] for i in items)
    missed_by_edit = Counter(i["edit"] for i in misses)
    return {
        "n": len(items),
        "rate": sum(passed) / len(items),
        "by_edit": {e: round(1 - missed_by_edit[e] / n, 4) for e, n in sorted(by_edit.items())},
        "misses": [
            {"id": i["id"], "edit": i["edit"], "premise": i["premise"], "contradiction": i["contradiction"]}
            for i in misses
        ],
    }


def run(ctx: EvalContext) -> dict:
    suite = ctx.config.suites.contrast
    result = contrast_rate(ctx.model, ctx.files.require(REPO_ROOT / suite.path))
    detail = f"contradiction above paraphrase on {result['rate']:.1%} of {result['n']} (target {suite.target:.0%})"
    return {"datasets": {"contrast_suite": {"status": "ok", **result, "target": suite.target, "detail": detail}}}
