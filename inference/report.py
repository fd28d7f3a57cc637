"""``Report``: the result of comparing sources, and its JSON form (the machine format).

The JSON schema is documented in docs of ``Report.to_dict`` and in the README; keys are
stable and sorted so the same input gives byte-identical JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .disputes import Conflict
from .render import report_html, report_markdown
from .types import DISPUTES, Brief, BriefItem, Claim, Cluster, Evidence, PairResult, Source, Verdict

SCHEMA_VERSION = 4


def claim_dict(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "source": c.source,
        "text": c.text,
        "start": c.start,
        "end": c.end,
        "attribution": c.attribution,
    }


def conflict_dict(c: Conflict | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"type": c.type, "values": list(c.values) if c.values else None, "confidence": c.confidence}


def pair_dict(p: PairResult) -> dict[str, Any]:
    return {
        "a": claim_dict(p.a),
        "b": claim_dict(p.b),
        "relation": p.relation,
        "similarity": round(p.similarity, 4),
        "scores": {"a_to_b": p.forward.as_dict(), "b_to_a": p.backward.as_dict()},
        "evidence": conflict_dict(p.conflict),
        "veto": p.veto,
    }


def item_dict(i: BriefItem) -> dict[str, Any]:
    return {"text": i.text, "cites": [c.id for c in i.cites], "note": i.note}


def brief_dict(b: Brief) -> dict[str, Any]:
    return {
        "headline": item_dict(b.headline) if b.headline else None,
        "agreed": [item_dict(i) for i in b.agreed],
        "disputed": [item_dict(i) for i in b.disputed],
        "only_in": {s: [item_dict(i) for i in items] for s, items in b.only_in.items()},
        "also_reported": [item_dict(i) for i in b.also_reported],
        "dropped_sentences": b.dropped,
    }


def evidence_dict(e: Evidence) -> dict[str, Any]:
    return {**claim_dict(e.claim), "scores": e.scores.as_dict(), "evidence": conflict_dict(e.conflict)}


def verdict_dict(v: Verdict) -> dict[str, Any]:
    """JSON of ``crosscheck verify``: {"verdict", "scores", "per_source", "evidence"}."""
    return {
        "claim": v.claim,
        "verdict": v.verdict,
        "scores": v.scores.as_dict(),
        "per_source": [
            {
                "source": s.source,
                "verdict": s.verdict,
                "scores": s.scores.as_dict(),
                "support": evidence_dict(s.support) if s.support else None,
                "contradiction": evidence_dict(s.contradiction) if s.contradiction else None,
                "verbatim": s.verbatim,
            }
            for s in v.per_source
        ],
        "evidence": [evidence_dict(e) for e in v.evidence],
    }


@dataclass(frozen=True)
class Report:
    sources: tuple[Source, ...]
    claims: tuple[Claim, ...]
    pairs: tuple[PairResult, ...]
    consensus: tuple[Cluster, ...]
    contradictions: tuple[PairResult, ...]
    unique: tuple[Claim, ...]
    brief: Brief
    tags: dict[str, str]
    """Short tag per source name ("A", "B", ...) used in the brief."""
    config_hash: str
    model_id: str
    possible: tuple[PairResult, ...] = ()
    """Every one-way ("possible") contradiction, listed in ``contradictions`` only with ``disputes.show_possible``."""

    @property
    def dispute_counts(self) -> dict[str, int]:
        """How many contradictions of each kind the report shows, and how many possible ones it hides."""
        shown = {kind: sum(p.relation == kind for p in self.contradictions) for kind in DISPUTES}
        return {**shown, "hidden": len(self.possible) - shown["possible_contradiction"]}

    @property
    def warnings(self) -> list[str]:
        return [w for s in self.sources for w in s.warnings]

    def to_dict(self) -> dict[str, Any]:
        """Everything in the report as plain data (schema_version 4).

        Version 2 added ``evidence`` and ``veto`` to pairs, version 3 a ``note`` to brief items, version 4 the
        brief's ``also_reported`` items."""
        return {
            "schema_version": SCHEMA_VERSION,
            "model_id": self.model_id,
            "config_hash": self.config_hash,
            "sources": [
                {"name": s.name, "tag": self.tags[s.name], "text": s.text, "chars": len(s.text)} for s in self.sources
            ],
            "warnings": self.warnings,
            "claims": [claim_dict(c) for c in self.claims],
            "consensus": [
                {"sources": list(c.sources), "claims": [claim_dict(x) for x in c.claims]} for c in self.consensus
            ],
            "contradictions": [pair_dict(p) for p in self.contradictions],
            "possible_contradictions_hidden": self.dispute_counts["hidden"],
            "unique": [claim_dict(c) for c in self.unique],
            "pairs_scored": len(self.pairs),
            "pairs": [pair_dict(p) for p in self.pairs],
            "brief": brief_dict(self.brief),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def to_markdown(self) -> str:
        return report_markdown(self)

    def to_html(self) -> str:
        return report_html(self)
