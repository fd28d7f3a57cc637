"""News-style contradictions and paraphrase controls generated from training premises.

Why: a small cross-encoder trained on crowd NLI learns that high word overlap means
entailment, so "signed in Minsk" against "signed in Tehran" reads as agreement. In the
style of FactCC (Kryscinski et al., 2020) we edit a premise by one fact (an entity, a
number or date, a negation, the roles of two actors) and label the edit a contradiction.
Edits that keep the meaning (dropping a trailing clause or parenthetical, writing a small
number as a word, a reporting-verb synonym) are labelled entailment, so the model cannot
learn "any edit means contradiction".

Entity types come from cheap cues rather than an NER model (none is installable offline
here): a capitalised span after a place preposition is treated as a place, any other
non-initial capitalised span as an actor. Swaps stay within one type.
"""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence

from .data import NLIPair

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_CALENDAR = set(_MONTHS) | set(_WEEKDAYS)
_SMALL_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_AUX = r"\b(is|are|was|were|has|have|had|will|would|can|could|should|does|do|did|must)\b"
_NEGATED = re.compile(r"\b(is|are|was|were|has|have|had|will|would|can|could|should|does|do|did|must) not\b")
_CONTRACTED = {
    "isn't": "is",
    "aren't": "are",
    "wasn't": "was",
    "weren't": "were",
    "hasn't": "has",
    "haven't": "have",
    "didn't": "did",
    "doesn't": "does",
    "don't": "do",
    "won't": "will",
    "can't": "can",
    "couldn't": "could",
    "wouldn't": "would",
    "shouldn't": "should",
}
_ENTITY = re.compile(r"(?<![.!?] )(?<![.!?]  )\b([A-Z][a-z]+(?: [A-Z][a-z]+){0,2})\b")
# Capitalised words that open clauses rather than name things.
_NOT_NAMES = set(
    [
        "The",
        "A",
        "An",
        "And",
        "But",
        "Or",
        "So",
        "If",
        "In",
        "On",
        "At",
        "It",
        "Its",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Here",
        "When",
        "While",
        "Although",
        "Though",
        "Because",
        "Since",
        "After",
        "Before",
        "As",
        "For",
        "From",
        "To",
        "With",
        "By",
        "Of",
        "Not",
        "No",
        "Yes",
        "My",
        "Our",
        "Your",
        "His",
        "Her",
        "Their",
        "What",
        "Who",
        "Why",
        "How",
        "Which",
        "Where",
        "Then",
        "Now",
        "Also",
        "Even",
        "Still",
        "Yet",
        "Just",
        "Only",
        "Some",
        "Many",
    ]
)
_NUMBER = re.compile(r"(?<![-\w:.])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w:]|\.\d)")
_NOISY = re.compile(r"-LRB-|-LSB-|``|\s{2,}")
_PLACE_CUE = re.compile(r"\b(in|at|from|to|near|into) $")
_SYNONYMS = {
    "said": "stated",
    "says": "states",
    "announced": "said",
    "told": "informed",
    "began": "started",
    "bought": "purchased",
    "helped": "assisted",
    "big": "large",
}
# Settled/open and other stance flips for news sentences: each phrase against its opposite.
_STANCE_FLIPS = {
    "ruled out": "left open",
    "rules out": "leaves open",
    "ruling out": "leaving open",
    "is considering": "has ruled out",
    "are considering": "have ruled out",
    "was considering": "had ruled out",
    "approved": "rejected",
    "rejected": "approved",
    "accepted": "rejected",
    "confirmed": "denied",
    "denied": "confirmed",
    "agreed to": "refused to",
    "refused to": "agreed to",
    "supports": "opposes",
    "opposes": "supports",
    "supported": "opposed",
    "opposed": "supported",
    "increased": "decreased",
    "decreased": "increased",
    "rose": "fell",
    "fell": "rose",
    "won": "lost",
    "lost": "won",
    "acquitted": "convicted",
    "convicted": "acquitted",
    "upheld": "struck down",
    "struck down": "upheld",
    "vetoed": "signed",
    "lifted": "imposed",
    "more than": "less than",
    "higher": "lower",
    "lower": "higher",
}
_SAYS = r"(?:said|says|told [a-z]+(?: [A-Za-z]+)?|added|announced|reported|wrote|argued|noted|explained)"
_DAY = r"(?:" + "|".join(_WEEKDAYS) + r")"
# "..., Smith said." / "..., a spokesman for the agency said on Monday." / "..., according to the report."
_TRAILING_ATTRIBUTION = re.compile(
    r",? (?:according to [^,\"“”]{3,60}|[^,\"“”]{2,60}? "
    + _SAYS
    + r"(?: (?:on )?"
    + _DAY
    + r"| in a statement| in an interview| last week| on Twitter)?)\.$"
)
# "According to officials, ..." / "Police said that ..." / "The White House said Monday that ..."
_LEADING_ATTRIBUTION = re.compile(
    r"^(?:According to [^,\"“”]{3,60}, |(?:[A-Z][\w.'’-]*|[Tt]he)(?: [\w.'’-]+){0,5} (?:said|says|announced|reported)"
    r"(?: (?:on )?" + _DAY + r")? that )"
)
_QUOTE = re.compile('["“”]')
# Appositive after a name: "Michael Steele, chairman of the Republican National Committee, drew ..."
_APPOSITIVE = re.compile(
    r"\b([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}), "
    r"((?:the |a |an |who )?[a-z][^,;\"“”]{3,80}?), (?=[a-z])"
)
# An appositive is a noun phrase ("chairman of ...", "a Democrat") or a who-clause, not a predicate.
_VERB_START = re.compile(_AUX + r"|^(said|says|\w+ed)\b")
_AFTER_PREPOSITION = re.compile(r"\b(in|at|on|to|by|of|for|from|with|near|In|At|On|To|By|For|From|With) $")
_NOT_PLACE = re.compile(
    r"\b(Mr|Mrs|Ms|Dr|President|Sen|Rep|Gov|Congress|Senate|House|Court|Committee|Department|Party|Office|"
    r"Council|Assembly|School|University|Times|Post|News|Street|Church|Hall|Center|Centre|Act|Law|Bill|God|American|Americans)\b"
)
_LEADING_ADVERBIAL = re.compile(
    r"^(?:On " + _DAY + r"|Last (?:week|month|year)|Earlier (?:this|on) \w+|In \d{4}|Despite [^,]{3,60}|"
    r"After [^,]{3,60}|Meanwhile|However|Separately|Still|Now),\s+(?=[A-Za-z])"
)
_TRAILING_TIME = re.compile(
    r" (?:on " + _DAY + r"|last (?:week|month|year)|(?:earlier )?this (?:week|month|year))(?=[.,])"
)
_PARTICIPLE_TAIL = re.compile(r", ([a-z]+ing) [^,]{4,}\.$")

