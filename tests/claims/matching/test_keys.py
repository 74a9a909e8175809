"""claims.matching.keys: the figure-key normalisation stored in Claim.figure_keys."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from claims.extraction import QUANTITY_KINDS
from claims.matching import figure_keys

from .stored import q, quantities


def test_figure_keys_spell_the_same_amount_the_same_way_whatever_the_wording():
    assert figure_keys(quantities("Acme reported revenue of $4.2 billion in 2023.")) == figure_keys(
        quantities("Acme reported revenue of $4,200,000,000 in 2023.")
    )
    assert figure_keys([q(12, "percent", "12%", unit="%")]) == figure_keys(
        [q(12.0, "percent", "12 per cent", unit="percent")]
    )


def test_figure_keys_keep_units_and_currencies_apart():
    dollars = figure_keys([q(5_000_000, "money", "$5m", currency="USD")])
    euros = figure_keys([q(5_000_000, "money", "€5m", currency="EUR")])
    tonnes = figure_keys([q(5_000_000, "measure", "5m tonnes", unit="tonne")])
    barrels = figure_keys([q(5_000_000, "measure", "5m barrels", unit="barrels")])
    assert dollars == ["money::USD:5000000"]
    assert not set(dollars) & set(euros)
    assert not set(tonnes) & set(barrels)


def test_figure_keys_share_a_rounded_key_for_figures_equal_within_rounding():
    precise = figure_keys([q(4_190_000, text="4.19 million")])
    rounded = figure_keys([q(4_200_000, text="4.2 million")])
    assert "count:::4190000" in precise
    assert set(precise) & set(rounded) == {"count:::4200000"}
    # 4.24 rounds to 4.2, not 4.3: no shared key.
    assert not set(figure_keys([q(4.24, "percent", unit="%")])) & set(
        figure_keys([q(4.3, "percent", unit="%")])
    )


def test_figure_keys_leave_out_years_and_dates_and_spell_ranges():
    keys = figure_keys(
        [
            q(2023, "year"),
            q(20240300, "date", "March 2024", unit="2024-03"),
            q(700, text="700-800", range_to=800, noun="homes"),
        ]
    )
    assert keys == ["count:::700~800"]


def test_figure_keys_fit_the_column_and_ignore_malformed_values():
    keys = figure_keys([q("n/a"), q(None), q(float("nan")), q(1.55, "measure", unit="x" * 200)])
    assert all(len(k) <= 80 for k in keys)
    assert len(keys) == 2


_ANY_FIELD = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
)


@settings(max_examples=300, deadline=None)
@example([{"kind": "count", "value": 5e-324, "range_to": None, "unit": None, "currency": None}])
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "kind": st.sampled_from(sorted(QUANTITY_KINDS)),
                "value": _ANY_FIELD,
                "range_to": _ANY_FIELD,
                "unit": _ANY_FIELD,
                "currency": _ANY_FIELD,
                "text": _ANY_FIELD,
            }
        ),
        max_size=4,
    )
)
def test_figure_keys_of_any_stored_quantities_are_sorted_unique_and_fit_the_column(stored):
    keys = figure_keys(stored)
    assert keys == sorted(set(keys))
    assert all(len(k) <= 80 for k in keys)
    kinds = {k.split(":", 1)[0] for k in keys}
    assert not kinds & {"year", "date"}
