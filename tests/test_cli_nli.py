"""The `crosscheck nli` contract, end to end in a subprocess, as other tools call it."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, run_cli

run = run_cli


PAIRS = [
    {"id": "a", "premise": "The pact was signed in Minsk.", "hypothesis": "The pact was signed in Tehran."},
    {"id": 7, "premise": "Lukashenko met Puzhehan in August.", "hypothesis": "Lukashenko met Puzhehan."},
]


def test_scores_a_file_in_input_order(tmp_path):
    path = tmp_path / "pairs.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in PAIRS))
    result = run("nli", "--pairs", str(path), "--batch-size", "1")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", 7]
    assert [r["label"] for r in rows] == ["contradiction", "entailment"]
    for r in rows:
        assert set(r["scores"]) == {"entailment", "neutral", "contradiction"}
        assert sum(r["scores"].values()) == pytest.approx(1.0, abs=1e-4)
        assert r["label"] == max(r["scores"], key=r["scores"].get)


def test_reads_stdin():
    result = run("nli", "--pairs", "-", stdin=json.dumps(PAIRS[1]) + "\n")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == 7


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "no pairs"),
        ('{"id": 1, "premise": "a", "hypothesis": "b"}\nnot json\n', "line 2: not valid JSON"),
        ('{"id": 1, "premise": "a"}\n', "line 1: missing field 'hypothesis'"),
        ('{"premise": "a", "hypothesis": "b"}\n', "line 1: missing field 'id'"),
        ('{"id": 1, "premise": 5, "hypothesis": "b"}\n', "line 1: field 'premise' must be a non-empty string"),
        ("[1, 2]\n", "line 1: expected a JSON object"),
    ],
)
def test_bad_input_is_one_clear_line(tmp_path, content, message):
    path = tmp_path / "pairs.jsonl"
    path.write_text(content)
    result = run("nli", "--pairs", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_file_and_pickle_only_model_are_refused(tmp_path):
    result = run("nli", "--pairs", str(tmp_path / "absent.jsonl"))
    assert result.returncode == 2 and "no such file" in result.stderr
    model = tmp_path / "pickled"
    model.mkdir()
    (model / "config.json").write_text('{"id2label": {"0": "entailment", "1": "neutral", "2": "contradiction"}}')
    (model / "pytorch_model.bin").write_bytes(b"not loaded")
    pairs = tmp_path / "p.jsonl"
    pairs.write_text(json.dumps(PAIRS[0]) + "\n")
    result = run("nli", "--pairs", str(pairs), "--model", str(model))
    assert result.returncode == 2
    assert "pickle" in result.stderr and "--allow-pickle" in result.stderr
    assert "Traceback" not in result.stderr


def test_threads_flag_and_config_set_torch_threads(tmp_path, monkeypatch):
    import torch
    import yaml

    from crosscheck import cli
    from crosscheck.config import CONFIG_DIR

    calls: list[int] = []
    monkeypatch.setattr(torch, "set_num_threads", calls.append)
    path = tmp_path / "pairs.jsonl"
    path.write_text(json.dumps(PAIRS[0]) + "\n")
    assert cli.main(["nli", "--pairs", str(path), "--threads", "1"]) == 0
    assert calls == [1]

    config = yaml.safe_load((CONFIG_DIR / "default.yaml").read_text())
    config["nli"]["threads"] = 2
    custom = tmp_path / "two_threads.yaml"
    custom.write_text(yaml.safe_dump(config))
    sources = [str(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    args = cli.build_parser().parse_args(["check", *sources, "--config", str(custom)])
    cli._checker(args)  # models load lazily: nothing is scored here
    assert calls == [1, 2]
    args = cli.build_parser().parse_args(["check", *sources, "--config", str(custom), "--threads", "3"])
    cli._checker(args)
    assert calls == [1, 2, 3]

    config["nli"]["threads"] = "many"
    custom.write_text(yaml.safe_dump(config))
    result = run("check", "seeds/000_4cc785515b78b85d.txt", "seeds/001_25b4411c60a1a6fd.txt", "--config", custom)
    assert result.returncode == 2 and "nli.threads" in result.stderr
    assert "Traceback" not in result.stderr


def test_threads_must_be_positive():
    result = run("nli", "--pairs", "-", "--threads", "0", stdin="")
    assert result.returncode == 2 and "Traceback" not in result.stderr
