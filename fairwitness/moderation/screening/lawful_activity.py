"""Step 4: lawful activity such as protests, rallies, marches, vigils, strikes.

Contract: a post that mentions such activity is held for human review and is
never removed automatically (the pipeline also caps any other step's REJECT
at REVIEW when this step fires), because watching or reporting on people
exercising First Amendment rights is what the platform must not enable.
Runs on the ``plain`` view.
"""

from __future__ import annotations

import re

from fairwitness.moderation.screening.contracts import Outcome, Reason, ScreenInput, StepResult

STEP = "lawful_activity"

_ASSEMBLY = re.compile(
    r"(?<![a-z])(?:protest(?:s|ed|ing|ers?|ors?)?|counter-?protest\w*|rall(?:y|ies)"
    r"|demonstrat(?:ion|ions|ors?)|vigils?|sit-ins?|walk-?outs?|boycotts?|picket(?:s|ed|ing|ers?)?"
    r"|marchers|on\s+strike|general\s+strike|strikers|striking\s+(?:workers|teachers|nurses|staff"
    r"|employees)|(?:teachers?|workers?|nurses?|union|labou?r|hunger|rent|transit|school|staff"
    r"|employees|students?)'?\s+strikes?"
    r"|(?:a|the|peaceful|protest|women'?s|annual|big|silent|solidarity|pride|unity|memorial)\s+march"
    r"|march(?:ed|ing)?\s+(?:for|against|on|to|through|from|down|in\s+support))(?![a-z])"
)


def lawful_activity_screen(screen_input: ScreenInput) -> StepResult:
    plain = screen_input.normalised.plain
    terms = _ASSEMBLY.findall(plain)
    reasons = (Reason.LAWFUL_ACTIVITY_ASSEMBLY,) if terms else ()
    return StepResult(
        step=STEP,
        outcome=Outcome.REVIEW if terms else Outcome.PUBLISH,
        reasons=reasons,
        scores={"lawful_activity_terms": float(len(terms))},
    )
