"""Matching services: suggesting and grouping matches, reviewer decisions, prior verdicts."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from claims.models import (
    Annotation,
    Claim,
    ClaimEvent,
    ClaimGroup,
    ClaimMatch,
    ClaimStatus,
    PublicationEvent,
)
from claims.services import matching
from claims.services.matching import (
    claim_apply_prior_verdict,
    claim_gin_pending_lists_merge,
    claim_group_split,
    claim_match_confirm,
    claim_match_reject,
    claim_prior_verdicts,
    claims_match_new,
)
from claims.services.workflow import (
    StaleClaim,
    TransitionRefused,
    WorkflowError,
    claim_assign,
    claim_publish,
    claim_start,
    claim_submit,
    claim_update,
    evidence_add,
)
from factcheck import gin
from tests.claims.matching.stored import quantities
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, ReviewerFactory, rating

pytestmark = pytest.mark.django_db

ACME = "Acme reported revenue of $4.2 billion in 2023."
ACME_REWORDED = "In 2023, Acme's sales came to $4.2bn, the company said."
ACME_AGAIN = "Acme's revenue reached $4.2 billion in 2023, according to its annual report."
GLOBEX = "Globex reported revenue of $4.2 billion in 2023."
BRIDGE = "The transport minister said the new Elbe bridge will open to traffic in 2026."
BRIDGE_AGAIN = "The transport minister said the new Elbe bridge would open to traffic in 2026."
ACME_FOURTH = "Acme's revenue was $4.2 billion in 2023."
JOBLESS_2022 = "Unemployment stood at 4.2% in 2022, the statistics office said."
JOBLESS_2023 = "Unemployment stood at 4.2% in 2023, the statistics office said."
JOBLESS_UNDATED = "Unemployment stood at 4.2%, the statistics office said."


def claim_of(sentence: str, article=None, **kwargs):
    """A stored claim as the extraction storage makes it (real quantities and figure keys)."""
    from claims.matching import figure_keys

    article = article or ArticleFactory(body=f"{sentence} More follows.")
    start = article.body.find(sentence)
    assert start >= 0
    found = quantities(sentence)
    return ClaimFactory(
        article=article,
        start=start,
        end=start + len(sentence),
        text=sentence,
        quantities=found,
        figure_keys=figure_keys(found),
        **kwargs,
    )


@pytest.fixture
def reviewer():
    return ReviewerFactory()


@pytest.fixture
def editor():
    return EditorFactory()


def publish(claim, editor, reviewer, label="Mostly false"):
    claim = claim_assign(claim=claim, actor=reviewer, assignee=editor)
    claim = claim_start(claim=claim, actor=editor)
    claim = evidence_add(claim=claim, actor=editor, url="https://ir.acme.example/annual-2023").claim
    claim = claim_update(
        claim=claim,
        actor=editor,
        expected_version=claim.version,
        rating=rating(label),
        summary="Acme's 2023 annual report gives revenue of $3.9 billion.",
    )
    claim = claim_submit(claim=claim, actor=editor)
    return claim_publish(claim=claim, actor=reviewer)


# --- suggesting matches -----------------------------------------------------------------------


def test_a_reworded_claim_in_another_article_is_suggested_and_grouped():
    earlier = claim_of(ACME)
    new = claim_of(ACME_REWORDED)

    created = claims_match_new(claim_ids=[new.pk])

    assert [(m.claim_id, m.matched_id, m.status) for m in created] == [
        (new.pk, earlier.pk, ClaimMatch.Status.SUGGESTED)
    ]
    assert created[0].method.startswith("figures")
    earlier.refresh_from_db()
    new.refresh_from_db()
    assert earlier.group_id is not None
    assert new.group_id == earlier.group_id


def test_matching_twice_changes_nothing():
    claim_of(ACME)
    new = claim_of(ACME_REWORDED)
    claims_match_new(claim_ids=[new.pk])

    assert claims_match_new(claim_ids=[new.pk]) == []
    assert ClaimMatch.objects.count() == 1
    assert ClaimGroup.objects.count() == 1


def test_the_reverse_pair_is_not_suggested_again():
    earlier = claim_of(ACME)
    new = claim_of(ACME_REWORDED)
    claims_match_new(claim_ids=[new.pk])

    claims_match_new(claim_ids=[earlier.pk])

    assert ClaimMatch.objects.count() == 1


def test_a_similar_claim_about_another_company_is_not_suggested():
    claim_of(ACME)
    other = claim_of(GLOBEX)

    assert claims_match_new(claim_ids=[other.pk]) == []
    other.refresh_from_db()
    assert other.group_id is None


@pytest.fixture
def gin_merge_state():
    """The per-process record of the last merge and of a refusal, fresh for the test and put
    back after."""
    saved = matching._GinMerge.merged_at, gin._Refused.refused
    matching._GinMerge.merged_at, gin._Refused.refused = None, False
    yield matching._GinMerge
    matching._GinMerge.merged_at, gin._Refused.refused = saved


def test_matching_first_merges_what_the_claims_gin_indexes_hold_pending(gin_merge_state):
    claim_of(ACME)
    claim_of(BRIDGE)
    lonely = claim_of("The ferry carried 312 passengers on its first crossing of the fjord.")

    # Matches nothing, so it writes nothing: whatever is pending now was there before.
    assert claims_match_new(claim_ids=[lonely.pk]) == []

    # The new claims' index entries were merged before the candidate queries read the indexes.
    assert claim_gin_pending_lists_merge(force=True) == 0
    claim_of(GLOBEX)
    assert claim_gin_pending_lists_merge(force=True) > 0
    # Not again within GIN_MERGE_SECONDS of the last merge, unless forced.
    claim_of(JOBLESS_2022)
    assert claim_gin_pending_lists_merge() == 0
    assert claim_gin_pending_lists_merge(force=True) > 0


def test_a_database_user_who_may_not_merge_is_told_once_and_matching_goes_on(
    gin_merge_state, caplog
):
    role = f"fc_not_owner_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")  # rolled back with the test
        cursor.execute(f"SET ROLE {role}")
    try:
        assert claim_gin_pending_lists_merge(force=True) == 0
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert "could not be merged" in caplog.text
    assert "must be owner" in caplog.text
    # Refused once: not tried again on each batch.
    caplog.clear()
    assert claim_gin_pending_lists_merge() == 0
    assert caplog.text == ""
    earlier = claim_of(ACME)
    new = claim_of(ACME_REWORDED)
    assert [m.matched_id for m in claims_match_new(claim_ids=[new.pk])] == [earlier.pk]


def test_claims_of_the_same_article_are_not_matched_with_each_other():
    article = ArticleFactory(body=f"{ACME} {ACME_REWORDED}")
    claim_of(ACME, article=article)
    second = claim_of(ACME_REWORDED, article=article)

    assert claims_match_new(claim_ids=[second.pk]) == []


def test_near_identical_wording_without_figures_is_matched_by_wording():
    earlier = claim_of(BRIDGE)
    new = claim_of(BRIDGE_AGAIN)

    [match] = claims_match_new(claim_ids=[new.pk])

    assert match.matched_id == earlier.pk
    assert "wording" in match.method


def test_a_third_claim_of_the_fact_joins_the_existing_group():
    first = claim_of(ACME)
    second = claim_of(ACME_REWORDED)
    claims_match_new(claim_ids=[second.pk])
    third = claim_of(ACME_AGAIN)

    claims_match_new(claim_ids=[third.pk])

    first.refresh_from_db()
    third.refresh_from_db()
    assert third.group_id == first.group_id
    assert ClaimGroup.objects.count() == 1


def test_a_claim_matching_two_conflicting_claims_groups_with_only_one_of_them():
    in_2022 = claim_of(JOBLESS_2022)
    in_2023 = claim_of(JOBLESS_2023)
    assert claims_match_new(claim_ids=[in_2023.pk]) == []  # another year: apart
    undated = claim_of(JOBLESS_UNDATED)

    created = claims_match_new(claim_ids=[undated.pk])

    assert {m.matched_id for m in created} == {in_2022.pk, in_2023.pk}
    groups = {c.pk: c.group_id for c in Claim.objects.all()}
    assert groups[undated.pk] is not None
    assert groups[in_2022.pk] != groups[in_2023.pk]
    assert groups[undated.pk] in (groups[in_2022.pk], groups[in_2023.pk])


def test_a_claim_does_not_join_a_group_with_a_member_it_conflicts_with():
    in_2022 = claim_of(JOBLESS_2022)
    undated = claim_of(JOBLESS_UNDATED)
    claims_match_new(claim_ids=[undated.pk])
    in_2023 = claim_of(JOBLESS_2023)

    [match] = claims_match_new(claim_ids=[in_2023.pk])

    assert match.matched_id == undated.pk
    in_2022.refresh_from_db()
    in_2023.refresh_from_db()
    assert in_2022.group_id is not None
    assert in_2023.group_id is None


def test_a_rejected_pair_is_never_suggested_again(reviewer):
    earlier = claim_of(ACME)
    new = claim_of(ACME_REWORDED)
    [match] = claims_match_new(claim_ids=[new.pk])
    claim_match_reject(match=match, actor=reviewer)

    assert claims_match_new(claim_ids=[new.pk]) == []
    match.refresh_from_db()
    new.refresh_from_db()
    earlier.refresh_from_db()
    assert match.status == ClaimMatch.Status.REJECTED
    assert new.group_id is None
    assert earlier.group_id is None


# --- whole articles through the extraction engine -----------------------------------------------


def store_article(body: str) -> list:
    """Extract an article with the real engine and store its claims as the extraction storage
    does (quantities and figure keys), then run matching on them like the worker."""
    from claims.extraction import extract, to_dict
    from claims.matching import figure_keys

    article = ArticleFactory(body=body)
    claims = []
    for found in extract(body):
        quantities = to_dict(found)["quantities"]
        claims.append(
            ClaimFactory(
                article=article,
                start=found.start,
                end=found.end,
                text=found.text,
                quantities=quantities,
                figure_keys=figure_keys(quantities),
            )
        )
    claims_match_new(claim_ids=[c.pk for c in claims])
    return claims


EARLIER_ARTICLE = (
    "Acme reported revenue of $4.2 billion in 2023. "
    "The Hoover reservoir holds 40 million litres of water, the utility said. "
    "The transport minister said the new Elbe bridge will open to traffic in 2026."
)


def test_similar_but_different_claims_in_another_article_stay_apart():
    earlier = store_article(EARLIER_ARTICLE)
    different = store_article(
        "Globex reported revenue of $4.2 billion in 2023. "  # another company
        "Acme reported revenue of $4.2 billion in 2021. "  # another year
        "Acme reported revenue of €4.2 billion in 2023. "  # another currency
        "The Hoover reservoir holds 40 million gallons of water, the utility said."  # another unit
    )

    assert len(earlier) == 3
    assert len(different) == 4
    assert ClaimMatch.objects.count() == 0
    assert ClaimGroup.objects.count() == 0


def test_the_same_facts_reworded_in_another_article_are_matched_and_grouped():
    acme, reservoir, bridge = store_article(EARLIER_ARTICLE)
    sales, capacity, opening = store_article(
        "In 2023, Acme's sales came to $4.2bn, the company said. "
        "The Hoover reservoir can hold 40 million litres of water. "
        "The transport minister said the new Elbe bridge would open to traffic in 2026."
    )
    store_article("Globex reported revenue of $4.2 billion in 2023.")

    pairs = set(ClaimMatch.objects.values_list("claim_id", "matched_id"))
    assert pairs == {(sales.pk, acme.pk), (capacity.pk, reservoir.pk), (opening.pk, bridge.pk)}
    groups = {c.pk: c.group_id for c in Claim.objects.all()}
    assert groups[sales.pk] == groups[acme.pk] is not None
    assert groups[capacity.pk] == groups[reservoir.pk] is not None
    assert groups[opening.pk] == groups[bridge.pk] is not None
    assert len({groups[acme.pk], groups[reservoir.pk], groups[bridge.pk]}) == 3


# --- candidate queries at scale ---------------------------------------------------------------


def test_a_common_figure_only_fetches_claims_sharing_a_rare_word(monkeypatch):
    """With a figure key that many claims share (the statistics say so), the figure query also
    needs one of the claim's rare words, so a crowd of unrelated claims does not crowd it out."""
    from claims.services import matching as services

    same_subject = claim_of("Acme's workforce reached 1,000 people in 2023.")
    unrelated = claim_of("Globex planted 1,000 trees in 2023.")
    new = claim_of("Acme employed 1,000 people in 2023, the company said.")
    key_only = {c.id for c in services.claim_match_candidates(new)}
    assert {same_subject.pk, unrelated.pk} <= key_only

    stats = services.TableStatistics(
        lexemes={"compani": 0.3, "employ": 0.01, "peopl": 0.05},
        keys={"count:::1000": 0.01},
        rows=1_000_000,
    )
    monkeypatch.setattr(services, "table_statistics", lambda: stats)
    common = {c.id for c in services.claim_match_candidates(new)}

    assert same_subject.pk in common
    assert unrelated.pk not in common


