"""Training and held-out NLI pairs read from ``../shared/data``.

Why one loader per corpus (a function that yields its pairs): each set ships in its own format
and label vocabulary, and DATA.md's "use" column decides what may be trained on. The JSON Lines
and NeuS formats are read by ``crosscheck.readers``, which the eval shares. Sets marked NC
(SICK, ANLI, XNLI, ConTRoL) and test splits are never read here; the evaluation
harness reads those.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import random
import re
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from ...inference.segment import segmenter
from ...readers import parse_event, read_jsonl

# Corpora whose premises describe a photo: their annotators read two unrelated scenes as a contradiction.
CAPTION_CORPORA = frozenset({"SNLI-dev", "CAD-SNLI", "MPE", "BreakingNLI"})

_LABEL_MAP = {
    "entailment": "entailment",
    "neutral": "neutral",
    "contradiction": "contradiction",
    "supports": "entailment",
    "refutes": "contradiction",
    "not_enough_info": "neutral",
    "e": "entailment",
    "n": "neutral",
    "c": "contradiction",
}


@dataclass(frozen=True)
class NLIPair:
    premise: str
    hypothesis: str
    label: str
    origin: str


def to_label(raw: str) -> str | None:
    """Map a corpus label to the 3-way vocabulary, or None for unusable rows ('-', 2-way)."""
    return _LABEL_MAP.get(raw.strip().lower())


def normalise(text: str) -> str:
    """Key for deduplication: case, spacing and the tokenised punctuation of e-SNLI/FEVER ignored."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def pair_key(premise: str, hypothesis: str) -> tuple[str, str]:
    return normalise(premise), normalise(hypothesis)


def _tsv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)


def _make(premise: str | None, hypothesis: str | None, raw_label: str | None, origin: str) -> NLIPair | None:
    """One pair, or None for a row that is malformed or whose label has no 3-way meaning."""
    label = to_label(raw_label or "")
    if label is None or not premise or not hypothesis or not premise.strip() or not hypothesis.strip():
        return None
    return NLIPair(premise.strip(), hypothesis.strip(), label, origin)


def _lingnli(root: Path) -> Iterator[NLIPair | None]:
    for path in sorted((root / "nli/LingNLI").glob("*.jsonl")):
        if "_train_round" in path.name or "_val_round" in path.name:
            for row in read_jsonl(path):
                yield _make(row["premise"], row["hypothesis"], row["label"], "LingNLI")


def _snli_dev(root: Path) -> Iterator[NLIPair | None]:
    for row in read_jsonl(root / "nli/MNLI_SNLI_compact/data_snli_dev.jsonl"):
        yield _make(row["premise"], row["hypothesis"], row["label"], "SNLI-dev")


def _taxinli(root: Path) -> Iterator[NLIPair | None]:
    for row in _tsv(root / "nli/TaxiNLI/taxinli10k.tsv"):
        yield _make(row["prem"], row["hyp"], row["label"], "TaxiNLI")


def _cad_snli(root: Path) -> Iterator[NLIPair | None]:
    for split in ("train", "dev"):
        for row in _tsv(root / f"nli/CAD_SNLI/NLI_all_combined_{split}.tsv"):
            yield _make(row["sentence1"], row["sentence2"], row["gold_label"], "CAD-SNLI")


def _mpe(root: Path) -> Iterator[NLIPair | None]:
    for split in ("train", "dev"):
        for row in _tsv(root / f"nli/MPE/data_MPE_mpe_{split}.txt"):
            premises = [(row[f"premise{i}"] or "").split("/", 1)[-1] for i in range(1, 5)]
            yield _make(" ".join(premises), row["hypothesis"], row["gold_label"], "MPE")


def _breaking_nli(root: Path, max_contradictions: int, rng: random.Random) -> Iterator[NLIPair | None]:
    with zipfile.ZipFile(root / "nli/BreakingNLI/breaking_nli_dataset.zip") as zf:
        rows = [json.loads(line) for line in io.TextIOWrapper(zf.open("data/dataset.jsonl"), encoding="utf-8")]
    contradictions = [r for r in rows if r["gold_label"] == "contradiction"]
    others = [r for r in rows if r["gold_label"] != "contradiction"]
    rng.shuffle(contradictions)
    for row in others + contradictions[:max_contradictions]:
        yield _make(row["sentence1"], row["sentence2"], row["gold_label"], "BreakingNLI")


