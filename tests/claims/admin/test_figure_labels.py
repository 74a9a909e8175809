# ruff: noqa: RUF001  (en dashes and the multiplication sign are what the labels show)
"""Figure labels on the claim page and in the claim list: each kind of figure the engine stores
(claims.extraction.types.Quantity, as quantity_to_dict writes it) shown as a reader writes it
(claims.admin.display.figure_label)."""

from __future__ import annotations

import pytest

from claims.admin.display import figure_label
from claims.extraction import extract, to_dict
from tests.claims.admin.support import CHANGELIST, change_url, client_for
from tests.factories import ClaimFactory


def q(text: str, value, kind: str, **extra) -> dict:
    return {"text": text, "value": value, "kind": kind, "unit": None, "currency": None,
            "qualifier": None, "noun": None, "range_to": None, "change": None, **extra}  # fmt: skip


@pytest.mark.parametrize(
    ("figure", "label"),
    [
        # years as years
        (q("2023", 2023, "year"), "2023"),
        (q("1990", 1990, "year", change="from"), "1990"),
        # dates as dates: value YYYYMMDD with 0 for what is not stated, unit the ISO-like form
        (q("April 25", 425, "date", unit="--04-25"), "25 April"),
        (q("25 April 2024", 20240425, "date", unit="2024-04-25"), "25 April 2024"),
        (q("May 2022", 20220500, "date", unit="2022-05"), "May 2022"),
        (q("3/4/2021", 20210403, "date", unit="2021-04-03"), "3 April 2021"),
        # money with its currency
        (q("$4.2 billion", 4_200_000_000, "money", currency="USD"), "USD 4.2bn"),
        (q("€1.5 million", 1_500_000, "money", currency="EUR"), "EUR 1.5m"),
        (q("£300", 300, "money", currency="GBP"), "GBP 300"),
        (q("$358.19 billion", 358_190_000_000, "money", currency="USD"), "USD 358.2bn"),
        # percent with %, percentage points
        (q("12 percent", 12, "percent", unit="%"), "12%"),
        (q("4.5 per cent", 4.5, "percent", unit="%"), "4.5%"),
        (q("3 percentage points", 3, "percentage_point", unit="percentage point"), "3 pp"),
        # ranges as ranges
        (q("700 and 800", 700, "count", noun="people", range_to=800), "700–800 people"),
        (q("5-7%", 5, "percent", unit="%", range_to=7), "5–7%"),
        (q("$2-3 billion", 2e9, "money", currency="USD", range_to=3e9), "USD 2–3bn"),
        (q("2019-2021", 2019, "count", range_to=2021), "2019–2021"),
        # counts, ratios, durations, measures, ordinals
        (q("4.2 million", 4_200_000, "count", noun="containers"), "4.2m containers"),
        (q("12,500", 12_500, "count", noun="jobs"), "12,500 jobs"),
        (q("1,200", 1200, "count"), "1200"),
        (q("twice", 2, "ratio", unit="times"), "2×"),
        (q("One in five", 0.2, "ratio", unit="1 in 5"), "1 in 5"),
        (q("a third", 0.333333, "ratio", unit="1/3"), "1/3"),
        (q("3 years", 3, "duration", unit="year"), "3 years"),
        (q("1 year", 1, "duration", unit="year"), "1 year"),
        (q("300 metres", 300, "measure", unit="m"), "300 m"),
        (q("45°C", 45, "measure", unit="°C"), "45°C"),
        (q("21st", 21, "ordinal"), "21st"),
        (q("112th", 112, "ordinal"), "112th"),
        # what cannot be read is shown as written
        (q("some", None, "count"), "some"),
        (q("Mayday", 20220000, "date", unit="nonsense"), "Mayday"),
    ],
    ids=lambda v: v["text"] if isinstance(v, dict) else v,
)
def test_each_kind_of_figure_reads_as_written_by_a_person(figure, label):
    assert figure_label(figure) == label


def test_labels_of_what_the_engine_stores():
    text = (
        "The company earned $4.2 billion in 2023, up 12% on the year, the minister said on "
        "April 25, and between 700 and 800 people lost their jobs."
    )
    [claim] = extract(text)
    labels = {f["text"]: figure_label(f) for f in to_dict(claim)["quantities"]}
    assert labels["2023"] == "2023"
    assert labels["April 25"] == "25 April"
    assert labels["$4.2 billion"] == "USD 4.2bn"
    assert labels["12%"] == "12%"
    assert labels["700 and 800"].startswith("700–800")


@pytest.mark.django_db
def test_the_claim_page_and_the_list_show_the_labels(client, reviewer):
    claim = ClaimFactory(
        quantities=[
            q("2023", 2023, "year"),
            q("April 25", 425, "date", unit="--04-25"),
            q("$4.2 billion", 4_200_000_000, "money", currency="USD"),
        ]
    )
    c = client_for(client, reviewer)
    page = c.get(change_url(claim)).content.decode()
    for label in ("2023", "25 April", "USD 4.2bn"):
        assert f'<span class="fc-figure">{label}</span>' in page
    assert "2.02k" not in page and "425" not in page.split('class="fc-figures"')[1][:400]
    listing = c.get(CHANGELIST + "?view=all").content.decode()
    assert "2023, 25 April, USD 4.2bn" in listing
