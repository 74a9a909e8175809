"""Arithmetic consistency between figures of a sentence, or of a sentence and the one before."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from claims.extraction import consistency, extract, to_dict
from tests.claims.extraction.cases import CONSISTENCY
from tests.claims.extraction.text_strategies import biased_text


@pytest.mark.parametrize(("sentence", "kind", "status"), CONSISTENCY)
def test_figures_that_imply_each_other_are_checked(sentence, kind, status):
    (claim,) = extract(sentence)
    checks = [c for c in claim.consistency if c.kind == kind]
    assert checks, claim.consistency
    assert checks[0].status == status
    for i in checks[0].quantity_indexes:
        assert 0 <= i < len(claim.quantities)


def test_inconsistent_percentage_says_what_the_figures_imply():
    (claim,) = extract("Shares fell after a drop of NT$50, or 5.2 percent, to NT$1,430.")
    (check,) = claim.consistency
    assert check.status == "inconsistent"
    assert check.expected == pytest.approx(50 / 1480 * 100, abs=1e-4)
    assert check.actual == 5.2
    assert "3.38%" in check.detail and "5.2 percent" in check.detail


def test_tolerance_follows_the_rounding_of_the_stated_figures():
    # 50/1480 = 3.378...: "3.4 percent" is a fair rounding, "3.5 percent" is not.
    ok = extract("A drop of NT$50, or 3.4 percent, to NT$1,430.")[0].consistency[0]
    bad = extract("A drop of NT$50, or 3.5 percent, to NT$1,430.")[0].consistency[0]
    assert (ok.status, bad.status) == ("consistent", "inconsistent")


def test_change_in_the_wrong_direction_is_inconsistent():
    (claim,) = extract("Profit posted a $2 billion decrease, from $10 billion to $12 billion.")
    (check,) = [c for c in claim.consistency if c.kind == "change_endpoints"]
    assert check.status == "inconsistent"
    assert "rise" in check.detail


def test_nothing_to_check_gives_no_checks():
    (claim,) = extract("The town has 4,200 residents and 12 schools.")
    assert claim.consistency == []


def test_percentage_restating_a_change_after_its_base_is_checked():
    # 600,000 on 3.6 million is 16.7%, not 20%: the figure editors should see first.
    (claim,) = extract(
        "That was an increase of 600,000 containers from 3.6 million the year before, "
        "or 20 percent."
    )
    (check,) = claim.consistency
    assert (check.kind, check.status) == ("change_percent", "inconsistent")
    assert check.expected == pytest.approx(600_000 / 3_600_000 * 100, abs=1e-4)
    right = extract("That was an increase of 600,000 containers from 3.6 million, or 16.7 percent.")
    assert right[0].consistency[0].status == "consistent"


def test_a_change_is_checked_against_the_level_in_the_sentence_before():
    body = (
        "TSMC had 1.2 million shareholders last week. "
        "This week it had 1.25 million, an increase of 80,000."
    )
    first, second = extract(body)
    assert first.consistency == []
    (check,) = second.consistency
    assert (check.kind, check.status) == ("change_endpoints", "inconsistent")
    assert check.expected == 50_000 and check.actual == 80_000
    assert "1.2 million (previous sentence)" in check.detail
    ((s, e),) = check.related_spans
    assert body[s:e] == "1.2 million"
    assert [second.quantities[i].text for i in check.quantity_indexes] == ["1.25 million", "80,000"]
    right = body.replace("80,000", "50,000")
    assert extract(right)[1].consistency[0].status == "consistent"
    row = to_dict(second)
    assert row["consistency"][0]["related_spans"] == [[s, e]]


def test_a_percentage_change_is_checked_against_the_level_in_the_sentence_before():
    body = "Sales were $400 million in 2022. In 2023 they rose 15 percent to $440 million."
    (check,) = extract(body)[1].consistency
    assert (check.kind, check.status) == ("change_percent", "inconsistent")
    assert check.expected == pytest.approx(10.0)


@pytest.mark.parametrize(
    "body",
    [
        # Another paragraph.
        "TSMC had 1.2 million shareholders last week.\n"
        "This week it had 1.25 million, an increase of 80,000.",
        # Not the sentence just before.
        "TSMC had 1.2 million shareholders last week. Its shares were steady. "
        "This week it had 1.25 million, an increase of 80,000.",
        # Another noun: two different things counted.
        "TSMC had 1.2 million shareholders last week. "
        "This week it had 1.25 million employees, an increase of 80,000.",
        # Two candidate levels: which one is meant is a guess.
        "TSMC had 1.2 million shareholders and 1.1 million bondholders last week. "
        "This week it had 1.25 million, an increase of 80,000.",
        # Rates of different things are common in one paragraph.
        "The jobless rate was 5.9 percent in June. "
        "Farm incomes fell 2.0 percentage points to 3.1 per cent of GDP.",
        # A bare number is no level of anything.
        "The plant employs 6,485 people. "
        "The council said it spent $6.7 million on road repairs in 8749, up 32 percent.",
        # Levels far apart are not one series.
        "The fund held $40 million last year. Its rival rose 10 percent to $440 million.",
    ],
    ids=["paragraph", "gap", "noun", "ambiguous", "percent", "bare", "scale"],
)
def test_figures_of_neighbouring_sentences_are_paired_only_when_plainly_related(body):
    assert [k for c in extract(body) for k in c.consistency] == []


_TOTAL_WORDS = ["total", "of", "totaling", "totalling", "combined", "altogether", "in all"]


@settings(max_examples=300, deadline=None)
@given(biased_text([*_TOTAL_WORDS, "overall", "sum of", "5", "\n"]))
def test_total_before_prefilter_is_false_only_where_the_regex_cannot_match(text):
    for pos in range(len(text) + 1):
        for lo in (0, max(0, pos - 30), max(0, pos - 3)):
            if not consistency._total_before_may_match(text, lo, pos):
                assert consistency._TOTAL_BEFORE_RE.search(text, lo, pos) is None
