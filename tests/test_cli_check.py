"""`crosscheck check | brief | verify` end to end in a subprocess, on the seed articles, as a user runs them.

These check the output contracts (formats, keys, offsets, determinism, length limits), never
particular model outputs.
"""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import run_cli

from crosscheck.inference.ingest import normalise, read_file

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SEED_ARGS = [str(p.relative_to(ROOT)) for p in SEEDS]
"""seeds/*.txt, as the shell would expand it in the repository root."""
NAMES = [p.stem for p in SEEDS]
REPORT_KEYS = {"schema_version", "sources", "claims", "consensus", "contradictions", "unique", "brief"}


run = run_cli


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def json_runs() -> list[subprocess.CompletedProcess[str]]:
    return [ok(run("check", *SEED_ARGS, "--format", "json")) for _ in range(2)]


@pytest.fixture(scope="module")
def report(json_runs) -> dict:
    return json.loads(json_runs[0].stdout)


def test_check_json_has_the_documented_keys(report):
    assert set(report) >= REPORT_KEYS, REPORT_KEYS - set(report)
    assert report["schema_version"] == 4
    assert [s["name"] for s in report["sources"]] == NAMES
    assert len({s["tag"] for s in report["sources"]}) == len(NAMES)
    assert isinstance(report["brief"], dict)
    assert {"headline", "agreed", "disputed", "only_in"} <= set(report["brief"])


def test_check_json_quotes_every_claim_exactly(report):
    texts = {s["name"]: s["text"] for s in report["sources"]}
    for seed in SEEDS:
        assert texts[seed.stem] == normalise(read_file(seed))
    assert report["claims"], "no claims were found in the seed articles"
    for c in report["claims"]:
        assert texts[c["source"]][c["start"] : c["end"]] == c["text"], c
    ids = [c["id"] for c in report["claims"]]
    assert len(set(ids)) == len(ids)


def test_check_json_sections_refer_to_known_claims(report):
    ids = {c["id"] for c in report["claims"]}
    for cluster in report["consensus"]:
        assert len(set(cluster["sources"])) >= 2
        assert {c["source"] for c in cluster["claims"]} == set(cluster["sources"])
        assert all(c["id"] in ids for c in cluster["claims"])
    disputed = set()
    for pair in report["contradictions"]:
        assert pair["relation"] in ("contradiction", "possible_contradiction")
        assert pair["a"]["source"] != pair["b"]["source"]
        assert pair["a"]["id"] in ids and pair["b"]["id"] in ids
        if pair["relation"] == "contradiction":  # a claim in a possible (one-way) dispute may still be unique
            disputed |= {pair["a"]["id"], pair["b"]["id"]}
    for c in report["unique"]:
        assert c["id"] in ids
        assert c["id"] not in disputed, "a claim in a two-way dispute is also listed as unique"
    brief = report["brief"]
    items = [*([brief["headline"]] if brief["headline"] else []), *brief["agreed"], *brief["disputed"]]
    items += [i for group in brief["only_in"].values() for i in group] + brief["also_reported"]
    for item in items:
        assert item["cites"] and all(cite in ids for cite in item["cites"]), item


def test_check_json_is_byte_identical_across_runs(json_runs):
    first, second = json_runs
    assert first.stdout == second.stdout


def test_check_html_out_writes_a_self_contained_page(tmp_path):
    out = tmp_path / "X.html"
    result = ok(run("check", *SEED_ARGS, "--format", "html", "--out", out))
    assert result.stdout == ""
    assert str(out) in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["X.html"], "temporary files were left behind"
    html = out.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[tuple[str, dict[str, str | None]]] = []
            self.text: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))

        def handle_data(self, data):
            self.text.append(data)

    page = Tags()
    page.feed(html)
    assert any(
        tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy" for tag, a in page.tags
    )
    assert not any(tag in ("script", "link") for tag, _ in page.tags)
    text = "".join(page.text)
    for name in NAMES:
        assert name in text
    assert "Contradictions" in text


def test_check_markdown_has_the_contradictions_section():
    result = ok(run("check", *SEED_ARGS, "--format", "md"))
    md = result.stdout
    assert re.search(r"^# crosscheck report$", md, re.MULTILINE)
    assert re.search(r"^## Contradictions\b", md, re.MULTILINE), md[:500]
    for name in NAMES:
        assert name in md


