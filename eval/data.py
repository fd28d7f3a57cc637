"""Labelled evaluation data as Hugging Face ``datasets``, each read from a local file and fingerprinted.

Why every loader goes through ``DataFiles.require``: a missing file must fail with its
path (so one absent corpus turns into one clear error line in the report), and every
file read is hashed so report.json says exactly which bytes produced its numbers.
Every NLI loader returns the columns ``premise``, ``hypothesis`` and ``label`` (an index
into ``LABELS``), plus any columns the suite needs for its report.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from pathlib import Path

from datasets import Dataset, concatenate_datasets, load_dataset

from ..config import TrainConfig, load
from ..errors import CrosscheckError
from ..models.nli import LABELS
from ..models.training.data import mnli_calibration, mnli_split, snli_test, to_label
from ..readers import read_jsonl
from .config import REPO_ROOT, CalibrationSettings, from_repo

LABEL_ID = {name: i for i, name in enumerate(LABELS)}
ENTAILMENT, NEUTRAL, CONTRADICTION = (LABEL_ID[name] for name in ("entailment", "neutral", "contradiction"))
"""Label ids (columns of the model's probabilities) by name, for suites that test one label."""
FNC1_STANCES = ("agree", "disagree", "discuss", "unrelated")
FNC1_TO_NLI = {"agree": "entailment", "disagree": "contradiction", "discuss": "neutral", "unrelated": "neutral"}


class MissingDataError(CrosscheckError):
    """A data file that a suite needs is not there; the message names the path."""


class DataFiles:
    """Resolves data paths and records the sha256 of every file read, for report.json."""

    def __init__(self, data_root: Path) -> None:
        self.data_root = data_root.resolve()
        self.hashes: dict[str, str] = {}

    def require(self, path: str | Path) -> Path:
        """An existing file or folder (relative paths count from the data root), hashed on first use."""
        full = Path(path) if Path(path).is_absolute() else self.data_root / path
        if not full.exists():
            raise MissingDataError(f"missing data file {full}")
        for file in sorted(full.rglob("*")) if full.is_dir() else [full]:
            if file.is_file():
                self.hashes.setdefault(self._key(file), sha256_file(file))
        return full

    def _key(self, file: Path) -> str:
        file = file.resolve()
        for base, prefix in ((self.data_root, "data/"), (REPO_ROOT, "")):
            if file.is_relative_to(base):
                return prefix + file.relative_to(base).as_posix()
        return str(file)


def sha256_file(file: Path) -> str:
    digest = hashlib.sha256()
    with file.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def subset(ds: Dataset, sample: int | None, limit: int | None, seed: int) -> Dataset:
    """A seeded random subset of at most ``sample`` rows, then at most ``limit`` (the same rows, cut shorter)."""
    size = min([len(ds)] + [cap for cap in (sample, limit) if cap is not None])
    if size == len(ds):
        return ds
    return ds.shuffle(seed=seed).select(range(size))


def _nli_rows(ds: Dataset, premise: str, hypothesis: str, label: str) -> Dataset:
    """Rename to premise/hypothesis/label ids; rows whose label has no 3-way meaning (SNLI '-') are dropped."""
    ds = ds.filter(lambda row: to_label(str(row[label] or "")) is not None and row[premise] and row[hypothesis])
    return ds.map(
        lambda row: {
            "premise": str(row[premise]).strip(),
            "hypothesis": str(row[hypothesis]).strip(),
            "label": LABEL_ID[to_label(str(row[label])) or ""],  # rows without a 3-way label were filtered out
        },
        remove_columns=ds.column_names,
    )


def _tsv(path: Path, **kwargs: object) -> Dataset:
    return load_dataset("csv", data_files=str(path), delimiter="\t", quoting=csv.QUOTE_NONE, split="train", **kwargs)


def _from_pairs(pairs: list) -> Dataset:
    return Dataset.from_list(
        [{"premise": p.premise, "hypothesis": p.hypothesis, "label": LABEL_ID[p.label]} for p in pairs]
    )


# ---- seeds (repo files) -------------------------------------------------------------------------------------


def seed_pairs(files: DataFiles, path: str) -> Dataset:
    """The hand-labelled seed pairs, with id, note and sources kept for the misclassification list."""
    rows = read_jsonl(files.require(from_repo(path)))
    return Dataset.from_list([{**row, "label": LABEL_ID[row["label"]]} for row in rows])


# ---- nli suite ----------------------------------------------------------------------------------------------


def snli_test_set(files: DataFiles, path: str) -> Dataset:
    """SNLI test through the training reader (which reads ``path`` under the data root), so both agree on it."""
    files.require(path)
    return _from_pairs(snli_test(files.data_root))


def mnli_holdout_set(files: DataFiles, path: str) -> Dataset:
    """Exactly the MNLI dev-matched pairs that training held out: same reader, same holdout and seed."""
    files.require(path)
    train = load(TrainConfig, "train")
    return _from_pairs(mnli_split(files.data_root, train.mnli_holdout, train.seed)[1])


def sick_test_set(files: DataFiles, path: str) -> Dataset:
    ds = _tsv(files.require(path))
    ds = ds.filter(lambda row: str(row["SemEval_set"]).strip() == "TEST")
    return _nli_rows(ds, "sentence_A", "sentence_B", "entailment_label")


def anli_set(files: DataFiles, path: str) -> Dataset:
    ds = load_dataset("csv", data_files=str(files.require(path)), split="train")
    return _nli_rows(ds, "context", "statement", "gold_label")


def xnli_set(files: DataFiles, path: str) -> Dataset:
    ds = _tsv(files.require(path), column_names=["premise", "hypothesis", "gold"])
    return _nli_rows(ds, "premise", "hypothesis", "gold")


NLI_LOADERS: dict[str, Callable[[DataFiles, str], Dataset]] = {
    "snli_test": snli_test_set,
    "mnli_holdout": mnli_holdout_set,
    "sick_test": sick_test_set,
    "anli_r1": anli_set,
    "anli_r2": anli_set,
    "anli_r3": anli_set,
    "xnli_dev": xnli_set,
}


# ---- crosssource suite --------------------------------------------------------------------------------------


def claimdiff(files: DataFiles, path: str) -> Dataset:
    """ClaimDiff pairs: claim_a, claim_b and relation (1 = claim_b weakens / strengthens claim_a)."""
    ds = load_dataset("json", data_files=str(files.require(path)), field="data", split="train")
    return ds.select_columns(["pair_id", "claim_a", "claim_b", "relation"])


def fnc1(files: DataFiles, bodies: str, stances: str, per_stance: int, seed: int) -> Dataset:
    """A stance-balanced FNC-1 sample: headline, body, stance name and its NLI label id, shuffled."""
    body_rows = load_dataset("csv", data_files=str(files.require(bodies)), split="train")
    body_text = dict(zip(body_rows["Body ID"], body_rows["articleBody"]))
    ds = load_dataset("csv", data_files=str(files.require(stances)), split="train")
    parts = []
    for code in range(len(FNC1_STANCES)):
        rows = ds.filter(lambda row, code=code: row["Stance"] == code)
        parts.append(rows.shuffle(seed=seed).select(range(min(per_stance, len(rows)))))
    sample = concatenate_datasets(parts).shuffle(seed=seed)
    return sample.map(
        lambda row: {
            "headline": row["Headline"],
            "body_id": row["Body_ID"],
            "body": body_text[row["Body_ID"]],
            "stance": FNC1_STANCES[row["Stance"]],
            "label": LABEL_ID[FNC1_TO_NLI[FNC1_STANCES[row["Stance"]]]],
        },
        remove_columns=sample.column_names,
    )


# ---- calibration --------------------------------------------------------------------------------------------


def calibration_set(files: DataFiles, settings: CalibrationSettings) -> Dataset:
    """ConjNLI conj_dev, CommitmentBank items whose mean rating is clearly E, N or C, and the MNLI
    dev-matched pairs that neither training nor the held-out test uses (see configs/eval.yaml).

    All are human-labelled and absent from training. MNLI is there because the first two alone are
    adversarial and out of domain: fitted on them only, the temperature (7.6) flattened in-domain scores.
    """
    conj = _nli_rows(_tsv(files.require(settings.conjnli_dev), encoding="utf-8-sig"), "Premise", "Hypothesis", "Label")
    cb = load_dataset("csv", data_files=str(files.require(settings.commitmentbank)), split="train")

    def cb_label(mean: float) -> str:
        if mean >= settings.cb_entailment_min:
            return "entailment"
        if mean <= settings.cb_contradiction_max:
            return "contradiction"
        return "neutral" if abs(mean) <= settings.cb_neutral_abs_max else "-"

    cb = cb.map(
        lambda row: {"premise": f"{row['Context'] or ''} {row['Target']}".strip(), "gold": cb_label(row["Mean"])}
    )
    train = load(TrainConfig, REPO_ROOT / "configs" / "train.yaml")
    files.require(settings.mnli_dev)
    mnli = _from_pairs(mnli_calibration(files.data_root, train.mnli_holdout, train.seed))
    return concatenate_datasets([conj, _nli_rows(cb, "premise", "Prompt", "gold"), mnli])
