"""The policy in plain language, for the public policy page.

Descriptions in the policy file may name a value in braces, e.g.
``{community.window_max}``; it is replaced by that value written for people,
so the published text always matches the numbers the code enforces.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable

from fairwitness.policy.document import Policy
from fairwitness.policy.rules import Rule
from fairwitness.policy.wording import area_text, days_text, duration_text, list_text


def _labels(ids: Iterable[str], labels: dict[str, str]) -> str:
    return list_text([labels.get(i, i) for i in sorted(ids)])


PLACEHOLDERS: dict[str, Callable[[Policy], str]] = {
    "community.window_min": lambda p: duration_text(p.community.window_min),
    "community.window_max": lambda p: duration_text(p.community.window_max),
    "community.area_min": lambda p: area_text(p.community.area_min_sq_mi),
    "community.area_max": lambda p: area_text(p.community.area_max_sq_mi),
    "community.lookback": lambda p: duration_text(p.community.lookback),
    "community.requests_per_incident_max": lambda p: str(p.community.requests_per_incident_max),
    "community.open": lambda p: duration_text(p.community.open_for),
    "emergency.window_max": lambda p: duration_text(p.emergency.window_max),
    "emergency.followup": lambda p: duration_text(p.emergency.followup),
    "emergency.owner_notice": lambda p: duration_text(p.emergency.owner_notice),
    "grant.length": lambda p: duration_text(p.grant.length),
    "grant.total_max": lambda p: duration_text(p.grant.total_max),
    "retention.min": lambda p: days_text(p.retention.min_days),
    "retention.max": lambda p: days_text(p.retention.max_days),
    "retention.default": lambda p: days_text(p.retention.default_days),
    "legal.kinds": lambda p: list_text(list(p.legal.kinds.values())),
    "legal.video_kinds": lambda p: _labels(p.legal.video_kinds, dict(p.legal.kinds)),
    "legal.owner_notice": lambda p: duration_text(p.legal.owner_notice),
    "offenses.categories": lambda p: _labels(p.offense_categories, dict(p.offense_categories)),
    "offenses.denied": lambda p: _labels(p.denied_offenses, dict(p.offense_categories)),
    "attestations": lambda p: " ".join(p.attestations.values()),
    "agencies.community_denied_kinds": lambda p: _labels(
        p.community_denied_agency_kinds, dict(p.agency_kinds)
    ),
    "agencies.emergency_denied_kinds": lambda p: _labels(
        p.emergency_denied_agency_kinds, dict(p.agency_kinds)
    ),
    "agencies.view_only_kinds": lambda p: _labels(p.view_only_agency_kinds, dict(p.agency_kinds)),
    "agencies.legal_video_kinds": lambda p: _agency_video_text(p),
    "agencies.kinds": lambda p: _labels(p.agency_kinds, dict(p.agency_kinds)),
    "channels": lambda p: _labels(p.channels, dict(p.channels)),
}


def _agency_video_text(policy: Policy) -> str:
    """E.g. "a federal agency: only a judicial search warrant"; "none" when nothing is narrowed."""
    parts = [
        f"a {policy.agency_kind_label(kind)}: only a "
        + list_text(sorted(policy.legal_kind_label(k) for k in kinds), conjunction="or")
        for kind, kinds in sorted(policy.agency_legal_video_kinds.items())
    ]
    return "; ".join(parts) if parts else "none"


_NAME = re.compile(r"^[a-z_]+(\.[a-z_]+)*$")


def description_placeholders(template: str) -> list[str]:
    """The placeholder names in a description.

    Raises ValueError if the template is not a valid format string, or uses a
    conversion, format spec or name that is not a plain dotted name.
    """
    names: list[str] = []
    for _text, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if spec or conversion or not _NAME.match(name):
            raise ValueError(f"placeholder {{{name}}} must be a plain dotted name")
        names.append(name)
    return names


def description_render(template: str, policy: Policy) -> str:
    """Replace each {name} in a description by its value; names are pre-validated."""
    out: list[str] = []
    for text, name, _spec, _conversion in string.Formatter().parse(template):
        out.append(text)
        if name is not None:
            out.append(PLACEHOLDERS[name](policy))
    return "".join(out)


def policy_rules_describe(*, policy: Policy) -> list[tuple[str, str]]:
    """Every rule as (rule id, plain-language text), in the policy's stable order.

    The order is that of ``rules.Rule``: eligibility, purpose, community,
    legal process, emergency, grants, clips, retention.
    """
    return [(rule.value, description_render(policy.descriptions[rule], policy)) for rule in Rule]


def policy_agency_limits(*, policy: Policy) -> list[tuple[str, list[str]]]:
    """For each agency kind the policy restricts beyond the common rules (the federal
    defaults), its name and what it can and cannot get, in sentences for the public page."""
    out: list[tuple[str, list[str]]] = []
    denied_purposes = _labels(policy.denied_offenses, dict(policy.offense_categories))
    for kind, label in sorted(policy.agency_kinds.items(), key=lambda item: item[1]):
        lines: list[str] = []
        if kind in policy.community_denied_agency_kinds:
            lines.append(f"A {label} may not file community requests.")
        if kind in policy.emergency_denied_agency_kinds:
            lines.append(f"A {label} may not file emergency requests.")
        if kind in policy.agency_legal_video_kinds:
            kinds = sorted(policy.legal_kind_label(k) for k in policy.legal_video_kinds_for(kind))
            lines.append(
                f"A {label} reaches video only by legal process: "
                f"a {list_text(kinds, conjunction='or')}."
            )
        if kind in policy.view_only_agency_kinds:
            lines.append(f"A {label} may view the clips it is granted, but never download them.")
        if lines:
            lines.append(f"Like every agency, it gets no footage for {denied_purposes}.")
            out.append((label, lines))
    return out
