"""Training plumbing: the Trainer path runs, checkpoints, exports and resumes (tiny random model, no quality claim)."""

from __future__ import annotations

import json
import logging

from conftest import build_tiny_nli

from crosscheck.config import TrainConfig
from crosscheck.models.training.data import NLIPair
from crosscheck.models.training.train import fit, pairs_dataset

PAIRS = [
    NLIPair("The vote was held on Monday.", "The vote was held.", "entailment", "test"),
    NLIPair("The vote was held on Monday.", "The vote was held on Friday.", "contradiction", "test"),
    NLIPair("Three people were injured in the storm.", "The storm hit a town.", "neutral", "test"),
    NLIPair("Three people were injured in the storm.", "Nobody was injured in the storm.", "contradiction", "test"),
    NLIPair("The minister resigned after the report.", "The minister resigned.", "entailment", "test"),
    NLIPair("The minister resigned after the report.", "The minister was praised.", "neutral", "test"),
    NLIPair("Prices rose by 3 percent in May.", "Prices rose in May.", "entailment", "test"),
    NLIPair("Prices rose by 3 percent in May.", "Prices fell in May.", "contradiction", "test"),
]


def _config(tmp_path, base, epochs: int) -> TrainConfig:
    return TrainConfig(
        base_model=str(base),
        data_root=str(tmp_path / "no-data"),
        output_dir=str(tmp_path / "export"),
        run_dir=str(tmp_path / "run"),
        seed=13,
        epochs=epochs,
        batch_size=4,
        max_length=32,
        learning_rate=1e-3,
        weight_decay=0.01,
        warmup_ratio=0.25,
        bf16=False,
        checkpoint_every=1,
        log_every=1,
        mnli_holdout=0,
        breaking_nli_max_contradictions=0,
        augment=False,
        augment_per_kind=0,
    )


def test_pairs_dataset_has_label_indices_in_labels_order():
    ds = pairs_dataset(PAIRS[:3])
    assert ds.column_names == ["premise", "hypothesis", "origin", "labels"]
    assert ds["labels"] == [0, 2, 1]  # entailment, contradiction, neutral in models.nli.LABELS order


def test_trainer_checkpoints_exports_and_resumes(tmp_path, caplog):
    base = build_tiny_nli(tmp_path / "tiny", {0: "contradiction", 1: "entailment", 2: "neutral"})
    with caplog.at_level(logging.INFO, logger="crosscheck.train"):
        trainer = fit(_config(tmp_path, base, epochs=1), PAIRS, PAIRS[:4])
    run = tmp_path / "run"
    assert trainer.state.global_step == 2  # 8 pairs, batches of 4
    assert (run / "checkpoint-2" / "trainer_state.json").is_file()
    assert (run / "epoch1" / "model.safetensors").is_file()
    export = tmp_path / "export"
    assert (export / "model.safetensors").is_file() and (export / "tokenizer.json").is_file()
    config = json.loads((export / "config.json").read_text())
    assert config["id2label"] == {"0": "entailment", "1": "neutral", "2": "contradiction"}
    assert config["dtype"] == "float16"
    assert "held-out MNLI (first 1000) accuracy" in caplog.text

    caplog.clear()
    with caplog.at_level(logging.INFO, logger="crosscheck.train"):
        resumed = fit(_config(tmp_path, base, epochs=2), PAIRS, PAIRS[:4])
    assert "resumed at step 2" in caplog.text
    assert resumed.state.global_step == 4
    assert (run / "checkpoint-4").is_dir() and (run / "epoch2" / "model.safetensors").is_file()
