"""Schemas of the audit log's JSON API. Hashes are standard base64, as in tlog formats."""

from ninja import Schema


class InclusionOut(Schema):
    index: int
    tree_size: int
    leaf_hash: str
    proof: list[str]
    checkpoint: str


class ConsistencyOut(Schema):
    old_size: int
    tree_size: int
    proof: list[str]
    checkpoint: str