def brief_items(markdown: str) -> list[int]:
    """Word counts of the brief's headline and bullets, without markup, placeholders or source tags."""
    counts = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or (line.startswith("_") and line.endswith("_")):
            continue  # headings and the "sentences dropped" note
        if line.startswith("- "):
            line = line[2:]
        line = line.replace("**", "")
        line = re.sub(r"(?:\s*\[[A-Z]{1,3}\])+\s*$", "", line)  # trailing citation tags: [A][B]
        if re.fullmatch(r"\(.*\)", line):
            continue  # "(no contradiction seen both ways)"
        counts.append(len(line.split()))
    return counts


def test_brief_respects_max_words():
    result = ok(run("brief", *SEED_ARGS, "--max-words", "80"))
    items = brief_items(result.stdout)
    assert items, f"the brief is empty:\n{result.stdout}"
    # The builder may exceed the budget by at most one bullet (the first dispute is always kept).
    assert sum(items) <= 80 + max(items), (sum(items), items, result.stdout)


def test_brief_items_parser():
    md = (
        "**Belarus and Iran signed a plan.** [A][B]\n\n### Agreed\n- They met in Minsk. [A][B]\n\n"
        "### Disputed\n- (no contradiction seen both ways)\n\n### Only in x [B]\n- One two three. [B]\n\n"
        "_1 sentence(s) dropped by the faithfulness check (not entailed by the claims they cite)._\n"
    )
    assert brief_items(md) == [6, 4, 3]


def test_verify_json_gives_a_verdict_per_seed_source():
    claim = "The agreement was finalized in Minsk."
    result = ok(run("verify", "--claim", claim, *SEED_ARGS, "--format", "json"))
    verdict = json.loads(result.stdout)
    assert verdict["claim"] == claim
    assert [s["source"] for s in verdict["per_source"]] == NAMES
    texts = {seed.stem: normalise(read_file(seed)) for seed in SEEDS}
    per_source = set()
    for s in verdict["per_source"]:
        assert s["verdict"] in ("supported", "contradicted", "not_mentioned")
        per_source.add(s["verdict"])
        assert sum(s["scores"].values()) == pytest.approx(1.0, abs=1e-3)
        for key in ("support", "contradiction"):
            evidence = s[key]
            if evidence is not None:
                assert evidence["source"] == s["source"]
                assert texts[s["source"]][evidence["start"] : evidence["end"]] == evidence["text"]
    expected = (
        "disputed"
        if {"supported", "contradicted"} <= per_source
        else next((v for v in ("contradicted", "supported") if v in per_source), "not_mentioned")
    )
    assert verdict["verdict"] == expected


def test_name_labels_the_sources_by_tag_or_file():
    result = ok(run("check", *SEED_ARGS, "--name", "A=Reuters", "--name", f"{SEEDS[1].name}=TASS", "--format", "json"))
    report = json.loads(result.stdout)
    assert [(s["name"], s["tag"]) for s in report["sources"]] == [("Reuters", "A"), ("TASS", "B")]
    assert [s["text"] for s in report["sources"]] == [normalise(read_file(seed)) for seed in SEEDS]
    assert {c["source"] for c in report["claims"]} == {"Reuters", "TASS"}
    brief = ok(run("brief", *SEED_ARGS, "--name", f"{SEEDS[0].stem}=Reuters", "--format", "json"))
    assert json.loads(brief.stdout)["tags"] == {"Reuters": "A", SEEDS[1].stem: "B"}


@pytest.mark.parametrize(
    ("names", "needle"),
    [
        (["Reuters"], "expected TAG=LABEL"),
        (["A="], "expected TAG=LABEL"),
        (["C=Reuters"], "neither a source tag (A, B)"),
        (["A=Reuters", "B=Reuters"], "both be named 'Reuters'"),
        (["A=Reuters", "A=TASS"], "already named 'Reuters'"),
    ],
)
def test_bad_name_is_a_one_line_error(names, needle):
    result = run("check", *SEED_ARGS, *(arg for name in names for arg in ("--name", name)))
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("crosscheck: error: --name") and needle in lines[0], lines
