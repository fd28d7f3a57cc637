"""The values that flow from articles to a report. Small, typed and immutable.

Invariant kept everywhere: ``claim.text == source.text[claim.start:claim.end]``, so a
reader (or a test) can always find a quoted claim in its article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..models.scores import NLIScores

if TYPE_CHECKING:
    from .disputes import Conflict

Relation = Literal["equivalent", "entails", "entailed_by", "contradiction", "possible_contradiction", "unrelated"]
DISPUTES = ("contradiction", "possible_contradiction")
"""Relations listed under contradictions: seen both ways, then one way only."""


@dataclass(frozen=True)
class Source:
    """One article. ``text`` is the normalised text that every offset refers to."""

    name: str
    text: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    source: str
    text: str
    start: int
    end: int
    attribution: str | None = None
    index: int = 0
    """Position of the claim within its source (0 = the title or first sentence)."""

    @property
    def id(self) -> str:
        return f"{self.source}#{self.index}"


@dataclass(frozen=True)
class PairResult:
    """A cross-source pair scored both ways: ``forward`` is a⇒b, ``backward`` is b⇒a."""

    a: Claim
    b: Claim
    forward: NLIScores
    backward: NLIScores
    relation: Relation
    similarity: float
    conflict: Conflict | None = None
    """The evidence when ``relation`` is a contradiction or a possible one (inference/disputes.py)."""
    veto: str | None = None
    """Why the pair cannot be a contradiction (question, same_text, same_quote, paraphrase, entailment), if vetoed."""


@dataclass(frozen=True)
class Cluster:
    """Claims that state the same fact, from at least two sources (inference/aggregate.py groups them)."""

    claims: tuple[Claim, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({c.source for c in self.claims}))


@dataclass(frozen=True)
class BriefItem:
    """One sentence or bullet of the brief, with the claims it cites."""

    text: str
    cites: tuple[Claim, ...]
    note: str | None = None
    """"opinion" or "said by …" when the item is a view rather than a reported fact (inference/brief.py)."""


@dataclass(frozen=True)
class Brief:
    headline: BriefItem | None
    agreed: tuple[BriefItem, ...]
    disputed: tuple[BriefItem, ...]
    only_in: dict[str, tuple[BriefItem, ...]]
    also_reported: tuple[BriefItem, ...] = ()
    """Claims one source makes that another touches on without stating it: neither agreed nor only in it."""
    dropped: int = 0
    """Brief sentences removed by the faithfulness gate (entailed by no cited claim)."""
    agreed_facts: int = 0
    """Facts the report finds in two or more sources; with none quoted, the brief points to the report."""

    @property
    def items(self) -> tuple[BriefItem, ...]:
        """Every kept item in reading order: headline, agreed, disputed, also reported, then each source's only-in."""
        only = (item for per_source in self.only_in.values() for item in per_source)
        headline = (self.headline,) if self.headline else ()
        return (*headline, *self.agreed, *self.disputed, *self.also_reported, *only)

    @property
    def agreed_in_headline(self) -> bool:
        """The one fact two or more sources state is the headline itself, so "Agreed" is empty for a reason."""
        return self.agreed_facts == 1 and self.headline is not None and len({c.source for c in self.headline.cites}) > 1


@dataclass(frozen=True)
class Evidence:
    claim: Claim
    scores: NLIScores
    conflict: Conflict | None = None
    """For a contradicting sentence: what conflicts (inference/disputes.py)."""


@dataclass(frozen=True)
class SourceVerdict:
    source: str
    verdict: Literal["supported", "contradicted", "not_mentioned"]
    scores: NLIScores
    support: Evidence | None
    contradiction: Evidence | None
    verbatim: bool = False
    """The source states the claim word for word (``support`` is that sentence): supported whatever the model says."""


@dataclass(frozen=True)
class Verdict:
    claim: str
    verdict: Literal["supported", "contradicted", "not_mentioned", "disputed"]
    scores: NLIScores
    per_source: tuple[SourceVerdict, ...]
    evidence: tuple[Evidence, ...] = field(default=())
