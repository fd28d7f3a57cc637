"""Fit the NLI model's temperature on held-out human-labelled pairs and store it in the model folder.

Why temperature scaling: one scalar T (probabilities = softmax(logits / T)) fixes most
over- or under-confidence of a fine-tuned classifier without changing any prediction, and
the checker's thresholds (configs/default.yaml) read probabilities. T is fitted by
minimising the negative log-likelihood (scikit-learn's log_loss) with a bounded scalar search.

Development data: ConjNLI conj_dev (623 pairs, human-labelled) plus the CommitmentBank items
whose mean speaker-commitment rating is clearly positive, negative or near zero
(thresholds in configs/eval.yaml; about 600 items). Neither is read by training
(models/training/data.py), unlike the LingNLI val rounds, HealthVer or FeverSymmetric.

Run: ``python -m crosscheck.eval.calibrate --model models/nli-minilm`` (add ``--dry-run`` to only print).
``NLIModel`` already divides its logits by ``crosscheck_temperature`` from config.json.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.metrics import log_loss

from ..io import atomic_write
from ..models.loading import SHIPPED_NLI
from ..models.nli import LABELS, NLIModel
from .config import EvalConfig, load_eval_config
from .data import DataFiles, calibration_set, subset
from .scoring import calibration, log_probs_t1, with_temperature

TEMPERATURE_KEY = "crosscheck_temperature"


def nll(log_probs: np.ndarray, gold: list[int], temperature: float) -> float:
    return float(log_loss(gold, with_temperature(log_probs, temperature), labels=list(range(len(LABELS)))))


def fit_temperature(log_probs: np.ndarray, gold: list[int], low: float, high: float) -> float:
    """The T in [low, high] that minimises the NLL of softmax(log_probs / T)."""
    found = minimize_scalar(lambda t: nll(log_probs, gold, t), bounds=(low, high), method="bounded")
    return float(found.x)


def calibrate(model_path: str | Path, config: EvalConfig, *, limit: int | None = None, write: bool = True) -> dict:
    """Fit T for the model folder ``model_path``; with ``write``, store it in its config.json as crosscheck_temperature.

    Returns the fitted T with the NLL and ECE before (T=1) and after, for the model card.
    """
    folder = Path(model_path)
    files = DataFiles(config.data_dir())
    ds = subset(calibration_set(files, config.calibration), None, limit, config.seed)
    model = NLIModel.from_pretrained(
        folder, device=config.model.device, batch_size=config.model.batch_size, max_length=config.model.max_length
    )
    log_probs = log_probs_t1(model, list(zip(ds["premise"], ds["hypothesis"])))
    gold = ds["label"]
    settings = config.calibration
    temperature = fit_temperature(log_probs, gold, settings.temperature_min, settings.temperature_max)
    bins = config.report.calibration_bins
    result = {
        "model": str(folder),
        "n": len(gold),
        "previous_temperature": model.temperature,
        "temperature": round(temperature, 4),
        "nll_before": nll(log_probs, gold, 1.0),
        "nll_after": nll(log_probs, gold, temperature),
        "ece_before": calibration(gold, with_temperature(log_probs, 1.0), bins)["ece"],
        "ece_after": calibration(gold, with_temperature(log_probs, temperature), bins)["ece"],
        "data_files": files.hashes,
        "written": write,
    }
    if write:
        config_file = folder / "config.json"
        data = json.loads(config_file.read_text(encoding="utf-8"))
        data[TEMPERATURE_KEY] = result["temperature"]
        atomic_write(config_file, json.dumps(data, indent=2, sort_keys=True) + "\n")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crosscheck.eval.calibrate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=str(SHIPPED_NLI), help=f"model folder (default: {SHIPPED_NLI})")
    parser.add_argument("--config", default="eval", help="evaluation config (default: configs/eval.yaml)")
    parser.add_argument("--limit", type=int, help="at most N development pairs, for a quick check")
    parser.add_argument("--dry-run", action="store_true", help="print the fitted temperature; leave config.json alone")
    args = parser.parse_args(argv)
    result = calibrate(args.model, load_eval_config(args.config), limit=args.limit, write=not args.dry_run)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
