"""Evaluation harness: metric modules, failure isolation, report files and calibration.

Fast and offline: a tiny random BERT classifier stands in for the real model, so nothing
here depends on how accurate the trained model is.
"""

from __future__ import annotations

import dataclasses
import json
from html.parser import HTMLParser
from pathlib import Path

import evaluate
import numpy as np
import pytest
from conftest import build_tiny_nli
from datasets import Dataset
from rouge_score import rouge_scorer
from scipy.special import softmax
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support, roc_auc_score

from crosscheck.errors import CrosscheckError
from crosscheck.eval import calibrate as calibrate_module
from crosscheck.eval.config import load_eval_config
from crosscheck.eval.metrics import METRICS_DIR, load_metric
from crosscheck.eval.render import headline_rows, to_html, to_markdown
from crosscheck.eval.report import NothingRan, rerender, run_eval
from crosscheck.eval.suites import seeds as seeds_suite
from crosscheck.models.nli import NLIModel

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random 2-layer BERT NLI classifier with the packaged MiniLM tokenizer: plumbing only."""
    return build_tiny_nli(tmp_path_factory.mktemp("tiny-nli"), {0: "entailment", 1: "neutral", 2: "contradiction"})


@pytest.fixture
def seed_files(tmp_path: Path) -> Path:
    """A seeds folder whose three pairs share one premise with a <script>, labelled E, N and C.

    Whatever the model predicts, at least two of them are errors, so the text must reach the HTML.
    """
    folder = tmp_path / "seeds"
    folder.mkdir()
    rows = [
        {
            "id": f"t-{i}",
            "premise": f"Officials said {SCRIPT} the pact was signed in Minsk.",
            "hypothesis": "The pact was signed.",
            "label": label,
            "source_premise": "art_a",
            "source_hypothesis": "art_b",
            "note": "test",
        }
        for i, label in enumerate(("entailment", "neutral", "contradiction"))
    ]
    (folder / "pairs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (folder / "art_a.txt").write_text("The pact was signed in Minsk.", encoding="utf-8")
    (folder / "art_b.txt").write_text("The pact was not signed.", encoding="utf-8")
    (folder / "reference.md").write_text("Both reports say the pact was signed in Minsk.", encoding="utf-8")
    return folder


def _config(data_root: Path, seeds: Path):
    config = load_eval_config()
    seeds_config = dataclasses.replace(
        config.suites.seeds,
        pairs=str(seeds / "pairs.jsonl"),
        articles=[str(seeds / "art_a.txt"), str(seeds / "art_b.txt")],
        reference_brief=str(seeds / "reference.md"),
    )
    suites = dataclasses.replace(config.suites, seeds=seeds_config)
    return dataclasses.replace(
        config, data_root=str(data_root), suites=suites, model=dataclasses.replace(config.model, device="cpu")
    )


# ---- metric modules -------------------------------------------------------------------------------------------

GOLD = [0, 1, 2, 2, 1, 0, 2]
PRED = [0, 2, 2, 1, 1, 0, 0]


@pytest.mark.parametrize("name", ["nli_classification", "auroc", "ece", "rouge"])
def test_metric_modules_load_by_path(name: str) -> None:
    assert isinstance(evaluate.load(str(METRICS_DIR / f"{name}.py")), evaluate.Metric)


def test_nli_classification_matches_sklearn_and_hand_values() -> None:
    out = load_metric("nli_classification").compute(predictions=PRED, references=GOLD)
    assert out["accuracy"] == pytest.approx(4 / 7) == accuracy_score(GOLD, PRED)
    assert out["macro_f1"] == pytest.approx(f1_score(GOLD, PRED, average="macro"))
    precision, recall, _, support = precision_recall_fscore_support(GOLD, PRED, labels=[0, 1, 2])
    assert [c["precision"] for c in out["per_class"].values()] == pytest.approx(list(precision))
    assert [c["recall"] for c in out["per_class"].values()] == pytest.approx(list(recall))
    assert out["per_class"]["contradiction"]["recall"] == pytest.approx(1 / 3)
    assert [c["support"] for c in out["per_class"].values()] == list(support) == [2, 2, 3]
    assert out["confusion_matrix"] == confusion_matrix(GOLD, PRED).tolist() == [[2, 0, 0], [0, 1, 1], [1, 1, 1]]


def test_auroc_matches_sklearn() -> None:
    scores, labels = [0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]
    out = load_metric("auroc").compute(predictions=scores, references=labels)
    assert out["auroc"] == pytest.approx(0.75) == roc_auc_score(labels, scores)
    assert load_metric("auroc").compute(predictions=[0.2, 0.3], references=[1, 1])["auroc"] is None


def test_ece_hand_example() -> None:
    probs = [[0.9, 0.05, 0.05], [0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.15, 0.15, 0.7]]
    out = load_metric("ece").compute(predictions=probs, references=[0, 2, 1, 2], n_bins=10)
    # bins: 0.9 right (|1-0.9| * 1/4) + 0.7 right & 0.7 wrong (|0.5-0.7| * 2/4) + 0.6 wrong (|0-0.6| * 1/4)
    assert out["ece"] == pytest.approx(0.025 + 0.1 + 0.15)
    assert [b["count"] for b in out["bins"]] == [0, 0, 0, 0, 0, 1, 2, 0, 1, 0]


def test_rouge_matches_rouge_score() -> None:
    prediction, reference = "The pact was signed in Minsk. Talks lasted days.", "The plan was signed in Minsk."
    out = load_metric("rouge").compute(predictions=[prediction], references=[reference])
    direct = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True).score(reference, prediction)
    assert out["rouge1"] == pytest.approx(direct["rouge1"].fmeasure)
    assert out["rouge2"] == pytest.approx(direct["rouge2"].fmeasure)
    assert load_metric("rouge").compute(predictions=[reference], references=[reference])["rougeLsum"] == 1.0


# ---- run_eval and reports -------------------------------------------------------------------------------------


def test_missing_data_is_an_error_entry_and_other_suites_run(
    tiny_model: Path, seed_files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        seeds_suite,
        "generate_brief",
        lambda checker, texts, max_words=None: ("- signed in Minsk", "Signed in Minsk.", None),
    )
    missing_root = tmp_path / "no-data-here"
    report = run_eval(
        ["nli", "summaries", "seeds"],
        str(tiny_model),
        tmp_path / "out",
        limit=None,
        config=_config(missing_root, seed_files),
    )

    nli = report["suites"]["nli"]
    assert nli["status"] == "error"
    assert str(missing_root) in nli["error"] and "\n" not in nli["error"]
    assert report["suites"]["summaries"]["status"] == "error"
    seeds = report["suites"]["seeds"]
    assert seeds["status"] == "ok"
    assert seeds["datasets"]["seed_pairs"]["n"] == 3
    assert len(seeds["datasets"]["seed_pairs"]["misclassified"]) >= 2
    assert seeds["brief"]["status"] == "ok" and 0 < seeds["brief"]["rouge"]["rouge1"] <= 1


def test_brief_failure_is_reported_not_raised(
    tiny_model: Path, seed_files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(texts: dict, model: NLIModel) -> tuple[str, str]:
        raise RuntimeError("checker exploded\nsecond line")

    monkeypatch.setattr(seeds_suite, "generate_brief", broken)
    report = run_eval(["seeds"], str(tiny_model), tmp_path / "out", limit=2, config=_config(tmp_path, seed_files))
    seeds = report["suites"]["seeds"]
    assert seeds["datasets"]["seed_pairs"]["status"] == "ok"
    assert seeds["brief"] == {"status": "error", "error": "RuntimeError: checker exploded"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.meta: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        if tag == "meta":
            self.meta.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_report_files_written_and_html_escapes_script(
    tiny_model: Path, seed_files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(seeds_suite, "generate_brief", lambda texts, model: (SCRIPT, "signed"))
    out = tmp_path / "out"
    run_eval(["seeds"], str(tiny_model), out, limit=None, config=_config(tmp_path, seed_files))
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json", "report.md"]

    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["model"]["id"] == str(tiny_model) and report["model"]["weights_sha256"]
    assert report["config_hash"] and report["created_utc"] and report["crosscheck_version"]
    assert any(key.endswith("pairs.jsonl") for key in report["data_files"])

    page = (out / "report.html").read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(page)
    assert "script" not in parser.tags
    assert any(SCRIPT in chunk for chunk in parser.text), "the premise must be shown, as text"
    csp = [m["content"] for m in parser.meta if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp == ["default-src 'none'; img-src data:; style-src 'unsafe-inline'"]
    assert parser.tags.count("img") == 2  # confusion matrix and reliability diagram for the one dataset
    assert 'src="http' not in page
    parser_links = [href for href in page.split('href="')[1:]]
    assert parser_links and all(href.startswith("#") for href in parser_links), "only in-page links"


def test_html_escapes_script_in_confident_errors() -> None:
    error = {
        "premise": SCRIPT,
        "hypothesis": "<b>x</b>",
        "gold": "neutral",
        "predicted": "entailment",
        "confidence": 0.9,
    }
    dataset = {"status": "ok", "n": 1, "confident_errors": [error]}
    report = _tiny_report({"nli": {"status": "ok", "datasets": {"x": dataset}}}, {})
    parser = _Tags()
    parser.feed(to_html(report))
    assert "script" not in parser.tags and "b" not in parser.tags


# ---- targets: the first table of the report --------------------------------------------------------------------

LATEST = Path(__file__).resolve().parents[1] / "eval" / "reports" / "latest"


def _tiny_report(suites: dict, targets: dict, suite_config: dict | None = None) -> dict:
    return {
        "model": {"id": "m"},
        "created_utc": "t",
        "crosscheck_version": "0",
        "config_hash": "h",
        "limit": None,
        "data_files": {},
        "config": {"targets": targets, "suites": suite_config or {}},
        "suites": suites,
    }


def test_headline_rows_mark_pass_fail_no_target_and_no_data() -> None:
    seeds = {
        "status": "ok",
        "datasets": {
            "seed_pairs": {
                "status": "ok",
                "macro_f1": 0.62,
                "real_contradictions": {"recall": 0.0, "n": 9, "missed": []},
            }
        },
    }
    contrast = {"status": "ok", "datasets": {"contrast_suite": {"status": "ok", "rate": 0.95}}}
    news = {"status": "ok", "false_alarm_rate": 0.03, "consensus_recall": 0.7, "passed": {"consensus_recall": True}}
    missing = "MissingDataError: missing data file /nowhere/SNLI_test"
    nli = {"status": "error", "error": missing, "datasets": {"snli_test": {"status": "error", "error": missing}}}
    summaries = {"status": "error", "error": "RuntimeError: boom"}
    targets = {
        "seeds": {
            "seed_pairs.real_contradictions.recall": ">= 0.80",
            "seed_pairs.macro_f1": None,
            "seed_pairs.nothing_here": ">= 1",
        },
        "contrast": {"contrast_suite.rate": ">="},
        "news": {"false_alarm_rate": "≤ 0.02", "consensus_recall": ">="},
        "nli": {"snli_test.accuracy": ">= 0.85"},
        "summaries": {"brief.rouge.rouge1": None},
    }
    config = {"contrast": {"target": 0.9}, "news": {"targets": {"consensus_recall": 0.6}}}
    report = _tiny_report(
        {"seeds": seeds, "contrast": contrast, "news": news, "nli": nli, "summaries": summaries}, targets, config
    )
    rows = {(r["suite"], r["metric"]): (r["value"], r["target"], r["result"]) for r in headline_rows(report)}
    assert rows == {
        ("seeds", "seed_pairs.real_contradictions.recall"): ("0.000", "≥ 0.8", "fail"),
        ("seeds", "seed_pairs.macro_f1"): ("0.620", "", "no target"),
        ("seeds", "seed_pairs.nothing_here"): ("", "≥ 1", "not measured"),
        ("contrast", "contrast_suite.rate"): ("0.950", "≥ 0.9", "pass"),
        ("news", "false_alarm_rate"): ("0.030", "≤ 0.02", "fail"),
        ("news", "consensus_recall"): ("0.700", "≥ 0.6", "pass"),
        ("nli", "snli_test.accuracy"): ("", "≥ 0.85", "no data"),
        ("summaries", "brief.rouge.rouge1"): ("", "", "error"),
    }
    page = to_html(report)
    assert page.index('id="targets"') < page.index('id="summary"'), "the targets table comes first"
    assert ">ok<" not in page
    assert "| seeds | seed_pairs.real_contradictions.recall | 0.000 | ≥ 0.8 | fail |" in to_markdown(report)


def test_a_target_that_is_not_a_bound_is_a_one_line_error() -> None:
    report = _tiny_report({"seeds": {"status": "ok"}}, {"seeds": {"x": "=> 0.8"}})
    with pytest.raises(CrosscheckError, match=r"targets\.seeds\.x: '=> 0.8' is not a bound"):
        headline_rows(report)
    report = _tiny_report({"seeds": {"status": "ok"}}, {"seeds": {"x": ">="}})
    with pytest.raises(CrosscheckError, match="needs a number"):
        headline_rows(report)


def test_every_configured_target_names_a_number_of_the_latest_report() -> None:
    """A misspelt metric path in configs/eval.yaml would read "not measured" for good."""
    report = json.loads((LATEST / "report.json").read_text(encoding="utf-8"))
    config = load_eval_config()
    assert set(config.targets) == set(report["suites"])
    rows = headline_rows(report, config.targets)
    assert [r for r in rows if r["result"] not in ("pass", "fail", "no target")] == []
    marks = {(r["suite"], r["metric"]): r["result"] for r in rows}
    assert marks[("seeds", "seed_pairs.real_contradictions.recall")] == "fail"  # 0 of 9
    news = report["suites"]["news"]["passed"]
    assert {m: marks[("news", m)] == "pass" for m in news} == news  # the bounds agree with the suite's own


def test_rerender_writes_the_pages_from_report_json_only(tmp_path: Path) -> None:
    report = _tiny_report({"seeds": {"status": "ok", "datasets": {}}}, {})
    del report["config"]["targets"]  # a report made before targets were recorded: the current config's are used
    (tmp_path / "report.json").write_text(json.dumps(report), encoding="utf-8")
    rerender(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.json", "report.md"]
    assert "seed_pairs.macro_f1" in (tmp_path / "report.html").read_text(encoding="utf-8")
    with pytest.raises(CrosscheckError, match="no such file"):
        rerender(tmp_path / "empty")


def test_eval_with_no_data_for_any_suite_writes_nothing_and_says_so(tiny_model: Path, tmp_path: Path) -> None:
    config = dataclasses.replace(load_eval_config(), data_root=str(tmp_path / "no-data-here"))
    out = tmp_path / "out"
    with pytest.raises(NothingRan) as info:
        run_eval(["nli"], str(tiny_model), out, limit=None, config=config)
    message = str(info.value)
    assert "\n" not in message and "nli: no data" in message and str(tmp_path / "no-data-here") in message
    assert not out.exists()


def test_cli_eval_without_data_exits_2_with_one_line(tmp_path: Path) -> None:
    from conftest import run_cli

    text = (Path(__file__).resolve().parents[1] / "configs" / "eval.yaml").read_text(encoding="utf-8")
    config = tmp_path / "eval.yaml"
    config.write_text(text.replace("data_root: ../shared/data", f"data_root: {tmp_path / 'none'}"), encoding="utf-8")
    result = run_cli("eval", "--suite", "nli", "--config", config, "--out", tmp_path / "out")
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("crosscheck: error: none of the requested suites could run")
    assert "nli: no data" in lines[0] and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


# ---- calibration ----------------------------------------------------------------------------------------------


def test_fit_temperature_recovers_overconfidence() -> None:
    rng = np.random.default_rng(0)
    logits = rng.normal(scale=2.0, size=(4000, 3))
    gold = [int(rng.choice(3, p=p)) for p in softmax(logits, axis=1)]
    fitted = calibrate_module.fit_temperature(3.0 * logits, gold, 0.05, 10.0)  # logits 3x too sharp
    assert fitted == pytest.approx(3.0, rel=0.1)


def test_calibrate_writes_temperature_the_model_reads(
    tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    for file in tiny_model.iterdir():
        (folder / file.name).write_bytes(file.read_bytes())
    dev = Dataset.from_list(
        [{"premise": f"A man is walking {i}.", "hypothesis": "A man moves.", "label": i % 3} for i in range(12)]
    )
    monkeypatch.setattr(calibrate_module, "calibration_set", lambda files, settings: dev)
    result = calibrate_module.calibrate(folder, _config(tmp_path, tmp_path))
    assert result["n"] == 12 and result["nll_after"] <= result["nll_before"] + 1e-9
    assert NLIModel.from_pretrained(folder).temperature == pytest.approx(result["temperature"])


def test_neus_dispute_labels_point_at_whole_sentences_in_the_shared_data() -> None:
    from crosscheck.eval.config import REPO_ROOT
    from crosscheck.eval.suites.summaries import parse_event

    config = load_eval_config()
    suite = config.suites.crosssource
    source = config.data_dir() / suite.neus_source
    if not source.is_file():
        pytest.skip(f"shared data not found: {source}")
    events = source.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in (REPO_ROOT / suite.neus_disputes).read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == [f"neus-dispute-{k:03d}" for k in range(1, len(rows) + 1)]
    assert {r["label"] for r in rows} <= {"real", "arguable", "false"} and all(r["note"] for r in rows)
    for row in rows:
        articles, _ = parse_event(events[row["event"]], "")
        for side in ("a", "b"):
            span = row[side]
            text = articles[span["outlet"]]
            quote = text[span["start"] : span["end"]]
            assert quote.strip() == quote and len(quote) > 5, row["id"]
            assert span["start"] == 0 or text[span["start"] - 1] in " \n", row["id"]  # starts at a word boundary
        assert row["a"]["outlet"] != row["b"]["outlet"], row["id"]


def test_margin_interval_holds_zero_only_when_the_margin_could_be_luck() -> None:
    from crosscheck.eval.suites.summaries import margin_interval

    rng = np.random.default_rng(0)
    baseline = rng.uniform(0.2, 0.6, 300)
    clear = margin_interval(list(baseline + 0.02 + rng.normal(0, 0.01, 300)), list(baseline))
    assert 0.015 < clear["low"] < 0.02 < clear["high"] < 0.025
    luck = margin_interval(list(baseline + rng.normal(0, 0.05, 300)), list(baseline))
    assert luck["low"] < 0 < luck["high"]


def test_held_out_brief_events_are_never_fitted_or_tuned_on() -> None:
    """The summaries suite's second sample (``EventSplit.untouched``) shares no event with what the brief's
    models fit on or its settings were chosen on, and holds the first events (the hand-judged disputes)."""
    from crosscheck.config import CONFIG_DIR, RoundupTrainConfig, SalienceTrainConfig, load
    from crosscheck.models.training.salience import event_split

    salience = load(SalienceTrainConfig, CONFIG_DIR / "salience.yaml")
    if not (Path(__file__).resolve().parents[1] / salience.data_root / salience.source).is_file():
        pytest.skip("shared NeuS data not found")
    roundup = load(RoundupTrainConfig, CONFIG_DIR / "roundup.yaml")
    split = event_split(salience, roundup.tune_events, roundup.tune_seed)
    assert len(split.untouched) == salience.skip_first + salience.unseen_events
    assert not set(split.untouched) & (set(split.fit_salience) | set(split.fit_roundup) | set(split.tune))
    assert split.untouched[: salience.skip_first] == list(range(salience.skip_first))
