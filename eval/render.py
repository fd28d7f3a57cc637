"""report.json's data turned into a readable Markdown page, a self-contained HTML page and a CLI table.

Why the HTML goes through Jinja2 with autoescape: the error tables show dataset text,
which is untrusted (a premise may contain ``<script>``). The page embeds its figures as
data URIs and its Content-Security-Policy allows nothing else, so it works offline and
cannot load or run anything.
"""

from __future__ import annotations

from pathlib import Path

from ..inference.render import jinja_environment
from .plots import confusion_png, reliability_png

_HTML = jinja_environment(Path(__file__).resolve().parent / "templates", html=True)

SUMMARY_COLUMNS = ("suite", "dataset", "status", "n", "accuracy", "macro_f1", "ece", "auroc", "detail")


def _num(value: float | None, digits: int = 3) -> str:
    return "" if value is None else f"{value:.{digits}f}"


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
                    "status": r["status"],
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


def to_markdown(report: dict) -> str:
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
    out += ["", "## Summary", ""]
    out += _md_table(list(SUMMARY_COLUMNS), [[r[c] for c in SUMMARY_COLUMNS] for r in summary_rows(report)])
    for suite, result in report["suites"].items():
        out += [f"## {suite}", "", f"status: {result['status']}, {result.get('seconds', 0):.1f} s", ""]
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


def to_html(report: dict) -> str:
    return _HTML.get_template("report.html.j2").render(
        r=report,
        rows=summary_rows(report),
        columns=SUMMARY_COLUMNS,
        figures=_figures(report),
        num=_num,
        events_line=events_line,
    )
