"""C2PA on a release copy: signing it with the instance's credentials, and reading it back.

No Django here. ``release_sign`` embeds a manifest in an MP4 whose:

- ingredient is the original, named by ``instance_id = "sha256:<hex>"`` (the
  original itself never leaves its owner, so it is named, not read);
- actions are ``c2pa.opened`` (the original), then one ``c2pa.edited`` per edit
  (face redaction, the visible watermark), each with a description and its
  ``org.fairwitness.step``. C2PA's own ``c2pa.redacted`` means removing
  assertions and ``c2pa.watermarked`` an invisible soft-binding mark, so pixel
  edits are ``c2pa.edited``;
- ``org.fairwitness.release`` assertion holds the package's claims (the grant,
  case, policy hash, log entries...) as one canonical JSON string, so the
  signature covers them too. (A string, because C2PA stores assertions as CBOR,
  which turns a JSON list of small integers into a byte string.)

``release_read`` validates with the given CA as the only trust anchor and no
network (no OCSP, no remote manifests).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import c2pa

RELEASE_ASSERTION = "org.fairwitness.release"
ORIGINAL_LABEL = "original"
MIME = "video/mp4"
# Validation codes that say the manifest's hard binding matched the media bytes.
BINDING_MATCHED = frozenset({"assertion.bmffHash.match", "assertion.dataHash.match"})


def claims_text(claims: dict[str, Any]) -> str:
    """Canonical JSON: sorted keys, no insignificant whitespace."""
    return json.dumps(claims, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class ProvenanceError(Exception):
    """Signing failed, or a file's C2PA manifest is missing, invalid or untrusted."""


@dataclass(frozen=True)
class ReleaseEdit:
    """One pixel edit made to the original: ``step`` is "redaction" or "watermark"."""

    step: str
    description: str


def _manifest(
    *, original_sha256: str, edits: Sequence[ReleaseEdit], claims: dict[str, Any]
) -> dict[str, Any]:
    actions: list[dict[str, Any]] = [
        {"action": "c2pa.opened", "parameters": {"ingredientIds": [ORIGINAL_LABEL]}}
    ]
    actions += [
        {
            "action": "c2pa.edited",
            "description": edit.description,
            "parameters": {"org.fairwitness.step": edit.step},
        }
        for edit in edits
    ]
    return {
        "claim_generator_info": [{"name": "Fair Witness", "version": "1"}],
        "title": "release.mp4",
        "format": MIME,
        "ingredients": [
            {
                "title": "original.mp4",
                "format": MIME,
                "relationship": "parentOf",
                "label": ORIGINAL_LABEL,
                "instance_id": f"sha256:{original_sha256}",
            }
        ],
        "assertions": [
            {"label": "c2pa.actions.v2", "data": {"actions": actions}},
            {"label": RELEASE_ASSERTION, "data": {"claims_json": claims_text(claims)}},
        ],
    }


def release_sign(
    *,
    source: Path,
    target: Path,
    chain_pem: bytes,
    key_pem: bytes,
    original_sha256: str,
    edits: Sequence[ReleaseEdit],
    claims: dict[str, Any],
) -> None:
    """Write ``source`` (an MP4) to ``target`` with a signed C2PA manifest embedded.

    Raises ProvenanceError (and leaves no ``target``) if the library refuses.
    """
    manifest = _manifest(original_sha256=original_sha256, edits=edits, claims=claims)
    try:
        info = c2pa.C2paSignerInfo(
            alg=b"es256", sign_cert=chain_pem, private_key=key_pem, ta_url=None
        )
        with (
            c2pa.Signer.from_info(info) as signer,
            c2pa.Builder(manifest) as builder,
            source.open("rb") as src,
            target.open("w+b") as dst,
        ):
            builder.sign(signer, MIME, src, dst)
    except c2pa.C2paError as exc:
        target.unlink(missing_ok=True)
        raise ProvenanceError(f"C2PA signing failed: {exc}") from exc


@dataclass(frozen=True)
class SignedRelease:
    """What a trusted, valid manifest says about the file."""

    ingredient_ids: tuple[str, ...]
    actions: tuple[dict[str, Any], ...]
    claims: Any


def _settings(trust_anchor_pem: bytes) -> c2pa.Settings:
    return c2pa.Settings.from_dict(
        {
            "trust": {"trust_anchors": trust_anchor_pem.decode()},
            "verify": {"verify_trust": True, "ocsp_fetch": False, "remote_manifest_fetch": False},
        }
    )


def _codes(results: dict[str, Any] | None, kind: str) -> list[str]:
    active = (results or {}).get("activeManifest") or {}
    return [str(item.get("code")) for item in active.get(kind) or []]


def release_read(*, path: Path, trust_anchor_pem: bytes) -> SignedRelease:
    """Validate ``path``'s manifest against the one trusted CA; ProvenanceError says why not.

    Passing means: the claim signature verifies, the signing certificate chains
    to ``trust_anchor_pem``, every assertion hash matches, and the hard binding
    (BMFF hash) matches the file's bytes.
    """
    try:
        with (
            c2pa.Context(settings=_settings(trust_anchor_pem)) as context,
            path.open("rb") as stream,
            c2pa.Reader(MIME, stream, context=context) as reader,
        ):
            state = reader.get_validation_state()
            results = reader.get_validation_results()
            active = reader.get_active_manifest()
    except c2pa.C2paError as exc:
        raise ProvenanceError(f"the video has no readable C2PA manifest: {exc}") from exc
    failures = _codes(results, "failure")
    if failures:
        raise ProvenanceError(f"C2PA validation failed: {', '.join(failures)}")
    if state != "Trusted":
        raise ProvenanceError(f"C2PA manifest is {state}, not trusted under the instance's CA")
    if not BINDING_MATCHED & set(_codes(results, "success")):
        raise ProvenanceError("the C2PA manifest does not bind the video's bytes")
    if not isinstance(active, dict):
        raise ProvenanceError("the video has no active C2PA manifest")
    assertions = {a.get("label"): a.get("data") for a in active.get("assertions") or []}
    release = assertions.get(RELEASE_ASSERTION)
    try:
        claims = json.loads(release["claims_json"])  # type: ignore[index]
    except (TypeError, KeyError, ValueError) as exc:
        raise ProvenanceError(f"the C2PA manifest has no {RELEASE_ASSERTION} claims") from exc
    actions = (assertions.get("c2pa.actions.v2") or {}).get("actions") or []
    return SignedRelease(
        ingredient_ids=tuple(str(i.get("instance_id")) for i in active.get("ingredients") or []),
        actions=tuple(json.loads(json.dumps(actions))),
        claims=claims,
    )
