"""The shipped model's card (models/nli-minilm/README.md), regenerated from an evaluation report.

Why generated: a card written by hand drifts from the model. ``crosscheck eval`` rewrites it
whenever it evaluates the shipped model on full data, from report.json plus the benchmark
and ablation results when they exist, and the training recipe in configs/train.yaml.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from ..config import TrainConfig, load
from ..inference.render import jinja_environment
from ..io import atomic_write
from ..models.loading import SHIPPED_NLI
from .config import REPO_ROOT

_TEXT = jinja_environment(Path(__file__).resolve().parent / "templates", html=False)

TRAIN_CONFIG = REPO_ROOT / "configs" / "train.yaml"
STAGE2_CONFIG = REPO_ROOT / "configs" / "train_stage2.yaml"
"""A second, shorter run that continues from stage 1, where the recipe has one."""
STAGE3_CONFIG = REPO_ROOT / "configs" / "train_stage3.yaml"
"""A short third run on a sample of the pairs plus the identity and conjunct controls, where the recipe has one."""
STAGE4_CONFIG = REPO_ROOT / "configs" / "train_stage4.yaml"
"""The stage-3 recipe run again from stage 3 with the off-topic neutrals added, where the recipe has one."""
BENCH = REPO_ROOT / "eval" / "reports" / "bench.json"
ABLATION = REPO_ROOT / "eval" / "reports" / "ablation.json"


def _dig(data: Any, *keys: str) -> Any:
    """data[k1][k2]..., or None where a suite failed or did not run."""
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def training_counts(cfg: TrainConfig) -> dict[str, int]:
    """Pairs per corpus and per augmentation kind, recomputed with the recipe's own (seeded) code."""
    from ..models.training.train import recipe_pairs

    root = Path(cfg.data_root)
    return recipe_pairs(cfg, root if root.is_absolute() else REPO_ROOT / root)[1]


def _optional(path: Path) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def bench_summary(bench: dict | None) -> str:
    """NLI throughput rows from eval/reports/bench.json as a Markdown table (``crosscheck bench``)."""
    if not bench:
        return ""
    lines = ["| variant | precision | pairs/s | vs one-pair pipeline |", "|---|---|---:|---:|"]
    for row in bench["throughput"]["rows"]:
        lines.append(
            f"| {row['variant']} | {row['precision']} | {row['pairs_per_s']:.1f} | {row['speedup_vs_naive']:.2f}x |"
        )
    return (
        "\n".join(lines) + "\n\nMeasured by `crosscheck bench` on 2 CPU cores, same pairs and checkpoint for every row."
    )


def render_card(report: dict) -> str:
    cfg = load(TrainConfig, TRAIN_CONFIG)
    stage2 = dataclasses.asdict(load(TrainConfig, STAGE2_CONFIG)) if STAGE2_CONFIG.is_file() else None
    stage3 = dataclasses.asdict(load(TrainConfig, STAGE3_CONFIG)) if STAGE3_CONFIG.is_file() else None
    stage4 = load(TrainConfig, STAGE4_CONFIG) if STAGE4_CONFIG.is_file() else None
    suites = report["suites"]
    return _TEXT.get_template("model_card.md.j2").render(
        r=report,
        cfg=dataclasses.asdict(cfg),
        stage2=stage2,
        stage3=stage3,
        stage4=dataclasses.asdict(stage4) if stage4 else None,
        stage4_counts=training_counts(stage4) if stage4 else None,
        counts=training_counts(cfg),
        nli=_dig(suites, "nli", "datasets") or {},
        seeds=_dig(suites, "seeds", "datasets", "seed_pairs") or {},
        contrast=_dig(suites, "contrast", "datasets", "contrast_suite") or {},
        cross=_dig(suites, "crosssource", "datasets") or {},
        bench=_optional(BENCH),
        bench_summary=bench_summary(_optional(BENCH)),
        ablation=_optional(ABLATION),
        minutes=max(1, round(sum(s.get("seconds", 0) for s in suites.values()) / 60)),
        dig=_dig,
    )


def write_model_card(report: dict, folder: Path = SHIPPED_NLI) -> Path:
    return atomic_write(folder / "README.md", render_card(report))
