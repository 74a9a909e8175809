# ruff: noqa: RUF001  (typographic quotes, dashes and currency signs are the point of these patterns)
"""Sentence-level decisions: page furniture, questions and opinions (not claims), the claim type,
and the speaker of an attributed statement."""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import lexicon as lx
from .lexicon import Tokens
from .types import Quantity

# Page furniture, in two parts. Most lines are recognised by how they begin, which `re` rejects at
# once; the rest (`.{0,60}` and then a phrase) make `re` try every prefix length for every phrase,
# so they run only when one of their words occurs at all (furniture_tail_re_may_match).
_FURNITURE_RE = re.compile(
    r"""^(?:
      (?:photo|image|picture|video|graphic|illustration)s?\s*(?:credit|courtesy|by|source)?\s*[:：|]
    | (?:photo|image|picture)s?\s+(?:courtesy|credit|by)\b
    | advertisement\W*$ | sponsored(?:\s+content)?\W*$
    | (?:back\s+to\s+top|more\s+in\s+this\s+section|related\s+(?:articles?|stories|news|coverage
        |content|topics)|read\s+more|read\s+next|see\s+also|also\s+read|share\s+this(?:\s+article)?
        |subscribe|sign\s+up|follow\s+us|click\s+here|top\s+of\s+page|print\s+this|skip\s+to
        |most\s+(?:read|popular|viewed)|recommended|trending|comments?|leave\s+a\s+comment
        |you\s+may\s+also\s+like|editor'?s\s+picks?)\b.{0,60}$
    | (?:last\s+|first\s+)?(?:updated|modified|published|posted)(?![^\n]*,\s+(?-i:[a-z]))
        (?:\s+on|\s+at)?\s*[:：]?\s*[\w ,/:.-]{0,40}$
    | \d+\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago\W*$
    | [\d/.:\s-]{8,}(?:[ap]m)?\W*$
    | (?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+[\w ,:]{0,30}\d{4}[\w ,:]{0,12}$
    | (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}
        (?:[\s,]+\d{1,2}:\d{2}.{0,12})?$
    | by\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:\s*(?:,|and|/|in|with)\s*[\w\s,.'’-]{0,60})?$
    | (?:staff\s+(?:writer|reporter)|with\s+staff\s+writer|reuters|afp|ap|bloomberg|cna|xinhua)
        (?:\s*[,/-]\s*\w+(?:\s+\w+)?)?\W*$
    | [-–—]\s*(?:reuters|afp|ap|bloomberg|cna|xinhua)\W*$
    | (?:tags?|topics?|filed\s+under|keywords|categories|category|section)\s*[:：]
    | (?:copyright|©|\(c\)).{0,80}$ | all\s+rights\s+reserved\W*$
    | (?:home|news|world|business|politics|tech|technology|sport|sports|opinion|local)
        (?:\s*[>›/|»]\s*\w+(?:\s\w+)?)+$
    | (?:additional\s+)?(?:reporting|writing|editing)\s+by\s.{0,120}$
    | (?:sign\s+up|subscribe|enter\s+your\s+e-?mail|get|don'?t\s+miss(?:\s+out)?)\b
        .{0,100}\b(?:newsletters?|inbox|alerts|notifications)\b.{0,80}$
    | this\s+(?:article|story|report)\s+(?:was|has\s+been)\s+(?:amended|updated|corrected)\b
        .{0,120}$
    | (?:we|this\s+(?:web)?site)\s+uses?\s+cookies\b.{0,160}$
    | \d+\s+comments?\W*$
    | listen\s+to\s+this\s+(?:article|story|report)\b.{0,40}$
    | page\s+\d+\s+of\s+\d+\W*$
    | this\s+content\s+is\s+(?:not|no\s+longer)\s+available\b.{0,120}$
    | download\s+(?:our|the)\s+(?:free\s+)?app\b.{0,80}$
    | \d+\s+(?:min|minute)s?\s+(?:read|listen)\W*$
    | this\s+(?:article|story|content)\s+is\s+more\s+than\s+\w+\s+(?:years?|months?)\s+old\W*$
    | (?:image|photo|picture|slide|video)s?\s+\d+\s+of\s+\d+\W*$
    | related\s*[:：].{0,80}$
    | read\s+the\s+full\s+(?:report|story|statement|text|article|interview)\b.{0,40}$
    | get\s+(?:\w+\s+){0,2}(?:days?|weeks?|months?|years?)\s+(?:for|of|free)\b.{0,60}$
    | join\s+(?:over\s+|more\s+than\s+)?[\d.,]+(?:\s+(?:million|thousand))?\s+(?:other\s+)?
        (?:subscribers|readers|members|others)\b.{0,40}$
    | (?:only\s+)?\d+\s+(?:free\s+)?(?:articles?|stories)\s+(?:left|remaining)\b.{0,40}$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_FURNITURE_TAIL_RE = re.compile(
    r"""^(?:
      .{0,60}\b(?:courtesy\s+of|getty\s+images|via\s+reuters|file\s+photo)\W*$
    | .{0,80}\bcontributed\s+(?:reporting\s+)?to\s+this\s+(?:report|story|article)\W*$
    | .{0,60}\b(?:did\s+not|didn't|has\s+not|hasn't|have\s+not|haven't|had\s+not|hadn't)
        \s+(?:immediately\s+)?(?:respond(?:ed)?|reply|replied|return(?:ed)?)(?:\s+immediately)?\s+(?:to\s+)?
        (?:a\s+|an\s+|the\s+|repeated\s+|multiple\s+|several\s+)?
        (?:requests?|calls?|e-?mails?|messages?|inquir(?:y|ies)|queries)
        \s+(?:for|seeking)\s+comment.{0,40}$
    | .{0,60}\b(?:declined|refused)\s+to\s+comment\W*$
    | .{0,80}\b(?:post|leave|add|write|submit)\s+(?:a\s+)?comments?\W*$
    | .{0,60}\bcould\s+not\s+(?:immediately\s+)?be\s+reached\s+for\s+comment.{0,40}$
    | .{0,60}\b(?:was|were)\s+not\s+immediately\s+available\s+for\s+comment.{0,40}$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Every alternative of _FURNITURE_TAIL_RE contains one of these words.
_FURNITURE_TAIL_WORDS = ("comment", "photo", "reuters", "courtesy", "getty", "contributed")
# The only characters that `re.IGNORECASE` matches to an ASCII letter that `str.lower` does not
# turn into that letter (checked over all of Unicode): U+0130, U+0131 (to "i"), U+017F (to "s").
_CASE_ODD = ("\u0130", "\u0131", "\u017f")


def furniture_tail_re_may_match(sentence: str, lowered: str | None = None) -> bool:
    """False only if _FURNITURE_TAIL_RE cannot match: none of its words occurs in any case.
    Substring tests on the lower-cased sentence (`lowered`, if the caller has it) cost a fraction
    of one case-insensitive search."""
    if lowered is None:
        lowered = sentence.lower()
    # Whether one of _FURNITURE_TAIL_WORDS is a substring: six substring tests (C's fast search)
    # cost a third of one regex search for any of them.
    if (
        "comment" in lowered
        or "photo" in lowered
        or "reuters" in lowered
        or "courtesy" in lowered
        or "getty" in lowered
        or "contributed" in lowered
    ):
        return True
    return not sentence.isascii() and any(c in sentence for c in _CASE_ODD)


_SPEAKER_VERBS = (
    r"said|says|told\s+\w+|added|stated|posted|wrote|noted|argued|claimed|reported|announced"
    r"|explained|warned|insisted|confirmed|estimated|estimates|tweeted|testified|expects|predicts"
    r"|forecasts"
)
# After the words, at the end of the sentence, also the past forms that would read as
# participles at its start ("Growth forecast to slow"): "..., the central bank forecast."
_SPEAKER_END_VERBS = _SPEAKER_VERBS + "|forecast|predicted|projected"
_SPEAKER_END_RE = re.compile(
    rf"[,\"”’]\s*(?P<s>[A-Za-z][\w'’.-]*(?:\s+[\w'’.()-]+){{0,6}}?)\s+(?:{_SPEAKER_END_VERBS})\b"
    r"(?:\s+(?:on|in|at|last|this|yesterday|today|earlier)\b[^,\"“]{0,40})?[.!]?[\"”’]?$"
)
_SPEAKER_AFTER_VERB_RE = re.compile(
    rf"[,\"”]\s*(?:{_SPEAKER_VERBS})\s+(?P<s>[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){{0,6}}?)"
    r"(?:,|\s*[.!]?[\"”’]?$)"
)
_SPEAKER_START_RE = re.compile(
    rf"^(?P<s>[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|\([^)]{{1,20}}\)|state|media|officials?"
    rf"|spokesperson|spokesman|spokeswoman|data|experts|analysts|company|government|ministry"
    rf"|department|agency|police)){{0,5}})\s+(?:{_SPEAKER_VERBS}|also\s+said)\b"
)
# "The minister told reporters that ...", "The city's health department said ...": a definite
# noun phrase of up to four words before the verb.
_SPEAKER_THE_RE = re.compile(
    rf"^(?P<s>The\s+[\w'’-]+(?:\s+[\w'’-]+){{0,3}}?)\s+(?:{_SPEAKER_VERBS}|also\s+said)\b"
)
_THE_SPEAKER_STOP = frozenset(
    """who which that whose whom is was were are be been has have had will would could should
    may might not also and or but if when while after before because as it they he she its
    their number""".split()  # noqa: SIM905
)
# A full stop that ends the sentence is not part of the name; one after these is.
_KEEP_DOT = frozenset(
    ["jr.", "sr.", "inc.", "co.", "corp.", "ltd.", "bros.", "u.s.", "u.k.", "u.n."]
)
_ACCORDING_RE = re.compile(
    r"\baccording\s+to\s+(?P<s>[^,.;:\"“”()]{2,80}?)(?=\s*(?:[,.;:\"“”()]|$))", re.IGNORECASE
)
_SPEAKER_STOP = frozenset(
    ["it", "he", "she", "they", "this", "that", "there", "which", "who", "we", "i", "you"]
)


# A line that ends so is a sentence, not a headline link.
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ":", ";", ")", ",")
_DIGIT_RE = re.compile(r"\d")


def headline_runs(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of runs of three or more lines that read as headline links:
    short (under 15 words), not ending as a sentence ends, and with no digit (a line with a
    figure is never dropped as furniture). Blank lines do not break a run; a bullet or any other
    line does. "Related" and "Most read" lists are such runs; a lone subheading is not."""
    runs: list[tuple[int, int]] = []
    pos = 0
    run_start, run_end, count = 0, 0, 0
    for line in text.split("\n"):
        s, pos = pos, pos + len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        if _is_headline_line(stripped):
            if count == 0:
                run_start = s
            run_end, count = s + len(line), count + 1
            continue
        if count >= 3:
            runs.append((run_start, run_end))
        count = 0
    if count >= 3:
        runs.append((run_start, run_end))
    return runs


def _is_headline_line(line: str) -> bool:
    return (
        not line.endswith(_SENTENCE_END)
        and line.count(" ") < 14
        and line[0] not in "•*-–—·"
        and _DIGIT_RE.search(line) is None
    )


# The first word of every alternative of _FURNITURE_RE that starts with a letter, lower-cased: a
# whole word, or (for the alternatives whose word may run on into letters) a prefix.
_FURNITURE_FIRST_WORDS = frozenset(
    """advertisement sponsored back more related read see also share subscribe sign follow click
    top print skip most recommended trending comment comments leave you editor editors monday
    tuesday wednesday thursday friday saturday sunday by staff with reuters afp ap bloomberg cna
    xinhua tag tags topic topics filed keywords categories category section all home news world
    business politics tech technology sport sports opinion local additional reporting writing
    editing enter get don dont this we listen page first download slide join only""".split()  # noqa: SIM905
)
# "Photos:", "Photocredit:", "Updated10:30", "Copyrighted", "Sept. 5, 2024".
_FURNITURE_FIRST_PREFIXES = tuple(
    """photo image picture video graphic illustration last updated modified published posted
    copyright jan feb mar apr may jun jul aug sep oct nov dec""".split()  # noqa: SIM905
)
_ASCII_LETTER_RUN_RE = re.compile(r"[A-Za-z][A-Za-z]*")


def furniture_re_may_match(sentence: str) -> bool:
    """False only if _FURNITURE_RE cannot match: a sentence that starts with ASCII letters (not
    followed by a non-ASCII character, which IGNORECASE might fold into the word) must start with
    one of its first words."""
    run = _ASCII_LETTER_RUN_RE.match(sentence)
    if run is None:
        return True
    j = run.end()
    if j < len(sentence) and not sentence[j].isascii():
        return True
    w = run.group().lower()
    return w in _FURNITURE_FIRST_WORDS or w.startswith(_FURNITURE_FIRST_PREFIXES)


def is_furniture(sentence: str, lowered: str | None = None) -> bool:
    """`lowered`, if given, is `sentence.lower()`."""
    if len(sentence) >= 200:
        return False
    if furniture_re_may_match(sentence) and _FURNITURE_RE.match(sentence) is not None:
        return True
    return (
        furniture_tail_re_may_match(sentence, lowered)
        and _FURNITURE_TAIL_RE.match(sentence) is not None
    )


_SHARE_WORDS = frozenset(
    """share shares tweet email e mail print pin copy link save this on via to with article story
    page facebook twitter x linkedin whatsapp reddit pinterest telegram messenger flipboard
    threads bluesky""".split()  # noqa: SIM905
)
_SHARE_VERBS = frozenset(["share", "tweet", "email", "print", "pin", "copy", "save"])


def is_share_line(tokens: Tokens) -> bool:
    """ "Share on Facebook Share on Twitter": social buttons run together as a line."""
    low = tokens.low
    return (
        bool(low)
        and len(low) <= 24
        and not _SHARE_VERBS.isdisjoint(low)
        and all(w in _SHARE_WORDS for w in low)
    )


def is_question(sentence: str) -> bool:
    return sentence.rstrip("\"'”’) ").endswith("?")


def is_opinion(tokens: Tokens, quantities: Sequence[Quantity]) -> bool:
    """An opinion with nothing checkable: an opinion marker and no figure other than an ordinal."""
    if not tokens.any(lx.OPINION):
        return False
    return not any(q.kind not in ("ordinal",) for q in quantities)


def _superlative(tokens: Tokens) -> bool:
    if tokens.any(lx.SUPERLATIVE):
        return True
    if "most" not in tokens.hits and "least" not in tokens.hits:
        return False  # both are in a phrase table, so in hits whenever they occur
    low = tokens.low
    # "at least 3,000 people", "at most five": qualifiers of a figure, not superlatives.
    return any(
        w in ("most", "least") and nxt not in ("of", "the", "a") and prev != "at"
        for prev, w, nxt in zip(["", *low], low, low[1:], strict=False)
    )


_WEAK_MODAL_RE = re.compile(r"\b(?:(?i:would|could|might)|may)\b")
_REPORTED_RE = re.compile(r"\b(?:said|say|says|told|answered|replied|reported)\b")


def _prediction(
    tokens: Tokens, quantities: Sequence[Quantity], text: str, start: int, end: int
) -> bool:
    if tokens.any(lx.PREDICTION):
        return True
    if not (tokens.any(lx.WEAK_PREDICTION) or "may" in tokens.raw):
        return False
    if not end:
        return True
    # "Some 40 percent of people said they would vote": a measured figure, then reported speech
    # with a modal; the claim is the figure, not a forecast.
    m = _WEAK_MODAL_RE.search(text, start, end)
    if m is None:
        return True
    first = next(
        (q for q in quantities if q.kind not in ("year", "date", "ordinal") and q.start >= start),
        None,
    )
    return not (
        first is not None
        and first.end <= m.start()
        and _REPORTED_RE.search(text, first.end, m.start()) is not None
    )


def _qualifier_only_comparison(tokens: Tokens, quantities: Sequence[Quantity]) -> bool:
    hits = tokens.hits & lx.COMPARISON
    return (
        bool(hits)
        and hits <= lx.QUALIFIER_COMPARISON
        and any(q.qualifier in ("more than", "less than", "up to") for q in quantities)
    )


def _event(tokens: Tokens) -> bool:
    if tokens.any(lx.EVENT):
        return True
    if not tokens.any(lx.EVENT_OBJECTS):
        return False
    low = tokens.low
    return any(
        v.endswith("ed") and f"{a} {b}" in lx.EVENT_OBJECTS
        for v, a, b in zip(low, low[1:], low[2:], strict=False)
    )


def claim_type(
    tokens: Tokens, quantities: Sequence[Quantity], text: str = "", start: int = 0, end: int = 0
) -> str:
    """The Full Fact type. `text[start:end]` is the sentence (optional: it refines predictions)."""
    # Small numbers written as words ("the two sides") do not make a sentence a statistic, unless
    # qualified ("up to six people").
    kinds = {
        q.kind
        for q in quantities
        if not (q.kind == "count" and q.text.isalpha() and q.value < 10 and not q.qualifier)
    }
    # Ratios stated as "times" compare; fractions and "one in five" measure a share.
    if "ratio" in kinds and all(q.unit != "times" for q in quantities if q.kind == "ratio"):
        kinds.discard("ratio")
        kinds.add("percent")
    changes = {q.change for q in quantities if q.change}
    raw = tokens.raw
    if _prediction(tokens, quantities, text, start, end):
        return "prediction"
    if tokens.any(lx.CAUSAL):
        return "causal"
    if tokens.any(lx.RULE):
        return "rule"
    if changes & {"increase", "decrease", "change"} or {"from", "to"} <= changes:
        return "comparison"
    personal = not lx.PERSONAL_RAW.isdisjoint(raw)
    if not kinds - {"year", "date"} and personal:
        return "personal"
    if "ordinal" in kinds or _superlative(tokens):
        return "rank"
    if "ratio" in kinds or (
        tokens.any(lx.COMPARISON) and not _qualifier_only_comparison(tokens, quantities)
    ):
        return "comparison"
    if kinds & {"count", "percent", "percentage_point", "money", "measure", "duration"}:
        return "quantity"
    if kinds & {"year", "date"} or _event(tokens):
        return "event"
    if personal:
        return "personal"
    return "other"


_SPEAKER_PATTERNS: tuple[re.Pattern[str], ...] = (
    _ACCORDING_RE,
    _SPEAKER_END_RE,
    _SPEAKER_AFTER_VERB_RE,
    _SPEAKER_START_RE,
)
# The verbs as plain words ("told\s+\w+" -> "told").
_SPEAKER_VERB_WORDS = tuple(w.split("\\")[0] for w in _SPEAKER_END_VERBS.split("|"))


_SPEAKER_VERB_SET = frozenset(_SPEAKER_VERB_WORDS)


def speaker_verb_res_may_match(sentence: str, tokens: Tokens | None = None) -> bool:
    """False only if none of _SPEAKER_END_RE, _SPEAKER_AFTER_VERB_RE, _SPEAKER_START_RE and
    _SPEAKER_THE_RE can match: each needs one of the verbs as written (case kept)."""
    if tokens is None or "'" in sentence or "’" in sentence:
        return any(map(sentence.__contains__, _SPEAKER_VERB_WORDS))
    # Every pattern has its verb after whitespace or , " ” and before \b: without an
    # apostrophe in the sentence, such a verb is a whole token.
    return not _SPEAKER_VERB_SET.isdisjoint(tokens.raw)


def according_re_may_match(sentence: str, lowered: str | None = None) -> bool:
    """False only if _ACCORDING_RE cannot match: it needs "ccord" in some case (no character
    other than c, o, r, d and their capitals matches those letters under IGNORECASE).
    `lowered`, if given, is `sentence.lower()`."""
    return "ccord" in (sentence.lower() if lowered is None else lowered)


def speaker_of(
    sentence: str, tokens: Tokens | None = None, lowered: str | None = None
) -> str | None:
    """Who the sentence attributes the statement to ("..., Tao said" -> "Tao").

    `tokens`, if given, are the sentence's tokens: they spare the substring tests for the verbs.
    `lowered`, if given, is `sentence.lower()`."""
    # Most sentences name no speaker. Every pattern but _ACCORDING_RE needs one of the verbs as
    # written (case kept), and _ACCORDING_RE needs "ccord" in some case (no character other than
    # c, o, r, d and their capitals matches those letters under IGNORECASE): substring tests
    # decide which patterns can match at all, for a fraction of the cost of the searches.
    verb = speaker_verb_res_may_match(sentence, tokens)
    if according_re_may_match(sentence, lowered):
        patterns = _SPEAKER_PATTERNS if verb else _SPEAKER_PATTERNS[:1]
    elif verb:
        patterns = _SPEAKER_PATTERNS[1:]
    else:
        return None
    for rx in patterns:
        m = rx.search(sentence)
        if m:
            s = _tidy_speaker(m.group("s"))
            if s and s.split()[0].lower() not in _SPEAKER_STOP and len(s.split()) <= 8:
                return s
    m = _SPEAKER_THE_RE.match(sentence) if verb else None
    if m:
        words = m.group("s").split()
        if not any(w.lower() in _THE_SPEAKER_STOP for w in words[1:]):
            return _tidy_speaker(m.group("s"))
    return None


def _tidy_speaker(s: str) -> str:
    s = s.strip(" \"'“”‘’")
    last = s.rpartition(" ")[2]
    initial = len(last) == 2 and last[0].isupper()
    if s.endswith(".") and last.lower() not in _KEEP_DOT and not initial:
        s = s[:-1]  # "said Chief Executive Lisa Su." ends the sentence, not the name
    return s
