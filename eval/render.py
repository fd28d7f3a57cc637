"""report.json's data turned into a readable Markdown page, a self-contained HTML page and a CLI table.

Why the HTML goes through Jinja2 with autoescape: the error tables show dataset text,
which is untrusted (a premise may contain ``<script>``). The page embeds its figures as
data URIs and its Content-Security-Policy allows nothing else, so it works offline and
cannot load or run anything.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import CrosscheckError
from ..inference.render import jinja_environment
from .plots import confusion_png, reliability_png

_HTML = jinja_environment(Path(__file__).resolve().parent / "templates", html=True)

SUMMARY_COLUMNS = ("suite", "dataset", "status", "n", "accuracy", "macro_f1", "ece", "auroc", "detail")


def _num(value: float | None, digits: int = 3) -> str:
    return "" if value is None else f"{value:.{digits}f}"


# ---- headline metrics against their targets -------------------------------------------------------------------

HEADLINE_COLUMNS = ("suite", "metric", "value", "target", "result")
MISSING_DATA = "MissingDataError"
"""The error type (eval/data.py) of a dataset whose files are not under data_root: shown as "no data"."""
_BOUND = re.compile(r"^\s*(>=|<=|≥|≤)\s*([-+]?\d+(?:\.\d+)?)?\s*$")


def status_word(result: dict) -> str:
    """What a suite or dataset entry's status means to a reader: ran, partial, no data, or error."""
    status = result.get("status", "")
    if status == "error":
        return "no data" if str(result.get("error", "")).startswith(MISSING_DATA) else "error"
    return "ran" if status == "ok" else status


def _bound(suite: str, metric: str, spec: object, suite_config: dict) -> tuple[str, float] | None:
    """(">=" or "<=", number) from a config value, or None for no target.

    A bare operator takes the suite's own number (``targets`` or ``target`` in its section of the config).
    """
    if spec is None:
        return None
    match = _BOUND.match(str(spec))
    if not match:
        raise CrosscheckError(f'targets.{suite}.{metric}: {spec!r} is not a bound; write ">= 0.8", "<= 0.5" or null')
    op = {"≥": ">=", "≤": "<="}.get(match.group(1), match.group(1))
    if match.group(2) is not None:
        return op, float(match.group(2))
    own = (suite_config.get("targets") or {}).get(metric.split(".")[-1])
    if own is None and isinstance(suite_config.get("target"), int | float):
        own = suite_config["target"]
    if not isinstance(own, int | float) or isinstance(own, bool):
        raise CrosscheckError(f"targets.{suite}.{metric}: {spec!r} needs a number; suites.{suite} has none for it")
    return op, float(own)