def test_the_figure_query_finds_the_same_claims_by_key_rows_or_by_indexes(monkeypatch):
    """With a key shared by far fewer claims than the words (the statistics say so), the words
    are checked on the key's rows instead of ANDing both indexes: the same claims come back."""
    from claims.services import matching as services

    same_subject = claim_of("Acme's workforce reached 1,000 people in 2023.")
    claim_of("Globex planted 1,000 trees in 2023.")
    claim_of("Acme's workforce reached 2,000 people in 2021.")
    new = claim_of("Acme employed 1,000 people in 2023, the company said.")
    stats = services.TableStatistics(
        lexemes={"compani": 0.3, "employ": 0.01, "peopl": 0.05},
        keys={"count:::1000": 0.001},
        rows=1_000_000,
    )
    monkeypatch.setattr(services, "table_statistics", lambda: stats)
    found = {}
    for ratio in (10**9, 1):
        monkeypatch.setattr(services, "WORDS_OVER_KEY_ROWS", ratio)
        sql, _ = services.candidate_query(new)
        found["by key" if "OFFSET 0" in sql else "by indexes"] = {
            c.id for c in services.claim_match_candidates(new)
        }

    assert set(found) == {"by key", "by indexes"}
    assert found["by key"] == found["by indexes"]
    assert same_subject.pk in found["by key"]


