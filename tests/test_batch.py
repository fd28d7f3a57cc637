"""``crosscheck batch`` and ``CrossChecker.check_many``: one line per event, resumable, the same bytes on Ray.

Also the two guards for long inputs: a sentence repeated within a source is one claim, and a source over
the size limit is a one-line error that names the flag to raise it.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, run_cli

from crosscheck.cli import _config, build_parser
from crosscheck.config import CheckConfig
from crosscheck.errors import InputError
from crosscheck.inference.batch import finished_ids, result_line, run_batch
from crosscheck.inference.checker import CrossChecker
from crosscheck.inference.types import Source
from crosscheck.readers import parse_event

NEUS_VAL = ROOT.parent / "shared/data/summaries/NeuS_AllSides/data_naacl2022_lrc_roundup_random_order_probe_val.source"
needs_neus = pytest.mark.skipif(not NEUS_VAL.exists(), reason="needs ../shared/data (NeuS/AllSides)")


def _opening(path: Path, paragraphs: int = 4) -> str:
    """A seed's title and first paragraphs: what batch adds is tested on short real texts, whole seeds elsewhere."""
    return "\n\n".join([p for p in path.read_text(encoding="utf-8").splitlines() if p.strip()][:paragraphs])


SEED_TEXTS = {"first": _opening(SEEDS[0]), "second": _opening(SEEDS[1])}


def neus_events(n: int) -> list[dict[str, object]]:
    """The first ``n`` NeuS validation events as batch input records (three outlets each)."""
    lines = NEUS_VAL.read_text(encoding="utf-8").splitlines()[:n]
    return [{"id": f"val-{k}", "sources": parse_event(line, "")[0]} for k, line in enumerate(lines)]


def write_events(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def expected(checker, records: list[dict[str, object]], base: Path) -> str:
    """The output file an uninterrupted run must write, computed event by event in this process."""
    return "".join(result_line(checker, r, base) for r in records)


def test_batch_cli_writes_a_report_or_an_error_line_per_event(tmp_path, checker):
    for seed in SEEDS:
        (tmp_path / seed.name).write_text(_opening(seed), encoding="utf-8")
    records: list[dict[str, object]] = [
        {"id": "paths", "sources": {"first": SEEDS[0].name, "second": SEEDS[1].name}},  # relative to the events file
        {"id": 2, "sources": {"only": SEEDS[0].name}},
        {"id": "missing", "sources": {"a": SEEDS[0].name, "b": "nowhere.txt"}},
        {"id": "texts", "sources": SEED_TEXTS},
    ]
    events = write_events(tmp_path / "events.jsonl", records)
    out = tmp_path / "out" / "results.jsonl"
    done = run_cli("batch", events, "--out", out)
    assert done.returncode == 0, done.stderr
    assert "4 events checked (2 errors), 0 already done, 4 in all" in done.stderr
    assert "Traceback" not in done.stderr
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in results] == ["paths", 2, "missing", "texts"]
    assert results[1] == {"id": 2, "error": "give at least 2 sources, got 1"}
    assert results[2] == {"id": "missing", "error": "nowhere.txt: no such file"}  # as given: no machine path
    assert results[0]["report"] == results[3]["report"] == checker.check(SEED_TEXTS).to_dict()
    # a fresh process writes the bytes this process computes for the same events
    assert out.read_text(encoding="utf-8") == expected(checker, records, tmp_path)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "line 2: not JSON"),
        ('{"sources": {}}', "line 2: no id"),
        ('{"id": 1.5, "sources": {}}', "line 2: the id must be a string or a whole number"),
        ('{"id": "a", "sources": {}}', "line 2: id 'a' repeats line 1"),
    ],
)
def test_a_malformed_events_file_stops_before_any_model_loads(tmp_path, line, message):
    events = tmp_path / "events.jsonl"
    events.write_text(json.dumps({"id": "a", "sources": SEED_TEXTS}) + "\n" + line + "\n", encoding="utf-8")
    done = run_cli("batch", events, "--out", tmp_path / "out.jsonl")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_an_output_that_is_not_a_batch_result_is_refused(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": 1, "report": {}}\n{"name": "something else"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2: no id"):
        finished_ids(out)


