"""Fine-tune an encoder into a 3-way NLI cross-encoder (the shipped default model).

Run ``python -m crosscheck.models.training.train --config configs/train.yaml``. Training is
``transformers.Trainer`` over a ``datasets.Dataset`` of the recipe's pairs: AdamW with no decay
on biases and LayerNorm, linear warm-up and decay, bf16 autocast where supported, gradient
clipping at 1.0, length-grouped batches. It writes resumable checkpoints to ``run_dir``
(``checkpoint-N``, every ``checkpoint_every`` steps and at each epoch's end) and, after each
epoch, the held-out MNLI accuracy to ``train.log`` and an fp16 safetensors export; the last
epoch's export goes to ``output_dir``. Rerunning the same command resumes.
"""

from __future__ import annotations

import argparse
import logging
import math
import random
import time
from pathlib import Path

import torch
from datasets import Dataset
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    DataCollatorWithPadding,
    PrinterCallback,
    Trainer,
    TrainerCallback,
    TrainingArguments,
    set_seed,
)
from transformers.trainer_utils import get_last_checkpoint
from transformers.utils import is_torch_bf16_available_on_device

from crosscheck.config import TrainConfig, load
from crosscheck.models.loading import resolve
from crosscheck.models.nli import LABELS
from crosscheck.models.training.augment import Augmenter
from crosscheck.models.training.data import (
    CAPTION_CORPORA,
    NLIPair,
    basil_events,
    fever_train_claims,
    mnli_split,
    mrpc_paraphrases,
    neus_train_events,
    pair_key,
    training_pairs,
)
from crosscheck.readers import read_jsonl

log = logging.getLogger("crosscheck.train")


def recipe_pairs(cfg: TrainConfig, root: Path) -> tuple[list[NLIPair], dict[str, int]]:
    """The recipe's training pairs and a count per corpus or transformation (the model card shows it)."""
    pairs, counts = training_pairs(root, cfg.mnli_holdout, cfg.seed, cfg.breaking_nli_max_contradictions)
    if cfg.max_pairs is not None:
        pairs = random.Random(cfg.seed).sample(pairs, cfg.max_pairs)
        counts = {"sampled corpus pairs": len(pairs)}
    if cfg.augment:
        captions = [p.premise for p in pairs if p.origin in CAPTION_CORPORA]
        augmenter = Augmenter([p.premise for p in pairs], cfg.seed, captions)
        augmented = augmenter.generate(cfg.augment_per_kind, cfg.augment_kinds)
        for p in augmented:
            counts[p.origin] = counts.get(p.origin, 0) + 1
        pairs += augmented
    extra: list[NLIPair] = []
    if cfg.fever_claims:
        extra += fever_train_claims(root, cfg.fever_claims, cfg.seed)
    if cfg.mrpc_paraphrases:
        extra += mrpc_paraphrases(root, cfg.mrpc_paraphrases, cfg.seed)
    if cfg.news_kinds:
        extra += news_pairs(cfg, root)
    seen = {pair_key(p.premise, p.hypothesis) for p in pairs}
    for p in extra:
        key = pair_key(p.premise, p.hypothesis)
        if key not in seen:
            seen.add(key)
            pairs.append(p)
            counts[p.origin] = counts.get(p.origin, 0) + 1
    return pairs, counts


def news_pairs(cfg: TrainConfig, root: Path) -> list[NLIPair]:
    """Stage 5's in-domain pairs: augment.py transformations of NeuS *train* and BASIL sentences.

    Each event's sentences (all outlets together) are one group for ``same_event``. NeuS lines
    listed in ``news_holdout`` are skipped, so the hand-judged NeuS train disputes stay unseen.
    The validation file is never read.
    """
    skip: set[int] = set()
    if cfg.news_holdout:
        skip = {row["event"] for row in read_jsonl(Path(cfg.news_holdout))}
    events = [[s for outlet in event for s in outlet] for event in neus_train_events(root, skip) + basil_events(root)]
    augmenter = Augmenter([s for event in events for s in dict.fromkeys(event)], cfg.seed, events=events)
    out: list[NLIPair] = []
    for kind, n in (cfg.news_kinds or {}).items():
        out += augmenter.generate(n, [kind], prefix="news")
    return out


