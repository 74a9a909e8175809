"""The cleaner's shortcuts must not change what it stores: claim offsets point into its output."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from articles.cleaning import _normalise, normalise_text

# Text built from the characters the normaliser cares about, so the shortcut's check is tried
# against every kind of whitespace, control character and line break in every position.
_tricky = st.text(
    alphabet=st.sampled_from(
        list(
            "ab .\n\r\t\f\v\x00\x01\x0e\x1b\x1c\x1f\x7f"
            "\x85\xa0\u1680\u2003\u2028\u2029\u202f\u3000\u200b\ufeff"
        )
    ),
    max_size=40,
)


@settings(max_examples=2000, deadline=None)
@given(st.one_of(_tricky, st.text(max_size=40)))
@example("Para one.\n\nPara two.")  # already normal: returned as is
@example(" lead")
@example("trail\n")
@example("a\n\n\nb")
@example("a \nb")
def test_already_normal_text_shortcut_gives_the_same_text_as_the_full_normaliser(text):
    assert normalise_text(text) == _normalise(text)
