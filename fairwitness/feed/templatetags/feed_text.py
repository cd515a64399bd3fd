"""Template filters for showing neighbors' words in the feed."""

from __future__ import annotations

from django import template

from fairwitness.moderation.screening.masking import slurs_masked

register = template.Library()


@register.filter(name="slurs_masked")
def slurs_masked_filter(text: str) -> str:
    """Strong slurs masked after their first letter ("n*****"); see moderation's masking.

    Published counter-speech may quote a slur; readers see it masked. The result
    is still plain text, escaped by the template as usual.
    """
    return slurs_masked(text)
