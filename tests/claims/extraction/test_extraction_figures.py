"""Figures: value, kind, currency, qualifier, noun, range and change, with exact offsets."""

from __future__ import annotations

import math
import time

import pytest

from claims.extraction import extract, find_quantities
from tests.claims.extraction.cases import FIGURE_CASES, NO_FIGURE_SENTENCES


@pytest.mark.parametrize(("sentence", "expected"), FIGURE_CASES, ids=lambda c: str(c)[:40])
def test_each_labelled_figure_is_found_with_its_value_and_kind(sentence, expected):
    found = {q.text: q for q in find_quantities(sentence)}
    for text, value, kind, attrs in expected:
        assert text in found, f"{text!r} not found in {sorted(found)}"
        q = found[text]
        assert sentence[q.start : q.end] == text
        assert q.value == pytest.approx(value)
        assert q.kind == kind
        for name, want in attrs.items():
            assert getattr(q, name) == want, f"{text!r}.{name}"


@pytest.mark.parametrize("sentence", NO_FIGURE_SENTENCES)
def test_phone_numbers_identifiers_and_times_are_not_figures(sentence):
    assert find_quantities(sentence) == []


def test_bracketed_us_dollar_conversion_is_positive():
    # quantulum3 reads "(US$1.59)" as minus 1.59.
    (claim,) = extract("The stock lost NT$50 (US$1.59) on Friday to close at NT$1,430.")
    usd = next(q for q in claim.quantities if q.currency == "USD")
    assert usd.value == 1.59


def test_years_are_years_not_counts_but_four_digit_counts_stay_counts():
    qs = find_quantities("Since 2018 the firm has hired 2,019 engineers and 1999 technicians.")
    kinds = {q.text: q.kind for q in qs}
    assert kinds == {"2018": "year", "2,019": "count", "1999": "count"}


def test_a_minus_sign_makes_a_figure_negative_but_a_range_hyphen_does_not():
    qs = find_quantities("Growth was -0.3% in the quarter after 2-3% a year earlier.")
    assert [(q.value, q.range_to) for q in qs] == [(-0.3, None), (2, 3)]


def test_bare_dollar_takes_the_country_of_the_article():
    text = (
        "The Australian government said the scheme would cost $1.2 billion. "
        "Canberra will fund it from the Australian budget surplus of $4 billion."
    )
    qs = [q for c in extract(text) for q in c.quantities if q.kind == "money"]
    assert {q.currency for q in qs} == {"AUD"}
    assert {q.currency for q in find_quantities("It cost $5 million.")} == {"USD"}


def test_yen_sign_is_yuan_unless_the_article_is_about_japan():
    assert find_quantities("It costs ¥300 in Shanghai.")[0].currency == "CNY"
    text = "In Tokyo, Japanese shoppers paid ¥300 for the same item."
    q = next(q for c in extract(text) for q in c.quantities)
    assert q.currency == "JPY"


def test_figures_keep_offsets_into_the_whole_article():
    body = "First paragraph with nothing.\nSecond paragraph: exports rose 7.5 percent in May."
    (claim,) = [c for c in extract(body) if c.quantities]
    q = claim.quantities[0]
    assert body[q.start : q.end] == "7.5 percent"
    assert body[claim.start : claim.end] == claim.text


def test_a_date_at_the_end_of_a_sentence_leaves_the_full_stop_out():
    (q,) = find_quantities("The bill passed on 5 May.")
    assert (q.text, q.kind, q.unit) == ("5 May", "date", "--05-05")
    assert find_quantities("It was signed on Jan. 3, 2020.")[0].text == "Jan. 3, 2020"


def test_a_match_score_is_two_numbers_not_a_range():
    qs = find_quantities("The home side scored 3-2 after trailing, and won 2-1 a week later.")
    assert all(q.range_to is None for q in qs)
    assert all(q.change is None for q in qs)
    assert find_quantities("in a 4-1 defeat")[0].range_to is None
    assert find_quantities("The festival expects 700-800 volunteers.")[0].range_to == 800


def test_a_deadline_year_is_not_the_size_of_a_rise():
    qs = find_quantities("The government will raise the minimum wage to $15 by 2026.")
    assert [(q.text, q.change) for q in qs] == [("$15", None), ("2026", None)]
    (rise,) = find_quantities("Profits rose by 5 percent.")
    assert rise.change == "increase"


def test_fractions_need_of_when_they_could_be_a_duration_or_an_ordinal():
    assert [q.kind for q in find_quantities("Sales grew for two quarters running.")] == ["duration"]
    assert find_quantities("She won a third term.") == []
    (q,) = find_quantities("Three quarters of the staff left.")
    assert (q.kind, q.value, q.unit, q.noun) == ("ratio", 0.75, "3/4", "staff")


@pytest.mark.parametrize(
    "text",
    [
        "The value was " + "9" * 400 + " trillion dollars.",
        "It cost $" + "9" * 400 + " trillion.",
        "It had " + ",".join(["999"] * 200) + " trillion yuan.",
        "One in " + "7" * 5000 + " people agreed.",
        "Serial " + "1" * 5000 + " was 1." + "9" * 400 + " million units.",
    ],
    ids=lambda t: t[:20],
)
def test_absurdly_long_numbers_neither_crash_nor_overflow(text):
    for claim in extract(text):
        for q in claim.quantities:
            assert math.isfinite(q.value)
            assert len(q.text) < 60


def test_many_figures_in_one_sentence_cost_linear_time():
    def best_time(n: int) -> float:
        text = "Counts were " + ", ".join(f"{i + 10} cars" for i in range(n)) + "."
        best = math.inf
        for _ in range(5):
            t0 = time.process_time()  # CPU time: other processes on the machine do not count
            find_quantities(text)
            best = min(best, time.process_time() - t0)
        return best

    # Quadrupling the figures quadruples the time when linear, and took 12-16x when quadratic.
    assert best_time(8000) / best_time(2000) < 9
