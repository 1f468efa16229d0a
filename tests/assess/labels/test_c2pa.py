"""C2PA manifests read through c2pa-python, on files signed here with a throwaway certificate.

No public C2PA sample file could be fetched into this environment (only text is
reachable), so the samples are made by c2pa-python's own Builder; trust in the test
certificate is not established (``signingCredential.untrusted``), as expected.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

c2pa = pytest.importorskip("c2pa")

from fulcrum.assess.labels import add_label, check_file  # noqa: E402

TRAINED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


def _signer():
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Test Root"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Fulcrum tests"),
        ]
    )
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Test Signer"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Fulcrum tests"),
        ]
    )
    usage = dict(
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        encipher_only=False,
        decipher_only=False,
    )

    def build(subject, issuer, public, signing, ca):
        b = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(digital_signature=not ca, key_cert_sign=ca, crl_sign=ca, **usage),
                critical=True,
            )
        )
        if not ca:
            b = (
                b.add_extension(
                    x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), False
                )
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), False)
                .add_extension(
                    x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
                )
            )
        return b.sign(signing, hashes.SHA256())

    ca = build(ca_name, ca_name, ca_key.public_key(), ca_key, True)
    cert = build(name, ca_name, key.public_key(), ca_key, False)
    pem = serialization.Encoding.PEM
    chain = cert.public_bytes(pem) + ca.public_bytes(pem)
    private = key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return c2pa.Signer.from_info(
        c2pa.C2paSignerInfo(alg=b"es256", sign_cert=chain, private_key=private, ta_url=None)
    )


def _sign(src: Path, dst: Path) -> None:
    manifest = {
        "claim_generator_info": [{"name": "fulcrum-tests", "version": "1"}],
        "title": src.name,
        "assertions": [
            {
                "label": "c2pa.actions",
                "data": {"actions": [{"action": "c2pa.created", "digitalSourceType": TRAINED}]},
            }
        ],
    }
    with c2pa.Builder(manifest) as builder, src.open("rb") as i, dst.open("w+b") as o:
        builder.sign(_signer(), "image/jpeg", i, o)


def test_manifest_state_and_source_type_and_tampering(media, tmp_path: Path) -> None:
    signed = tmp_path / "signed.jpg"
    _sign(media["jpeg"], signed)
    found = check_file(signed)["c2pa"]
    assert found["present"] is True and found["validation_state"] == "Valid"
    assert found["digital_source_type"] == [TRAINED]
    assert "signingCredential.untrusted" in found["validation_failures"]
    # the image bytes changed after signing: the manifest no longer validates
    data = bytearray(signed.read_bytes())
    data[-200] ^= 0xFF
    tampered = tmp_path / "tampered.jpg"
    tampered.write_bytes(bytes(data))
    broken = check_file(tampered)["c2pa"]
    assert broken["validation_state"] == "Invalid"
    assert "assertion.dataHash.mismatch" in broken["validation_failures"]
    # a file without a manifest says so
    assert check_file(media["png"])["c2pa"] == {"present": False}


def test_adding_an_aigc_label_after_signing_breaks_the_manifest_hash(media, tmp_path: Path) -> None:
    signed, labelled = tmp_path / "s.jpg", tmp_path / "l.jpg"
    _sign(media["jpeg"], signed)
    add_label(signed, labelled, producer="P", content_id="1")
    report = check_file(labelled)
    assert report["label"]["valid"] is True
    assert report["c2pa"]["present"] is True
    # inserting the XMP segment moves the bytes the manifest's hash covers: label before signing
    assert report["c2pa"]["validation_state"] == "Invalid"
    assert "assertion.dataHash.mismatch" in report["c2pa"]["validation_failures"]
    warning = add_label(signed, tmp_path / "w.jpg", producer="P", content_id="1")["warning"]
    assert "C2PA manifest" in str(warning)
