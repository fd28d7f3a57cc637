"""Every tunable number, read from the YAML files in ``configs/`` into typed dataclasses.

Why dataclasses over a dict: a misspelt key in a user's YAML fails at load time with its
name, instead of silently falling back to a default.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import typing
from pathlib import Path
from typing import Any, TypeVar

import yaml

from .errors import CrosscheckError

CONFIG_DIR = Path(__file__).resolve().parent / "configs"

T = TypeVar("T")


class ConfigError(CrosscheckError):
    """A config file that cannot be read or has unknown keys."""


@dataclasses.dataclass(frozen=True)
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


@dataclasses.dataclass(frozen=True)
class NLIConfig:
    model: str
    device: str
    batch_size: int
    max_length: int
    allow_pickle: bool
    int8: bool = False
    """int8 dynamic quantization of the linear layers, CPU only (see the README's performance section)."""
    threads: int | None = None
    """CPU threads for torch, set by the CLI for the whole process; None keeps torch's default (one per core)."""


@dataclasses.dataclass(frozen=True)
class EmbedderConfig:
    model: str
    batch_size: int
    max_length: int


@dataclasses.dataclass(frozen=True)
class SegmentConfig:
    max_claim_words: int
    min_claim_chars: int
    non_english_warning: float


@dataclasses.dataclass(frozen=True)
class AlignConfig:
    top_k: int
    similarity_floor: float
    max_pairs_per_claim: int
    min_similarity: float


@dataclasses.dataclass(frozen=True)
class RelationConfig:
    entailment: float
    contradiction: float
    paraphrase_similarity: float = 1.0
    """Sentence-embedding cosine at or above which a pair entailed one way is the same fact (equivalent)."""
    paraphrase_entailment: float = 1.0
    """The one-way P(entailment) such a paraphrase needs."""
    apart_below: float = 0.0
    """Two claims scored unrelated and less similar than this never end up in one consensus group."""


@dataclasses.dataclass(frozen=True)
class DisputeConfig:
    """How a contradiction is decided (crosscheck/inference/disputes.py; README "How a contradiction is decided")."""

    veto_entailment: float
    veto_same_text: float
    veto_paraphrase: float
    align_similarity: float
    align_shared_words: int
    model_contradiction: float
    type_confidence: dict[str, float]
    same_happening: float = 1.0
    """Cosine at or above which two claims tell the same happening, so different dates conflict."""
    show_possible: bool = False


@dataclasses.dataclass(frozen=True)
class VerifyConfig:
    entailment: float
    contradiction: float


@dataclasses.dataclass(frozen=True)
class LimitsConfig:
    chunk_chars: int
    max_source_chars: int
    max_total_chars: int


@dataclasses.dataclass(frozen=True)
class BriefConfig:
    backend: str
    abstractive_model: str | None
    max_words: int
    max_agreed: int
    max_disputed: int
    max_only_in: int
    faithfulness: float
    position_weight: float = 0.0
    """How much an early position in the sources counts against centrality when ranking agreed facts."""


@dataclasses.dataclass(frozen=True)
class CacheConfig:
    dir: str | None


@dataclasses.dataclass(frozen=True)
class CheckConfig:
    """Everything ``CrossChecker`` needs; ``configs/default.yaml`` holds the shipped values."""

    nli: NLIConfig
    embedder: EmbedderConfig
    segment: SegmentConfig
    align: AlignConfig
    relations: RelationConfig
    disputes: DisputeConfig
    verify: VerifyConfig
    limits: LimitsConfig
    brief: BriefConfig
    cache: CacheConfig

    @classmethod
    def default(cls) -> CheckConfig:
        return load(cls, "default")

    def replace(self, section: str, **changes: Any) -> CheckConfig:
        """A copy with some keys of one section changed (how the CLI applies its flags)."""
        return dataclasses.replace(self, **{section: dataclasses.replace(getattr(self, section), **changes)})


def _build(cls: type[T], data: dict[str, Any], where: str) -> T:
    """Instantiate a (possibly nested) dataclass, naming unknown or missing keys."""
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    hints = typing.get_type_hints(cls)  # resolves string annotations in the class's own module
    unknown = set(data) - set(fields)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    kwargs: dict[str, Any] = {}
    for name, field in fields.items():
        if name not in data:
            if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
                raise ConfigError(f"{where}: missing key {name}")
            continue
        value = data[name]
        sub = hints[name]
        if isinstance(sub, type) and dataclasses.is_dataclass(sub):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}.{name}: expected a mapping of keys to values")
            value = _build(sub, value, f"{where}.{name}")
        kwargs[name] = value
    return cls(**kwargs)


def load(cls: type[T], path: str | Path) -> T:
    """Read a YAML file into ``cls``; a bare name like ``default`` means ``configs/default.yaml``."""
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
    return _build(cls, data, str(file))


def config_hash(config: Any) -> str:
    """Short stable hash of a config, recorded in reports so results can be traced to settings."""
    blob = json.dumps(dataclasses.asdict(config), sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]
