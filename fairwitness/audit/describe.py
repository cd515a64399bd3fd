"""Log entries in plain words for camera owners, and which private details they may read.

An owner reads the entries about their own cameras and clips (see
``selectors.entry_page_for_owner``). The words are not the audit app's: each
app registers the sentences for its own events in its ``AppConfig.ready()``
(``event_words_register``), so the audit app imports no domain app. Private
details are shown only under the keys listed here: the agency's stated reasons
and the request's own facts. Keys that can name other people (the list of
notified owners, another owner's answer) are never shown, whatever the entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# "{agency}" in a sentence is the agency's name, or "An agency" when the entry names none.
_WORDS: dict[str, str] = {}
# The same events when the owner did it themselves.
_YOUR_WORDS: dict[str, str] = {}
# Events one owner's action causes under a request that many owners share:
# only the owner who acted may see them.
PER_OWNER_EVENTS: set[str] = set()


def event_words_register(
    *,
    words: Mapping[str, str],
    your_words: Mapping[str, str] | None = None,
    per_owner: Iterable[str] = (),
) -> None:
    """Add an app's sentences for its events, from that app's ``AppConfig.ready()``.

    ``words`` reads an entry to the owner it concerns; ``your_words`` reads it
    when that owner did it themselves; ``per_owner`` lists events that only the
    owner who acted may see. Registering the same event again replaces it.
    """
    _WORDS.update({str(k): v for k, v in words.items()})
    _YOUR_WORDS.update({str(k): v for k, v in (your_words or {}).items()})
    PER_OWNER_EVENTS.update(str(e) for e in per_owner)


# Private detail keys an owner may read, with their labels, in this order.
OWNER_DETAIL_LABELS: dict[str, str] = {
    "reason": "Stated reason",
    "justification": "Justification",
    "danger": "Danger described",
    "case_number": "Case number",
    "description": "Description",
    "court": "Court",
    "camera_name": "Camera",
    "device_name": "Device",
    "started_at": "Clip recorded at",
}


def event_words(event: str, *, agency: str | None, by_you: bool = False) -> str:
    """One sentence for the event; an unknown event reads as its own name, spaced out."""
    template = (_YOUR_WORDS.get(event) if by_you else None) or _WORDS.get(event)
    if template is None:
        return event.replace(":", " ").replace("_", " ").capitalize()
    text = template.format(agency=agency or "An agency")
    return text[0].upper() + text[1:]


def owner_details(details: object) -> list[tuple[str, str]]:
    """The ``(label, text)`` pairs of the private details an owner may read."""
    if not isinstance(details, dict):
        return []
    out: list[tuple[str, str]] = []
    for key, label in OWNER_DETAIL_LABELS.items():
        value = details.get(key)
        if value is None or value == "" or isinstance(value, dict | list):
            continue
        out.append((label, str(value)))
    return out
