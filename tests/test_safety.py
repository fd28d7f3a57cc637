"""Robustness and safety (issue 8): pickle policy, HTML escaping, atomic writes, clean CLI errors.

Bad input must end in one line on stderr and a non-zero exit, never a traceback; untrusted
article text must never become markup in the HTML report; an interrupted write must never
destroy the previous report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import run_cli

from crosscheck.config import CONFIG_DIR
from crosscheck.errors import CrosscheckError

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


run = run_cli


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    """Exit 2, nothing on stdout, exactly one line on stderr naming the problem, no traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("crosscheck: error: "), line
    for needle in needles:
        assert needle in line, (needle, line)
    return line


# --- pickle policy ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pickle_model_dir(tiny_model_dir, tmp_path_factory) -> Path:
    """The tiny model with its weights saved only as a pickle (pytorch_model.bin)."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    folder = tmp_path_factory.mktemp("pickle-nli")
    model = AutoModelForSequenceClassification.from_pretrained(tiny_model_dir)
    model.config.save_pretrained(folder)
    torch.save(model.state_dict(), folder / "pytorch_model.bin")
    AutoTokenizer.from_pretrained(tiny_model_dir).save_pretrained(folder)
    assert not list(folder.glob("*.safetensors"))
    return folder


def test_pickle_only_checkpoint_is_refused_before_anything_is_unpickled(pickle_model_dir, monkeypatch):
    import pickle

    import torch

    from crosscheck import NLIModel
    from crosscheck.models.loading import ModelLoadError

    def unpickled(*args, **kwargs):
        raise AssertionError("pickle weights were loaded before the policy check")

    monkeypatch.setattr(torch, "load", unpickled)
    monkeypatch.setattr(pickle, "load", unpickled)
    with pytest.raises(ModelLoadError, match="--allow-pickle") as info:
        NLIModel.from_pretrained(pickle_model_dir)
    assert str(pickle_model_dir) in str(info.value)
    assert "safetensors" in str(info.value)


def test_allow_pickle_loads_with_a_warning(pickle_model_dir):
    from crosscheck import NLIModel

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = NLIModel.from_pretrained(pickle_model_dir, allow_pickle=True, device="cpu")
    messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    assert any("pickle" in m and str(pickle_model_dir) in m for m in messages), messages
    [scores] = model.predict([("The pact was signed in Minsk.", "The pact was signed.")])
    assert scores.entailment + scores.neutral + scores.contradiction == pytest.approx(1.0, abs=1e-4)


def test_cli_refuses_pickle_only_model_in_one_line(pickle_model_dir, tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"id": 1, "premise": "a b c", "hypothesis": "a b"}\n')
    result = run("nli", "--pairs", pairs, "--model", pickle_model_dir)
    assert_one_line_error(result, "--allow-pickle", str(pickle_model_dir))


# --- HTML report: untrusted article text is text, and the page loads nothing --------------------

HOSTILE = {
    "wire<script>alert('name')</script>": (
        "Belarus and Iran signed a military cooperation plan in Minsk. <script>alert('pwned')</script>\n"
        "Officials said the plan <img src=x onerror=alert(1)> covers a joint exercise next year.\n"
        'Read the full text at <a href="javascript:alert(2)">this link</a> or [here](javascript:alert(3)).\n'
        "The budget is 5 &lt; 10 &amp; the memo said &#60;b&#62;classified&#60;/b&#62; in bold.\n"
    ),
    'desk" onmouseover="alert(4)': (
        'A defense official announced the plan in a post on X. <iframe src="https://evil.example/"></iframe>\n'
        '<link rel="stylesheet" href="http://evil.example/x.css"> The exercise will be held next year.\n'
        "<style>body { background: url(https://evil.example/track.png) }</style> Belarus signed the plan.\n"
        '<svg onload=alert(5)></svg> <object data="//evil.example/x.swf"></object> Minsk hosted the talks.\n'
    ),
}
ARTICLE_MARKUP = ("<script>", "<img src=x onerror=alert(1)>", 'href="javascript:alert(2)"', "(javascript:alert(3))")


class Page(HTMLParser):
    """Every element with its attributes, the page's text, and the text of each source column."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.columns: list[list[str]] = []
        self.styles: list[str] = []
        self._stack: list[str] = []
        self._column_depth: int | None = None
        self._in_heading = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag in ("meta", "br", "img", "link", "input", "hr"):
            return  # void elements have no end tag
        self._stack.append(tag)
        if tag == "div" and "col" in (attributes.get("class") or "").split() and self._column_depth is None:
            self._column_depth = len(self._stack)
            self.columns.append([])
        elif tag == "h3" and self._column_depth is not None:
            self._in_heading = True

    def handle_endtag(self, tag):
        if tag in self._stack:
            while self._stack:
                if self._stack.pop() == tag:
                    break
        if tag == "h3":
            self._in_heading = False
        if self._column_depth is not None and len(self._stack) < self._column_depth:
            self._column_depth = None

    def handle_data(self, data):
        if self._stack and self._stack[-1] == "style":
            self.styles.append(data)
            return
        self.text.append(data)
        if self._column_depth is not None and not self._in_heading:
            self.columns[-1].append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def hostile_html(checker):
    report = checker.check(HOSTILE)
    return report, report.to_html()


