"""Tags on claims (topic, desk, election) with filters, and a desk's checklist that a claim
completes before it is submitted: through the services, the API and the admin."""

from __future__ import annotations

import pytest

from claims.models import ClaimStatus
from claims.selectors import claim_history
from claims.services.workflow import TransitionRefused, claim_submit
from claims.tagging.models import ChecklistItem, Tag
from claims.tagging.services import checklist_tick
from tests.claims.admin.support import CHANGELIST, change_url, client_for, texts
from tests.conftest import ready_for_review, token_client
from tests.factories import ClaimFactory, EditorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    desk = Tag.objects.create(kind="desk", name="Economy")
    ChecklistItem.objects.create(desk=desk, text="Contacted the claimant", order=1)
    ChecklistItem.objects.create(desk=desk, text="Two independent sources", order=2)
    ChecklistItem.objects.create(desk=desk, text="Retired step", order=3, is_active=False)
    return desk


@pytest.fixture
def desk_claim(desk, editor, reviewer):
    claim = ready_for_review(ClaimFactory(), editor, reviewer)
    desk.claims.add(claim)
    return claim


def test_submit_is_refused_naming_the_unticked_items(desk_claim, editor):
    with pytest.raises(TransitionRefused) as refused:
        claim_submit(claim=desk_claim, actor=editor)
    assert refused.value.message == (
        "Cannot submit for review yet: the desk's checklist has unticked items: "
        "“Contacted the claimant”; “Two independent sources”."
    )
    item = ChecklistItem.objects.get(text="Contacted the claimant")
    checklist_tick(claim=desk_claim, actor=editor, item=item, ticked=True)
    with pytest.raises(TransitionRefused) as refused:
        claim_submit(claim=desk_claim, actor=editor)
    assert refused.value.message.endswith("unticked items: “Two independent sources”.")


def test_a_claim_with_every_item_ticked_is_submitted_and_each_tick_is_in_the_history(
    desk_claim, editor
):
    for item in ChecklistItem.objects.filter(is_active=True):
        checklist_tick(claim=desk_claim, actor=editor, item=item, ticked=True)
    assert claim_submit(claim=desk_claim, actor=editor).status == ClaimStatus.IN_REVIEW
    lines = [c for entry in claim_history(desk_claim) for c in entry.changes]
    assert "system: “Checklist: ticked “Contacted the claimant”.”" in lines
    assert "system: “Checklist: ticked “Two independent sources”.”" in lines


def test_a_claim_without_a_desk_has_no_checklist_to_complete(editor, reviewer):
    claim = ready_for_review(ClaimFactory(), editor, reviewer)
    assert claim_submit(claim=claim, actor=editor).status == ClaimStatus.IN_REVIEW


def test_only_who_may_edit_the_claim_ticks(desk_claim):
    other = token_client(EditorFactory())
    item = ChecklistItem.objects.get(text="Contacted the claimant")
    response = other.post(
        f"/api/claims/{desk_claim.pk}/checklist/", {"item": item.pk}, format="json"
    )
    assert response.status_code == 403
    assert "Only the assignee" in response.json()["detail"]


def test_the_api_lists_and_ticks_the_checklist(desk_claim, editor_api, editor):
    url = f"/api/claims/{desk_claim.pk}/checklist/"
    items = editor_api.get(url).json()
    assert [(i["text"], i["ticked"]) for i in items] == [
        ("Contacted the claimant", False),
        ("Two independent sources", False),
    ]
    response = editor_api.post(url, {"item": items[0]["item"], "ticked": True}, format="json")
    assert response.status_code == 200
    assert response.json()[0]["ticked"] is True
    assert response.json()[0]["ticked_by"] == editor.username
    response = editor_api.post(f"/api/claims/{desk_claim.pk}/submit/", {}, format="json")
    assert response.status_code == 403
    assert "“Two independent sources”" in response.json()["detail"]


def test_ticking_an_item_of_another_desk_is_a_400_naming_it(desk_claim, editor_api):
    stray = ChecklistItem.objects.create(
        desk=Tag.objects.create(kind="desk", name="Sport"), text="Checked the score"
    )
    response = editor_api.post(
        f"/api/claims/{desk_claim.pk}/checklist/", {"item": stray.pk}, format="json"
    )
    assert response.status_code == 400
    assert f"“{stray.pk}” is not an item of this claim's checklist." in str(response.json())


