"""Agency routes: their own community requests and the numbered answers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from fairwitness.accounts.access import RoleAuth, signed_in_user
from fairwitness.accounts.roles import Role
from fairwitness.requests import selectors
from fairwitness.requests.models import CommunityRequest
from fairwitness.requests.schemas import CommunityRequestDetailOut, CommunityRequestOut

router = Router(tags=["requests"], auth=RoleAuth(Role.AGENCY_MEMBER, Role.AGENCY_SUPERVISOR))


@router.get(
    "/requests/community",
    response=list[CommunityRequestOut],
    summary="My agency's community requests",
)
def community_request_list(request: HttpRequest) -> list[CommunityRequest]:
    rows = selectors.community_request_list_visible_to(viewer=signed_in_user(request))
    return list(rows.select_related("decision"))


@router.get(
    "/requests/community/{request_id}",
    response=CommunityRequestDetailOut,
    summary="One community request with its answers as Neighbor #n",
)
def community_request_detail(request: HttpRequest, request_id: int) -> dict[str, Any]:
    viewer = signed_in_user(request)
    row = selectors.community_request_get_visible_to(viewer=viewer, request_id=request_id)
    answers = selectors.answer_list_visible_to(viewer=viewer, request=row)
    return {
        **CommunityRequestOut.model_validate(row).model_dump(),
        "answers": [
            {
                "neighbor": a.neighbor_number,
                "kind": a.kind,
                "contact": a.contact,
                "grants": [g.pk for g in a.grants],
            }
            for a in answers
        ],
    }