def test_article_markup_is_escaped_and_shown_as_text(hostile_html):
    report, html = hostile_html
    page = parse(html)
    tags = [tag for tag, _ in page.elements]
    for forbidden in ("script", "img", "iframe", "svg", "object", "embed", "link", "base", "form"):
        assert forbidden not in tags, f"<{forbidden}> from article text became an element"
    assert tags.count("style") <= 1, "a <style> from article text became an element"
    for tag, attributes in page.elements:
        for name, value in attributes.items():
            assert not name.startswith("on"), f"<{tag} {name}=...> event handler in the page"
            if name in ("href", "src", "action", "data", "formaction", "xlink:href"):
                assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)
    # The raw markup is not in the page source; it appears only as visible text.
    assert "<script>alert" not in html
    assert "onerror=alert(1)>" not in html
    text = "".join(page.text)
    for snippet in ARTICLE_MARKUP:
        assert snippet in text, f"{snippet!r} is not shown as text"
    # Entities in the article are shown literally, not decoded into markup.
    assert "5 &lt; 10 &amp; the memo" in text
    assert "&#60;b&#62;classified&#60;/b&#62;" in text
    # Each source column shows its article text exactly, character for character.
    assert ["".join(column) for column in page.columns] == [s.text for s in report.sources]


def test_source_names_are_escaped_too(hostile_html):
    _, html = hostile_html
    page = parse(html)
    text = "".join(page.text)
    for name in HOSTILE:
        assert name in text, f"source name {name!r} is not shown as text"
    ids = [attributes.get("id") or "" for _, attributes in page.elements]
    assert any(i.startswith('desk" onmouseover="alert(4)#') for i in ids), "the quote did not stay inside id"


