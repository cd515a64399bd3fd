"""The attacker of the linkage test: what a neighbor or an agency can learn from public data.

The attacker reads only what anyone (or any signed-in neighbor) can read: the
log's checkpoint and entry bundles (C2SP tlog-tiles, as the verifier fetches
them) and the feed API (posts and comments with their authors' names, and the
ids of clips shown with posts). From those it makes claims:

- ``pair``: two entries are the same person's, because they share an
  identifier: a subject id (``subject.<kind>``), or any string of 16 or more
  characters (``actor`` values, hashes) anywhere in the entry, or because they
  sit next to each other in the log with the very same time (``time``: written
  in one transaction);
- ``author``: a named post or comment author made an entry, because the entry
  shares an identifier with the entries that published their posts or
  comments, or names a clip the feed shows with their post.

``score`` then checks the claims against the truth (who really acted, read
from the private details, which the attacker never sees). Only claims about a
resident's own non-public choices are scored (``SENSITIVE_EVENTS``: shares,
declines, grants, deletions, preference, device and retention changes, flags):
linking a post's own entries to its author is what the feed already shows. An
attack method (one kind of identifier) succeeds when its scored claims are
right at least half the time and at least one is right; it succeeds against a
resident when it is right about them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.test import Client

from fairwitness.audit.models import AuditEntry
from fairwitness.audit.tlog.bundles import bundle_decode
from fairwitness.audit.tlog.tiles import bundles_for_size

SENSITIVE_EVENTS = frozenset(
    {
        "request:response:shared",
        "request:response:declined",
        "grant:clip:created",
        "footage:clip:deleted",
        "footage:clip:exported",
        "owner:preference:opted_out",
        "owner:preference:opted_in",
        "camera:device:paired",
        "camera:device:revoked",
        "camera:retention:changed",
        "feed:post:flagged",
    }
)
_SKIP = frozenset({"v", "event", "time", "commitment"})


# --- What the attacker reads -------------------------------------------------


def log_entries_read(client: Client) -> dict[int, dict[str, Any]]:
    """Every entry of the published tree, by index, from the checkpoint and entry bundles."""
    note = client.get("/log/checkpoint").content.decode()
    size = int(note.split("\n")[1])
    entries: dict[int, dict[str, Any]] = {}
    for tile in bundles_for_size(size):
        response = client.get("/log/" + tile.path)
        assert response.status_code == 200, tile.path
        for offset, leaf in enumerate(bundle_decode(response.content, tile.width)):
            entries[tile.start + offset] = json.loads(leaf)
    return entries


@dataclass
class Feed:
    """What the feed API shows: authors of posts and comments, clips shown with posts."""

    post_authors: dict[int, str] = field(default_factory=dict)
    comment_authors: dict[int, str] = field(default_factory=dict)
    post_clips: dict[int, list[int]] = field(default_factory=dict)


def feed_read(client: Client) -> Feed:
    """All posts the signed-in reader can page through at the widest radius, with comments."""
    feed = Feed()
    page, pages = 1, 1
    while page <= pages:
        body = client.get(f"/api/feed/posts?radius=5&page={page}").json()
        pages = body["pages"]
        for item in body["items"]:
            feed.post_authors[item["id"]] = item["author"]
            feed.post_clips[item["id"]] = [clip["id"] for clip in item["clips"]]
            detail = client.get(f"/api/feed/posts/{item['id']}").json()
            for comment in detail["comments"]:
                feed.comment_authors[comment["id"]] = comment["author"]
        page += 1
    return feed


# --- The attacker's reasoning ------------------------------------------------


def _subject_items(subject: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(subject, str):
        kind, _, ref = subject.partition(":")
        yield kind, ref
    elif isinstance(subject, list):
        for item in subject:
            yield from _subject_items(item)
    elif isinstance(subject, dict):
        for kind, value in subject.items():
            for item in value if isinstance(value, list) else [value]:
                yield kind, item


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def identifiers(body: dict[str, Any]) -> set[tuple[str, str]]:
    """``(method, value)``: every value of the entry that could name a person or thing again."""
    out = {(f"subject.{kind}", str(ref)) for kind, ref in _subject_items(body.get("subject"))}
    for key, value in body.items():
        if key in _SKIP or key == "subject":
            continue
        out.update((key, text) for text in _strings(value) if len(text) >= 16)
    return out


Pair = tuple[int, int]


def pair_claims(entries: dict[int, dict[str, Any]]) -> dict[str, set[Pair]]:
    """Method -> pairs of entry indexes the attacker says are one person's."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, body in entries.items():
        for ident in identifiers(body):
            groups[ident].append(index)
    claims: dict[str, set[Pair]] = defaultdict(set)
    for (method, _value), indexes in groups.items():
        claims[method].update(combinations(sorted(indexes), 2))
    for index, body in entries.items():
        after = entries.get(index + 1)
        if after is not None and after.get("time") == body.get("time"):
            claims["time"].add((index, index + 1))
    return claims


