"""Filling the nginx template: every value in its place, and none that could break out of it."""

import pytest

from deploy import nginx, tls
from tests.deploy.conftest import require_nginx


@pytest.fixture
def site(tmp_path):
    certificate, key = tls.self_signed(tmp_path / "tls")
    return nginx.Site(
        var=tmp_path / "nginx",
        static_root=tmp_path / "staticfiles",
        certificate=certificate,
        certificate_key=key,
        upstreams=("127.0.0.1:8001", "127.0.0.1:8002"),
        server_names=("clinic.example.com",),
        admin_path="staff-desk/",
    )


def test_a_machine_gets_a_configuration_nginx_accepts(site):
    require_nginx()
    nginx.write(site)
    nginx.check(site)
    config = site.config.read_text()
    assert "{{" not in config
    assert "listen 443 ssl http2 default_server;" in config
    assert "return 301 https://$host$request_uri;" in config  # no port on 443
    assert "server 127.0.0.1:8001 max_fails=1" in config and "server 127.0.0.1:8002" in config


def test_the_admin_path_is_never_cached_wherever_it_lives(site):
    config = nginx.render(site)
    assert "location /staff-desk/ {\n            proxy_cache off;" in config
    assert "location /admin/" not in config


def test_another_https_port_is_kept_in_the_redirect(site):
    config = nginx.render(nginx.Site(**{**site.__dict__, "https_listen": "127.0.0.1:8443"}))
    assert "return 301 https://$host:8443$request_uri;" in config


@pytest.mark.parametrize(
    "field, value",
    [
        ("server_names", ("clinic.example.com; include /etc/shadow",)),
        ("admin_path", "/admin/"),
        ("admin_path", "admin/ { return 200; }"),
        ("upstreams", ("127.0.0.1:8001 backup",)),
        ("https_listen", "443 ssl"),
        ("upstreams", ()),
    ],
)
def test_a_value_that_could_change_the_configuration_is_refused(site, field, value):
    with pytest.raises(nginx.NginxError):
        nginx.render(nginx.Site(**{**site.__dict__, field: value}))


def test_a_path_with_an_nginx_variable_in_it_is_refused(site, tmp_path):
    with pytest.raises(nginx.NginxError, match="static_root"):
        nginx.render(nginx.Site(**{**site.__dict__, "static_root": tmp_path / "$document_root"}))


def test_the_command_line_writes_the_configuration_and_says_how_to_start_nginx(
    site, monkeypatch, capsys
):
    require_nginx()
    monkeypatch.setenv("DJANGO_ADMIN_PATH", "front-desk/")
    status = nginx.main(
        [
            "--var", str(site.var), "--static-root", str(site.static_root),
            "--certificate", str(site.certificate), "--certificate-key", str(site.certificate_key),
            "--upstream", "127.0.0.1:8001", "--server-name", "clinic.example.com",
        ]
    )  # fmt: skip
    assert status == 0
    assert "location /front-desk/ {" in site.config.read_text()
    assert f"-c {site.config}" in capsys.readouterr().out


def test_without_nginx_the_tests_fail_saying_how_to_install_it(monkeypatch):
    monkeypatch.setattr(nginx, "NGINX", nginx.Path("/nowhere/nginx"))
    with pytest.raises(pytest.fail.Exception, match="apt-get install -y nginx"):
        require_nginx()
