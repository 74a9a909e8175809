"""Optional two-factor sign-in (TOTP): enrolment, and FACTCHECK_REQUIRE_2FA keeping Reviewers and
Admins out of the admin until they give a code."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

TWO_FACTOR = reverse("two_factor")
CLAIMS = reverse("admin:claims_claim_changelist")


def sign_in(client, user):
    client.logout()
    response = client.post(
        reverse("admin:login"), {"username": user.username, "password": "pw-for-tests"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{code:06d}"


def test_off_by_default_a_reviewer_reaches_the_admin_with_a_password(client, reviewer):
    sign_in(client, reviewer)
    assert client.get(CLAIMS).status_code == 200


def test_required_but_unverified_a_reviewer_cannot_reach_the_admin(settings, client, reviewer):
    settings.FACTCHECK_REQUIRE_2FA = True
    sign_in(client, reviewer)
    for url in (reverse("admin:index"), CLAIMS, reverse("admin:auth_user_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(TWO_FACTOR + "?next=")
    page = client.get(TWO_FACTOR).content.decode()
    assert (
        "Set up two-factor sign-in" in page and "Reviewers and admins sign in with a code" in page
    )
    # A wrong code keeps the door shut.
    wrong = client.post(TWO_FACTOR, {"code": "000000", "next": CLAIMS})
    assert wrong.status_code == 400 and "That code is not right" in wrong.content.decode()
    assert client.get(CLAIMS).status_code == 302


def test_enrolment_with_the_shown_key_then_every_sign_in_asks_for_a_code(
    settings, client, reviewer
):
    settings.FACTCHECK_REQUIRE_2FA = True
    sign_in(client, reviewer)
    page = client.get(TWO_FACTOR).content.decode()
    secret = re.search(r'id="fc-totp-secret">([A-Z2-7=]+)<', page).group(1)
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    import base64

    assert base64.b32decode(secret) == device.bin_key  # what the app is given is the key
    response = client.post(TWO_FACTOR, {"code": code_for(device), "next": CLAIMS})
    assert response.status_code == 302 and response["Location"] == CLAIMS
    assert client.get(CLAIMS).status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    # The next session: password first, then the code (no new key is shown).
    sign_in(client, reviewer)
    assert client.get(CLAIMS).status_code == 302
    page = client.get(TWO_FACTOR).content.decode()
    assert "fc-totp-secret" not in page and "Type the code" in page
    reused = client.post(TWO_FACTOR, {"code": code_for(device), "next": CLAIMS})
    assert reused.status_code == 400  # a code works once
    too_soon = client.post(TWO_FACTOR, {"code": code_for(device, offset=1), "next": CLAIMS})
    assert "Too many wrong codes" in too_soon.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)  # later
    fresh = client.post(TWO_FACTOR, {"code": code_for(device, offset=1), "next": CLAIMS})
    assert fresh.status_code == 302
    assert client.get(CLAIMS).status_code == 200


def test_an_editor_is_not_held_to_the_requirement(settings, client, editor):
    settings.FACTCHECK_REQUIRE_2FA = True
    sign_in(client, editor)
    assert client.get(CLAIMS).status_code == 200


def test_a_user_who_set_up_a_device_is_asked_for_it_even_when_not_required(client, editor):
    TOTPDevice.objects.create(user=editor, name="authenticator", confirmed=True)
    sign_in(client, editor)
    assert client.get(CLAIMS)["Location"].startswith(TWO_FACTOR)


def test_the_next_parameter_cannot_send_the_user_elsewhere(settings, client, editor):
    device = TOTPDevice.objects.create(user=editor, name="authenticator", confirmed=True)
    sign_in(client, editor)
    response = client.post(TWO_FACTOR, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("admin:index")


def test_a_session_owing_its_code_cannot_use_the_api_either(settings, client, reviewer):
    settings.FACTCHECK_REQUIRE_2FA = True
    sign_in(client, reviewer)
    response = client.get("/api/claims/")
    assert response.status_code in (401, 403)
    assert "Two-factor sign-in is not finished" in response.json()["detail"]
    device = TOTPDevice.objects.create(user=reviewer, name="authenticator", confirmed=False)
    client.post(TWO_FACTOR, {"code": code_for(device)})
    assert client.get("/api/claims/").status_code == 200