def _fever_symmetric(root: Path) -> Iterator[NLIPair | None]:
    for row in read_jsonl(root / "nli/FeverSymmetric/symmetric_v0.2_fever_symmetric_dev.jsonl"):
        yield _make(row["evidence"], row["claim"], row["gold_label"], "FeverSymmetric")
    for row in read_jsonl(root / "nli/FeverSymmetric/symmetric_v0.1_fever_symmetric_generated.jsonl"):
        yield _make(row["evidence_sentence"], row["claim"], row["label"], "FeverSymmetric")


def _climate_fever(root: Path) -> Iterator[NLIPair | None]:
    for row in read_jsonl(root / "nli/ClimateFEVER/dataset_climate-fever.jsonl"):
        for ev in row["evidences"]:
            yield _make(ev["evidence"], row["claim"], ev["evidence_label"], "ClimateFEVER")


def _healthver(root: Path) -> Iterator[NLIPair | None]:
    with (root / "nli/HealthVer/data_healthver_dev.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            yield _make(row["evidence"], row["claim"], row["label"], "HealthVer")


def mnli_split(root: Path, holdout: int, seed: int) -> tuple[list[NLIPair], list[NLIPair]]:
    """Split MNLI dev-matched into (train, held-out test) with a fixed seed."""
    rows = [
        p
        for r in read_jsonl(root / "nli/MNLI_SNLI_compact/data_mnli_dev.jsonl")
        if (p := _make(r["premise"], r["hypothesis"], r["label"], "MNLI-dev")) is not None
    ]
    random.Random(seed).shuffle(rows)
    return rows[holdout:], rows[:holdout]


def mnli_calibration(root: Path, holdout: int, seed: int) -> list[NLIPair]:
    """MNLI dev-matched pairs that neither training nor the held-out test uses.

    They are the non-held-out pairs whose premise also occurs in the held-out test, which
    ``training_pairs`` drops to keep premises disjoint. Temperature scaling is fitted on them.
    """
    train, test = mnli_split(root, holdout, seed)
    held = {normalise(p.premise) for p in test}
    return [p for p in train if normalise(p.premise) in held]


def snli_test(root: Path) -> list[NLIPair]:
    """SNLI test (e-SNLI copy): evaluation only, read here so training can exclude it."""
    base = root / "nli-benchmark/SNLI_test"
    s1 = (base / "dataset_eSNLI_s1.test").read_text(encoding="utf-8").splitlines()
    s2 = (base / "dataset_eSNLI_s2.test").read_text(encoding="utf-8").splitlines()
    labels = (base / "dataset_eSNLI_labels.test").read_text(encoding="utf-8").splitlines()
    return [p for a, b, lab in zip(s1, s2, labels) if (p := _make(a, b, lab, "SNLI-test")) is not None]


def training_pairs(root: Path, holdout: int, seed: int, breaking_max: int) -> tuple[list[NLIPair], dict[str, int]]:
    """All trainable pairs, deduplicated, with held-out MNLI premises and SNLI test pairs removed.

    Returns the pairs and a count per corpus (for the model card).
    """
    rng = random.Random(seed)
    mnli_train, mnli_test = mnli_split(root, holdout, seed)
    held_premises = {normalise(p.premise) for p in mnli_test}
    blocked = {pair_key(p.premise, p.hypothesis) for p in snli_test(root)}
    sources: list[Iterator[NLIPair | None]] = [
        iter(mnli_train),
        _lingnli(root),
        _snli_dev(root),
        _taxinli(root),
        _cad_snli(root),
        _mpe(root),
        _breaking_nli(root, breaking_max, rng),
        _fever_symmetric(root),
        _climate_fever(root),
        _healthver(root),
    ]
    seen: set[tuple[str, str]] = set()
    out: list[NLIPair] = []
    counts: dict[str, int] = {}
    for source in sources:
        for pair in source:
            if pair is None:
                continue
            key = pair_key(pair.premise, pair.hypothesis)
            if key in seen or key in blocked or key[0] in held_premises:
                continue
            seen.add(key)
            out.append(pair)
            counts[pair.origin] = counts.get(pair.origin, 0) + 1
    return out, counts


# --- stage 5: news-like pairs -------------------------------------------------------------
_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}", "``": '"', "''": '"'}


