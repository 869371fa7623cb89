#!/usr/bin/env python3
"""Writes model.sig for a folder the way model_signing 1.x's key method does, with Python's
`cryptography` (the library model_signing itself uses), independently of the Java signer.

Used once to make src/test/resources/golden/model-python/model.sig (see golden/README.md):
    python3 src/test/golden-tools/sign_like_model_signing.py \
        src/test/resources/golden/test-signing-key.pem src/test/resources/golden/model-python

Follows model_signing's _signing/signing.py (Payload), _signing/sign_ec_key.py (Signer) and
_signing/sign_sigstore_pb.py (pae, bundle media type), written from their documented behaviour.
"""
import base64
import hashlib
import json
import pathlib
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

PAYLOAD_TYPE = "application/vnd.in-toto+json"


def pae(raw: bytes) -> bytes:
    return b" ".join([f"DSSEv1 {len(PAYLOAD_TYPE)} {PAYLOAD_TYPE} {len(raw)}".encode(), raw])


def main(key_file: str, folder: str) -> None:
    root = pathlib.Path(folder)
    key = serialization.load_pem_private_key(pathlib.Path(key_file).read_bytes(), None)
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.relative_to(root).as_posix() != "model.sig")
    resources = []
    root_hash = hashlib.sha256()
    for p in files:
        digest = hashlib.sha256(p.read_bytes()).digest()
        root_hash.update(digest)
        resources.append({"name": p.relative_to(root).as_posix(), "algorithm": "sha256", "digest": digest.hex()})
    statement = {
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [{"name": root.name, "digest": {"sha256": root_hash.hexdigest()}}],
        "predicateType": "https://model_signing/signature/v1.0",
        "predicate": {
            "serialization": {"method": "files", "hash_type": "sha256", "allow_symlinks": False,
                              "ignore_paths": ["model.sig", ".git", ".gitattributes", ".github", ".gitignore"]},
            "resources": resources,
        },
    }
    raw = json.dumps(statement, indent=2).encode("utf-8")
    sig = key.sign(pae(raw), ec.ECDSA(hashes.SHA256()))
    pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    bundle = {
        "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial": {"publicKey": {"hint": hashlib.sha256(pem).hexdigest()}, "tlogEntries": []},
        "dsseEnvelope": {"payload": base64.b64encode(raw).decode(), "payloadType": PAYLOAD_TYPE,
                         "signatures": [{"sig": base64.b64encode(sig).decode(), "keyid": ""}]},
    }
    (root / "model.sig").write_text(json.dumps(bundle), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