def test_tags_are_set_and_filtered_through_the_api(editor_api, reviewer_api):
    tagged, other = ClaimFactory(), ClaimFactory()
    response = editor_api.put(
        f"/api/claims/{tagged.pk}/tags/",
        {"tags": [{"kind": "topic", "name": "Ports"}, {"kind": "election", "name": "2026"}]},
        format="json",
    )
    assert response.status_code == 200
    assert [(t["kind"], t["name"]) for t in response.json()["tags"]] == [
        ("election", "2026"),
        ("topic", "Ports"),
    ]
    ids = [c["id"] for c in reviewer_api.get("/api/claims/", {"tag": "ports"}).json()["results"]]
    assert ids == [tagged.pk]
    ids = [
        c["id"]
        for c in reviewer_api.get("/api/claims/", {"tag": "election:2026"}).json()["results"]
    ]
    assert ids == [tagged.pk]
    assert reviewer_api.get("/api/claims/", {"tag": "desk:Ports"}).json()["results"] == []
    assert other.pk not in ids


def test_a_bad_tag_kind_is_a_400_naming_it(editor_api):
    claim = ClaimFactory()
    response = editor_api.put(
        f"/api/claims/{claim.pk}/tags/", {"tags": [{"kind": "mood", "name": "x"}]}, format="json"
    )
    assert response.status_code == 400
    assert "mood" in str(response.json())


def test_the_admin_tags_a_claim_and_filters_by_tag(client, reviewer):
    tagged, other = ClaimFactory(), ClaimFactory()
    c = client_for(client, reviewer)
    response = c.post(
        change_url(tagged).replace("/change/", "/tags/"), {"tags": "desk:Economy, Budget"}
    )
    assert "Tags saved." in texts(response)
    assert {(t.kind, t.name) for t in tagged.tags.all()} == {
        ("desk", "Economy"),
        ("topic", "Budget"),
    }
    html = c.get(change_url(tagged)).content.decode()
    assert "desk: Economy" in html and "topic: Budget" in html
    listed = c.get(CHANGELIST, {"tag": "topic:Budget"}).context["cl"].result_list
    assert [x.pk for x in listed] == [tagged.pk]
    assert other.pk not in [x.pk for x in listed]


def test_the_claim_page_ticks_the_checklist(client, desk_claim, editor):
    c = client_for(client, editor)
    html = c.get(change_url(desk_claim)).content.decode()
    assert "Contacted the claimant" in html and "Retired step" not in html
    item = ChecklistItem.objects.get(text="Contacted the claimant")
    c.post(
        change_url(desk_claim).replace("/change/", "/checklist/"), {"item": item.pk, "ticked": "1"}
    )
    html = c.get(change_url(desk_claim)).content.decode()
    assert f"Untick {item.text}" in html
    assert desk_claim.ticks.filter(item=item, ticked_by=editor).exists()


def test_the_admin_role_configures_desks_and_checklists(client, admin_role_user, editor):
    from django.urls import reverse

    add = reverse("admin:claims_tag_add")
    response = client_for(client, admin_role_user).post(
        add,
        {
            "kind": "desk",
            "name": "Health",
            "chat_webhook_url": "",
            "checklist_items-TOTAL_FORMS": "1",
            "checklist_items-INITIAL_FORMS": "0",
            "checklist_items-0-order": "1",
            "checklist_items-0-text": "Asked a second doctor",
            "checklist_items-0-is_active": "on",
        },
    )
    assert response.status_code == 302
    assert list(Tag.objects.get(name="Health").checklist_items.values_list("text", flat=True)) == [
        "Asked a second doctor"
    ]
    client.logout()
    assert client_for(client, editor).get(add).status_code == 403


@pytest.fixture
def admin_role_user():
    from django.contrib.auth.models import Group

    from claims.roles import ADMIN
    from tests.factories import UserFactory

    user = UserFactory(username="site-admin")
    user.groups.add(Group.objects.get(name=ADMIN))
    return user


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
