""" "In context" on the claim page shows the claim's paragraph, or its neighbouring sentences,
whatever the article's line-break convention - never the whole article
(claims.admin.display.claim_in_paragraph)."""

from __future__ import annotations

import pytest

from claims.admin.display import MAX_PARAGRAPH_CHARS, claim_in_paragraph
from tests.claims.admin.support import change_url, client_for
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

CLAIM = "Exports rose 12 percent to 4.2 billion dollars last year."
BEFORE = "The trade ministry published its annual figures on Monday."
SAME = "Officials called it the best year since 2011."
OTHER_BEFORE = "Farmers in the north have complained about low prices for months."
OTHER_AFTER = "The opposition said the numbers hide a fall in manufacturing jobs."


def _claim(body: str):
    start = body.index(CLAIM)
    return ClaimFactory(
        article=ArticleFactory(body=body), start=start, end=start + len(CLAIM), text=CLAIM
    )


def _shown(body: str) -> str:
    html = str(claim_in_paragraph(_claim(body)))
    assert f'<mark class="fc-hl fc-status-new">{CLAIM}</mark>' in html
    return html


PARAGRAPH = f"{BEFORE} {CLAIM} {SAME}"


@pytest.mark.parametrize(
    ("convention", "sep"),
    [
        ("blank lines", "\n\n"),
        ("blank lines with spaces", "\n  \n"),
        ("single newlines", "\n"),
        ("CRLF blank lines", "\r\n\r\n"),
        ("CRLF single", "\r\n"),
        ("old Mac CR", "\r"),
    ],
)
def test_the_claims_paragraph_is_shown_whatever_the_line_breaks(convention, sep):
    html = _shown(sep.join([OTHER_BEFORE, PARAGRAPH, OTHER_AFTER]))
    assert html.startswith(BEFORE)
    assert html.endswith(SAME)
    assert "Farmers" not in html and "opposition" not in html


def test_paragraphs_with_hard_wrapped_lines_keep_their_lines_together():
    wrapped = f"{BEFORE}\n{CLAIM}\nOfficials called it the best\nyear since 2011."
    html = _shown(f"{OTHER_BEFORE}\n\n{wrapped}\n\n{OTHER_AFTER}")
    assert html.startswith(BEFORE) and html.endswith("year since 2011.")
    assert "Farmers" not in html and "opposition" not in html


def test_no_line_breaks_at_all_shows_the_neighbouring_sentences():
    body = " ".join([OTHER_BEFORE, BEFORE, CLAIM, SAME, OTHER_AFTER])
    html = _shown(body)
    assert html == (f'… {BEFORE} <mark class="fc-hl fc-status-new">{CLAIM}</mark> {SAME} …')


def test_text_wrapped_at_a_fixed_width_without_blank_lines_shows_sentences_not_line_pieces():
    words = " ".join([OTHER_BEFORE, BEFORE, CLAIM, SAME, OTHER_AFTER]).split(" ")
    lines, line = [], ""
    for w in words:  # wrap at 40 columns, as some wire feeds do
        if len(line) + len(w) > 40:
            lines.append(line.rstrip())
            line = ""
        line += w + " "
    body = "\n".join([*lines, line.rstrip()])
    # The claim's span in the wrapped text: its words, with line breaks where they fell.
    start = body.index("Exports")
    end = body.index("last year.") + len("last year.")
    claim = ClaimFactory(
        article=ArticleFactory(body=body), start=start, end=end, text=body[start:end]
    )
    html = str(claim_in_paragraph(claim))
    assert "Farmers" not in html and "opposition" not in html
    assert "trade ministry" in html and "best year" in html


def test_a_very_long_paragraph_is_cut_to_the_neighbouring_sentences():
    filler = " ".join(f"Sentence number {i} says nothing much." for i in range(60))
    assert len(filler) > MAX_PARAGRAPH_CHARS
    html = _shown(f"{filler} {BEFORE} {CLAIM} {SAME} {filler}")
    assert html.startswith(f"… {BEFORE}") and html.endswith(f"{SAME} …")


def test_a_claim_alone_in_its_paragraph_is_shown_alone():
    html = _shown(f"{OTHER_BEFORE}\n{CLAIM}\n{OTHER_AFTER}")
    assert html == f'<mark class="fc-hl fc-status-new">{CLAIM}</mark>'


def test_the_claim_page_shows_the_paragraph_of_a_single_newline_article(client, reviewer):
    claim = _claim("\n".join([OTHER_BEFORE, PARAGRAPH, OTHER_AFTER]))
    html = client_for(client, reviewer).get(change_url(claim)).content.decode()
    shown = html.split('class="fc-paragraph">')[1].split("</p>")[0]
    assert CLAIM in shown and BEFORE in shown
    assert "Farmers" not in shown and "opposition" not in shown
