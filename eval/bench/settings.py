"""``configs/bench.yaml`` as frozen dataclasses: every number the benchmark uses lives in the YAML, not the code.

Why there is no ``from __future__ import annotations``: ``crosscheck.config.load`` builds the nested
settings sections from each field's type object, so the annotations must be real types.
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class ClusterSettings:
    neus: str
    basil: str
    basil_share: float
    max_sentences: int


@dataclasses.dataclass(frozen=True)
class ThroughputSettings:
    pairs: int
    repeats: int
    warmup_pairs: int
    nli_batch_size: int
    pipeline_batch_size: int
    target_speedup: float
    """pairs/s of the default ``NLIModel`` over the one-pair fp32 pipeline that the report checks."""


@dataclasses.dataclass(frozen=True)
class QuantizationSettings:
    enabled: bool
    seed_pairs: str
    max_accuracy_drop: float
    snli_sample: int | None
    """SNLI test pairs for the accuracy check: None = all 9,824 (about 2 minutes for both precisions), 0 = skip."""


@dataclasses.dataclass(frozen=True)
class LabelledRecallSettings:
    pairs: str
    articles: list[str]
    distractors: list[int]


@dataclasses.dataclass(frozen=True)
class NewsRecallSettings:
    labels: str
    """Hand-labelled cross-outlet span pairs of NeuS validation events (repository path)."""
    source: str
    """The NeuS validation ``.source`` file the labels' event numbers index (under data_root)."""
    distractors: list[int]


@dataclasses.dataclass(frozen=True)
class BatchSettings:
    source: str
    """NeuS ``.source`` file (under data_root); its first ``events`` lines become the events file."""
    events: int
    rounds: int
    local_threads: int
    ray_concurrency: int
    ray_threads: int


@dataclasses.dataclass(frozen=True)
class QuickSettings:
    sizes: list[int]
    pairs: int
    repeats: int
    snli_sample: int | None
    batch_events: int


@dataclasses.dataclass(frozen=True)
class BenchConfig:
    """``configs/bench.yaml``: every number the benchmark uses."""

    check_config: str
    model: str
    data_root: str
    report: str
    seed: int
    omp_wait_policy: str | None
    """OMP_WAIT_POLICY for the whole run unless the environment sets it; None leaves OpenMP's default (spin first)."""
    sizes: list[int]
    clusters: ClusterSettings
    throughput: ThroughputSettings
    quantization: QuantizationSettings
    labelled_recall: LabelledRecallSettings
    news_recall: NewsRecallSettings
    batch: BatchSettings
    quick: QuickSettings

    def quick_run(self) -> "BenchConfig":
        """The same benchmark at the ``quick`` section's sizes: a smoke run, not numbers to report."""
        q = self.quick
        return dataclasses.replace(
            self,
            sizes=q.sizes,
            throughput=dataclasses.replace(self.throughput, pairs=q.pairs, repeats=q.repeats),
            quantization=dataclasses.replace(self.quantization, snli_sample=q.snli_sample),
            batch=dataclasses.replace(self.batch, events=q.batch_events, rounds=1),
        )
