"""Acceptance 6: no agency user ever reads a clip without a live grant for that agency and clip.

A hypothesis state machine runs random sequences of requests, answers, approvals,
expiries, extensions, clock jumps and role actions. A shadow model records only what
owners shared and what extensions succeeded; after every step, every (agency, clip)
pair's live grant must match it, and every successful access must be one the shadow
allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.core.errors import ApplicationError
from fairwitness.footage.models import Clip
from fairwitness.requests.models import AccessKind, CommunityRequest, Grant
from fairwitness.requests.services import community, grants, responses
from fairwitness.requests.tests.factories import (
    AREA,
    ATTESTATIONS,
    INSIDE,
    AgencyPeople,
    agency_people,
    camera_at,
    clip_at,
)


@dataclass
class World:
    """People, cameras and clips made once; each example runs in a savepoint over them."""

    now: datetime
    window: tuple[datetime, datetime]
    agencies: list[AgencyPeople]
    owners: list[User]
    clips: list[Clip]
    others: list[User]


def world_build() -> World:
    now = timezone.now().replace(microsecond=0)
    window = (now - timedelta(days=1), now - timedelta(days=1, hours=-2))
    owners = [person_create(Role.RESIDENT) for _ in range(2)]
    clips = []
    for owner in owners:
        camera = camera_at(owner, INSIDE)
        for minutes in (5, 50):
            clips.append(clip_at(camera, window[0] + timedelta(minutes=minutes)))
    return World(
        now=now,
        window=window,
        agencies=[agency_people(), agency_people()],
        owners=owners,
        clips=clips,
        others=[person_create(Role.RESIDENT), person_create(Role.LEGAL_REVIEWER)],
    )


class GrantMachine(RuleBasedStateMachine):
    world: World

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        world = self.world
        self.now, self.window = world.now, world.window
        self.agencies, self.owners = world.agencies, world.owners
        self.clips, self.others = world.clips, world.others
        self.requests: list[CommunityRequest] = []
        # (agency id, clip id) -> [(grant id, granted at, expires at)]
        self.shadow: dict[tuple[int, int], list[tuple[int, datetime, datetime]]] = {}

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _live(self, agency_id: int, clip_id: int) -> bool:
        return any(
            granted <= self.now < expires
            for _pk, granted, expires in self.shadow.get((agency_id, clip_id), [])
        )

    @rule(agency=st.integers(0, 1), minutes=st.sampled_from([60, 120, 400]))
    def file_and_approve(self, agency: int, minutes: int) -> None:
        people = self.agencies[agency]
        start = self.window[0]
        try:
            request = community.community_request_draft(
                member=people.member,
                case_number=f"C{len(self.requests)}",
                offense_category="burglary",
                description="break-in",
                area=AREA,
                window_start=start,
                window_end=start + timedelta(minutes=minutes),
                attestations=ATTESTATIONS,
            )
            community.community_request_submit(member=people.member, request=request)
            community.community_request_approve(
                supervisor=people.supervisor, request=request, now=self.now
            )
        except ApplicationError:
            return
        self.requests.append(request)

    @rule(owner=st.integers(0, 1), which=st.integers(0, 20), picks=st.sets(st.integers(0, 1)))
    def answer(self, owner: int, which: int, picks: set[int]) -> None:
        if not self.requests:
            return
        request = self.requests[which % len(self.requests)]
        clip_ids = [self.clips[2 * owner + i].pk for i in sorted(picks)]
        try:
            if clip_ids:
                answer = responses.response_share(
                    owner=self.owners[owner], request_id=request.pk, clip_ids=clip_ids, now=self.now
                )
            else:
                responses.response_decline(owner=self.owners[owner], request_id=request.pk)
                return
        except ApplicationError:
            return
        for grant in Grant.objects.filter(response=answer):
            key = (grant.agency_id, grant.clip_id)
            self.shadow.setdefault(key, []).append((grant.pk, grant.granted_at, grant.expires_at))

    @rule(hours=st.integers(1, 24 * 50))
    def advance(self, hours: int) -> None:
        self.now += timedelta(hours=hours)

    @rule()
    def expiry_job(self) -> None:
        grants.grants_expire(now=self.now)

    @rule(agency=st.integers(0, 1), which=st.integers(0, 50), days=st.integers(1, 200))
    def extend(self, agency: int, which: int, days: int) -> None:
        rows = list(Grant.objects.order_by("pk"))
        if not rows:
            return
        grant = rows[which % len(rows)]
        new = grant.expires_at + timedelta(days=days)
        try:
            grants.grant_extend(
                supervisor=self.agencies[agency].supervisor,
                grant_id=grant.pk,
                new_expires_at=new,
                justification="trial",
                now=self.now,
            )
        except ApplicationError:
            return
        entries = self.shadow[(grant.agency_id, grant.clip_id)]
        self.shadow[(grant.agency_id, grant.clip_id)] = [
            (pk, granted, new if pk == grant.pk else expires) for pk, granted, expires in entries
        ]

    @rule(who=st.integers(0, 5), which=st.integers(0, 50), download=st.booleans())
    def access(self, who: int, which: int, download: bool) -> None:
        people = [a for p in self.agencies for a in (p.member, p.supervisor)] + self.others
        person = people[who]
        rows = list(Grant.objects.order_by("pk"))
        if not rows:
            return
        grant = rows[which % len(rows)]
        kind = AccessKind.DOWNLOAD if download else AccessKind.VIEW
        try:
            access = grants.clip_access(
                person=person, grant_id=grant.pk, kind=kind, reason="case work", at=self.now
            )
        except ApplicationError:
            allowed_here = person.agency_id == grant.agency_id and self._live(
                grant.agency_id, grant.clip_id
            )
            assert not (allowed_here and grant.ended_at is None), "a live grant was refused"
            return
        assert person.agency_id == grant.agency_id
        assert self._live(grant.agency_id, access.grant.clip_id)

    @invariant()
    def live_grants_match_what_owners_shared(self) -> None:
        for people in self.agencies:
            for clip in self.clips:
                live = grants.grant_live_for(agency=people.agency, clip=clip, at=self.now)
                expected = self._live(people.agency.pk, clip.pk)
                if live is None:
                    # The expiry job may end a grant only once it has expired.
                    assert (
                        not expected
                        or Grant.objects.filter(
                            agency=people.agency, clip=clip, ended_at__isnull=False
                        ).exists()
                    )
                else:
                    assert expected, "a grant is live that no owner's answer or extension explains"
                    assert live.agency_id == people.agency.pk and live.clip_id == clip.pk


@pytest.mark.django_db
def test_no_agency_user_reads_a_clip_without_a_live_grant() -> None:
    GrantMachine.world = world_build()
    run_state_machine_as_test(
        GrantMachine,
        settings=settings(
            max_examples=30,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
