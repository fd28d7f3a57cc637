"""The JSON report's shape as pydantic models: ``crosscheck schema report`` prints their JSON Schema.

Why models beside ``Report.to_dict``: a consumer of the JSON (a newsroom's pipeline) needs a
schema to validate against, and a test validates real reports with these models, so the two
cannot drift apart unnoticed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Scores(_Strict):
    entailment: float
    neutral: float
    contradiction: float


class ClaimOut(_Strict):
    id: str
    source: str
    text: str
    start: int
    end: int
    attribution: str | None


class ConflictOut(_Strict):
    type: Literal["number", "date", "place", "modality", "model"]
    values: list[str] | None
    confidence: float


class PairOut(_Strict):
    a: ClaimOut
    b: ClaimOut
    relation: Literal["equivalent", "entails", "entailed_by", "contradiction", "possible_contradiction", "unrelated"]
    similarity: float
    scores: dict[Literal["a_to_b", "b_to_a"], Scores]
    evidence: ConflictOut | None
    veto: Literal["question", "same_text", "same_quote", "paraphrase", "entailment"] | None


class SourceOut(_Strict):
    name: str
    tag: str
    text: str
    chars: int


class ClusterOut(_Strict):
    sources: list[str]
    claims: list[ClaimOut]


class BriefItemOut(_Strict):
    text: str
    cites: list[str]
    note: str | None = Field(description='"opinion" or "said by …" when the item is a view, not a reported fact')


class BriefOut(_Strict):
    headline: BriefItemOut | None
    agreed: list[BriefItemOut]
    disputed: list[BriefItemOut]
    only_in: dict[str, list[BriefItemOut]]
    also_reported: list[BriefItemOut] = Field(
        description="claims one source makes that another touches on without stating (neither agreed nor unique)"
    )
    dropped_sentences: int


class ReportOut(_Strict):
    """``crosscheck check --format json`` (schema_version 4)."""

    schema_version: Literal[4]
    model_id: str
    config_hash: str
    sources: list[SourceOut]
    warnings: list[str]
    claims: list[ClaimOut]
    consensus: list[ClusterOut]
    contradictions: list[PairOut]
    possible_contradictions_hidden: int
    unique: list[ClaimOut]
    pairs_scored: int
    pairs: list[PairOut]
    brief: BriefOut
