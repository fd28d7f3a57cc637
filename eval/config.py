"""The evaluation settings (``configs/eval.yaml``) as frozen dataclasses, plus where relative paths point.

Annotations are real types (no ``from __future__ import annotations``) so that
``crosscheck.config.load`` can see which fields are nested sections.
"""

import dataclasses
from pathlib import Path

from pydantic.dataclasses import dataclass

from ..config import STRICT, load

REPO_ROOT = Path(__file__).resolve().parent.parent
"""The repository root (this file lives in <root>/eval/); seed files and a relative data_root hang off it."""


@dataclass(frozen=True, config=STRICT)
class Sampled:
    """One data file (or folder) and how many rows of it to evaluate; ``sample: None`` means all."""

    path: str
    sample: int | None


@dataclass(frozen=True, config=STRICT)
class ModelSettings:
    model: str
    device: str
    batch_size: int
    max_length: int
    int8: bool = False


@dataclass(frozen=True, config=STRICT)
class ReportSettings:
    calibration_bins: int
    top_errors: int
    text_chars: int


@dataclass(frozen=True, config=STRICT)
class SeedsSuite:
    pairs: str
    articles: list
    reference_brief: str


@dataclass(frozen=True, config=STRICT)
class NLISuite:
    """Standard NLI test sets; field order is report order. SICK, ANLI and XNLI are NC: evaluation only."""

    snli_test: Sampled
    mnli_holdout: Sampled
    sick_test: Sampled
    anli_r1: Sampled
    anli_r2: Sampled
    anli_r3: Sampled
    xnli_dev: Sampled


@dataclass(frozen=True, config=STRICT)
class CrossSourceSuite:
    claimdiff_weaken: Sampled
    claimdiff_strengthen: Sampled
    fnc1_bodies: str
    fnc1_stances: str
    fnc1_per_stance: int
    fnc1_max_sentences: int
    neus_disputes: str
    """Hand-judged disputes from NeuS train briefs (repo-relative); the text is read from ``neus_source``."""
    neus_source: str


@dataclass(frozen=True, config=STRICT)
class SummariesSuite:
    source: str
    target: str
    sample: int | None
    faithfulness_clusters: int


@dataclass(frozen=True, config=STRICT)
class ContrastSuite:
    path: str
    target: float


@dataclass(frozen=True, config=STRICT)
class NewsSuite:
    labels: str
    """Hand-labelled cross-outlet pairs of NeuS validation events (repo-relative; seeds/README.md)."""
    source: str
    targets: dict
    unseen_source: str
    """NeuS train events checked without labels, to read every contradiction reported on unseen news."""
    unseen_events: int
    unseen_skip: int
    """Train events before this line are skipped (the first 60 hold the hand-judged seeds/neus_disputes)."""


@dataclass(frozen=True, config=STRICT)
class Suites:
    seeds: SeedsSuite
    nli: NLISuite
    crosssource: CrossSourceSuite
    summaries: SummariesSuite
    contrast: ContrastSuite
    news: NewsSuite


SUITE_NAMES = tuple(f.name for f in dataclasses.fields(Suites))
"""Every suite declared in configs/eval.yaml, including ones without a runner yet."""


@dataclass(frozen=True, config=STRICT)
class CalibrationSettings:
    conjnli_dev: str
    commitmentbank: str
    mnli_dev: str
    cb_entailment_min: float
    cb_contradiction_max: float
    cb_neutral_abs_max: float
    temperature_min: float
    temperature_max: float


@dataclass(frozen=True, config=STRICT)
class EvalConfig:
    data_root: str
    seed: int
    default_suites: list
    model: ModelSettings
    report: ReportSettings
    suites: Suites
    calibration: CalibrationSettings
    targets: dict = dataclasses.field(default_factory=dict)
    """Per suite, each headline metric of the report's first table and its bound (configs/eval.yaml, eval/render.py)."""

    def data_dir(self) -> Path:
        return from_repo(self.data_root)


def from_repo(path: str | Path) -> Path:
    """A config path made absolute: relative paths count from the repository root, not the working directory."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else REPO_ROOT / path


def load_eval_config(path: str | Path = "eval") -> EvalConfig:
    """``configs/eval.yaml`` by default, or any YAML file with the same keys."""
    return load(EvalConfig, path)
