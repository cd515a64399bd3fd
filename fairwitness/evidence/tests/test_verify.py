"""Tamper evidence (issue 14, acceptance 3): the verifier passes an honest package and fails
each forgery with one clear line.

Every forged package here is a real package: its video is signed with C2PA for real
(by the instance's credentials unless the forgery is the signature itself), so each
test shows the one check that catches its forgery.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from fairwitness.audit.tlog.checkpoint import checkpoint_parse
from fairwitness.audit.tlog.keys import signer_generate
from fairwitness.audit.tlog.note import note_sign
from fairwitness.evidence.certificates import SigningCredentials, credentials_generate
from fairwitness.evidence.keys import signing_credentials
from fairwitness.evidence.package import (
    CA_FILE,
    MANIFEST_FILE,
    RELEASE_FILE,
    package_write,
)
from fairwitness.evidence.provenance import ReleaseEdit, release_sign
from fairwitness.evidence.tests.conftest import Built
from fairwitness.evidence.verify.__main__ import main as verify_main

ROOT = Path(__file__).resolve().parents[3]


def verify(package: Path, vkey: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = verify_main([str(package), "--key", vkey])
    out = capsys.readouterr()
    return code, (out.out + out.err).strip()


def read_member(package: Path, name: str) -> bytes:
    with zipfile.ZipFile(package) as archive:
        return archive.read(name)


def rewrite(package: Path, target: Path, **members: bytes) -> Path:
    """A copy of ``package`` with some members replaced."""
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, members.get(info.filename, src.read(info.filename)))
    return target


def claims_of(package: Path) -> dict[str, Any]:
    return json.loads(read_member(package, MANIFEST_FILE))["claims"]


def reseal(
    built: Built,
    target: Path,
    claims: dict[str, Any],
    credentials: SigningCredentials | None = None,
    ca_pem: bytes | None = None,
) -> Path:
    """A package whose video is signed for real over ``claims`` (the instance's key by default)."""
    credentials = credentials or signing_credentials()
    signed = target.with_suffix(".mp4")
    release_sign(
        source=built.release,
        target=signed,
        chain_pem=credentials.chain_pem,
        key_pem=credentials.key_pem,
        original_sha256=claims["original"]["sha256"],
        edits=[ReleaseEdit("watermark", "visible watermark")],
        claims=claims,
    )
    package_write(target=target, release=signed, ca_pem=ca_pem or credentials.ca_pem, claims=claims)
    return target


def test_an_honest_package_passes(built: Built, capsys: pytest.CaptureFixture[str]) -> None:
    code, line = verify(built.package.path, built.vkey, capsys)
    assert code == 0, line
    assert line.startswith("OK evidence.zip: release.mp4 SHA-256 " + built.package.release_sha256)
    assert "(edits: redaction, watermark), 3 log entries included" in line
    claims = claims_of(built.package.path)
    assert [e["role"] for e in claims["log"]["entries"]] == ["certificate", "grant", "download"]
    assert claims["case"] == "2026-0042" and claims["grant"]["id"] == 4242


def test_the_verifier_runs_without_django(built: Built) -> None:
    """GIVEN no Django settings WHEN ``python -m fairwitness.evidence.verify`` runs in a fresh
    interpreter THEN it passes and never imports Django (it is shipped to outsiders)."""
    script = (
        "import runpy, sys\n"
        f"sys.argv = ['verify', {str(built.package.path)!r}, '--key', {built.vkey!r}]\n"
        "try:\n"
        "    runpy.run_module('fairwitness.evidence.verify', run_name='__main__')\n"
        "except SystemExit as done:\n"
        "    code = done.code\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django'\n"
        "sys.exit(code)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("OK ")


def test_a_changed_byte_in_the_video_fails(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    video = bytearray(read_member(built.package.path, RELEASE_FILE))
    at = video.index(b"mdat") + 64
    video[at] ^= 0x01
    changed = rewrite(built.package.path, tmp_path / "changed.zip", **{RELEASE_FILE: bytes(video)})
    code, line = verify(changed, built.vkey, capsys)
    assert code == 1
    assert line.startswith("FAIL hash mismatch: release.mp4 has SHA-256 ")

    # Naming the changed video's hash in manifest.json too: the C2PA binding catches it.
    import hashlib

    manifest = json.loads(read_member(built.package.path, MANIFEST_FILE))
    manifest["release"]["sha256"] = hashlib.sha256(bytes(video)).hexdigest()
    both = rewrite(changed, tmp_path / "both.zip", **{MANIFEST_FILE: json.dumps(manifest).encode()})
    code, line = verify(both, built.vkey, capsys)
    assert code == 1
    assert line == "FAIL C2PA: C2PA validation failed: assertion.bmffHash.mismatch"


def test_a_changed_manifest_fails(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = json.loads(read_member(built.package.path, MANIFEST_FILE))
    manifest["claims"]["case"] = "2026-9999"
    manifest["claims"]["redactions"] = []
    changed = rewrite(
        built.package.path, tmp_path / "m.zip", **{MANIFEST_FILE: json.dumps(manifest).encode()}
    )
    code, line = verify(changed, built.vkey, capsys)
    assert code == 1
    assert line == (
        "FAIL manifest mismatch: manifest.json's claims differ from those signed in the "
        "video's C2PA manifest (case, redactions)"
    )


def test_a_forged_c2pa_signature_fails(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = credentials_generate(name="forger.example")
    claims = claims_of(built.package.path)
    # The forger's own CA in the package: the log never published it.
    own_ca = reseal(built, tmp_path / "own-ca.zip", claims, credentials=other)
    code, line = verify(own_ca, built.vkey, capsys)
    assert code == 1
    assert line.startswith(
        f"FAIL untrusted certificate: the package's signing CA (SHA-256 {other.ca_sha256}) "
        "is not one the log published"
    )
    # The instance's CA in the package, the video signed by another key: C2PA's trust fails.
    instance_ca = reseal(
        built,
        tmp_path / "inst-ca.zip",
        claims,
        credentials=other,
        ca_pem=signing_credentials().ca_pem,
    )
    code, line = verify(instance_ca, built.vkey, capsys)
    assert code == 1
    assert line.startswith("FAIL C2PA: C2PA validation failed: signingCredential.untrusted")


def test_a_log_entry_the_log_does_not_hold_fails(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The instance signs (C2PA) a package naming a download entry the log never held."""
    claims = claims_of(built.package.path)
    download = claims["log"]["entries"][2]
    body = json.loads(download["entry"])
    body["time"] = "2026-01-01T00:00:00Z"
    download["entry"] = json.dumps(body, sort_keys=True, separators=(",", ":"))
    forged = reseal(built, tmp_path / "entry.zip", claims)
    code, line = verify(forged, built.vkey, capsys)
    assert code == 1
    assert line.startswith(
        f"FAIL not in the log: the download entry at index {download['index']} is not in the "
        "log signed at size "
    )


def test_a_checkpoint_signed_by_another_key_fails(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    claims = claims_of(built.package.path)
    text = claims["log"]["checkpoint"].split("\n\n")[0] + "\n"
    origin = checkpoint_parse(text).origin
    impostor = signer_generate(origin)  # same name, another key
    claims["log"]["checkpoint"] = note_sign(text, [impostor])
    forged = reseal(built, tmp_path / "cp.zip", claims)
    code, line = verify(forged, built.vkey, capsys)
    assert code == 1
    assert line.startswith(
        "FAIL bad signature: the package's checkpoint is not signed by the given log key"
    )


def test_bad_arguments_and_a_non_package_are_clear(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert verify(built.package.path, "not-a-key", capsys)[0] == 2
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip at all")
    code, line = verify(junk, built.vkey, capsys)
    assert code == 1 and line.startswith("FAIL malformed package: not a readable ZIP")
    only_ca = tmp_path / "partial.zip"
    with zipfile.ZipFile(only_ca, "w") as archive:
        archive.writestr(CA_FILE, b"x")
    code, line = verify(only_ca, built.vkey, capsys)
    assert (code, line) == (
        1,
        "FAIL malformed package: the package lacks manifest.json, release.mp4",
    )


def test_a_release_whose_entries_the_log_cannot_hold_builds_nothing(
    db: None, tmp_path: Path
) -> None:
    """GIVEN an entry id that is not in the log WHEN a package is built THEN it is refused
    with a message a person can act on, and no ZIP is left behind."""
    from fairwitness.evidence.services import EvidenceNotReady, evidence_package_build
    from fairwitness.evidence.tests.conftest import release_facts
    from fairwitness.footage.tests.videos import make_video

    release = make_video(tmp_path / "r.mp4", frames=2, width=64, height=48)
    target = tmp_path / "never.zip"
    with pytest.raises(EvidenceNotReady, match="not in the log yet"):
        evidence_package_build(
            release=release, target=target, facts=release_facts([("download", 987654)], "00" * 32)
        )
    assert not target.exists()
    assert not list(tmp_path.glob(".never.zip*"))


def test_malformed_manifests_fail_with_one_line_never_a_traceback(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def mutate(manifest: dict[str, Any], path: list[Any], value: Any) -> None:
        node = manifest
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value

    cases: list[tuple[list[Any], Any]] = [
        (["release"], "x"),
        (["release", "sha256"], 7),
        (["claims", "log"], []),
        (["claims", "log", "checkpoint"], 5),
        (["claims", "log", "checkpoint"], "not a note"),
        (["claims", "log", "entries"], [{}]),
        (["claims", "log", "entries", 0, "index"], "zero"),
        (["claims", "log", "entries", 0, "index"], 10**9),
        (["claims", "log", "entries", 0, "audit_path"], ["!!"]),
        (["claims", "log", "entries", 0, "audit_path"], ["AAAA"]),
        (["claims", "log", "entries", 0, "entry"], "[1]"),
        (["claims", "grant"], {"id": "one"}),
        (["format"], "other"),
    ]
    for number, (path, value) in enumerate(cases):
        manifest = json.loads(read_member(built.package.path, MANIFEST_FILE))
        mutate(manifest, path, value)
        changed = rewrite(
            built.package.path,
            tmp_path / f"m{number}.zip",
            **{MANIFEST_FILE: json.dumps(manifest).encode()},
        )
        code, line = verify(changed, built.vkey, capsys)
        assert code == 1, (path, value, line)
        assert line.startswith("FAIL ") and "\n" not in line, (path, value, line)


def test_a_download_entry_about_another_grant_fails(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The log holds the entry, the instance signed the package, but the entry is about
    another grant than the one the package names."""
    from fairwitness.audit.keys import log_vkey
    from fairwitness.evidence.services import evidence_package_build
    from fairwitness.evidence.tests.conftest import GRANT_ID, release_facts, release_recorded
    from fairwitness.footage.tests.videos import make_video

    release = make_video(tmp_path / "r.mp4", frames=2, width=64, height=48)
    entries = release_recorded(download_grant=GRANT_ID + 1)
    package = evidence_package_build(
        release=release, target=tmp_path / "other.zip", facts=release_facts(entries, "11" * 32)
    )
    code, line = verify(package.path, log_vkey(), capsys)
    assert code == 1
    assert line.startswith("FAIL manifest mismatch: the download entry at index ")
    assert line.endswith(f"is not about grant {GRANT_ID}")