# Entries the author of a post or comment makes by publishing it: the attacker
# reads their identifiers as the author's own.
POST_AUTHOR_EVENTS = frozenset({"feed:post:published", "feed:clip:made_public"})
COMMENT_AUTHOR_EVENTS = frozenset({"feed:comment:published"})


def author_claims(
    entries: dict[int, dict[str, Any]], feed: Feed
) -> dict[str, set[tuple[str, int]]]:
    """Method -> ``(author name, entry index)`` the attacker says that author made.

    The author's identifiers are those of the entries that published their
    posts and comments (``POST_AUTHOR_EVENTS`` naming the post,
    ``COMMENT_AUTHOR_EVENTS`` naming the comment), and
    the clips the feed shows with their posts. Any other entry holding one of
    them is claimed as the author's.
    """
    by_ident: dict[tuple[str, str], set[int]] = defaultdict(set)
    for index, body in entries.items():
        for ident in identifiers(body):
            by_ident[ident].add(index)

    def authored(kind: str, ref: int, events: frozenset[str]) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        for index in by_ident.get((f"subject.{kind}", str(ref)), set()):
            if entries[index].get("event") in events:
                found |= identifiers(entries[index])
        return found

    known: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for post, author in feed.post_authors.items():
        known[author] |= authored("post", post, POST_AUTHOR_EVENTS)
        known[author] |= {("subject.clip", str(clip)) for clip in feed.post_clips.get(post, [])}
    for comment, author in feed.comment_authors.items():
        known[author] |= authored("comment", comment, COMMENT_AUTHOR_EVENTS)
    claims: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for author, idents in known.items():
        for ident in idents:
            for index in by_ident.get(ident, set()):
                claims[ident[0]].add((author, index))
    return claims


# --- The truth, and the score ------------------------------------------------


@dataclass(frozen=True)
class Truth:
    """Who really made each entry (read from the private details; never the attacker's)."""

    actor: dict[int, str]  # entry index -> username, for entries a resident made
    sensitive: frozenset[int]  # indexes of residents' non-public choices


def truth_read() -> Truth:
    actor: dict[int, str] = {}
    sensitive: set[int] = set()
    rows = AuditEntry.objects.filter(index__isnull=False, private__actor__role="resident")
    for index, event, username in rows.values_list("index", "event", "private__actor__username"):
        assert index is not None
        actor[index] = username
        if event in SENSITIVE_EVENTS:
            sensitive.add(index)
    return Truth(actor, frozenset(sensitive))


@dataclass
class Score:
    """Per method: right and wrong scored claims; which residents each method exposed."""

    right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    wrong: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    exposed: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def succeeded(self) -> dict[str, set[str]]:
        """Methods right at least half the time (and at least once): the residents they expose."""
        return {
            method: self.exposed[method]
            for method, right in self.right.items()
            if right and right >= self.wrong[method]
        }


def score(
    truth: Truth, pairs: dict[str, set[Pair]], authors: dict[str, set[tuple[str, int]]]
) -> Score:
    result = Score()
    for method, claimed in pairs.items():
        for first, second in claimed:
            if first not in truth.sensitive and second not in truth.sensitive:
                continue
            a, b = truth.actor.get(first), truth.actor.get(second)
            if a is not None and a == b:
                result.right[f"pair:{method}"] += 1
                result.exposed[f"pair:{method}"].add(a)
            else:
                result.wrong[f"pair:{method}"] += 1
    for method, claimed_authors in authors.items():
        for author, index in claimed_authors:
            if index not in truth.sensitive:
                continue
            if truth.actor.get(index) == author:
                result.right[f"author:{method}"] += 1
                result.exposed[f"author:{method}"].add(author)
            else:
                result.wrong[f"author:{method}"] += 1
    return result
