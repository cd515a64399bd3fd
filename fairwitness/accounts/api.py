"""Account routes: who am I, and which agencies are verified here."""

from django.http import HttpRequest
from ninja import Router

from fairwitness.accounts import selectors
from fairwitness.accounts.access import RoleAuth, signed_in_user
from fairwitness.accounts.models import Agency
from fairwitness.accounts.schemas import AgencyOut, MeOut

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut, auth=RoleAuth(), summary="The signed-in account")
def me(request: HttpRequest) -> dict[str, object]:
    user = signed_in_user(request)
    return {
        "username": user.username,
        "role": user.role,
        "role_label": user.role_enum.label,
        "agency": user.agency.name if user.agency else None,
    }


@router.get("/agencies", response=list[AgencyOut], auth=None, summary="Verified agencies (public)")
def agency_list(request: HttpRequest) -> list[Agency]:
    return list(selectors.agency_list_public())