def test_page_has_a_csp_and_loads_nothing_external(hostile_html):
    _, html = hostile_html
    page = parse(html)
    csp = [
        attributes.get("content") or ""
        for tag, attributes in page.elements
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    assert len(csp) == 1, "no Content-Security-Policy meta tag"
    policy = {part.split()[0]: part.split()[1:] for part in csp[0].split(";") if part.strip()}
    assert policy.get("default-src") == ["'none'"], csp[0]
    assert "script-src" not in policy, "scripts must stay forbidden by default-src 'none'"
    for tag, attributes in page.elements:
        assert tag not in ("script", "link", "iframe", "object", "embed")
        for name in ("src", "href", "data", "action", "srcset", "poster"):
            value = (attributes.get(name) or "").strip().lower()
            assert not value.startswith(("http://", "https://", "//")), (tag, name, value)
    # Nor does any stylesheet or style attribute (url() or @import would fetch a resource).
    styles = [*page.styles, *(attributes.get("style") or "" for _, attributes in page.elements)]
    for style in styles:
        assert "url(" not in style and "@import" not in style, style


# --- atomic writes --------------------------------------------------------------------------------


class _HalfWriter:
    """A file object that writes half of what it is given, then is interrupted (Ctrl-C)."""

    def __init__(self, fh):
        self._fh = fh

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()
        return False

    def write(self, data):
        self._fh.write(data[: len(data) // 2])
        self._fh.flush()
        raise KeyboardInterrupt

    def __getattr__(self, name):
        return getattr(self._fh, name)


def _interrupt_replace(monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)


def _interrupt_fsync(monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)


def _interrupt_write(monkeypatch):
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: _HalfWriter(real_fdopen(*a, **k)))


@pytest.mark.parametrize("interrupt", [_interrupt_write, _interrupt_fsync, _interrupt_replace])
def test_interrupted_write_leaves_the_old_report_intact(tmp_path, monkeypatch, interrupt):
    from crosscheck.io import atomic_write

    out = tmp_path / "report.html"
    out.write_text("old report\n", encoding="utf-8")
    interrupt(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(out, "new report " * 10_000, force=True)
    monkeypatch.undo()
    assert out.read_text(encoding="utf-8") == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"], "a temporary file was left behind"


def test_interrupted_first_write_leaves_no_file(tmp_path, monkeypatch):
    from crosscheck.io import atomic_write

    _interrupt_replace(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "report.json", "{}", force=True)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_refuses_to_overwrite_without_force(tmp_path):
    from crosscheck.io import atomic_write

    out = tmp_path / "report.md"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(CrosscheckError, match="--force"):
        atomic_write(out, "new", force=False)
    assert out.read_text(encoding="utf-8") == "old"
    atomic_write(out, "new", force=True)
    assert out.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_ctrl_c_during_cli_write_exits_130_and_keeps_the_old_report(checker, tmp_path, monkeypatch, capsys):
    from crosscheck import cli

    out = tmp_path / "report.json"
    out.write_text("old report\n", encoding="utf-8")
    monkeypatch.setattr(cli, "_checker", lambda args, claim=None: (checker, args.sources))
    _interrupt_replace(monkeypatch)
    code = cli.main(["check", *map(str, SEEDS), "--out", str(out), "--force", "--quiet"])
    monkeypatch.undo()
    assert code == 130
    err = capsys.readouterr().err
    assert "interrupted" in err
    assert "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


# --- overwriting an existing report ---------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "brief"])
def test_existing_output_without_force_is_a_one_line_error(tmp_path, command):
    out = tmp_path / "report.md"
    out.write_text("old report\n", encoding="utf-8")
    result = run(command, *SEEDS, "--out", out)
    assert_one_line_error(result, str(out), "--force")
    assert out.read_text(encoding="utf-8") == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_verify_existing_output_without_force_is_refused(checker, tmp_path, monkeypatch, capsys):
    from crosscheck import cli

    out = tmp_path / "verdict.json"
    out.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(cli, "_checker", lambda args, claim=None: (checker, args.sources))
    code = cli.main(["verify", "--claim", "The plan was signed.", *map(str, SEEDS), "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--force" in err[0], err
    assert out.read_text(encoding="utf-8") == "old\n"


def test_force_overwrites_an_existing_report(checker, tmp_path, monkeypatch, capsys):
    from crosscheck import cli

    out = tmp_path / "report.json"
    out.write_text("old report\n", encoding="utf-8")
    monkeypatch.setattr(cli, "_checker", lambda args, claim=None: (checker, args.sources))
    code = cli.main(["check", *map(str, SEEDS), "--out", str(out), "--force", "--quiet"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out == ""
    assert json.loads(out.read_text(encoding="utf-8"))["schema_version"] == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


# --- sources with nothing to compare ----------------------------------------------------------------


def test_a_source_without_claims_does_not_crash_check(checker):
    """A source whose only line is too short to be a claim ("Photos") is kept, not dropped or fatal."""
    text = "Belarus and Iran signed a military cooperation plan in Minsk. Officials confirmed it on X."
    report = checker.check({"wire": text, "gallery": "Photos"})
    assert [s.name for s in report.sources] == ["wire", "gallery"]
    assert not [c for c in report.claims if c.source == "gallery"]
    assert report.to_json() and report.to_markdown() and report.to_html()


def test_verify_gives_a_verdict_for_every_source_even_one_without_claims(checker):
    """`verify` answers for each source it was given; one with no claims cannot mention the claim."""
    text = "Belarus and Iran signed a military cooperation plan in Minsk. Officials confirmed it on X."
    verdict = checker.verify("The plan was signed in Minsk.", {"wire": text, "gallery": "Photos"})
    assert [s.source for s in verdict.per_source] == ["wire", "gallery"]
    assert verdict.per_source[1].verdict == "not_mentioned"
    # Both output formats of `crosscheck verify` render it.
    from crosscheck.inference.render import verdict_to_markdown
    from crosscheck.inference.report import verdict_dict

    data = json.loads(json.dumps(verdict_dict(verdict)))
    assert [(s["source"], s["verdict"]) for s in data["per_source"]][1] == ("gallery", "not_mentioned")
    rows = [line for line in verdict_to_markdown(verdict).splitlines() if line.startswith("| gallery ")]
    assert len(rows) == 1 and "not_mentioned" in rows[0], rows


# --- bad input through the real CLI -----------------------------------------------------------------


def _config_with(tmp_path: Path, section: str, key: str, value) -> Path:
    data = yaml.safe_load((CONFIG_DIR / "default.yaml").read_text(encoding="utf-8"))
    if section:
        data[section][key] = value
    else:
        data[key] = value
    path = tmp_path / "custom.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _file(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


SEED = str(SEEDS[0])
BAD_INPUTS = {
    "one source": lambda t: (["check", SEED], ["at least 2 sources"]),
    "empty file": lambda t: (["check", SEED, _file(t, "void.txt", b"")], ["void", "empty"]),
    "whitespace-only file": lambda t: (
        ["check", SEED, _file(t, "blank.txt", b" \n\t\r\n  \n")],
        ["blank", "whitespace-only"],
    ),
    "invisible-only file": lambda t: (
        ["check", SEED, _file(t, "zw.txt", "\ufeff\u200b\u200d\n".encode())],
        ["zw", "empty"],
    ),
    "binary file": lambda t: (
        ["check", SEED, _file(t, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))],
        ["photo.txt", "binary"],
    ),
    "not UTF-8": lambda t: (["check", SEED, _file(t, "latin1.txt", "Café in Zürich.".encode("latin-1"))], ["UTF-8"]),
    "a folder": lambda t: (["check", SEED, t], [str(t), "folder"]),
    "a missing file": lambda t: (["check", SEED, t / "missing.txt"], ["missing.txt", "no such file"]),
    "source over max size": lambda t: (
        ["check", *SEEDS, "--config", _config_with(t, "limits", "max_source_chars", 1000)],
        ["1,000", "limits.max_source_chars"],
    ),
    "sources over total size": lambda t: (
        ["check", *SEEDS, "--config", _config_with(t, "limits", "max_total_chars", 5000)],
        ["limits.max_total_chars"],
    ),
    "unknown config key": lambda t: (
        ["check", *SEEDS, "--config", _config_with(t, "limits", "max_source_charz", 10)],
        ["unknown key", "max_source_charz"],
    ),
    "unknown config section": lambda t: (
        ["check", *SEEDS, "--config", _config_with(t, "", "limitz", {"a": 1})],
        ["unknown key", "limitz"],
    ),
    "wrong-typed config value": lambda t: (
        ["check", *SEEDS, "--config", _config_with(t, "align", "top_k", "five")],
        ["align.top_k", "integer", "five"],
    ),
    "out-of-range config value": lambda t: (
        ["check", *SEEDS, "--config", _config_with(t, "disputes", "model_contradiction", 1.5)],
        ["disputes.model_contradiction", "1.5"],
    ),
    "missing config file": lambda t: (["check", *SEEDS, "--config", t / "nope.yaml"], ["nope.yaml"]),
    "config not YAML": lambda t: (
        ["check", *SEEDS, "--config", _file(t, "bad.yaml", b"limits: [unclosed\n")],
        ["bad.yaml", "YAML"],
    ),
    "same file twice": lambda t: (["check", SEED, SEED], ["same name"]),
    "verify: empty claim": lambda t: (["verify", "--claim", "", *SEEDS], ["claim", "empty"]),
    "verify: whitespace claim": lambda t: (["verify", "--claim", " \t\n ", *SEEDS], ["claim", "empty"]),
    "verify: invisible claim": lambda t: (["verify", "--claim", "\u200b\u200b", *SEEDS], ["claim", "empty"]),
    "verify: missing source": lambda t: (
        ["verify", "--claim", "The plan was signed.", t / "gone.txt"],
        ["gone.txt", "no such file"],
    ),
    "brief: binary file": lambda t: (
        ["brief", SEED, _file(t, "blob.md", b"\x00\x01\x02binary")],
        ["blob.md", "binary"],
    ),
    "batch size zero": lambda t: (["check", *SEEDS, "--batch-size", "0"], ["--batch-size"]),
    "negative batch size": lambda t: (["verify", "--claim", "A plan.", *SEEDS, "--batch-size", "-4"], ["--batch-size"]),
    "brief: zero words": lambda t: (["brief", *SEEDS, "--max-words", "0"], ["--max-words"]),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS), ids=list(BAD_INPUTS))
def test_bad_input_is_one_clean_line(tmp_path, case):
    args, needles = BAD_INPUTS[case](tmp_path)
    result = run(*args)
    assert_one_line_error(result, *needles)


def test_cuda_without_a_gpu_is_one_clean_line():
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a CUDA GPU, so --device cuda is valid here")
    result = run("check", *SEEDS, "--device", "cuda")
    assert_one_line_error(result, "cuda")


def _exit_code_and_torch(args: list[str]) -> tuple[list[str], str]:
    """Run the CLI in a fresh process; report its exit code, whether torch got imported, and stderr."""
    code = f"import sys; from crosscheck import cli; rc = cli.main({args!r}); print(rc, 'torch' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    return done.stdout.split(), done.stderr


def test_a_missing_source_fails_before_torch_or_any_model_loads(tmp_path):
    """The error comes first; seconds of model loading come only for inputs that exist."""
    out, err = _exit_code_and_torch(["check", str(tmp_path / "missing.txt"), str(SEEDS[0])])
    assert out == ["2", "False"], err
    assert "missing.txt: no such file" in err


def test_a_wrong_typed_config_value_fails_before_torch_or_any_model_loads(tmp_path):
    bad = _config_with(tmp_path, "align", "top_k", "five")
    out, err = _exit_code_and_torch(["check", str(SEEDS[0]), str(SEEDS[1]), "--config", str(bad)])
    assert out == ["2", "False"], err
    assert len(err.strip().splitlines()) == 1 and "align.top_k" in err


def test_a_config_file_holds_only_the_keys_it_changes(tmp_path):
    from crosscheck.config import CheckConfig, load

    path = tmp_path / "mine.yaml"
    path.write_text("align:\n  top_k: 8\ndisputes:\n  type_confidence: {number: 0.9}\n", encoding="utf-8")
    config = load(CheckConfig, path)
    assert config.align.top_k == 8 and config.align.similarity_floor == CheckConfig().align.similarity_floor
    assert config.disputes.type_confidence.number == 0.9 and config.disputes.type_confidence.date == 0.75
    assert load(CheckConfig, "default") == CheckConfig(), "configs/default.yaml must list the defaults in code"


def test_schema_report_validates_a_real_report(checker):
    from crosscheck.inference.schema import ReportOut

    schema = json.loads(run("schema", "report").stdout)
    assert schema["title"] == "ReportOut" and "contradictions" in schema["properties"]
    report = checker.check(
        {
            "a": "A gunman killed 37 people at a mall on Saturday.",
            "b": "At least 40 people died at the mall on Saturday.",
        }
    )
    ReportOut.model_validate_json(report.to_json())
    with pytest.raises(ValueError):
        ReportOut.model_validate_json(report.to_json().replace('"schema_version": 4', '"schema_version": "three"'))
