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


def brief_to_markdown(brief: Brief, tags: dict[str, str], legend: bool = True) -> str:
    """The brief as Markdown (what `crosscheck brief` prints).

    Why a ``legend``: read alone, "[A][B]" means nothing until it names the sources; inside the full
    report, which names them at its top, it is left out."""
    return _TEXT.get_template("brief.md.j2").render(brief=brief, tags=tags, cite=_tags, legend=legend)


def report_markdown(report: Report) -> str:
    return _TEXT.get_template("report.md.j2").render(
        r=report, brief_md=brief_to_markdown(report.brief, report.tags, legend=False), evidence=evidence
    )


TITLE_CHARS = 200
"""A first line up to this long, followed by more text, is read as the article's title."""
TITLE_WORDS = 20
"""... and up to this many words when it ends in a full stop, as NeuS/AllSides titles all do; a longer
one-line first paragraph ending so is the lead sentence, not a title."""


def source_title(source: Source) -> str | None:
    """The article's title: its first line when more text follows and it is short (see ``TITLE_WORDS``)."""
    first, _, rest = source.text.strip().partition("\n")
    first = first.strip()
    short = len(first) <= TITLE_CHARS and (not first.endswith(".") or len(first.split()) <= TITLE_WORDS)
    return first if first and rest.strip() and short else None


def _roles(report: Report) -> dict[str, tuple[str, int | None]]:
    """Each claim's colour in the source view, and the contradiction it links to.

    Later roles win: a claim in a consensus fact that is also in a shown contradiction is shown as disputed.
    A possible (one-way) contradiction gets its own colour, and only when it is shown (``--show-possible``).
    """
    role: dict[str, tuple[str, int | None]] = {}
    for cluster in report.consensus:
        for c in cluster.claims:
            role[c.id] = ("agree", None)
    for c in report.unique:
        role[c.id] = ("unique", None)
    linked: set[str] = set()
    for k, p in enumerate(report.contradictions):  # a claim in several links to the first, two-way ones first
        kind = "dispute" if p.relation == "contradiction" else "possible"
        for c in (p.a, p.b):
            if c.id not in linked or (kind == "dispute" and role[c.id][0] == "possible"):
                linked.add(c.id)
                role[c.id] = (kind, k)
    return role


def _segments(source: Source, report: Report, role: dict[str, tuple[str, int | None]]) -> list[dict[str, Any]]:
    """The source text cut into plain runs and claim runs, each claim with its role and link."""
    out: list[dict[str, Any]] = []
    cursor = 0
    for c in (c for c in report.claims if c.source == source.name):
        if c.start > cursor:
            out.append({"text": source.text[cursor : c.start], "claim": None})
        kind, k = role.get(c.id, ("plain", None))
        out.append({"text": c.text, "claim": c, "kind": kind, "link": None if k is None else f"d{k}"})
        cursor = c.end
    out.append({"text": source.text[cursor:], "claim": None})
    return out


def _cite_groups(cites: tuple[Claim, ...], tags: dict[str, str]) -> list[dict[str, Any]]:
    """A brief item's citations, one per source in tag order: the first cited claim and how many there are."""
    by_source: dict[str, list[Claim]] = {}
    for c in cites:
        by_source.setdefault(c.source, []).append(c)
    groups = [
        {"tag": tags[s], "claim": min(claims, key=lambda c: c.index), "count": len(claims)}
        for s, claims in by_source.items()
    ]
    return sorted(groups, key=lambda g: (len(g["tag"]), g["tag"]))


def _by_source(claims: tuple[Claim, ...], order: list[str]) -> list[tuple[str, list[Claim]]]:
    """Claims grouped by source, in source order, each group in reading order."""
    groups: dict[str, list[Claim]] = {name: [] for name in order}
    for c in claims:
        groups.setdefault(c.source, []).append(c)
    return [(name, sorted(cs, key=lambda c: c.index)) for name, cs in groups.items() if cs]


def report_html(report: Report) -> str:
    """One self-contained page: summary, brief with linked citations, facts, contradictions, unique, sources."""
    role = _roles(report)
    names = [s.name for s in report.sources]
    columns = [
        {"source": s, "tag": report.tags[s.name], "segments": _segments(s, report, role)} for s in report.sources
    ]
    outlets = [
        {
            "source": s,
            "tag": report.tags[s.name],
            "title": source_title(s),
            "claims": sum(c.source == s.name for c in report.claims),
        }
        for s in report.sources
    ]
    disputes = list(enumerate(report.contradictions))
    facts = [
        {"text": cluster.claims[0].text, "groups": _by_source(cluster.claims, names), "n": len(cluster.claims)}
        for cluster in report.consensus
    ]
    return _HTML.get_template("report.html.j2").render(
        r=report,
        columns=columns,
        outlets=outlets,
        facts=facts,
        two_way=[(k, p) for k, p in disputes if p.relation == "contradiction"],
        one_way=[(k, p) for k, p in disputes if p.relation != "contradiction"],
        unique=_by_source(report.unique, names),
        cites=lambda item: _cite_groups(item.cites, report.tags),
        evidence=evidence,
    )


def verdict_to_markdown(verdict: Verdict) -> str:
    return _TEXT.get_template("verdict.md.j2").render(v=verdict)
