"""Sources become claims: sentences from pysbd, attribution kept, offsets exact.

Why pysbd: it is a maintained rule-based splitter that handles abbreviations ("U.S.",
"Dr.", "p.m."), quotes and ellipses without a model download. We split paragraphs
(lines) first, so a title without a full stop is its own claim, then sentences, then
windows for "sentences" too long for the NLI model (a page with no punctuation).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import pysbd

from ..config import LimitsConfig, SegmentConfig
from .types import Claim, Source


@functools.cache
def segmenter() -> pysbd.Segmenter:
    """The one pysbd set-up: claims here, and sentences in the eval suites and ``crosscheck bench``.

    English rules, and ``clean=False`` so the sentences are the text's own characters and their
    offsets can be found in it. Built once, on first use.
    """
    return pysbd.Segmenter(language="en", clean=False)


_SAY = (
    r"(?:said|says|say|stated|states|emphasi[sz]ed|emphasi[sz]es|noted|notes|suggested|suggest|suggests|"
    r"confirmed|confirms|highlighted|highlights|reiterated|reiterates|argued|argues|argue|claimed|claims|"
    r"added|told|announced|acknowledged|warned|warns|believe|believes|insisted|reported|reports|wrote)"
)
_WHO = (
    r"(?P<who>(?:[A-Z][\w’'.-]*)(?: [A-Z][\w’'.-]*){0,3}"
    r"|[Aa]nalysts|[Oo]fficials|[Ee]xperts|[Oo]bservers|[Cc]ritics|He|She|They)"
)
_LEADING = re.compile(rf"^{_WHO}(?: also| has| have| had| previously| later){{0,2}} {_SAY}\b")
_SPEAKER = rf"(?:{_WHO} {_SAY}|{_SAY} {_WHO.replace('who', 'who2')})"
"""'officials said' or 'said officials'."""
_TRAILING = re.compile(rf",\s*{_SPEAKER}\.?[”\"]?\s*$")
_QUOTED = re.compile(rf"[,?!][”\"]\s+{_SPEAKER}\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to (?P<who3>[^,.;”\"]{3,60}?)\s*(?:[,.;”\"]|$)")
_PRONOUNS = {"He", "She", "They"}
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*(?:, [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*)?(?: \([A-Z][\w .]*\))?"
    r"(?:\s*[—–―]+|\s+-+)|\((?:CNN|AP|Reuters|AFP)\)\s*[—–―-]*)\s*(?=[A-Z0-9“\"‘'])"
)
"""A wire dateline opening a paragraph ("WASHINGTON (AP) — ", "SEOUL, South Korea — ", "(CNN) - ", HuffPost's
"WASHINGTON ― " with a horizontal bar): where the story was filed, not what it says, so it is left out of the
claim (the brief would quote it, the NLI model read it)."""


def attribution(sentence: str, previous: str | None) -> str | None:
    """Who a sentence reports as speaking ("Lukashenko emphasized that ...", "“Zero chance,” Paul said when
    asked ...", "..., according to people familiar with the talks."), if anyone.

    A pronoun speaker ("He also reiterated ...") inherits the previous claim's speaker.
    """
    m = (
        _LEADING.match(sentence)
        or _TRAILING.search(sentence)
        or _QUOTED.search(sentence)
        or _ACCORDING.search(sentence)
    )
    if m is None:
        return None
    found = m.groupdict()
    who = found.get("who") or found.get("who2") or found.get("who3")
    if who in _PRONOUNS:
        return previous
    return who


def _spans(text: str, start: int, end: int, pattern: str) -> Iterator[tuple[int, int]]:
    """Non-empty stripped spans of text[start:end] separated by ``pattern``."""
    for m in re.finditer(pattern, text[start:end]):
        a, b = start + m.start(), start + m.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            yield a, b


def _windows(text: str, start: int, end: int, size: int) -> Iterator[tuple[int, int]]:
    """Split a span into pieces of at most ``size`` words, at whitespace."""
    words = list(re.finditer(r"\S+", text[start:end]))
    for i in range(0, len(words), size):
        chunk = words[i : i + size]
        yield start + chunk[0].start(), start + chunk[-1].end()


_NAME_TITLE = re.compile(
    r"(?<![\w.])(?:Mr|Mrs|Ms|Dr|Sens?|Reps?|Gov|Gen|Lt|Col|Sgt|Capt|Prof|Rev|Adm|Maj|Cmdr|Atty)\.$"
)
"""A title that stands before a name ("Sen.", "Gov."): a sentence never ends with one."""
_GOES_ON = re.compile(r"[a-z,;:)—–]")
"""How a piece that continues the sentence before it starts: ", told Fox News ...", "—President Trump ..."."""


def cut_before_name(sentence: str) -> bool:
    """Text that ends with a title before a name ("... New York Gov."): cut off by the source or the splitter."""
    return bool(_NAME_TITLE.search(sentence.rstrip("”\"’' ")))


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """pysbd's sentences, with its splits after a name's title ("Washington (CNN)Sen." | "Rand Paul of ...") or
    before a piece that goes on ("... Sen. Rand Paul, R-Ky." | ", said of the impeachment ...") undone."""
    cursor = start
    spans: list[tuple[int, int]] = []
    for sentence in segmenter().segment(text[start:end]):
        stripped = sentence.strip()
        if not stripped:
            continue
        found = text.find(stripped, cursor, end)
        if found < 0:  # pysbd altered the text; fall back to the rest of the paragraph
            spans.append((cursor, end))
            break
        cursor = found + len(stripped)
        if spans and (cut_before_name(text[spans[-1][0] : spans[-1][1]]) or _GOES_ON.match(stripped)):
            spans[-1] = (spans[-1][0], cursor)
        else:
            spans.append((found, cursor))
    yield from spans


def segment(source: Source, config: SegmentConfig, limits: LimitsConfig) -> list[Claim]:
    """Claims of one source in reading order."""
    text = source.text
    claims: list[Claim] = []
    speaker: str | None = None
    for p_start, p_end in _spans(text, 0, len(text), r"[^\n]+"):
        for c_start, c_end in _windows_by_chars(text, p_start, p_end, limits.chunk_chars):
            for s_start, s_end in _sentences(text, c_start, c_end):
                if s_start == p_start and (dateline := _DATELINE.match(text, s_start, s_end)):
                    s_start = dateline.end()
                for w_start, w_end in _windows(text, s_start, s_end, config.max_claim_words):
                    sentence = text[w_start:w_end]
                    if len(sentence) < config.min_claim_chars or not re.search(r"[^\W\d_]", sentence):
                        continue
                    speaker = attribution(sentence, speaker)
                    claims.append(Claim(source.name, sentence, w_start, w_end, speaker, len(claims)))
    return claims


def _windows_by_chars(text: str, start: int, end: int, size: int) -> Iterator[tuple[int, int]]:
    """Very long paragraphs go to the splitter in pieces (it is slow on megabyte strings)."""
    while end - start > size:
        cut = text.rfind(" ", start, start + size)
        cut = cut if cut > start else start + size
        yield start, cut
        start = cut
    yield start, end


def word_for_word(a: str, b: str) -> bool:
    """The same words in the same order (spacing and line breaks aside).

    Why a rule and not the model: a sentence entails itself, and the NLI model does not always say so
    (7 of 619 NeuS val titles and leads got P(entailment) below 0.5 against themselves)."""
    return a.split() == b.split()


_QUOTATION = re.compile(r"[“\"][^”\"]*[”\"]|‘[^’]*’|(?<!\w)'[^']*'(?!\w)")


def unquoted(text: str) -> str:
    """The text with every quotation blanked out: quoted words are someone else's, not the writer's."""
    return _QUOTATION.sub(" ", text)


def asks(text: str) -> bool:
    """A question in the writer's own voice ("Trump impeachment conviction?", "What might Cohen tell Mueller?").

    Why it matters: a question states no fact, so it is never agreed, disputed or unique. On the labelled news
    events all 8 pairs with a question were "compatible", none an agreement; yet the encoder finds a question
    close to the fact it asks about, so it joined consensus groups and headed a brief. A sentence that reports
    a question ("He asked: 'Why now?'") states that it was asked, so quoted questions do not count."""
    return unquoted(text).rstrip().endswith("?")
