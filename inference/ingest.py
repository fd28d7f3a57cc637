"""Articles in: files or strings become normalised ``Source`` objects, or a clear error.

Why normalise here: a BOM, Windows line endings, zero-width or control characters from a
web page would otherwise shift offsets or split sentences oddly. Everything downstream
works on (and quotes from) the cleaned text, so offsets stay exact.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..config import LimitsConfig, SegmentConfig
from ..errors import InputError
from .types import Source

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
_FUNCTION_WORDS = set(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "and",
        "is",
        "was",
        "are",
        "were",
        "that",
        "for",
        "on",
        "with",
        "by",
        "as",
        "at",
        "from",
        "it",
        "be",
        "has",
        "have",
        "said",
        "will",
        "not",
        "this",
        "which",
    ]
)


def normalise(text: str) -> str:
    """BOM, CRLF/CR, zero-width and control characters removed; tabs and newlines kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


def english_share(text: str) -> float:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return sum(w in _FUNCTION_WORDS for w in words) / max(1, len(words))


def make_source(name: str, raw: str, limits: LimitsConfig, segment: SegmentConfig) -> Source:
    if len(raw) > limits.max_source_chars:
        raise InputError(too_long(name, f"{len(raw):,} characters", limits.max_source_chars))
    text = normalise(raw)
    if not text.strip():
        raise InputError(f"{name}: empty or whitespace-only source")
    warnings: list[str] = []
    if len(text) > limits.chunk_chars:
        warnings.append(f"{name}: {len(text):,} characters; segmented in chunks of {limits.chunk_chars:,}")
    if len(text.split()) >= 20 and english_share(text) < segment.non_english_warning:
        warnings.append(f"{name}: mostly not English; the default model is English-only, results may be poor")
    return Source(name, text, tuple(warnings))


def too_long(name: str, size: str, limit: int) -> str:
    """The one-line refusal of a source over ``limits.max_source_chars``, naming the way to raise it."""
    return (
        f"{name}: {size}, over the limit of {limit:,} characters per source; "
        "raise it with --max-chars N (limits.max_source_chars in the config)"
    )


def read_file(path: str | Path, *, max_chars: int | None = None, label: str | None = None) -> str:
    """The text of one article file (UTF-8, BOM allowed), or an InputError naming the path.

    With ``max_chars``, a file too big to hold that many characters even at 4 bytes each (UTF-8's
    most) is refused from its size, before a multi-gigabyte file is read into memory only to be
    refused; ``make_source`` still counts the characters of what is read. ``label`` names the file in
    errors instead of ``path`` (a batch names a source as its events file gives it, not as a full path).
    """
    file = Path(path)
    name = label or str(file)
    try:
        if max_chars is not None and file.is_file() and file.stat().st_size > 4 * max_chars:
            raise InputError(too_long(name, f"{file.stat().st_size:,} bytes", max_chars))
        data = file.read_bytes()
    except IsADirectoryError as exc:
        raise InputError(f"{name}: is a folder, not an article file") from exc
    except FileNotFoundError as exc:
        raise InputError(f"{name}: no such file") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from exc
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file; give plain text or Markdown")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from exc


def claim_text(claim: str, limits: LimitsConfig, segment: SegmentConfig) -> str:
    """The claim ``verify`` checks, cleaned as a source is; an empty or invisible claim is an error."""
    if not claim.strip():
        raise InputError("the claim to verify is empty")
    return make_source("claim", claim, limits, segment).text.strip()


def _enough(count: int, minimum: int) -> None:
    if count < minimum:
        raise InputError(f"give at least {minimum} source{'s' if minimum > 1 else ''}, got {count}")


Articles = Mapping[str, str] | Sequence[str | Path] | Sequence[Source]
"""What a check reads: {name: text}, file paths, or sources already loaded (``load_sources``)."""


def load_sources(items: Articles, limits: LimitsConfig, segment: SegmentConfig, minimum: int = 2) -> list[Source]:
    """Sources from a {name: text} mapping or from file paths (named by file stem).

    Two files with the same stem get their parent folder prepended, so names stay unique. Sources
    already loaded pass through unchanged (the CLI loads them before torch, to answer bad input at once).
    """
    loaded = [] if isinstance(items, Mapping) else [i for i in items if isinstance(i, Source)]
    if loaded:
        if len(loaded) != len(items):
            raise InputError("give file paths or loaded sources, not a mix of both")
        _enough(len(loaded), minimum)
        return loaded
    if isinstance(items, Mapping):
        named = [(str(name), text) for name, text in items.items()]
    else:
        paths = [Path(p) for p in items if not isinstance(p, Source)]
        stems = [p.stem for p in paths]
        named = [
            (
                f"{p.parent.name}/{p.stem}" if stems.count(p.stem) > 1 else p.stem,
                read_file(p, max_chars=limits.max_source_chars),
            )
            for p in paths
        ]
    _enough(len(named), minimum)
    if len({n for n, _ in named}) != len(named):
        raise InputError("two sources have the same name; give each a unique name")
    sources = [make_source(name, text, limits, segment) for name, text in named]
    total = sum(len(s.text) for s in sources)
    if total > limits.max_total_chars:
        raise InputError(
            f"sources total {total:,} characters, over the limit of {limits.max_total_chars:,} "
            "(limits.max_total_chars in the config; --max-chars raises it to at least the per-source limit)"
        )
    return sources


def source_tags(names: Sequence[str]) -> dict[str, str]:
    """A, B, …, Z, AA, AB, … in input order: short tags for citations in the brief."""
    letters = string.ascii_uppercase
    tags = {}
    for k, name in enumerate(names):
        tag, n = "", k
        while True:
            tag = letters[n % 26] + tag
            n = n // 26 - 1
            if n < 0:
                break
        tags[name] = tag
    return tags
