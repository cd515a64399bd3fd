"""Drive the posting flow's pages the way a person does, step by step."""

from __future__ import annotations

from typing import Any

from django.test import Client

from fairwitness.feed.models import Post


def step(client: Client, post: Post, name: str, **data: Any) -> Any:
    return client.post(f"/feed/posts/{post.pk}/compose/", {"step": name, **data})


def post_start(client: Client, *, category: str, text: str) -> Post:
    response = client.post("/feed/posts/new/", {"category": category, "text": text})
    assert response.status_code == 302, response.content[:500]
    return Post.objects.latest("id")


def post_confirm(client: Client, post: Post) -> Post:
    response = step(client, post, "confirm")
    assert response.status_code == 302, response.content[:800]
    post.refresh_from_db()
    return post


def post_simple(client: Client, *, text: str, category: str = "other") -> Post:
    """A post outside crime and suspicious activity: text, then confirm."""
    return post_confirm(client, post_start(client, category=category, text=text))
