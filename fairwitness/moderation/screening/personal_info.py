"""Step 3: personal information about private people.

Contract: finds phone numbers, email addresses, exact street addresses,
licence plates, and a person's name given together with any of those, and
asks the author to edit them out. Exceptions, because they are not about
someone else: contact details the author offers for themselves ("call me
at ..."), and block-level locations ("400 block of Elm St"). Matching runs on
the original text because digits and capitals matter here.
"""

from __future__ import annotations

import re

from fairwitness.moderation.screening.contracts import Outcome, Reason, ScreenInput, StepResult

STEP = "personal_info"

_PHONE = re.compile(
    r"(?<![\d\w])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)"
    r"|(?<![\d\w])\+\d{1,3}(?:[\s.-]?\d){7,12}(?!\d)"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}(?![\w])")
_STREET_SUFFIX = (
    r"street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace"
    r"|ter|circle|cir|parkway|pkwy|highway|hwy|trail|trl|alley|square|sq"
)
_ADDRESS = re.compile(
    r"(?<![\w$#])\d{1,6}[a-zA-Z]?\s+(?:[NSEWnsew]\.?\s+)?"
    r"(?:(?!(?:on|in|at|the|and|of|block|near|by|from|to|for|a|an|or|cars?|people|houses?"
    r"|homes|times|minutes|hours|days|am|pm)\b)(?:[A-Za-z][\w'-]*|\d+(?:st|nd|rd|th))\s+){1,3}"
    rf"(?:{_STREET_SUFFIX})\b\.?",
    re.IGNORECASE,
)
_PLATE_KEYWORD = re.compile(
    r"(?:licen[cs]e\s+plate|plate|plates|tag|tags|licen[cs]e)\s*(?:number|no\.?|num|#)?\s*"
    r"(?:is|was|reads?|of|:|#)?\s*[:#]?\s*[\"']?([A-Za-z0-9]{1,4}[\s-]?[A-Za-z0-9]{1,5})\b",
    re.IGNORECASE,
)
_PLATE_SHAPE = re.compile(
    r"(?<![\w-])(?:[A-Z]{3}[\s-]?\d{3,4}|\d[A-Z]{3}\d{3}|[A-Z]{2}\d{2}\s?[A-Z]{3}|\d{3}[\s-]?[A-Z]{3})"
    r"(?![\w-])"
)
_YEAR_LIKE = re.compile(r"(?:19|20)\d\d$")
_SELF_CONTACT = re.compile(
    r"(?:call|text|contact|reach|email|e-mail|message|dm|ring)\s+(?:me|us)|call\s+or\s+text"
    r"|my\s+(?:cell|number|phone|mobile|email|e-mail)|our\s+(?:number|phone|email)"
    r"|(?:reach|contact)\s+(?:me|us)\s+(?:at|on)|owner\s+at|at\s+me",
    re.IGNORECASE,
)
_BLOCK = re.compile(r"block\s+of\s*$|hundred\s+block\s*$", re.IGNORECASE)
_NAME = re.compile(
    r"(?:named|name\s+is|name's|called|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?)\s+([A-Z][a-z]+)"
    r"|(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+\s+[A-Z][a-z]+)\b"
)
_NOT_NAMES = frozenset(
    [
        "street",
        "st",
        "avenue",
        "ave",
        "road",
        "rd",
        "drive",
        "dr",
        "lane",
        "court",
        "way",
        "place",
        "park",
        "police",
        "department",
        "city",
        "county",
        "station",
        "school",
        "church",
        "center",
        "centre",
        "market",
        "store",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "north",
        "south",
        "east",
        "west",
        "main",
        "elm",
        "oak",
        "maple",
        "pine",
        "cedar",
        "i",
        "the",
        "a",
        "lost",
        "found",
        "black",
        "white",
        "red",
        "blue",
        "green",
        "grey",
        "gray",
        "silver",
        "honda",
        "toyota",
        "ford",
        "nissan",
        "chevy",
        "tesla",
    ]
)


def _self_offered(text: str, start: int) -> bool:
    return bool(_SELF_CONTACT.search(text[max(0, start - 40) : start]))


def _plates(text: str) -> list[str]:
    found = []
    for match in _PLATE_KEYWORD.finditer(text):
        plate = match.group(1)
        compact = re.sub(r"[\s-]", "", plate)
        if 4 <= len(compact) <= 8 and re.search(r"\d", compact) and re.search(r"[A-Za-z]", compact):
            found.append(plate)
    for match in _PLATE_SHAPE.finditer(text):
        if not _YEAR_LIKE.search(match.group(0)):
            found.append(match.group(0))
    return found


def _names(text: str) -> list[str]:
    names = []
    for match in _NAME.finditer(text):
        name = match.group(1) or match.group(2)
        if not any(word.lower() in _NOT_NAMES for word in name.split()):
            names.append(name)
    return names


def personal_info_screen(screen_input: ScreenInput) -> StepResult:
    text = screen_input.text
    phones = [m for m in _PHONE.finditer(text) if not _self_offered(text, m.start())]
    emails = [m for m in _EMAIL.finditer(text) if not _self_offered(text, m.start())]
    addresses = [
        m
        for m in _ADDRESS.finditer(text)
        if not _BLOCK.search(text[max(0, m.start() - 20) : m.start()])
    ]
    plates = _plates(text)
    found = {
        Reason.PERSONAL_INFO_PHONE: len(phones),
        Reason.PERSONAL_INFO_EMAIL: len(emails),
        Reason.PERSONAL_INFO_STREET_ADDRESS: len(addresses),
        Reason.PERSONAL_INFO_LICENCE_PLATE: len(plates),
    }
    reasons = [reason for reason, count in found.items() if count]
    if reasons and _names(text):
        reasons.append(Reason.PERSONAL_INFO_NAMED_PERSON)
    return StepResult(
        step=STEP,
        outcome=Outcome.EDIT if reasons else Outcome.PUBLISH,
        reasons=tuple(reasons),
        scores={"personal_info_items": float(sum(found.values()))},
    )
