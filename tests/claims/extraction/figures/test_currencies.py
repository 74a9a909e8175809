"""Currencies before and after figures, and the article's dollar and yen."""

from __future__ import annotations

from claims.extraction import (
    extract,
    find_quantities,
)


def test_bracketed_us_dollar_conversion_is_positive():
    # quantulum3 reads "(US$1.59)" as minus 1.59.
    (claim,) = extract("The stock lost NT$50 (US$1.59) on Friday to close at NT$1,430.")
    usd = next(q for q in claim.quantities if q.currency == "USD")
    assert usd.value == 1.59


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
