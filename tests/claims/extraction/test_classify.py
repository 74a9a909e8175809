"""Page furniture, questions and opinions, claim types and speakers."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from claims.extraction import (
    CLAIM_TYPES,
    extract,
)
from claims.extraction.classify import (
    _ACCORDING_RE,
    _FURNITURE_FIRST_WORDS,
    _FURNITURE_RE,
    _FURNITURE_TAIL_RE,
    _FURNITURE_TAIL_WORDS,
    _SPEAKER_AFTER_VERB_RE,
    _SPEAKER_END_RE,
    _SPEAKER_START_RE,
    _SPEAKER_THE_RE,
    according_re_may_match,
    furniture_re_may_match,
    furniture_tail_re_may_match,
    speaker_verb_res_may_match,
)
from claims.extraction.lexicon import Tokens
from tests.claims.extraction.cases import (
    ATTRIBUTIONS,
    FURNITURE_LINES,
    QUESTIONS_AND_OPINIONS,
    TYPED,
)
from tests.claims.extraction.text_strategies import biased_text


@pytest.mark.parametrize("line", FURNITURE_LINES)
def test_page_furniture_is_not_a_claim(line):
    body = f"{line}\nThe port handled 12.4 million containers in 2023."
    claims = extract(body)
    assert [c.text for c in claims] == ["The port handled 12.4 million containers in 2023."]


@pytest.mark.parametrize(
    "line",
    [
        "The company, which employs 2,400 people, declined to comment.",
        "Police said 40 boats sank in the harbour, via REUTERS",
        # Case-insensitive matching reads these as "declined" and "Reuters": the quick word test
        # in front of the phrase patterns must not skip them.
        "The company, which employs 2,400 people, decl\u0131ned to comment.",
        "Police said 40 boats sank in the harbour, via Reuter\u017f",
    ],
)
def test_a_figure_in_boilerplate_ending_in_a_phrase_does_not_make_it_a_claim(line):
    assert extract(line) == []
    assert extract(line.rpartition(",")[0] + ".") != []


@pytest.mark.parametrize("sentence", QUESTIONS_AND_OPINIONS)
def test_questions_and_bare_opinions_are_not_claims(sentence):
    assert extract(sentence) == []


@pytest.mark.parametrize(("sentence", "speaker"), ATTRIBUTIONS)
def test_attributed_statement_records_its_speaker(sentence, speaker):
    (claim,) = extract(sentence)
    assert claim.speaker == speaker


def test_according_to_names_the_speaker_in_any_case():
    (claim,) = extract("ACCORDING TO the census bureau, 1,200 homes were destroyed.")
    assert claim.speaker == "the census bureau"


def test_unattributed_statement_has_no_speaker():
    (claim,) = extract("The bridge carries 80,000 vehicles a day.")
    assert claim.speaker is None


@pytest.mark.parametrize(("sentence", "ctype"), TYPED)
def test_claim_type_follows_full_fact_taxonomy(sentence, ctype):
    (claim,) = extract(sentence)
    assert claim.type == ctype
    assert claim.type in CLAIM_TYPES


_TAIL_PHRASES = [
    *("courtesy of", "Getty Images", "via Reuters", "file photo", "contributed to this report"),
    *("did not respond to a request for comment", "declined to comment", "didn't reply to emails"),
    *("could not be reached for comment", "was not immediately available for comment"),
    *("hasn't immediately returned repeated calls seeking comment", "decl\u0131ned to comment"),
    *(
        "refused to comment",
        "via Reuter\u017f",
        "COURTESY OF",
        "contributed reporting to this story",
    ),
]
_TAIL_PREFIXES = ["The company", "said", "2,400 people", ",", "Police", "photo", "(", "The"]
_TAIL_TEXT = st.tuples(
    biased_text(_TAIL_PREFIXES, max_pieces=4),
    biased_text(_TAIL_PHRASES, max_pieces=2),
    st.sampled_from(["", ".", " .", "!", " on Monday.", "\n"]),
).map("".join)


def test_furniture_tail_prefilter_looks_for_each_of_its_words_in_any_case():
    for word in _FURNITURE_TAIL_WORDS:
        for written in (word, word.upper(), word.title(), f"the {word}s."):
            assert furniture_tail_re_may_match(written)
    assert not furniture_tail_re_may_match("The council met on Monday.")


@settings(max_examples=400, deadline=None)
@example("Police said 40 boats sank in the harbour, via Reuter\u017f")
@example("The company, which employs 2,400 people, decl\u0131ned to comment.")
@given(_TAIL_TEXT)
def test_furniture_tail_re_may_match_is_false_only_where_the_regex_finds_no_tail(sentence):
    if not furniture_tail_re_may_match(sentence):
        assert _FURNITURE_TAIL_RE.match(sentence) is None


_HEAD_WORDS = [
    *_FURNITURE_FIRST_WORDS,
    *[
        "Photos",
        "Photocredit",
        "Imageby",
        "Updated10",
        "Updatedness",
        "Copyrighted",
        "Sept.",
        "March",
        "Mayor",
    ],
    *("Categorie\u017f:", "Tag\u017f:", "Editor's picks", "Don't miss", "by Jane Doe"),
    *("17 minutes ago", "12 comments", "\u00a9 2024", "- Reuters", "The", "Police", "Photo:"),
]
_HEAD_TEXT = st.tuples(
    biased_text(_HEAD_WORDS, max_pieces=3),
    st.sampled_from(["", ":", " | CNA", " 2024", " > World", " up for our newsletter", "\n"]),
).map("".join)


@settings(max_examples=600, deadline=None)
@example("Categorie\u017f: Politics")
@example("Photocredit: CNA")
@example("Updatedness 5")
@given(_HEAD_TEXT)
def test_furniture_re_may_match_is_false_only_where_the_regex_cannot_match(sentence):
    if not furniture_re_may_match(sentence):
        assert _FURNITURE_RE.match(sentence) is None


_SPEAKER_PIECES = [
    *("said", "says", "told reporters", "added", "stated", "wrote", "announced", "warned"),
    *("according to", "Accord\u0131ng to", "the ministry", "The minister", "Tao", "Lisa Su"),
    *("Chief Executive", "on Monday", ",", '"', "\u201d", "'", "\u2019s", "also said", "."),
]
_SPEAKER_TEXT = st.tuples(
    biased_text(["Sales rose", "5 percent", "The minister", "The city's", "It"], max_pieces=3),
    biased_text(_SPEAKER_PIECES, max_pieces=6),
    st.sampled_from(["", ".", ",", '."', " on Monday."]),
).map("".join)


@settings(max_examples=300, deadline=None)
@example("Sales rose 5 percent, the ministry said.")
@example('"Our sales doubled," said Chief Executive Lisa Su.')
@example("ACCORDING TO the city utility, water use fell.")
@given(_SPEAKER_TEXT)
def test_speaker_prefilters_are_false_only_where_their_regexes_find_no_speaker(sentence):
    tokens = Tokens(sentence, 0, len(sentence))
    for given_tokens in (None, tokens):
        if not speaker_verb_res_may_match(sentence, given_tokens):
            for rx in (_SPEAKER_END_RE, _SPEAKER_AFTER_VERB_RE, _SPEAKER_START_RE):
                assert rx.search(sentence) is None
            assert _SPEAKER_THE_RE.match(sentence) is None
    if not according_re_may_match(sentence):
        assert _ACCORDING_RE.search(sentence) is None
