"""The claim page's "Same fact elsewhere" panel: prior verdicts of the same fact, the claim's
matches in both directions, and its group, with the buttons behind which
ClaimMatchingAdminMixin.matching_view calls the matching services. HTML, everything escaped."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from claims import workflow
from claims.admin.display import status_badge
from claims.models import Claim, ClaimMatch
from claims.roles import is_reviewer
from claims.services import matching as services

# Rows shown per list on the claim page; the API has the rest.
PANEL_LIMIT = 20


def _claim_link(claim: Claim) -> SafeString:
    return format_html(
        '<a href="{}">#{}</a> {} {}<br><span class="fc-muted">{}{}</span>',
        reverse("admin:claims_claim_change", args=[claim.pk]),
        claim.pk,
        status_badge(claim.status),
        claim.text,
        claim.article.title,
        f" · {claim.article.outlet}" if claim.article.outlet else "",
    )


def _post_button(
    request: HttpRequest, url: str, label: str, fields: dict[str, Any], css: str = ""
) -> SafeString:
    hidden = format_html_join(
        "", '<input type="hidden" name="{}" value="{}">', ((k, v) for k, v in fields.items())
    )
    return format_html(
        '<form method="post" action="{}" class="fc-inline-form">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">{}'
        '<button type="submit" class="button {}">{}</button></form>',
        url,
        get_token(request),
        hidden,
        css,
        label,
    )


def _joined(parts: list[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((p,) for p in parts))


def _action_url(claim: Claim, action: str) -> str:
    return reverse("admin:claims_claim_matching", args=[claim.pk, action])


def _prior_verdicts(request: HttpRequest, claim: Claim, may_edit: bool) -> list[SafeString]:
    parts = [format_html("<h3>{}</h3>", "Prior verdicts")]
    if claim.prior_verdict_from_id:
        parts.append(
            format_html(
                '<p class="fc-muted">The verdict was applied from claim #{}; it still goes '
                "through review before publication.</p>",
                claim.prior_verdict_from_id,
            )
        )
    prior = list(services.claim_prior_verdicts(claim)[:PANEL_LIMIT])
    if not prior:
        parts.append(format_html('<p class="fc-muted">{}</p>', "No published claim of this fact."))
        return parts
    rows = []
    for source in prior:
        # Only a confirmed match lends its verdict (claim_apply_prior_verdict refuses others).
        button: SafeString | str = ""
        if not getattr(source, "match_confirmed", False):
            button = format_html(
                '<span class="fc-muted">{}</span>',
                "A reviewer must confirm the match before its verdict can be applied.",
            )
        elif may_edit:
            button = _post_button(
                request,
                _action_url(claim, "apply"),
                "Apply prior verdict",
                {"source": source.pk, "version": claim.version},
                "default",
            )
        rows.append(
            format_html(
                "<li>{}<br><strong>{}</strong>: {} {}</li>",
                _claim_link(source),
                source.rating,
                source.summary,
                button,
            )
        )
    parts.append(format_html("<ul>{}</ul>", _joined(rows)))
    return parts


def _match_row(request: HttpRequest, claim: Claim, match: ClaimMatch, reviewer: bool) -> SafeString:
    ours = match.claim_id == claim.pk
    other = match.matched if ours else match.claim
    buttons: list[SafeString] = []
    if reviewer and match.status != ClaimMatch.Status.CONFIRMED:
        buttons.append(
            _post_button(request, _action_url(claim, "confirm"), "Confirm", {"match": match.pk})
        )
    if reviewer and match.status != ClaimMatch.Status.REJECTED:
        buttons.append(
            _post_button(request, _action_url(claim, "reject"), "Reject", {"match": match.pk})
        )
    return format_html(
        "<tr><td>{}</td><td>{}</td><td>{} ({})</td><td>{}{}</td><td>{}</td></tr>",
        _claim_link(other),
        "earlier" if ours else "later",
        f"{match.score:.2f}",
        match.method,
        match.get_status_display(),
        f" by {match.decided_by}" if match.decided_by_id else "",
        _joined(buttons),
    )


def _matches(request: HttpRequest, claim: Claim, reviewer: bool) -> list[SafeString]:
    parts = [format_html("<h3>{}</h3>", "Matches")]
    matches = list(services.claim_matches(claim)[:PANEL_LIMIT])
    if not matches:
        parts.append(format_html('<p class="fc-muted">{}</p>', "No matches."))
        return parts
    rows = [_match_row(request, claim, match, reviewer) for match in matches]
    parts.append(
        format_html(
            '<table class="fc-matches"><thead><tr><th>claim</th><th>matched</th>'
            "<th>score</th><th>status</th><th></th></tr></thead><tbody>{}</tbody></table>",
            _joined(rows),
        )
    )
    return parts


def _group(request: HttpRequest, claim: Claim, reviewer: bool) -> list[SafeString]:
    if claim.group_id is None:
        return []
    members = (
        Claim.objects.filter(group_id=claim.group_id)
        .exclude(pk=claim.pk)
        .select_related("article")
        .defer("search_vector", "article__search_vector", "article__body")
        .order_by("pk")[:PANEL_LIMIT]
    )
    parts = [
        format_html("<h3>Group #{}</h3>", claim.group_id),
        format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}</li>", ((_claim_link(m),) for m in members)),
        ),
    ]
    if reviewer:
        parts.append(
            _post_button(
                request, _action_url(claim, "split"), "Take this claim out of the group", {}
            )
        )
    return parts


def matching_panel(request: HttpRequest, claim: Claim) -> SafeString:
    """The "Same fact elsewhere" panel of the claim page (HTML, everything escaped). Four
    queries (plus the user's roles, once per request) whatever the number of matches."""
    reviewer = is_reviewer(request.user)
    may_edit = workflow.edit_refusal(request.user, claim) is None
    parts = [
        format_html("<h2>{}</h2>", "Same fact elsewhere"),
        *_prior_verdicts(request, claim, may_edit),
        *_matches(request, claim, reviewer),
        *_group(request, claim, reviewer),
    ]
    return format_html(
        '<section class="fc-panel fc-matching" id="fc-matching" aria-label="{}">{}</section>',
        "Same fact elsewhere",
        _joined(parts),
    )
