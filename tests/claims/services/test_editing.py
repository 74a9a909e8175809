"""Claims by hand in the services: the claimant kind guess, claimants proposed from speakers (at
extraction and by the data migration), manual claims, wording edits, split and merge."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from articles.models import Article, ArticleExtraction
from claims.claimants import guess_claimant_kind
from claims.models import Annotation, Claim, Claimant, ClaimEvent
from claims.services.claimants import ClaimantInput, claimant_ensure, claimant_merge
from claims.services.editing import (
    SpanTaken,
    claim_add,
    claim_analysis,
    claim_edit,
    claim_merge,
    claim_split,
)
from claims.services.extraction import article_extract
from claims.services.workflow import TransitionRefused, WorkflowError
from tests.conftest import ready_for_review
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, ReviewerFactory

BODY = (
    "Tesla said it would build 500,000 cars in the town by 2030. "
    "The minister said unemployment fell to 4.1 percent in March, the lowest since 2008. "
    "Unions disputed the figures."
)
TESLA = "Tesla said it would build 500,000 cars in the town by 2030."
MINISTER = "The minister said unemployment fell to 4.1 percent in March, the lowest since 2008."


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("the company", "organization"),
        ("The company", "organization"),
        ("Tesla", "organization"),
        ("the Ministry of Health", "organization"),
        ("the government", "organization"),
        ("the statistics agency", "organization"),
        ("Acme Holdings Ltd", "organization"),
        ("Bank of England", "organization"),
        ("Stanford University", "organization"),
        ("Department of Transport", "organization"),
        ("the harbour authority", "organization"),
        ("IMF", "organization"),
        ("Elon Musk", "person"),
        ("the minister", "person"),
        ("Chief Executive Lisa Su", "person"),
        ("the company's spokeswoman", "person"),
        ("Head of the Port Authority", "person"),
        ("Jane Okafor", "person"),
        ("", "person"),
    ],
)
def test_claimant_kind_guess(name, kind):
    assert guess_claimant_kind(name) == kind


@pytest.fixture
def reviewer(db):
    return ReviewerFactory()


@pytest.fixture
def editor(db):
    return EditorFactory()


pytestmark = pytest.mark.django_db


def test_claimants_are_one_per_name_case_aside():
    first = claimant_ensure(claimant=ClaimantInput(name="Elon Musk"))
    again = claimant_ensure(claimant=ClaimantInput(name="  elon   MUSK "))
    assert again.pk == first.pk and Claimant.objects.count() == 1
    corrected = claimant_ensure(claimant=ClaimantInput(name="Acme", kind="organization"))
    assert corrected.kind == "organization"
    with pytest.raises(WorkflowError, match="kind must be one of"):
        claimant_ensure(claimant=ClaimantInput(name="Acme", kind="robot"))


def test_extraction_proposes_claimants_shared_across_articles():
    one = ArticleFactory(body=TESLA, extraction_status=Article.ExtractionStatus.PENDING)
    two = ArticleFactory(
        body="Tesla said it sold 1.8 million cars in 2023, up 38 percent.",
        extraction_status=Article.ExtractionStatus.PENDING,
    )
    assert article_extract(article_id=one.pk).status == "done"
    assert article_extract(article_id=two.pk).status == "done"
    claims = list(Claim.objects.select_related("claimant"))
    assert len(claims) == 2
    assert {c.claimant.name for c in claims} == {"Tesla"}
    assert {c.claimant_id for c in claims} == {claims[0].claimant_id}
    assert claims[0].claimant.kind == "organization"


def test_the_data_migration_gives_existing_claims_claimants_from_their_speakers():
    musk_a = ClaimFactory(speaker="Elon Musk")
    ClaimFactory(speaker="Elon Musk")
    musk_b = ClaimFactory(speaker="elon musk")
    company = ClaimFactory(speaker="The company")
    nobody = ClaimFactory(speaker="")
    migration = importlib.import_module(
        "claims.migrations.0005_claims_by_hand_claimants_from_speakers"
    )
    migration.claimants_from_speakers(django_apps, None)
    for c in (musk_a, musk_b, company, nobody):
        c.refresh_from_db()
    assert musk_a.claimant_id == musk_b.claimant_id and musk_a.claimant.name == "Elon Musk"
    assert musk_a.claimant.kind == "person"
    assert company.claimant.kind == "organization"
    assert nobody.claimant is None
    migration.claimants_from_speakers(django_apps, None)  # twice: nothing new
    assert Claimant.objects.count() == 2


def test_claim_analysis_reads_figures_of_a_span_the_engine_would_skip():
    text = "Unions disputed 3 of the figures."
    values = claim_analysis(text)
    assert [q["value"] for q in values["quantities"]] == [3]
    assert 0.0 <= values["checkworthiness"] <= 1.0
    span = claim_analysis(BODY, BODY.index(MINISTER), BODY.index(MINISTER) + len(MINISTER))
    assert [q["value"] for q in span["quantities"]] == [4.1, 2008]
    assert span["quantities"][0]["start"] == BODY.index("4.1")  # offsets in the body
    assert span["speaker"] == "The minister"


def test_claim_add_by_quote_proposes_a_person_for_the_minister(editor):
    article = ArticleFactory(body=BODY)
    claim = claim_add(article=article, actor=editor, quote=MINISTER)
    assert (claim.start, claim.end) == (BODY.index(MINISTER), BODY.index(MINISTER) + len(MINISTER))
    assert claim.claimant.name == "The minister" and claim.claimant.kind == "person"
    assert claim.added_by == editor and claim.updated_by == editor
    assert claim.status == "new"


def test_claim_add_refuses_an_existing_span_and_a_non_desk_user(editor):
    article = ArticleFactory(body=BODY)
    claim_add(article=article, actor=editor, quote=TESLA)
    with pytest.raises(SpanTaken, match="already quotes exactly this span"):
        claim_add(article=article, actor=editor, start=0, end=len(TESLA))
    from tests.factories import UserFactory

    with pytest.raises(TransitionRefused, match="Only editors and reviewers"):
        claim_add(article=article, actor=UserFactory(), quote="Unions disputed the figures.")
    assert Claim.objects.count() == 1


def test_a_manual_claim_survives_re_extraction(editor):
    article = ArticleFactory(body=BODY, extraction_status=Article.ExtractionStatus.PENDING)
    manual = claim_add(article=article, actor=editor, quote="Unions disputed the figures.")
    assert article_extract(article_id=article.pk).status == "done"
    ArticleExtraction.objects.filter(pk=article.pk).update(status=Article.ExtractionStatus.PENDING)
    assert article_extract(article_id=article.pk).status == "done"
    assert Claim.objects.filter(pk=manual.pk).exists()


def test_claim_edit_wording_recomputes_figures_and_keeps_the_quote(reviewer):
    claim = claim_add(article=ArticleFactory(body=BODY), actor=reviewer, quote=TESLA)
    edited = claim_edit(
        claim=claim.pk,
        actor=reviewer,
        expected_version=claim.version,
        claim_reviewed="Tesla will build 600,000 cars here by 2031.",
    )
    assert edited.text == TESLA
    assert edited.wording == "Tesla will build 600,000 cars here by 2031."
    assert [q["value"] for q in edited.quantities] == [600000, 2031]
    # The quote itself as wording is no wording of its own.
    back = claim_edit(
        claim=claim.pk, actor=reviewer, expected_version=edited.version, claim_reviewed=TESLA
    )
    assert back.claim_reviewed == "" and [q["value"] for q in back.quantities] == [500000, 2030]


def test_claim_edit_on_a_published_claim_is_refused(reviewer, editor):
    from claims.services.workflow import claim_publish, claim_submit

    claim = ready_for_review(ClaimFactory(), editor, reviewer)
    claim = claim_publish(claim=claim_submit(claim=claim, actor=editor), actor=reviewer)
    with pytest.raises(TransitionRefused, match="published"):
        claim_edit(claim=claim.pk, actor=reviewer, expected_version=None, claim_reviewed="x")


def test_split_clears_an_edited_wording_into_a_note_never_losing_it(reviewer):
    article = ArticleFactory(body=BODY)
    both = TESLA + " " + MINISTER
    claim = claim_add(article=article, actor=reviewer, start=0, end=len(both))
    claim = claim_edit(
        claim=claim.pk,
        actor=reviewer,
        expected_version=claim.version,
        claim_reviewed="Tesla and the minister made two claims.",
    )
    first, second = claim_split(claim=claim.pk, actor=reviewer, at=len(TESLA) + 1)
    assert (first.text, second.text) == (TESLA, MINISTER)
    assert first.claim_reviewed == ""
    assert Annotation.objects.filter(
        claim=first, body__contains="Tesla and the minister made two claims."
    ).exists()
    assert second.claimant == first.claimant  # the same claimant, until an editor changes it
    assert second.added_by == reviewer
    with pytest.raises(WorkflowError, match="between words, not inside one"):
        claim_split(claim=first.pk, actor=reviewer, at=first.start + 1)


def test_merge_of_a_claim_with_itself_is_refused(reviewer):
    claim = ClaimFactory()
    with pytest.raises(WorkflowError, match="two different claims"):
        claim_merge(claim=claim.pk, other=claim.pk, actor=reviewer)


def test_merge_records_who_merged_in_the_history(reviewer):
    article = ArticleFactory(body=BODY)
    a = claim_add(article=article, actor=reviewer, quote=TESLA)
    b = claim_add(article=article, actor=reviewer, quote=MINISTER)
    merged = claim_merge(claim=b.pk, other=a.pk, actor=reviewer)
    assert (merged.start, merged.end) == (0, len(TESLA) + 1 + len(MINISTER))
    last = ClaimEvent.objects.filter(pgh_obj_id=b.pk).order_by("pgh_id").last()
    assert (last.pgh_context.metadata["action"], last.pgh_context.metadata["user"]) == (
        "merge",
        reviewer.pk,
    )


def test_claimant_merge_moves_claims_and_deletes_duplicates(reviewer):
    keep = Claimant.objects.create(name="Elon Musk")
    dup = Claimant.objects.create(name="Musk", role="Chief executive")
    claim = ClaimFactory(claimant=dup)
    assert claimant_merge(keep=keep, duplicates=[dup], actor=reviewer) == 1
    claim.refresh_from_db()
    keep.refresh_from_db()
    assert claim.claimant == keep and keep.role == "Chief executive"
    with pytest.raises(WorkflowError, match="two different"):
        claimant_merge(keep=keep, duplicates=[keep], actor=reviewer)
