"""The NLI model's output as a plain value, in a module that loads no torch.

Why its own module: reports, disputes and the input checks use the scores, and the CLI must answer bad
input in about a second, before torch and transformers load (about 13 s on these 2-core machines).
"""

from __future__ import annotations

from dataclasses import dataclass

LABELS = ("entailment", "neutral", "contradiction")


@dataclass(frozen=True)
class NLIScores:
    """Probabilities of the three labels for one ordered pair; they sum to 1."""

    entailment: float
    neutral: float
    contradiction: float

    @property
    def label(self) -> str:
        return max(LABELS, key=lambda name: getattr(self, name))

    def as_tuple(self) -> tuple[float, float, float]:
        return (self.entailment, self.neutral, self.contradiction)

    def as_dict(self) -> dict[str, float]:
        return {name: round(getattr(self, name), 4) for name in LABELS}