def test_table_statistics_come_from_pg_stats_after_analyze(monkeypatch):
    from django.db import connection

    from claims.services import matching as services

    for n in range(30):
        claim_of(f"Acme Corp's revenue rose to ${n + 2} billion in 2023.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    monkeypatch.setattr(services, "_statistics_at", -services.STATISTICS_TTL)

    stats = services.table_statistics()

    assert stats.rows >= 30
    assert stats.lexemes.get("acm", 0) > 0.9
    assert stats.lexemes.get("revenu", 0) > 0.9


# --- reviewer decisions -----------------------------------------------------------------------


def test_an_editor_cannot_confirm_reject_or_split(editor):
    claim_of(ACME)
    new = claim_of(ACME_REWORDED)
    [match] = claims_match_new(claim_ids=[new.pk])

    with pytest.raises(TransitionRefused, match="Only a reviewer may confirm"):
        claim_match_confirm(match=match, actor=editor)
    with pytest.raises(TransitionRefused, match="Only a reviewer may reject"):
        claim_match_reject(match=match, actor=editor)
    with pytest.raises(TransitionRefused, match="Only a reviewer may split"):
        claim_group_split(claim=new, actor=editor)
    match.refresh_from_db()
    assert match.status == ClaimMatch.Status.SUGGESTED


def test_a_reviewer_confirms_a_match_and_separate_groups_merge(reviewer):
    earlier = claim_of(ACME)
    new = claim_of(ACME_REWORDED)
    [match] = claims_match_new(claim_ids=[new.pk])
    # Someone had split the new claim off into its own group meanwhile.
    new.group = ClaimGroup.objects.create()
    new.save(update_fields=["group"])

    confirmed = claim_match_confirm(match=match, actor=reviewer)

    assert confirmed.status == ClaimMatch.Status.CONFIRMED
    assert confirmed.decided_by == reviewer
    assert confirmed.decided_at is not None
    new.refresh_from_db()
    earlier.refresh_from_db()
    assert new.group_id == earlier.group_id is not None


def test_splitting_a_claim_from_its_group_rejects_its_matches_and_sticks(reviewer):
    earlier = claim_of(ACME)
    new = claim_of(ACME_REWORDED)
    third = claim_of(ACME_AGAIN)
    claims_match_new(claim_ids=[new.pk, third.pk])
    group_id = ClaimGroup.objects.get().pk

    split = claim_group_split(claim=third, actor=reviewer)

    assert split.group_id is None
    assert set(ClaimMatch.objects.filter(claim=third).values_list("status", flat=True)) == {
        ClaimMatch.Status.REJECTED
    }
    assert Annotation.objects.filter(claim=third, kind=Annotation.Kind.SYSTEM).exists()
    claims_match_new(claim_ids=[third.pk])
    third.refresh_from_db()
    earlier.refresh_from_db()
    assert third.group_id is None
    assert earlier.group_id == group_id

    # A later claim of the fact matches both the split claim and the group: it joins the group,
    # and does not bring the split claim back with it.
    fourth = claim_of(ACME_FOURTH)
    created = claims_match_new(claim_ids=[fourth.pk])

    assert {m.matched_id for m in created} == {earlier.pk, new.pk, third.pk}
    fourth.refresh_from_db()
    third.refresh_from_db()
    assert fourth.group_id == group_id
    assert third.group_id is None


def test_confirming_a_match_does_not_merge_a_claim_into_a_group_it_conflicts_with(reviewer):
    in_2023 = claim_of(JOBLESS_2023)
    undated = claim_of(JOBLESS_UNDATED)
    claims_match_new(claim_ids=[undated.pk])
    in_2022 = claim_of(JOBLESS_2022)
    [match] = claims_match_new(claim_ids=[in_2022.pk])
    assert match.matched_id == undated.pk

    confirmed = claim_match_confirm(match=match, actor=reviewer)

    assert confirmed.status == ClaimMatch.Status.CONFIRMED
    groups = {c.pk: c.group_id for c in Claim.objects.all()}
    assert groups[undated.pk] == groups[in_2023.pk] is not None
    assert groups[in_2022.pk] != groups[in_2023.pk]


def test_splitting_one_of_two_claims_dissolves_the_group(reviewer):
    earlier = claim_of(ACME)
    new = claim_of(ACME_REWORDED)
    claims_match_new(claim_ids=[new.pk])

    claim_group_split(claim=new, actor=reviewer)

    earlier.refresh_from_db()
    assert earlier.group_id is None
    assert not ClaimGroup.objects.exists()


def test_splitting_a_claim_without_a_group_is_refused_with_a_message(reviewer):
    with pytest.raises(WorkflowError, match="not in a group"):
        claim_group_split(claim=claim_of(ACME), actor=reviewer)


# --- prior verdicts ---------------------------------------------------------------------------


@pytest.fixture
def published_and_suggested(editor, reviewer):
    earlier = publish(claim_of(ACME), editor, reviewer)
    new = claim_of(ACME_REWORDED)
    [match] = claims_match_new(claim_ids=[new.pk])
    new = claim_assign(claim=new, actor=reviewer, assignee=editor)
    return earlier, new, match


@pytest.fixture
def published_and_new(published_and_suggested, reviewer):
    earlier, new, match = published_and_suggested
    claim_match_confirm(match=match, actor=reviewer)
    return earlier, new


def test_a_new_claim_shows_the_prior_verdict_of_its_published_match(published_and_suggested):
    earlier, new, _ = published_and_suggested
    [shown] = claim_prior_verdicts(new)
    assert shown == earlier
    assert shown.match_confirmed is False


def test_a_suggested_match_shows_the_verdict_but_cannot_lend_it(published_and_suggested, editor):
    earlier, new, match = published_and_suggested

    with pytest.raises(WorkflowError, match="confirm the match first"):
        claim_apply_prior_verdict(claim=new, actor=editor, source=earlier)

    new.refresh_from_db()
    assert new.rating_id is None and new.prior_verdict_from_id is None
    match.refresh_from_db()
    assert match.status == ClaimMatch.Status.SUGGESTED


def test_a_shared_group_without_a_direct_match_lends_no_verdict(editor, reviewer):
    """Claims in one group with no match between them (as the old grouping chained them through
    a third claim): group membership alone neither shows nor lends a verdict."""
    first = publish(claim_of(ACME), editor, reviewer)
    second = claim_of(ACME_REWORDED)
    [match] = claims_match_new(claim_ids=[second.pk])
    claim_match_confirm(match=match, actor=reviewer)
    second.refresh_from_db()
    third = claim_of(ACME_AGAIN, group_id=second.group_id)
    third = claim_assign(claim=third, actor=reviewer, assignee=editor)

    assert third.group_id == Claim.objects.get(pk=first.pk).group_id
    assert list(claim_prior_verdicts(third)) == []
    with pytest.raises(WorkflowError, match="not a confirmed match"):
        claim_apply_prior_verdict(claim=third, actor=editor, source=first)


def test_applying_a_prior_verdict_copies_it_without_publishing(published_and_new, editor):
    earlier, new = published_and_new

    claim = claim_apply_prior_verdict(
        claim=new, actor=editor, source=earlier, expected_version=new.version
    )

    claim.refresh_from_db()
    assert claim.rating == rating("Mostly false")
    assert claim.summary == earlier.summary
    assert claim.prior_verdict_from == earlier
    assert list(claim.evidence.values_list("url", flat=True)) == [
        "https://ir.acme.example/annual-2023"
    ]
    assert claim.status == ClaimStatus.ASSIGNED
    assert not PublicationEvent.objects.filter(claim=claim).exists()
    latest = ClaimEvent.objects.filter(pgh_obj=claim).select_related("pgh_context").latest("pgh_id")
    assert latest.pgh_context.metadata["action"] == "apply prior verdict"
    assert latest.pgh_context.metadata["user"] == editor.pk
    assert latest.prior_verdict_from_id == earlier.pk


def test_applying_twice_does_not_duplicate_evidence(published_and_new, editor):
    earlier, new = published_and_new
    claim_apply_prior_verdict(claim=new, actor=editor, source=earlier)
    claim_apply_prior_verdict(claim=new, actor=editor, source=earlier)
    assert new.evidence.count() == 1


def test_a_stale_apply_is_refused(published_and_new, editor):
    earlier, new = published_and_new
    with pytest.raises(StaleClaim):
        claim_apply_prior_verdict(
            claim=new, actor=editor, source=earlier, expected_version=new.version - 1
        )


def test_only_a_published_matching_claim_can_lend_its_verdict(published_and_new, editor):
    _, new = published_and_new
    unrelated = publish(claim_of(BRIDGE), editor, ReviewerFactory())
    unpublished = claim_of(ACME_AGAIN)

    with pytest.raises(WorkflowError, match="not a confirmed match"):
        claim_apply_prior_verdict(claim=new, actor=editor, source=unrelated)
    with pytest.raises(WorkflowError, match="no published verdict"):
        claim_apply_prior_verdict(claim=new, actor=editor, source=unpublished)
    with pytest.raises(WorkflowError, match="no claim"):
        claim_apply_prior_verdict(claim=new, actor=editor, source=10**12)
    new.refresh_from_db()
    assert new.rating_id is None


def test_someone_who_may_not_edit_the_claim_cannot_apply_a_verdict(published_and_new):
    earlier, new = published_and_new
    with pytest.raises(TransitionRefused):
        claim_apply_prior_verdict(claim=new, actor=EditorFactory(), source=earlier)


# --- right and bounded (issue 17) -------------------------------------------------------------


def test_time_frames_keep_claims_apart_and_inflections_match():
    from claims.services.matching import claims_match_new

    since = claim_of("Tesla has sold 1.7 m cars in China since its entry.")
    laying_off = claim_of("Acme is laying off 10 percent of its staff worldwide.")
    assert claims_match_new(claim_ids=[since.pk, laying_off.pk]) == []
    in_2023 = claim_of("Tesla sold 1.7 m cars in China in 2023.")
    will_lay_off = claim_of("Acme will lay off 10 percent of its global workforce.")

    created = claims_match_new(claim_ids=[in_2023.pk, will_lay_off.pk])

    assert [(m.claim_id, m.matched_id) for m in created] == [(will_lay_off.pk, laying_off.pk)]
    will_lay_off.refresh_from_db()
    laying_off.refresh_from_db()
    assert will_lay_off.group_id is not None and will_lay_off.group_id == laying_off.group_id


OPENINGS = ["", "Meanwhile, ", "Separately, ", "Elsewhere, ", "Overall, "]
OPENINGS += ["Again, ", "Still, ", "In other news, ", "Notably, ", "Once more, "]
SOURCES = ["the company said", "a spokesperson said", "officials said", "the report said"]
SOURCES += ["figures show", "the statement said", "according to the filing", "data show"]
SOURCES += ["the carmaker said", "its chief executive said"]
TAILS = ["", " on Monday", " on Tuesday", " on Friday", " in a statement"]


def _store_many(texts: list[str]) -> list[Claim]:
    """One claim per article, created in bulk (real quantities and figure keys)."""
    from articles.models import Article
    from claims.matching import figure_keys

    articles = Article.objects.bulk_create(
        [
            Article(
                url=f"https://wire.example/{i}",
                title=f"Wire copy {i}",
                body=text,
                content_hash=f"wire-{i}",
            )
            for i, text in enumerate(texts)
        ]
    )
    rows = []
    for article, text in zip(articles, texts, strict=True):
        found = quantities(text)
        rows.append(
            Claim(
                article=article,
                start=0,
                end=len(text),
                text=text,
                quantities=found,
                figure_keys=figure_keys(found),
            )
        )
    return Claim.objects.bulk_create(rows)


def test_the_comparison_cap_holds_on_a_repetitive_corpus(monkeypatch):
    """500 near-identical claims (500 different wordings of one fact) in the database: a new
    claim of that fact costs no more than MAX_COMPARISONS_PER_CLAIM comparisons, and is still
    matched and grouped."""
    from django.db import connection

    from claims.services import matching as services
    from claims.services.matching import MAX_COMPARISONS_PER_CLAIM, matching_counters

    texts = [
        f"{opening}Acme Motors sold 1,200 cars in Ohio in 2023, {source}{tail}."
        for opening in OPENINGS
        for source in SOURCES
        for tail in TAILS
    ]
    assert len(set(texts)) == 500
    stored = _store_many(texts)
    # The statistics a production table has (autovacuum analyses it): every word of the fact is
    # common. Read afresh, not whatever an earlier test left in this process's cache.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    monkeypatch.setattr(services, "_statistics_at", -services.STATISTICS_TTL)
    for claim in stored[:20]:  # earlier matching put the first of them in a group
        claims_match_new(claim_ids=[claim.pk])
    new = claim_of("Acme Motors sold 1,200 cars in Ohio in 2023, the firm said.")

    matching_counters.reset()
    created = claims_match_new(claim_ids=[new.pk])

    assert matching_counters.claims == 1
    assert 0 < matching_counters.most_comparisons <= MAX_COMPARISONS_PER_CLAIM
    assert len(created) >= 30
    new.refresh_from_db()
    # It joins a group the earlier matching made of this fact rather than starting one. (Those
    # first 20 wordings may make several groups, one per attribution: with every word common,
    # each one's capped candidates are its closest wordings, and groups never merge on their own.)
    earlier_groups = set(
        Claim.objects.filter(pk__in=[c.pk for c in stored[:20]]).values_list("group_id", flat=True)
    )
    assert None not in earlier_groups
    assert new.group_id in earlier_groups
    assert Claim.objects.filter(group_id=new.group_id).count() > 10


def test_a_near_duplicate_article_is_matched_article_first():
    """An article that repeats an earlier one minus a sentence, plus one of its own: its copied
    claims are paired with their twins (one comparison each, grouped with them), only the
    new sentence goes through the candidate queries."""
    from articles.models import Article
    from claims.services.matching import DUPLICATE_METHOD, matching_counters

    wire = [
        "Acme reported revenue of $4.2 billion in 2023.",
        "Unemployment in Ohio stood at 4.2% in March 2024, officials said.",
        "The new Elbe bridge will open to traffic in 2026, the minister said.",
        "Globex will close its Lyon factory by 2027.",
        "Initech produced 40,000 tonnes of steel in 2022.",
        "Hooli said it had 1,300 apprentices at the end of 2023.",
    ]
    first = ArticleFactory(body=" ".join(wire))
    originals = [claim_of(text, article=first) for text in wire]
    claims_match_new(claim_ids=[c.pk for c in originals])
    copy_sentences = [*wire[:2], wire[3].upper(), *wire[4:], "Pied Piper hired 80 engineers."]
    copy = ArticleFactory(body=" ".join(copy_sentences))
    copies = [claim_of(text, article=copy) for text in copy_sentences]

    matching_counters.reset()
    created = claims_match_new(claim_ids=[c.pk for c in copies])

    assert matching_counters.article_first == 5
    assert matching_counters.claims == 6  # five through the article, one on its own
    by_claim = {m.claim_id: m for m in created}
    twins = {0: 0, 1: 1, 2: 3, 3: 4, 4: 5}  # copy index -> original index
    for copy_index, original_index in twins.items():
        match = by_claim[copies[copy_index].pk]
        assert match.matched_id == originals[original_index].pk
        assert match.method == DUPLICATE_METHOD and match.score == 1.0
    assert copies[5].pk not in by_claim
    grouped = dict(Claim.objects.values_list("pk", "group_id"))
    for copy_index, original_index in twins.items():
        assert grouped[copies[copy_index].pk] is not None
        assert grouped[copies[copy_index].pk] == grouped[originals[original_index].pk]
    assert Article.objects.count() == 2


def test_a_single_shared_sentence_is_not_a_near_duplicate_article():
    from claims.services.matching import matching_counters

    first = ArticleFactory(body=f"{ACME} {BRIDGE} {JOBLESS_2022}")
    for text in (ACME, BRIDGE, JOBLESS_2022):
        claim_of(text, article=first)
    other = ArticleFactory(body=f"{ACME} {GLOBEX} {JOBLESS_UNDATED}")
    new = [claim_of(text, article=other) for text in (ACME, GLOBEX, JOBLESS_UNDATED)]

    matching_counters.reset()
    claims_match_new(claim_ids=[c.pk for c in new])

    assert matching_counters.article_first == 0
    assert matching_counters.claims == 3
    assert ClaimMatch.objects.filter(claim=new[0], matched__text=ACME).exists()