def pairs_dataset(pairs: list[NLIPair]) -> Dataset:
    """The pairs as a ``datasets.Dataset``: premise, hypothesis, origin and ``labels`` (an index into LABELS)."""
    return Dataset.from_dict(
        {
            "premise": [p.premise for p in pairs],
            "hypothesis": [p.hypothesis for p in pairs],
            "origin": [p.origin for p in pairs],
            "labels": [LABELS.index(p.label) for p in pairs],
        }
    )


def tokenized(dataset: Dataset, tokenizer, max_length: int) -> Dataset:
    """Token ids per pair, unpadded: ``DataCollatorWithPadding`` pads each batch to its longest pair."""
    return dataset.map(
        lambda batch: tokenizer(batch["premise"], batch["hypothesis"], truncation=True, max_length=max_length),
        batched=True,
        remove_columns=["premise", "hypothesis", "origin"],
    )


def encode(tokenizer, batch: list[NLIPair], max_length: int):
    """Premise/hypothesis pairs as one dynamically padded tensor batch."""
    return tokenizer(
        [p.premise for p in batch],
        [p.hypothesis for p in batch],
        truncation=True,
        max_length=max_length,
        padding=True,
        return_tensors="pt",
    )


def _accuracy(model, tokenizer, pairs: list[NLIPair], cfg: TrainConfig) -> float:
    was_training = model.training
    model.eval()
    correct = 0
    device = next(model.parameters()).device
    with torch.inference_mode(), torch.autocast(device.type, dtype=torch.bfloat16, enabled=cfg.bf16):
        for i in range(0, len(pairs), 64):
            batch = pairs[i : i + 64]
            enc = encode(tokenizer, batch, cfg.max_length).to(device)
            pred = model(**enc).logits.argmax(-1).tolist()
            correct += sum(LABELS[j] == p.label for j, p in zip(pred, batch))
    model.train(was_training)
    return correct / len(pairs)


def export(model, tokenizer, folder: Path) -> None:
    """Save an fp16 safetensors copy; the fp32 master weights stay in the checkpoint."""
    folder.mkdir(parents=True, exist_ok=True)
    half = AutoModelForSequenceClassification.from_config(model.config)
    half.load_state_dict(model.state_dict())
    half.half().save_pretrained(folder, safe_serialization=True)
    tokenizer.save_pretrained(folder)


class _EpochEnd(TrainerCallback):
    """What the Trainer does not do itself: per-epoch checkpoint, held-out accuracy and export; our log lines."""

    def __init__(self, cfg: TrainConfig, tokenizer, dev: list[NLIPair]) -> None:
        self.cfg, self.tokenizer, self.dev = cfg, tokenizer, dev
        self.started = time.time()
        self.first_step = 0

    def on_train_begin(self, args, state, control, **kwargs):
        self.started, self.first_step = time.time(), state.global_step
        if state.global_step:
            log.info("resumed at step %d of %d", state.global_step, state.max_steps)

    def on_log(self, args, state, control, logs=None, **kwargs):
        if logs and "loss" in logs:
            rate = (time.time() - self.started) / max(1, state.global_step - self.first_step)
            log.info(
                "epoch %.2f step %d/%d loss %.4f lr %.2e %.2fs/step",
                logs.get("epoch", state.epoch or 0.0),
                state.global_step,
                state.max_steps,
                logs["loss"],
                logs.get("learning_rate", 0.0),
                rate,
            )

    def on_epoch_end(self, args, state, control, model=None, **kwargs):
        epoch = round(state.epoch or 0)
        accuracy = _accuracy(model, self.tokenizer, self.dev, self.cfg)
        log.info("epoch %d done: held-out MNLI (first 1000) accuracy %.4f", epoch - 1, accuracy)
        export(model, self.tokenizer, Path(self.cfg.run_dir) / f"epoch{epoch}")
        control.should_save = True  # a checkpoint at each epoch's end, as well as every checkpoint_every steps
        return control


