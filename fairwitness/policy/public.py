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
}

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
