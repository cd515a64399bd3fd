"""Plain-words explanations for authors: what was found and how to fix it.

Contract: every ``Reason`` has exactly one message (a test checks this). A
message never repeats the author's words back, so a quoted slur is not shown
again in the page.
"""

from __future__ import annotations

from fairwitness.moderation.screening.contracts import Reason

REASON_MESSAGES: dict[Reason, str] = {
    Reason.PROFILING_RACE_WITHOUT_BEHAVIOUR: (
        "Your post mentions a person's race or ethnicity but does not say what they did. "
        "Describe the behaviour that concerned you, for example 'tried car door handles'. "
        "If it would not be suspicious without their race, please don't post it."
    ),
    Reason.PROFILING_RACE_FEW_DESCRIPTORS: (
        "If you mention race or ethnicity, add at least two other details so the description "
        "fits one person and not a whole group: clothing, hair, build, age range or vehicle. "
        "Or remove the race or ethnicity."
    ),
    Reason.HATE_SLUR: (
        "Your post uses a slur against a group of people. Posts with slurs are not published."
    ),
    Reason.HATE_GROUP_ATTACK: (
        "Your post attacks or demeans people for who they are (their race, religion, origin, "
        "gender, sexuality or disability). Such posts are not published."
    ),
    Reason.HATE_VIOLENT_THREAT: (
        "Your post calls for violence against a group of people. Such posts are not published."
    ),
    Reason.HATE_MODEL: (
        "Our automatic check thinks this post may be hateful. A moderator will read it before "
        "it is published; you don't need to do anything."
    ),
    Reason.HATE_QUOTED_OR_REPORTED: (
        "Your post quotes or reports hateful words. A moderator will read it before it is "
        "published, so that reports of hate are shared without repeating harm."
    ),
    Reason.HATE_GROUP_SLUR: (
        "Your post uses a word that demeans a group of people. A moderator will read it before "
        "it is published; you can also rewrite it without that word."
    ),
    Reason.HATE_GROUP_HOSTILITY: (
        "Your post seems to speak of a whole group of people with contempt or to threaten them. "
        "A moderator will read it before it is published. Describe what a person did instead."
    ),
    Reason.HARASSMENT_INSULT: (
        "Your post insults a person. Please remove the insult and describe what happened."
    ),
    Reason.HARASSMENT_THREAT: (
        "Your post reads as a threat to hurt someone. A moderator will read it. If you are in "
        "danger, call emergency services."
    ),
    Reason.PERSONAL_INFO_PHONE: (
        "Your post contains someone's phone number. Remove it; share it with police or the "
        "person privately instead."
    ),
    Reason.PERSONAL_INFO_EMAIL: (
        "Your post contains someone's email address. Remove it; share it privately instead."
    ),
    Reason.PERSONAL_INFO_STREET_ADDRESS: (
        "Your post contains an exact street address. Use the block or a nearby intersection "
        "instead, for example '400 block of Elm St'."
    ),
    Reason.PERSONAL_INFO_LICENCE_PLATE: (
        "Your post contains a licence plate. Give it to the police instead of posting it; "
        "you may still describe the vehicle's make, model and colour."
    ),
    Reason.PERSONAL_INFO_NAMED_PERSON: (
        "Your post names a person together with their contact details, address or plate. "
        "Remove the name or the details."
    ),
    Reason.LAWFUL_ACTIVITY_ASSEMBLY: (
        "Your post mentions a protest, rally, march, vigil or strike. A moderator will read it "
        "before it is published, to make sure it does not help anyone watch people who are "
        "exercising their rights."
    ),
}


def reason_messages(reasons: tuple[Reason, ...]) -> tuple[str, ...]:
    """One message per distinct reason, in the order the reasons were found."""
    return tuple(REASON_MESSAGES[reason] for reason in dict.fromkeys(reasons))