def training_arguments(cfg: TrainConfig, n_pairs: int) -> TrainingArguments:
    """The recipe's settings as TrainingArguments (``threads`` is the CLI's, not the Trainer's)."""
    total = math.ceil(n_pairs / cfg.batch_size) * cfg.epochs
    use_cpu = not torch.cuda.is_available()
    bf16 = cfg.bf16 and is_torch_bf16_available_on_device("cpu" if use_cpu else "cuda")
    if cfg.bf16 and not bf16:
        log.warning("bf16 asked for but not supported here: training in fp32")
    return TrainingArguments(
        output_dir=cfg.run_dir,
        num_train_epochs=cfg.epochs,
        per_device_train_batch_size=cfg.batch_size,
        learning_rate=cfg.learning_rate,
        weight_decay=cfg.weight_decay,  # the Trainer leaves biases and LayerNorm weights undecayed
        lr_scheduler_type="linear",
        # Rounded down as the recipes were tuned with (the Trainer's own warmup ratio rounds up).
        warmup_steps=int(cfg.warmup_ratio * total),
        max_grad_norm=1.0,
        bf16=bf16,
        use_cpu=use_cpu,
        seed=cfg.seed,
        data_seed=cfg.seed,
        # Shuffled, then sorted by token length within windows of 50 batches (a quarter of the set when that is
        # smaller); unlike the old hand loop, a window's batches stay together, longest first, not reshuffled.
        train_sampling_strategy="group_by_length",
        save_strategy="steps",
        save_steps=cfg.checkpoint_every,
        save_total_limit=2,
        logging_strategy="steps",
        logging_steps=cfg.log_every,
        eval_strategy="no",
        report_to="none",
        disable_tqdm=True,
        dataloader_pin_memory=False,
    )


def train(cfg: TrainConfig) -> None:
    run_dir = Path(cfg.run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(message)s",
        handlers=[logging.FileHandler(run_dir / "train.log"), logging.StreamHandler()],
    )
    root = Path(cfg.data_root)
    pairs, counts = recipe_pairs(cfg, root)
    log.info("training pairs: %d %s", len(pairs), counts)
    fit(cfg, pairs, mnli_split(root, cfg.mnli_holdout, cfg.seed)[1][:1000])


def fit(cfg: TrainConfig, pairs: list[NLIPair], dev: list[NLIPair]) -> Trainer:
    """Train ``cfg.base_model`` on ``pairs`` (resuming from ``run_dir``'s last checkpoint), export it.

    ``dev``: pairs whose accuracy is logged after each epoch (the held-out MNLI pairs).
    """
    set_seed(cfg.seed)
    base = resolve(cfg.base_model)
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base,
        num_labels=3,
        id2label=dict(enumerate(LABELS)),
        label2id={lab: i for i, lab in enumerate(LABELS)},
        use_safetensors=True,
        dtype=torch.float32,  # fp32 master weights even when the base is an fp16 export (stage 2)
    )
    trainer = Trainer(
        model=model,
        args=training_arguments(cfg, len(pairs)),
        train_dataset=tokenized(pairs_dataset(pairs), tokenizer, cfg.max_length),
        data_collator=DataCollatorWithPadding(tokenizer),
        processing_class=tokenizer,
        callbacks=[_EpochEnd(cfg, tokenizer, dev)],
    )
    trainer.remove_callback(PrinterCallback)  # _EpochEnd logs each step's line to train.log instead
    trainer.train(resume_from_checkpoint=get_last_checkpoint(cfg.run_dir) if Path(cfg.run_dir).is_dir() else None)
    export(trainer.model, tokenizer, Path(cfg.output_dir))
    log.info("exported %s", cfg.output_dir)
    return trainer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="configs/train.yaml")
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: all cores)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    train(load(TrainConfig, args.config))


if __name__ == "__main__":
    main()
