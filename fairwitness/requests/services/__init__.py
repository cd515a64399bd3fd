"""Writes for the requests app, one module per flow: community, responses, legal,
emergency, grants, owner preferences and policy versions."""
