"""The claims list's keyset cursor: total order (field, id), any number of ties, index-backed."""

import base64
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

TIED = 1100  # more than DRF's offset_cutoff (1000): its cursor served one page forever here


@pytest.fixture
def tied_claims():
    """1,100 claims with checkworthiness exactly 0.0 and one created_at, plus a few others."""
    article = ArticleFactory()
    template = ClaimFactory.build(article=article)
    rows = [
        Claim(
            article=article,
            start=i,
            end=i + 10,
            text=f"Claim {i}",
            claim_type=template.claim_type,
            checkworthiness=0.0,
            quantities=[],
            extractor_version="test",
        )
        for i in range(TIED)
    ]
    Claim.objects.bulk_create(rows, batch_size=500)
    moment = timezone.now() - timedelta(days=1)
    Claim.objects.update(created_at=moment)
    others = [ClaimFactory(checkworthiness=score) for score in (0.9, 0.3, 0.0)]
    return sorted(Claim.objects.values_list("pk", flat=True)), others


def walk(client, url, link="next"):
    seen, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [c["id"] for c in body["results"]]
        url = body[link]
        pages += 1
        assert pages < 100, "the cursor does not advance"
    return seen


@pytest.mark.parametrize(
    "ordering",
    ["", "checkworthiness", "-checkworthiness", "created_at", "-created_at", "id", "-id"],
)
def test_walking_next_visits_every_claim_exactly_once_despite_1100_ties(
    reviewer_api, tied_claims, ordering
):
    ids, _ = tied_claims
    url = "/api/claims/?page_size=50" + (f"&ordering={ordering}" if ordering else "")
    seen = walk(reviewer_api, url)
    assert len(seen) == len(set(seen)) == len(ids)
    assert sorted(seen) == ids
    # The order is the one asked for, ties broken by id in the same direction.
    rows = {c.pk: c for c in Claim.objects.all()}
    field = (ordering or "-checkworthiness").lstrip("-")
    descending = (ordering or "-checkworthiness").startswith("-")
    keys = [(getattr(rows[pk], field), pk) for pk in seen]
    assert keys == sorted(keys, reverse=descending)


def test_walking_previous_back_from_the_last_page_gives_the_same_claims(reviewer_api, tied_claims):
    url, last = "/api/claims/?page_size=150", None
    forwards = []
    while url:
        body = reviewer_api.get(url).json()
        forwards += [c["id"] for c in body["results"]]
        last, url = body, body["next"]
    backwards = walk(reviewer_api, last["previous"], link="previous")
    # Pages come in page order; together they are everything before the last page.
    assert sorted(backwards) == sorted(forwards[: -len(last["results"])])
    assert len(backwards) == len(set(backwards))


def cursor(data):
    raw = json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "value",
    [
        "garbage",
        "%%%",
        cursor([1, 2]),
        cursor({"o": "-checkworthiness,-id", "v": "high", "i": 5}),
        cursor({"o": "-checkworthiness,-id", "v": 0.5, "i": -1}),
        cursor({"o": "-checkworthiness,-id", "v": 0.5, "i": 2**64}),
        cursor({"o": "-checkworthiness,-id", "v": 0.5}),
        cursor({"o": "-created_at,-id", "v": "2024-01-01T00:00:00+00:00", "i": 5}),
    ],
)
def test_a_malformed_or_foreign_cursor_is_400_naming_the_cursor(reviewer_api, value):
    response = reviewer_api.get(f"/api/claims/?cursor={value}")
    assert response.status_code == 400, response.content
    assert "cursor" in response.json()


def test_a_cursor_from_another_ordering_is_400(reviewer_api):
    ClaimFactory()
    ClaimFactory(article=ArticleFactory())
    next_link = reviewer_api.get("/api/claims/?page_size=1&ordering=created_at").json()["next"]
    token = next_link.split("cursor=")[1].split("&")[0]
    assert reviewer_api.get(f"/api/claims/?cursor={token}").status_code == 400
    assert reviewer_api.get(f"/api/claims/?cursor={token}&ordering=created_at").status_code == 200


def test_a_deep_page_is_one_index_range_scan(reviewer_api, tied_claims):
    """The page query starts the scan at the cursor (Index Cond on the row comparison): no
    OFFSET, no sort, nothing read before the cursor."""
    from django.test.utils import CaptureQueriesContext

    body = reviewer_api.get("/api/claims/?page_size=200").json()
    body = reviewer_api.get(body["next"]).json()
    with CaptureQueriesContext(connection) as ctx:
        assert reviewer_api.get(body["next"]).status_code == 200
    page_sql = next(q["sql"] for q in ctx.captured_queries if "ROW(" in q["sql"])
    assert "OFFSET" not in page_sql
    with connection.cursor() as c:
        # Plan with statistics of the table as it is: an ANALYZE in an earlier test (rolled back,
        # but its row count is written in place) would otherwise leave the planner thinking the
        # table holds a few dozen rows, and the plan would depend on the order tests run in.
        c.execute("ANALYZE claims_claim")
        c.execute("SET LOCAL enable_seqscan = off")
        c.execute("EXPLAIN " + page_sql)
        plan = "\n".join(row[0] for row in c.fetchall())
    assert "claim_score_idx" in plan, plan
    assert "Index Cond: (ROW(" in plan, plan
    assert "Sort" not in plan, plan


def test_cursor_pagination_walks_every_claim_once(reviewer_api):
    claims = [ClaimFactory(checkworthiness=0.5) for _ in range(7)]  # ties on the ordering field
    seen = []
    url = "/api/claims/?page_size=3"
    while url:
        body = reviewer_api.get(url).json()
        seen += [c["id"] for c in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(c.pk for c in claims)
    assert len(seen) == len(set(seen))
