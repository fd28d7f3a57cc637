"""Reports for people: Markdown for a terminal, a self-contained HTML page for a browser.

Why Jinja2 with autoescape: article text is untrusted (it comes from web pages). Every
value reaches the HTML through the template engine's escaping, and the page loads nothing
from outside (a Content-Security-Policy forbids it), so a ``<script>`` in an article is
shown as text and the page works offline.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .types import Brief, Claim, PairResult, Source, Verdict

if TYPE_CHECKING:
    from .report import Report


def jinja_environment(folder: Path, *, html: bool) -> Environment:
    """The one Jinja2 set-up for every report template: these, the eval report's and the model card's.

    A missing variable is an error (``StrictUndefined``), and block tags leave no blank lines.
    ``html=True`` escapes every value, since article and dataset text is untrusted; ``html=False``
    is for Markdown and plain text: nothing escaped, and the template's final newline kept.
    """
    return Environment(
        loader=FileSystemLoader(folder),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=not html,
    )


_TEMPLATES = Path(__file__).resolve().parent / "templates"
_HTML = jinja_environment(_TEMPLATES, html=True)
_TEXT = jinja_environment(_TEMPLATES, html=False)


def _tags(brief_item_cites: tuple[Claim, ...], tags: dict[str, str]) -> str:
    return "".join(f"[{t}]" for t in sorted({tags[c.source] for c in brief_item_cites}, key=lambda t: (len(t), t)))


def evidence(pair: PairResult) -> str:
    """What a reader can check for one contradiction: the two conflicting values, or the model's scores."""
    c = pair.conflict
    if c is None:
        return "none"
    if c.values is None:
        return (
            f"the NLI model alone: P(contradiction) {pair.forward.contradiction:.2f} (A→B) and "
            f"{pair.backward.contradiction:.2f} (B→A)"
        )
    return f"{c.type}: “{c.values[0]}” vs “{c.values[1]}”"


def brief_to_markdown(brief: Brief, tags: dict[str, str]) -> str:
    """The brief alone, as Markdown (what `crosscheck brief` prints)."""
    return _TEXT.get_template("brief.md.j2").render(brief=brief, tags=tags, cite=_tags)


def report_markdown(report: Report) -> str:
    return _TEXT.get_template("report.md.j2").render(
        r=report, brief_md=brief_to_markdown(report.brief, report.tags), evidence=evidence
    )


def _segments(source: Source, report: Report) -> list[dict[str, Any]]:
    """The source text cut into plain runs and claim runs, each claim with its role and link."""
    role: dict[str, tuple[str, str | None]] = {}
    for cluster in report.consensus:
        for c in cluster.claims:
            role[c.id] = ("agree", None)
    for c in report.unique:
        role[c.id] = ("unique", None)
    for k, p in enumerate(report.contradictions):
        role[p.a.id] = ("dispute", f"d{k}")
        role[p.b.id] = ("dispute", f"d{k}")
    out: list[dict[str, Any]] = []
    cursor = 0
    for c in (c for c in report.claims if c.source == source.name):
        if c.start > cursor:
            out.append({"text": source.text[cursor : c.start], "claim": None})
        kind, link = role.get(c.id, ("plain", None))
        out.append({"text": c.text, "claim": c, "kind": kind, "link": link})
        cursor = c.end
    out.append({"text": source.text[cursor:], "claim": None})
    return out


def report_html(report: Report) -> str:
    columns = [{"source": s, "tag": report.tags[s.name], "segments": _segments(s, report)} for s in report.sources]
    return _HTML.get_template("report.html.j2").render(r=report, columns=columns, cite=_tags, evidence=evidence)


def verdict_to_markdown(verdict: Verdict) -> str:
    return _TEXT.get_template("verdict.md.j2").render(v=verdict)
