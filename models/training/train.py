"""Fine-tune an encoder into a 3-way NLI cross-encoder (the shipped default model).

Run ``python -m crosscheck.models.training.train --config configs/train.yaml``. It writes
resumable checkpoints to ``run_dir`` and, after each epoch, an fp16 safetensors export;
the last epoch's export goes to ``output_dir``. Rerunning the same command resumes.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import time
from pathlib import Path

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

from crosscheck.config import TrainConfig, load
from crosscheck.models.loading import resolve
from crosscheck.models.training.augment import Augmenter
from crosscheck.models.training.data import (
    CAPTION_CORPORA,
    LABELS,
    NLIPair,
    basil_events,
    fever_train_claims,
    mnli_split,
    mrpc_paraphrases,
    neus_train_events,
    pair_key,
    training_pairs,
)

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
        with Path(cfg.news_holdout).open(encoding="utf-8") as fh:
            skip = {json.loads(line)["event"] for line in fh if line.strip()}
    events = [[s for outlet in event for s in outlet] for event in neus_train_events(root, skip) + basil_events(root)]
    augmenter = Augmenter([s for event in events for s in dict.fromkeys(event)], cfg.seed, events=events)
    out: list[NLIPair] = []
    for kind, n in (cfg.news_kinds or {}).items():
        out += augmenter.generate(n, [kind], prefix="news")
    return out


def length_bucketed_batches(pairs: list[NLIPair], batch_size: int, rng: random.Random) -> list[list[NLIPair]]:
    """Shuffle, sort within windows of 50 batches by length, then shuffle the batches.

    Why: dynamic padding only pays off when a batch holds similar lengths; the windows keep
    enough randomness that batches still mix corpora and labels.
    """
    order = list(pairs)
    rng.shuffle(order)
    window = batch_size * 50
    batches: list[list[NLIPair]] = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start : start + window], key=lambda p: len(p.premise) + len(p.hypothesis))
        batches.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


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
    model.eval()
    correct = 0
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=cfg.bf16):
        for i in range(0, len(pairs), 64):
            batch = pairs[i : i + 64]
            enc = encode(tokenizer, batch, cfg.max_length)
            pred = model(**enc).logits.argmax(-1).tolist()
            correct += sum(LABELS[j] == p.label for j, p in zip(pred, batch))
    model.train()
    return correct / len(pairs)


def export(model, tokenizer, folder: Path) -> None:
    """Save an fp16 safetensors copy; the fp32 master weights stay in the checkpoint."""
    folder.mkdir(parents=True, exist_ok=True)
    half = AutoModelForSequenceClassification.from_config(model.config)
    half.load_state_dict(model.state_dict())
    half.half().save_pretrained(folder, safe_serialization=True)
    tokenizer.save_pretrained(folder)


def train(cfg: TrainConfig) -> None:
    run_dir = Path(cfg.run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(message)s",
        handlers=[logging.FileHandler(run_dir / "train.log"), logging.StreamHandler()],
    )
    torch.manual_seed(cfg.seed)
    root = Path(cfg.data_root)
    pairs, counts = recipe_pairs(cfg, root)
    log.info("training pairs: %d %s", len(pairs), counts)
    dev = mnli_split(root, cfg.mnli_holdout, cfg.seed)[1][:1000]

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
    steps_per_epoch = math.ceil(len(pairs) / cfg.batch_size)
    total = steps_per_epoch * cfg.epochs
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {
            "params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)],
            "weight_decay": cfg.weight_decay,
        },
        {"params": [p for n, p in model.named_parameters() if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=cfg.learning_rate)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(cfg.warmup_ratio * total), total)
    step = 0
    ckpt = run_dir / "checkpoint.pt"
    if ckpt.exists():
        state = torch.load(ckpt, weights_only=True)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        step = state["step"]
        log.info("resumed at step %d of %d", step, total)

    model.train()
    started, first_step = time.time(), step
    for epoch in range(step // steps_per_epoch, cfg.epochs):
        batches = length_bucketed_batches(pairs, cfg.batch_size, random.Random(cfg.seed + epoch))
        for i, batch in enumerate(batches):
            if epoch * steps_per_epoch + i < step:
                continue
            enc = encode(tokenizer, batch, cfg.max_length)
            labels = torch.tensor([LABELS.index(p.label) for p in batch])
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=cfg.bf16):
                loss = model(**enc, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            if step % cfg.log_every == 0:
                rate = (time.time() - started) / max(1, step - first_step)
                log.info(
                    "epoch %d step %d/%d loss %.4f lr %.2e %.2fs/step",
                    epoch,
                    step,
                    total,
                    loss.item(),
                    scheduler.get_last_lr()[0],
                    rate,
                )
            if step % cfg.checkpoint_every == 0:
                _save(ckpt, model, optimizer, scheduler, step)
        _save(ckpt, model, optimizer, scheduler, step)
        log.info(
            "epoch %d done: held-out MNLI (first 1000) accuracy %.4f", epoch, _accuracy(model, tokenizer, dev, cfg)
        )
        export(model, tokenizer, run_dir / f"epoch{epoch + 1}")
    export(model, tokenizer, Path(cfg.output_dir))
    log.info("exported %s", cfg.output_dir)


def _save(path: Path, model, optimizer, scheduler, step: int) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(
        {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict(),
            "step": step,
        },
        tmp,
    )
    tmp.replace(path)


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
