"""claims.matching.qualifiers: a figure's time frame (since / in / by / until / per year / within
a day) and its mode (forecast or outcome) are part of its identity."""

from __future__ import annotations

import pytest

from claims.matching import MATCH_THRESHOLD, features, score_pair
from claims.matching.qualifiers import mode, time_frames

from .stored import quantities


def score(a: str, b: str):
    return score_pair(a, quantities(a), b, quantities(b))


def test_the_two_cases_tried_by_hand():
    since = score(
        "Tesla has sold 1.7 m cars in China since its entry.",
        "Tesla sold 1.7 m cars in China in 2023.",
    )
    assert not since.same and since.score < MATCH_THRESHOLD
    assert any("time frames" in r for r in since.reasons)

    laying_off = score(
        "Acme will lay off 10 percent of its global workforce.",
        "Acme is laying off 10 percent of its staff worldwide.",
    )
    assert laying_off.same and laying_off.score >= MATCH_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        # since X (cumulative) vs in Y (one period)
        ("Siemens has cut 5,600 jobs since 2020.", "Siemens cut 5,600 jobs in 2023.", "frames"),
        (
            "Acme has sold 2 million phones so far.",
            "Acme sold 2 million phones last year.",
            "frames",
        ),
        (
            "Ronaldo has scored 890 goals in his career.",
            "Ronaldo scored 890 goals in 2023.",
            "frames",
        ),
        # by Z (a deadline) vs in Z
        (
            "The city will plant 100,000 trees by 2030.",
            "The city planted 100,000 trees in 2030.",
            "frames",
        ),
        # until vs in
        (
            "The tax break runs until 2026 and costs $4 billion.",
            "The tax break costs $4 billion in 2026.",
            "frames",
        ),
        # per year (annual) vs cumulative
        (
            "The factory produces 500,000 cars a year.",
            "The factory has produced 500,000 cars since it opened.",
            "frames",
        ),
        ("Wages grew 4% a year.", "Wages have grown 4% since 2020.", "frames"),
        # the length of the period
        (
            "The region received 300mm of rain in a day.",
            "The region received 300mm of rain in a week.",
            "frames",
        ),
        # forecast vs outcome
        (
            "Retail sales rose 0.6% in March.",
            "Retail sales are expected to rise 0.6% in March.",
            "forecast",
        ),
        (
            "Acme laid off 1,500 workers in 2023.",
            "Acme will lay off 1,500 workers in 2023.",
            "forecast",
        ),
        ("The party won 40% of the vote.", "The party expects to win 40% of the vote.", "forecast"),
        (
            "Nvidia's revenue rose to $60.9 billion.",
            "Nvidia's revenue is forecast to rise to $60.9 billion.",
            "forecast",
        ),
    ],
)
def test_qualifiers_keep_claims_apart(a, b, reason):
    result = score(a, b)
    assert not result.same, result
    assert any(reason in r for r in result.reasons), result.reasons


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # A time frame or mode only one side states is no conflict.
        ("Tesla sold 1.7 million cars in China.", "Tesla sold 1.7 million cars in China in 2023."),
        ("Acme is cutting 1,500 jobs.", "Acme will cut 1,500 jobs."),
        (
            "The minimum wage will rise to £11.44 an hour in April 2024.",
            "From April 2024 the minimum wage goes up to £11.44 per hour.",
        ),
        # Both sides the same frame and mode.
        ("The bank will close 200 branches by 2025.", "The bank is closing 200 branches by 2025."),
        ("Acme has sold 2 million phones since 2019.", "Since 2019, Acme has sold 2m phones."),
        # "than expected" reports an outcome.
        ("Exports rose 3% in May, more than expected.", "Exports rose 3% in May."),
    ],
)
def test_same_frame_or_one_side_only_still_matches(a, b):
    result = score(a, b)
    assert result.same and result.score >= MATCH_THRESHOLD, result


@pytest.mark.parametrize(
    ("text", "frames"),
    [
        ("Tesla has sold 1.7m cars since its entry.", {"since"}),
        ("Tesla sold 1.7m cars in 2023.", {"in"}),
        ("Tesla sold 1.7m cars last year.", {"in"}),
        ("Tesla will sell 1.7m cars by 2030.", {"by"}),
        ("The scheme runs until 2026.", {"until"}),
        ("Tesla sells 1.7m cars a year.", {"annual"}),
        ("It rained 300mm in a day.", {"within a day"}),
        ("Tesla sold 1.7m cars.", set()),
    ],
)
def test_time_frames(text, frames):
    assert time_frames(text, features(text).rates) == frames


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme will cut 500 jobs.", "forecast"),
        ("Acme said it would cut 500 jobs.", "forecast"),
        ("Acme expects to cut 500 jobs.", "forecast"),
        ("Acme plans to cut 500 jobs.", "forecast"),
        ("Acme is set to cut 500 jobs.", "forecast"),
        ("Acme cut 500 jobs.", None),  # "cut" is also the present tense
        ("Acme has cut 500 jobs.", "outcome"),
        ("Acme slashed 500 jobs, the company said.", "outcome"),
        ("Unemployment was 4.2%.", "outcome"),
        ("Acme is laying off 500 workers.", None),
        ("Unemployment is 4.2%.", None),
        ("Exports rose more than expected.", "outcome"),
    ],
)
def test_mode(text, expected):
    assert mode(text) == expected
