"""Arithmetic consistency between figures of a sentence."""

from __future__ import annotations

import pytest

from claims.extraction import extract
from tests.claims.extraction.cases import CONSISTENCY


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
