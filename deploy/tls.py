"""A self-signed certificate for 127.0.0.1 and localhost, for `make stack` and the tests.

A real deployment uses a certificate from a certificate authority (Let's Encrypt: see
README.md, "Deploying"); this one only lets nginx speak TLS and HTTP/2 on this machine.
"""

import shutil
import subprocess
from pathlib import Path

INSTALL_HINT = "scripts/require-package openssl /usr/bin/openssl (or: apt-get install -y openssl)"


def self_signed(folder: Path, *, days: int = 365) -> tuple[Path, Path]:
    """(certificate, key) in `folder`, made on first use and kept after that."""
    certificate, key = folder / "localhost.crt", folder / "localhost.key"
    if certificate.exists() and key.exists():
        return certificate, key
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError(f"openssl is not installed: run {INSTALL_HINT}")
    folder.mkdir(parents=True, exist_ok=True)
    # An elliptic-curve key: quick to make and quick to handshake with.
    subprocess.run(  # noqa: S603
        [
            openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", str(days), "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", str(key), "-out", str(certificate),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    key.chmod(0o600)
    return certificate, key
