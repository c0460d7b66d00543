"""What `make stack` makes for itself: a secret key, a certificate, the proxy settings."""

import stat
import subprocess

from deploy import stack, tls


def test_a_throwaway_secret_key_is_made_once_and_readable_by_us_only(tmp_path, monkeypatch):
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    path = tmp_path / "stack" / "secret-key"
    key = stack.secret_key(path)
    assert len(key) >= 50
    assert stack.secret_key(path) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_secret_key_in_the_environment_is_used_as_it_is(tmp_path, monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "k" * 60)
    assert stack.secret_key(tmp_path / "secret-key") == "k" * 60
    assert not (tmp_path / "secret-key").exists()


def test_the_certificate_is_for_127_0_0_1_and_localhost_and_made_only_once(tmp_path):
    certificate, key = tls.self_signed(tmp_path)
    shown = subprocess.run(
        ["openssl", "x509", "-in", str(certificate), "-noout", "-ext", "subjectAltName"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert set(shown.splitlines()[1].strip().split(", ")) == {
        "IP Address:127.0.0.1",
        "DNS:localhost",
    }
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    made = certificate.read_bytes()
    assert tls.self_signed(tmp_path)[0].read_bytes() == made


def test_the_app_believes_only_nginx_on_127_0_0_1(monkeypatch):
    env = stack.environment(database_url="sqlite:///x", secret_key="s" * 60, https_port=8443)
    assert env["DJANGO_TRUSTED_PROXIES"] == "127.0.0.1"
    assert env["DJANGO_ALLOWED_HOSTS"] == "127.0.0.1,localhost"
    assert env["SITE_URL"] == "https://127.0.0.1:8443"
    assert "DJANGO_DEBUG" not in env