def detokenise(text: str) -> str:
    """Undo FEVER's Penn Treebank tokenisation: brackets, quotes and the spaces around punctuation."""
    for token, char in _PTB.items():
        text = text.replace(token, char)
    text = re.sub(r" (n't|'s|'re|'ve|'m|'ll|'d)\b", r"\1", text)
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    text = re.sub(r" ([,.;:!?%)\]}])", r"\1", text)
    text = re.sub(r'" (.*?) "', r'"\1"', text)
    text = text.replace(" -- ", " – ")
    return re.sub(r"\s{2,}", " ", text).strip()


def fever_train_claims(root: Path, n: int, seed: int) -> list[NLIPair]:
    """A seeded, label-balanced sample of ``n`` FEVER train claims against their gold evidence.

    Only ``eval_data_vanilla.csv`` is read: DATA.md calls both files FEVER train claims, but the
    other one is named a test split in its source repository, so it stays out of training.
    Label 1 SUPPORTS -> entailment, 2 REFUTES -> contradiction, 0 (no evidence) skipped.
    """
    labels = {"1": "entailment", "2": "contradiction"}
    by_label: dict[str, list[NLIPair]] = {"entailment": [], "contradiction": []}
    path = root / "nli/FEVER_train_claims/eval_data_vanilla.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            label = labels.get(row["label"])
            evidence = [detokenise(s) for s in ast.literal_eval(row["evidence"])] if label else []
            # Longer evidence would be cut at max_length (128 tokens with the claim), maybe before the fact.
            if label and evidence and row["claim"].strip() and len(" ".join(evidence).split()) <= 80:
                by_label[label].append(NLIPair(" ".join(evidence), row["claim"].strip(), label, "FEVER-train"))
    rng = random.Random(seed)
    out: list[NLIPair] = []
    for label in ("entailment", "contradiction"):
        out += rng.sample(by_label[label], min(n // 2, len(by_label[label])))
    return out


def mrpc_paraphrases(root: Path, n: int, seed: int) -> list[NLIPair]:
    """``n`` seeded MRPC train pairs labelled 1 (same meaning), as entailment both ways (2n pairs).

    Label 0 is skipped, not mapped to contradiction or neutral: DATA.md says most label-0 pairs
    differ by an added or dropped detail, where one direction is often still entailed.
    """
    rows = []
    with (root / "crosssource/MRPC/msr_paraphrase_train.txt").open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["Quality"] == "1" and row["#1 String"] and row["#2 String"]:
                rows.append((row["#1 String"].strip(), row["#2 String"].strip()))
    out: list[NLIPair] = []
    for a, b in random.Random(seed).sample(rows, min(n, len(rows))):
        out += [NLIPair(a, b, "entailment", "MRPC-train"), NLIPair(b, a, "entailment", "MRPC-train")]
    return out


def neus_train_events(root: Path, skip: Collection[int] = ()) -> list[list[list[str]]]:
    """NeuS/AllSides *train* events (never the validation file, our benchmark): per event, per
    outlet, the lead's sentences (title dropped), parsed as crosscheck.eval.suites.summaries does.

    ``skip``: event lines to leave out (those judged by hand in seeds/neus_disputes.jsonl).
    """
    splitter = segmenter()
    path = root / "summaries/NeuS_AllSides/data_naacl2022_lrc_roundup_random_order_probe_train.source"
    events = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if i in skip:
            continue
        articles, _ = parse_event(line, "")
        # parse_event gives "title\nlead" per outlet; the title is dropped.
        leads = [text.partition("\n")[2] for text in articles.values()]
        events.append([[s.strip() for s in splitter.segment(lead) if s.strip()] for lead in leads])
    return events


def basil_events(root: Path) -> list[list[list[str]]]:
    """BASIL triplets: per event, per outlet (Fox, NYT, HuffPost), the body sentences."""
    events: dict[str, list[list[str]]] = {}
    for file in sorted((root / "summaries/BASIL/articles").rglob("*.json")):
        doc = json.loads(file.read_text(encoding="utf-8"))
        sentences = [s.strip() for paragraph in doc["body-paragraphs"] for s in paragraph if s.strip()]
        events.setdefault(file.stem.rsplit("_", 1)[0], []).append(sentences)
    return list(events.values())