_NO_DROP_START = re.compile(r"^(If|Although|Though|Unless|When|While|Because|Since|Whether|Not|No)\b")

# Words too common to make two sentences about the same thing.
_FUNCTION_WORDS = frozenset(
    "about after also been before being could from have into more most other over said says some such than "  # noqa: SIM905
    "that their them then there these they this those through under very were what when where which while "
    "will with would your".split()
)

Edit = Callable[[str, random.Random], "str | None"]
MakePair = Callable[[str], "tuple[str, str] | None"]


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _FUNCTION_WORDS}


def _entities(text: str) -> list[tuple[re.Match[str], str]]:
    """Capitalised spans that are not calendar words, each typed 'place' or 'actor'."""
    out = []
    for m in _ENTITY.finditer(text):
        first = m.group(1).split()[0]
        if m.start() == 0 or first in _NOT_NAMES or m.group(1) in _CALENDAR:
            continue
        kind = "place" if _PLACE_CUE.search(text[: m.start()]) else "actor"
        out.append((m, kind))
    return out


class Augmenter:
    """Builds edited pairs; ``pools`` hold the entities seen in the corpus, by type."""

    def __init__(
        self,
        premises: Sequence[str],
        seed: int,
        captions: Collection[str] = (),
        events: Sequence[Sequence[str]] = (),
    ) -> None:
        """``captions``: premises from image-caption corpora (SNLI, MPE). Their annotators called two
        unrelated scenes a contradiction, so ``off_topic`` never draws from them.

        ``events``: the sentences of each news event (all outlets together), for ``same_event``."""
        self.rng = random.Random(seed)
        self.event_of: dict[str, int] = {}
        self.events = [list(dict.fromkeys(sentences)) for sentences in events]
        for i, sentences in enumerate(self.events):
            for sentence in sentences:
                self.event_of.setdefault(sentence, i)
        self.premises = [p for p in premises if 8 <= len(p.split()) <= 45 and not _NOISY.search(p.strip())]
        excluded = set(captions)
        self.topical = [p for p in self.premises if p not in excluded]
        self._topical_set = set(self.topical)
        self.pools: dict[str, list[str]] = {"place": [], "actor": []}
        for text in self.premises:
            for m, kind in _entities(text):
                self.pools[kind].append(m.group(1))
        # swap_place: spans after "in" seen at least 3 times that name no institution or person.
        after_in = Counter(
            m.group(1)
            for text in self.premises
            for m, _ in _entities(text)
            if text[: m.start()].endswith(" in ") and not _NOT_PLACE.search(m.group(1))
        )
        self._place_pool = sorted(p for p, n in after_in.items() if n >= 3)
        self._places = set(self._place_pool)

    # --- contradictions: one fact changed -------------------------------------------------
    def swap_entity(self, text: str, rng: random.Random) -> str | None:
        found = _entities(text)
        if not found:
            return None
        m, kind = rng.choice(found)
        replacement = rng.choice(self.pools[kind])
        if replacement == m.group(1) or replacement in text:
            return None
        return text[: m.start()] + replacement + text[m.end() :]

    @staticmethod
    def change_number(text: str, rng: random.Random) -> str | None:
        calendar = [m for m in re.finditer(r"\b(" + "|".join(_CALENDAR) + r")\b", text)]
        numbers = list(_NUMBER.finditer(text))
        if not calendar and not numbers:
            return None
        m = rng.choice(calendar + numbers)
        word = m.group(0)
        if word in _CALENDAR:
            pool = _MONTHS if word in _MONTHS else _WEEKDAYS
            new = rng.choice([w for w in pool if w != word])
        elif re.fullmatch(r"(19|20)\d\d", word):
            new = str(int(word) + rng.choice([-3, -2, -1, 1, 2, 3]))
        else:
            value = float(word.replace(",", ""))
            factor = rng.choice([0.5, 2, 3, 10]) if value else 1
            new_value = value * factor if value else rng.randint(1, 9)
            new = f"{int(new_value):,}" if "." not in word else f"{new_value:.1f}"
            if new == word:
                return None
        return text[: m.start()] + new + text[m.end() :]

    @staticmethod
    def flip_negation(text: str, rng: random.Random) -> str | None:
        negated = _NEGATED.search(text)
        if negated:
            return text[: negated.start()] + negated.group(1) + text[negated.end() :]
        for short, full in _CONTRACTED.items():
            if short in text:
                return text.replace(short, full, 1)
        aux = re.search(_AUX, text)
        if aux is None:
            return None
        return text[: aux.end()] + " not" + text[aux.end() :]

    @staticmethod
    def swap_roles(text: str, rng: random.Random) -> str | None:
        found = [m for m, kind in _entities(text) if kind == "actor"]
        for a, b in itertools.pairwise(found):
            between = text[a.end() : b.start()]
            words = between.split()
            # Only "X <verb> Y": "X and Y met" or "X, Y" are symmetric and keep their meaning.
            if (
                1 <= len(words) <= 3
                and all(w.islower() and w.isalpha() for w in words)
                and re.search(r"(ed|s)$", words[0])
                and not re.search(r"\b(and|or|with|of|the|that)\b", between)
            ):
                return text[: a.start()] + b.group(1) + between + a.group(1) + text[b.end() :]
        return None

    # --- controls: meaning kept ------------------------------------------------------------
    @staticmethod
    def drop_clause(text: str, rng: random.Random) -> str | None:
        # Only a trailing relative or participle clause: dropping it keeps the main claim.
        m = re.search(r", (which|who|including|where|before|after|with) [^,]+$", text)
        if _NO_DROP_START.match(text) or m is None:
            return None
        head = text[: m.start()].strip()
        if len(head.split()) < 6:
            return None
        return head + "."

    @staticmethod
    def paraphrase_lexical(text: str, rng: random.Random) -> str | None:
        for word, synonym in _SYNONYMS.items():
            pattern = rf"(?<![-\w]){word}(?![-\w])"
            if re.search(pattern, text):
                return re.sub(pattern, synonym, text, count=1)
        small = re.search(r"(?<![-\w$.,:])([0-9]|10)(?![-\w.,:)%])", text)
        if small:
            return text[: small.start()] + _SMALL_NUMBERS[int(small.group(1))] + text[small.end() :]
        return None

    def conjunct(self, text: str, rng: random.Random) -> str:
        """Another training premise and this one as a two-sentence premise; this one alone is
        entailed (a text entails each of its sentences, whatever else it says)."""
        other = rng.choice(self.premises)
        return f"{other} {text}" if rng.random() < 0.5 else f"{text} {other}"

    def off_topic(self, premise: str) -> tuple[str, str] | None:
        """The premise against a sentence from another text that shares no content word with it.

        Why neutral: crowd NLI (SNLI above all) taught the model that two unrelated sentences
        contradict, and in a cluster of news stories most sentence pairs are unrelated; the
        stage-3 model called 41% of all cross-article pairs of a 10-article cluster a dispute.
        """
        if premise not in self._topical_set:
            return None
        words = _content_words(premise)
        for _ in range(8):
            other = self.rng.choice(self.topical)
            if not words & _content_words(other):
                return premise, other
        return None

    # --- stage 5: typed edits and detail drops of news sentences ------------------------------
    def swap_place(self, text: str, rng: random.Random) -> str | None:
        """A place (a capitalised span after in/at/from/to/near/into) for another place of the corpus."""
        found = [
            m
            for m, kind in _entities(text)
            if kind == "place" and m.group(1) in self._places and not re.match(r"[-'’]\w", text[m.end() :])
        ]
        if not found:
            return None
        m = rng.choice(found)
        replacement = rng.choice(self._place_pool)
        if replacement == m.group(1) or replacement in text or m.group(1) in replacement:
            return None
        return text[: m.start()] + replacement + text[m.end() :]

    @staticmethod
    def flip_stance(text: str, rng: random.Random) -> str | None:
        """One stance word for its opposite: ruled out/left open, approved/rejected, rose/fell, won/lost."""
        found = [
            m
            for phrase in _STANCE_FLIPS
            for m in re.finditer(rf"(?<![-\w']){phrase}(?![-\w'’])", text)
            if not text[: m.start()].endswith(("if ", "If ", "when ", "unless "))  # "if confirmed" is no claim
        ]
        if not found:
            return None
        m = rng.choice(found)
        return text[: m.start()] + _STANCE_FLIPS[m.group(0)] + text[m.end() :]

    @staticmethod
    def drop_attribution(text: str, rng: random.Random) -> str | None:
        """The reported content without "..., X said." or "According to X, ..." (news convention:
        the outlet asserts what it reports). Quotes are left alone: their "I" and "we" need the speaker."""
        if _QUOTE.search(text):
            return None
        m = _TRAILING_ATTRIBUTION.search(text)
        if m and len(text[: m.start()].split()) >= 6 and not _NO_DROP_START.match(text):
            return text[: m.start()].rstrip(",") + "."
        m = _LEADING_ATTRIBUTION.match(text)
        rest = text[m.end() :] if m else ""
        if m and len(rest.split()) >= 6 and not _NO_DROP_START.match(rest):
            return rest[0].upper() + rest[1:]
        return None

    @staticmethod
    def drop_detail(text: str, rng: random.Random) -> str | None:
        """One detail dropped: an appositive after a name, a leading "On Monday," / "After the vote,",
        a trailing "on Monday" / "last week", or a trailing participle clause ("..., prompting ...")."""
        options: list[str] = []
        for a in _APPOSITIVE.finditer(text):
            # Not "In Washington, lawmakers ..." nor "In July, the group ...": no name with an appositive.
            if (
                not _AFTER_PREPOSITION.search(text[: a.start()])
                and a.group(1) not in _CALENDAR
                and (a.start() > 0 or " " in a.group(1))  # "Largely, ..." opens a sentence, names nobody
                and len(a.group(2).split()) <= 14
                and not _VERB_START.match(a.group(2))
            ):
                options.append(text[: a.end(1)] + " " + text[a.end() :])
                break
        m = _LEADING_ADVERBIAL.match(text)
        if m:
            rest = text[m.end() :]
            options.append(rest[0].upper() + rest[1:])
        m = _TRAILING_TIME.search(text)
        if m:
            options.append(text[: m.start()] + text[m.end() :])
        m = _PARTICIPLE_TAIL.search(text)
        if m and not _NO_DROP_START.match(text):
            options.append(text[: m.start()] + ".")
        options = [o for o in options if len(o.split()) >= 6 and o != text]
        return rng.choice(options) if options else None

    def same_event(self, premise: str) -> tuple[str, str] | None:
        """The premise against another sentence of the same news event on a different sub-topic:
        they share a word of the story but at most two content words, and no number.

        Why neutral: off_topic taught that unrelated text is neutral, but in a real event every
        sentence shares the story's names, and the stage-4 model still reads "same story" as
        agreement or conflict."""
        event = self.event_of.get(premise)
        if event is None:
            return None
        words = _content_words(premise)
        numbers = set(re.findall(r"\d+", premise))
        candidates = [s for s in self.events[event] if s != premise and 8 <= len(s.split()) <= 45]
        self.rng.shuffle(candidates)
        for other in candidates:
            shared = words & _content_words(other)
            others = _content_words(other)
            if (
                1 <= len(shared) <= 2
                and len(shared) <= 0.2 * min(len(words), len(others))
                and not numbers & set(re.findall(r"\d+", other))
            ):
                return premise, other
        return None

    def _edited(self, edit: Edit) -> MakePair:
        """The premise against its edit, when the edit applies and changes the text."""

        def make(premise: str) -> tuple[str, str] | None:
            edited = edit(premise, self.rng)
            return (premise, edited) if edited and edited != premise else None

        return make

    def generate(self, per_kind: int, kinds: Sequence[str] | None = None, prefix: str = "augment") -> list[NLIPair]:
        """``per_kind`` pairs from each transformation (default: the six of stages 1 and 2),
        premises drawn without replacement; each pair's origin is ``prefix:kind``."""
        makers: dict[str, tuple[MakePair, str]] = {
            "swap_entity": (self._edited(self.swap_entity), "contradiction"),
            "change_number": (self._edited(self.change_number), "contradiction"),
            "flip_negation": (self._edited(self.flip_negation), "contradiction"),
            "swap_roles": (self._edited(self.swap_roles), "contradiction"),
            "drop_clause": (self._edited(self.drop_clause), "entailment"),
            "paraphrase_lexical": (self._edited(self.paraphrase_lexical), "entailment"),
            # A sentence entails itself. Why: the one-edit contradictions above taught the stage-1/2
            # model that near-total overlap means contradiction, and it gave a sentence against itself
            # P(entailment) below 0.5 for half of the NeuS sentences, which the brief's faithfulness
            # gate and consensus both rely on.
            "identity": (lambda premise: (premise, premise), "entailment"),
            # The joined text is the premise, the original sentence the hypothesis.
            "conjunct": (lambda premise: (self.conjunct(premise, self.rng), premise), "entailment"),
            "off_topic": (self.off_topic, "neutral"),
            # Stage 5, for news sentences: typed one-fact edits, dropped details, same-story neutrals.
            "swap_place": (self._edited(self.swap_place), "contradiction"),
            "flip_stance": (self._edited(self.flip_stance), "contradiction"),
            "drop_attribution": (self._edited(self.drop_attribution), "entailment"),
            "drop_detail": (self._edited(self.drop_detail), "entailment"),
            "same_event": (self.same_event, "neutral"),
        }
        chosen = list(kinds) if kinds is not None else list(makers)[:6]
        out: list[NLIPair] = []
        for name in chosen:
            make, label = makers[name]
            order = list(self.premises)
            self.rng.shuffle(order)
            made = 0
            for premise in order:
                if made >= per_kind:
                    break
                pair = make(premise)
                if pair is not None:
                    out.append(NLIPair(*pair, label, f"{prefix}:{name}"))
                    made += 1
        return out
