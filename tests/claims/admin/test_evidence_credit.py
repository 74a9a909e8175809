"""Evidence copied with a matched claim's published verdict is credited to who cited it there,
and says where it came from (claims.services.matching.claim_apply_prior_verdict; the claim page's
evidence inline, claims/admin/evidence.py)."""

from __future__ import annotations

import pytest

from claims.models import ClaimMatch
from claims.services.matching import claim_apply_prior_verdict, claim_match_confirm
from claims.services.workflow import claim_assign
from tests.claims.admin.support import change_url, client_for
from tests.claims.services.test_matching import ACME, ACME_REWORDED, claim_of, publish
from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied(reviewer):
    author = EditorFactory(username="first-checker")
    earlier = publish(claim_of(ACME), author, reviewer)
    new = claim_of(ACME_REWORDED)
    match = ClaimMatch.objects.create(claim=new, matched=earlier, score=0.9, method="figures")
    claim_match_confirm(match=match, actor=reviewer)
    second = EditorFactory(username="second-editor")
    new = claim_assign(claim=new, actor=reviewer, assignee=second)
    new = claim_apply_prior_verdict(claim=new, actor=second, source=earlier)
    return author, second, earlier, new


def test_copied_evidence_credits_its_original_author_and_names_the_claim(applied):
    author, _second, earlier, new = applied
    [original] = earlier.evidence.all()
    [copy] = new.evidence.all()
    assert copy.url == original.url
    assert copy.added_by == author  # not second-editor, who only applied the verdict
    assert copy.copied_from == earlier
    assert original.copied_from is None


def test_the_claim_page_shows_who_cited_it_and_links_the_claim_it_came_from(
    client, reviewer, applied
):
    _author, _second, earlier, new = applied
    html = client_for(client, reviewer).get(change_url(new)).content.decode()
    inline = html.split('id="evidence-group"')[1].split("</fieldset>")[0]
    assert "first-checker" in inline
    assert (f'from <a href="{change_url(earlier)}">claim #{earlier.pk}</a>') in inline
    # Who applied the verdict is not hidden: the history and the note say so.
    history = html.split('id="fc-history"')[1]
    assert "<strong>second-editor</strong>" in history
    assert f"Applied the published verdict of claim #{earlier.pk}" in html


def test_the_api_says_where_a_copied_source_came_from(client, applied):
    _author, second, earlier, new = applied
    client.force_login(second)
    [row] = client.get(f"/api/claims/{new.pk}/evidence/").json()
    assert (row["added_by"], row["copied_from"]) == ("first-checker", earlier.pk)