def test_resume_cuts_a_torn_last_line_and_skips_finished_events(tmp_path, checker):
    records: list[dict[str, object]] = [{"id": k, "sources": SEED_TEXTS} for k in range(3)]
    events = write_events(tmp_path / "events.jsonl", records)
    whole = expected(checker, records, tmp_path)
    first, second, _ = whole.splitlines(keepends=True)
    out = tmp_path / "out.jsonl"
    out.write_text(first + second[: len(second) // 2], encoding="utf-8")  # killed while writing the second line
    summary = run_batch(events, out, checker=checker)
    assert (summary.total, summary.skipped, summary.checked, summary.errors) == (3, 1, 2, 0)
    assert out.read_text(encoding="utf-8") == whole
    again = run_batch(events, out, checker=checker)  # nothing left to do
    assert (again.skipped, again.checked) == (3, 0)
    assert out.read_text(encoding="utf-8") == whole


@needs_neus
def test_a_batch_killed_half_way_resumes_to_the_uninterrupted_output(tmp_path, checker):
    records = neus_events(4)
    events = write_events(tmp_path / "events.jsonl", records)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "crosscheck.cli", "batch", str(events), "--out", str(out), "--quiet"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 600
        while proc.poll() is None and time.monotonic() < deadline:
            if out.exists() and out.read_bytes().count(b"\n") >= 2:
                break
            time.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    written = out.read_bytes().count(b"\n")
    assert 2 <= written < len(records), "the run must be killed half-way for this test to mean anything"
    summary = run_batch(events, out, checker=checker)
    assert summary.skipped == written and summary.checked == len(records) - written
    assert out.read_text(encoding="utf-8") == expected(checker, records, tmp_path)


def test_check_many_yields_what_check_gives(checker):
    reversed_ = {"second": SEED_TEXTS["second"], "first": SEED_TEXTS["first"]}
    reports = list(checker.check_many([SEED_TEXTS, reversed_]))
    assert [r.to_json() for r in reports] == [checker.check(SEED_TEXTS).to_json(), checker.check(reversed_).to_json()]
    assert reports[0].to_json() != reports[1].to_json()  # two different events, not one report twice


@needs_neus
def test_ray_engine_writes_the_local_engine_bytes(tmp_path, nli_model):
    ray = pytest.importorskip("ray")
    import torch

    records = neus_events(3)
    events = write_events(tmp_path / "events.jsonl", records)
    # The same settings on both sides, threads included: the bf16 kernels round differently with another
    # thread count (0.4758 against 0.4774 for one pair of the first event, 2 threads against 1).
    config = CheckConfig().replace("nli", threads=2)
    threads = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        local = expected(CrossChecker(config, nli=nli_model), records, tmp_path)
    finally:
        torch.set_num_threads(threads)
    out = tmp_path / "ray.jsonl"
    out.write_text(local.splitlines(keepends=True)[0], encoding="utf-8")  # as if killed after the first event
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=100 * 2**20, logging_level="ERROR")
    try:
        resumed = run_batch(events, out, config, engine="ray")
    finally:
        ray.shutdown()
    assert (resumed.skipped, resumed.checked, resumed.errors) == (1, 2, 0)
    assert out.read_text(encoding="utf-8") == local  # the two events Ray checked are the local engine's bytes


def test_a_sentence_repeated_within_a_source_is_one_claim(checker):
    text = "The dam broke on Monday night. Two villages were flooded. The dam broke on Monday night. " * 3
    claims = checker.claims([Source("a", text.strip()), Source("b", "The dam broke on Monday night.")])
    mine = [c for c in claims if c.source == "a"]
    assert [c.text for c in mine] == ["The dam broke on Monday night.", "Two villages were flooded."]
    assert [(c.index, c.start) for c in mine] == [(0, 0), (1, 31)]  # first occurrences, numbered without repeats
    assert [c.text for c in claims if c.source == "b"] == ["The dam broke on Monday night."]  # across sources: kept


def test_a_source_over_the_limit_is_one_line_naming_the_flag(tmp_path):
    long = tmp_path / "long.txt"
    long.write_text("The dam broke on Monday night. " * 200, encoding="utf-8")  # 6,200 characters
    done = run_cli("check", long, SEEDS[0], "--max-chars", "5000")  # the seed has 4,146
    assert done.returncode == 2
    assert done.stderr == (
        "crosscheck: error: long: 6,200 characters, over the limit of 5,000 characters per source; "
        "raise it with --max-chars N (limits.max_source_chars in the config)\n"
    )


def test_max_chars_raises_the_source_limit_and_the_total_with_it():
    args = build_parser().parse_args(["check", "a.txt", "b.txt", "--max-chars", "8000000"])
    limits = _config(args).limits
    assert (limits.max_source_chars, limits.max_total_chars) == (8_000_000, 8_000_000)
    assert _config(build_parser().parse_args(["check", "a.txt", "b.txt"])).limits == CheckConfig().limits