def _dig(data: Any, keys: list[str]) -> Any:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _show(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    if isinstance(value, int):
        return str(value)
    return f"{value:.4f}" if 0 < abs(value) < 0.01 else f"{value:.3f}"


def headline_rows(report: dict, targets: dict | None = None) -> list[dict]:
    """One row per headline metric of every suite in the report: its value, target and pass / fail mark.

    ``targets`` is configs/eval.yaml's ``targets`` (default: the one recorded in the report's config). The
    mark is "pass" or "fail" against the target, "no target", "no data" where the suite's or dataset's data
    is missing, "error" where it failed, and "not measured" where the run has no such number. A suite that
    reports its own pass/fail (news: ``passed``) decides its own mark.
    """
    config = report.get("config") or {}
    targets = config.get("targets") if targets is None else targets
    rows = []
    for suite, result in report["suites"].items():
        metrics = (targets or {}).get(suite) or {}
        suite_config = (config.get("suites") or {}).get(suite) or {}
        if not metrics:
            word = status_word(result)
            rows.append({"suite": suite, "metric": "", "value": "", "target": "", "result": word})
            continue
        for metric, spec in metrics.items():
            bound = _bound(suite, metric, spec, suite_config)
            keys = metric.split(".")
            shown = "" if bound is None else f"{'≥' if bound[0] == '>=' else '≤'} {bound[1]:g}"
            row = {"suite": suite, "metric": metric, "value": "", "target": shown}
            datasets = result.get("datasets") or {}
            entry = datasets.get(keys[0], result)
            path = keys[1:] if keys[0] in datasets else keys
            if entry.get("status") == "error" or (result.get("status") == "error" and entry is result):
                row["result"] = status_word(entry)
                rows.append(row)
                continue
            value = _dig(entry, path)
            if value is None or isinstance(value, dict | list):
                row["result"] = "not measured"
            else:
                row["value"] = _show(value)
                own = _dig(result, ["passed", metric]) if entry is result else None
                if bound is None:
                    row["result"] = "no target"
                elif isinstance(own, bool):
                    row["result"] = "pass" if own else "fail"
                else:
                    op, target = bound
                    row["result"] = "pass" if (value >= target if op == ">=" else value <= target) else "fail"
            rows.append(row)
    return rows


def ran_any(report: dict) -> bool:
    """Did at least one requested suite run (fully or in part)?"""
    return any(r.get("status") != "error" for r in report["suites"].values())


def none_ran_line(report: dict) -> str:
    """One line saying why no requested suite could run."""
    reasons = "; ".join(f"{name}: {status_word(r)} ({r.get('error', '')})" for name, r in report["suites"].items())
    return f"none of the requested suites could run: {reasons}"


def _detail(name: str, result: dict) -> str:
    """The one thing worth saying about a dataset that the numeric columns do not show."""
    if result["status"] == "error":
        return result["error"]
    if "detail" in result:
        return result["detail"]
    if "real_contradictions" in result:
        real = result["real_contradictions"]
        text = f"real cross-article contradictions: recall {_num(real['recall'])} of {real['n']} (argmax)"
        rule = result.get("checker_rule")
        if rule:
            both, listed = rule["both_ways"], rule["listed"]
            text += (
                f"; the checker finds {both['real_found']} of {rule['real']} both ways"
                f" ({both['false_alarms']} false alarms in {rule['non_contradictions']} other cross-article pairs),"
                f" {listed['real_found']} counting possible ones ({listed['false_alarms']} false alarms)"
            )
        return text
    if "auroc_disagree" in result:
        return f"AUROC agree {_num(result['auroc_agree'])}, disagree {_num(result['auroc_disagree'])}"
    if "rouge" in result:
        r = result["rouge"]
        return f"ROUGE-1 {_num(r['rouge1'])}, ROUGE-2 {_num(r['rouge2'])}, ROUGE-Lsum {_num(r['rougeLsum'])}"
    if "score" in result:
        return f"{result['positives']} positives; score {result['score']}"
    return ""


def summary_rows(report: dict) -> list[dict]:
    """One row per dataset (and the seeds brief), or per failed suite, as display strings."""
    rows = []
    for suite, result in report["suites"].items():
        parts = dict(result.get("datasets", {}))
        if "brief" in result:
            parts["brief"] = result["brief"]
        if not parts:
            parts = {"": result}
        for name, r in parts.items():
            rows.append(
                {
                    "suite": suite,
                    "dataset": name,
                    "status": status_word(r),
                    "n": str(r.get("n", "")),
                    "accuracy": _num(r.get("accuracy")),
                    "macro_f1": _num(r.get("macro_f1")),
                    "ece": _num(r.get("ece")),
                    "auroc": _num(r.get("auroc")),
                    "detail": _detail(name, r),
                }
            )
    return rows


def text_table(rows: list[dict], columns: tuple[str, ...] = SUMMARY_COLUMNS) -> str:
    """A plain fixed-width table for the terminal."""
    widths = {c: max([len(c)] + [len(r[c]) for r in rows]) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns)]
    lines += ["  ".join(r[c].ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


# ---- Markdown ------------------------------------------------------------------------------------------------


def _cell(value: object) -> str:
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: list[list[object]]) -> list[str]:
    """A Markdown table followed by a blank line."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return [*lines, *("| " + " | ".join(_cell(v) for v in row) + " |" for row in rows), ""]


def _md_dataset(name: str, r: dict) -> list[str]:
    out = [f"### {name}", ""]
    if r["status"] == "error":
        return [*out, f"**error:** {_cell(r['error'])}", ""]
    if "per_class" in r:
        calibration = f", ECE {_num(r['ece'])} at T={r['temperature']:.3g}" if "ece" in r else ""
        if "ece_t1" in r:
            calibration += f" (ECE {_num(r['ece_t1'])} at T=1)"
        out += [f"n = {r['n']}, accuracy {_num(r['accuracy'])}, macro-F1 {_num(r['macro_f1'])}{calibration}", ""]
        out += _md_table(
            ["class", "precision", "recall", "F1", "support"],
            [
                [k, _num(v["precision"]), _num(v["recall"]), _num(v["f1"]), v["support"]]
                for k, v in r["per_class"].items()
            ],
        )
        out += _md_table(
            ["gold / predicted", *r["labels"]],
            [[label, *row] for label, row in zip(r["labels"], r["confusion_matrix"])],
        )
    if _detail(name, r):
        out += [_detail(name, r), ""]
    if r.get("confident_errors"):
        out += ["Most confident errors:", ""]
        out += _md_table(
            ["premise", "hypothesis", "gold", "predicted", "confidence"],
            [
                [e["premise"], e["hypothesis"], e["gold"], e["predicted"], e["confidence"]]
                for e in r["confident_errors"]
            ],
        )
    if "misclassified" in r:
        out += [f"All {len(r['misclassified'])} misclassified pairs (note: why the gold label holds; analysis: the cue"]
        out += ["that likely misled the model, from eval/diagnose.py):", ""]
        if r.get("miss_cues"):
            out += ["Cues over all misses: " + ", ".join(f"{cue} {n}" for cue, n in r["miss_cues"].items()), ""]
        out += _md_table(
            ["id", "gold", "predicted", "P(e/n/c)", "premise", "hypothesis", "note", "analysis"],
            [
                [
                    e["id"],
                    e["gold"],
                    e["predicted"],
                    "/".join(f"{p:.2f}" for p in e["scores"].values()),
                    e["premise"],
                    e["hypothesis"],
                    e["note"],
                    e["analysis"],
                ]
                for e in r["misclassified"]
            ],
        )
    for key, title in (
        ("misses", "Real disagreements not reported"),
        ("false_alarm_pairs", "False alarms: labelled agreement or compatible pairs reported as contradictions"),
        ("unlabelled_reports", "Reported contradictions on random events that no label calls a disagreement"),
        ("unseen_reports", "Every contradiction reported on unseen NeuS train events (no labels: read each one)"),
    ):
        if "false_alarm_pairs" in r and r.get(key):  # the news suite's lists of labelled pairs
            out += [f"{title} ({len(r[key])}):", ""]
            out += _md_table(
                ["event", "label", "A", "B", "evidence", "veto", "P(c) a→b / b→a"],
                [
                    [
                        e["event"],
                        f"{e['label']} {e.get('type') or ''}",
                        e["a"],
                        e["b"],
                        e.get("evidence"),
                        e.get("veto"),
                        e.get("p_contradiction"),
                    ]
                    for e in r[key]
                ],
            )
    if "markdown" in r:
        out += ["Generated brief:", "", *("> " + line for line in r["markdown"].splitlines()), ""]
    return out


def events_line(result: dict) -> str:
    """The cross-source run over every event of a suite: how many ran, how long, how much memory."""
    return (
        f"crosscheck check ran on {result['events_checked']} events ({len(result['failed_events'])} failed) in "
        f"{result['check_seconds']:.1f} s; peak memory of the evaluation process {result['peak_rss_mb']} MB"
    )


def to_markdown(report: dict, targets: dict | None = None) -> str:
    """The report as Markdown; ``targets`` as in ``headline_rows``."""
    model = report["model"]
    temperature = f" (temperature {model['temperature']:.3g})" if "temperature" in model else ""
    out = [
        "# crosscheck evaluation report",
        "",
        f"- model: `{model['id']}`{temperature}",
        f"- created (UTC): {report['created_utc']}",
        f"- crosscheck {report['crosscheck_version']}, config hash `{report['config_hash']}`",
    ]
    if report["limit"] is not None:
        out.append(f"- **limit {report['limit']} pairs per dataset: a quick check, not reportable numbers**")
    out += ["", "## Targets", ""]
    out += _md_table(list(HEADLINE_COLUMNS), [[r[c] for c in HEADLINE_COLUMNS] for r in headline_rows(report, targets)])
    out += ["## Summary", ""]
    out += _md_table(list(SUMMARY_COLUMNS), [[r[c] for c in SUMMARY_COLUMNS] for r in summary_rows(report)])
    for suite, result in report["suites"].items():
        out += [f"## {suite}", "", f"status: {status_word(result)}, {result.get('seconds', 0):.1f} s", ""]
        if result["status"] == "error" and "datasets" not in result:
            out += [f"**error:** {_cell(result['error'])}", ""]
        if "events_checked" in result:
            out += [events_line(result), ""]
            out += [f"- failed: {_cell(e)}" for e in result["failed_events"]]
        for name, r in result.get("datasets", {}).items():
            out += _md_dataset(name, r)
        if "false_alarm_pairs" in result:  # the news suite is one dataset
            out += _md_dataset(suite, result)
        if "brief" in result:
            out += _md_dataset("brief", result["brief"])
    out += ["## Data files", ""]
    out += _md_table(["file", "sha256"], [list(item) for item in sorted(report["data_files"].items())])
    return "\n".join(out)


# ---- HTML ----------------------------------------------------------------------------------------------------


def anchor(*parts: str) -> str:
    """A fragment id for a section: letters, digits and dashes only, so every link lands."""
    return "-".join(re.sub(r"[^A-Za-z0-9]+", "-", p).strip("-").lower() for p in parts if p)


def _figures(report: dict) -> dict[str, dict[str, str]]:
    """PNG data URIs per "suite/dataset": a confusion matrix, and a reliability diagram if it has probabilities."""
    figures: dict[str, dict[str, str]] = {}
    for suite, result in report["suites"].items():
        for name, r in result.get("datasets", {}).items():
            key, title = f"{suite}/{name}", f"{suite} / {name}"
            if r["status"] != "ok":
                continue
            if "confusion_matrix" in r:
                figures.setdefault(key, {})["confusion"] = confusion_png(r["confusion_matrix"], r["labels"], title)
            if "reliability" in r:
                figures.setdefault(key, {})["reliability"] = reliability_png(r["reliability"], title)
    return figures


def to_html(report: dict, targets: dict | None = None) -> str:
    """The report as one self-contained page; ``targets`` as in ``headline_rows``."""
    return _HTML.get_template("report.html.j2").render(
        r=report,
        headline=headline_rows(report, targets),
        headline_columns=HEADLINE_COLUMNS,
        rows=summary_rows(report),
        columns=SUMMARY_COLUMNS,
        status_word=status_word,
        anchor=anchor,
        figures=_figures(report),
        num=_num,
        events_line=events_line,
    )
