"""Fills deploy/nginx.conf.template for one machine, and runs nginx on the result.

    python -m deploy.nginx --var /srv/clinic/var/nginx --static-root /srv/clinic/staticfiles \\
        --server-name clinic.example.com --certificate /etc/ssl/clinic/fullchain.pem \\
        --certificate-key /etc/ssl/clinic/privkey.pem \\
        --upstream 127.0.0.1:8001 --upstream 127.0.0.1:8002

writes nginx.conf (and the page shown when no app server answers) into --var, checks it with
`nginx -t`, and prints the command that starts nginx on it. `make stack` and the tests call
`write` and `running` with the same template.
"""

import argparse
import html
import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
TEMPLATE = DEPLOY / "nginx.conf.template"
ERROR_PAGE = DEPLOY / "50x.html"
NGINX = Path(os.environ.get("NGINX_PATH", "/usr/sbin/nginx"))
INSTALL_HINT = "scripts/require-package nginx /usr/sbin/nginx (or: apt-get install -y nginx)"
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")

# What may go into the configuration: anything else could end a directive early or smuggle in
# an nginx variable ($) or block ({}).
SAFE_PATH = re.compile(r"/[A-Za-z0-9._/+-]*")
LISTEN = re.compile(r"((\d{1,3}\.){3}\d{1,3}:|\[[0-9a-fA-F:]+\]:)?\d{1,5}")
UPSTREAM = re.compile(r"[A-Za-z0-9.-]+:\d{1,5}|unix:/[A-Za-z0-9._/-]+")
SERVER_NAME = re.compile(r"[A-Za-z0-9*.-]+|_")
# The same rule as DJANGO_ADMIN_PATH in clinic_site/settings.py.
ADMIN_PATH = re.compile(r"([a-z0-9][a-z0-9_-]*/)+")
WORKER_PROCESSES = re.compile(r"auto|\d{1,2}")


class NginxError(RuntimeError):
    pass


@dataclass(frozen=True)
class Site:
    """Everything that differs between one machine running the site and another."""

    var: Path  # nginx writes here: pid, logs, temporary files, cache
    static_root: Path  # collectstatic's STATIC_ROOT
    certificate: Path
    certificate_key: Path
    upstreams: tuple[str, ...]  # gunicorn instances, "127.0.0.1:8001"
    https_listen: str = "443"
    http_listen: str = "80"
    server_names: tuple[str, ...] = ("localhost",)
    admin_path: str = "admin/"  # DJANGO_ADMIN_PATH
    worker_processes: str = "auto"
    clinic_name: str = "Example Ketamine Clinic"
    clinic_phone: str = "613-555-0100"

    @property
    def https_port(self) -> int:
        return int(self.https_listen.rsplit(":", 1)[-1])

    @property
    def http_port(self) -> int:
        return int(self.http_listen.rsplit(":", 1)[-1])

    @property
    def config(self) -> Path:
        return self.var / "nginx.conf"


def _checked(name: str, value: str, pattern: re.Pattern) -> str:
    if not pattern.fullmatch(value):
        raise NginxError(f"{name} cannot go into the nginx configuration: {value!r}")
    return value


def _path(name: str, path: Path) -> str:
    return _checked(name, str(Path(path).resolve()), SAFE_PATH)


def values(site: Site) -> dict[str, str]:
    if not site.upstreams:
        raise NginxError("at least one upstream (a gunicorn address) is needed")
    https_listen = _checked("https_listen", site.https_listen, LISTEN)
    port = site.https_port
    return {
        "var": _path("var", site.var),
        "static_root": _path("static_root", site.static_root),
        "certificate": _path("certificate", site.certificate),
        "certificate_key": _path("certificate_key", site.certificate_key),
        "error_pages": _path("var", site.var / "errors"),
        "upstream_servers": "\n".join(
            # One failure takes a server out for 10 s: nginx then goes straight to the other.
            f"        server {_checked('upstream', upstream, UPSTREAM)} max_fails=1 "
            "fail_timeout=10s;"
            for upstream in site.upstreams
        ),
        "https_listen": https_listen,
        "http_listen": _checked("http_listen", site.http_listen, LISTEN),
        "https_port_suffix": "" if port == 443 else f":{port}",
        "server_names": " ".join(
            _checked("server_name", name, SERVER_NAME) for name in site.server_names
        ),
        "admin_path": "/" + _checked("admin_path", site.admin_path, ADMIN_PATH),
        "worker_processes": _checked("worker_processes", site.worker_processes, WORKER_PROCESSES),
    }


def fill(template: str, filling: dict[str, str]) -> str:
    """Replace every {{name}}; a name without a value is an error, not an empty string."""
    missing = set(PLACEHOLDER.findall(template)) - set(filling)
    if missing:
        raise NginxError(f"no value for {', '.join(sorted(missing))}")
    return PLACEHOLDER.sub(lambda match: filling[match.group(1)], template)


def render(site: Site) -> str:
    return fill(TEMPLATE.read_text(), values(site))


def write(site: Site) -> Path:
    """The configuration and the error page, written under site.var; returns nginx.conf."""
    for folder in ("tmp", "cache", "errors", "acme/.well-known/acme-challenge"):
        (site.var / folder).mkdir(parents=True, exist_ok=True)
    page = fill(
        ERROR_PAGE.read_text(),
        {
            "clinic_name": html.escape(site.clinic_name),
            "clinic_phone": html.escape(site.clinic_phone),
        },
    )
    (site.var / "errors" / "50x.html").write_text(page)
    site.config.write_text(render(site))
    return site.config


def require_nginx() -> Path:
    if not NGINX.exists():
        raise NginxError(f"nginx is not installed at {NGINX}: run {INSTALL_HINT}")
    return NGINX


def command(site: Site) -> list[str]:
    """nginx on this configuration. -e names the error log before the configuration is read, so
    nginx never opens /var/log/nginx, and -p keeps every relative path under site.var."""
    return [
        str(require_nginx()),
        "-p", f"{site.var.resolve()}/",
        "-c", str(site.config.resolve()),
        "-e", str((site.var / "error.log").resolve()),
    ]  # fmt: skip


def check(site: Site) -> None:
    result = subprocess.run([*command(site), "-t", "-q"], capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        raise NginxError(f"nginx -t refused {site.config}:\n{result.stderr}{result.stdout}")


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def running(site: Site, *, timeout: float = 15):
    """nginx in the foreground on a freshly written configuration; stopped gracefully on exit."""
    write(site)
    check(site)
    log = site.var / "error.log"
    process = subprocess.Popen(command(site), stdin=subprocess.DEVNULL)  # noqa: S603
    try:
        deadline = time.monotonic() + timeout
        while not (_answers(site.https_port) and _answers(site.http_port)):
            if process.poll() is not None:
                raise NginxError(f"nginx exited at start-up; see {log}:\n{_tail(log)}")
            if time.monotonic() > deadline:
                raise NginxError(f"nginx did not listen within {timeout:.0f} s; see {log}")
            time.sleep(0.05)
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    """QUIT lets nginx finish what it is sending; TERM, then KILL, if it takes too long."""
    for sig in (signal.SIGQUIT, signal.SIGTERM, signal.SIGKILL):
        if process.poll() is not None:
            return
        process.send_signal(sig)
        try:
            process.wait(timeout=timeout)
            return
        except subprocess.TimeoutExpired:
            continue


def _tail(log: Path) -> str:
    return log.read_text()[-3000:] if log.exists() else "(no log)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.nginx", description=__doc__)
    parser.add_argument("--var", type=Path, required=True, help="nginx writes here")
    parser.add_argument("--static-root", type=Path, required=True, help="collectstatic's folder")
    parser.add_argument("--certificate", type=Path, required=True)
    parser.add_argument("--certificate-key", type=Path, required=True)
    parser.add_argument("--upstream", action="append", required=True, help="gunicorn's; repeat")
    parser.add_argument("--server-name", action="append", help="repeat; default localhost")
    parser.add_argument("--https-listen", default="443", help="[address:]port (default 443)")
    parser.add_argument("--http-listen", default="80", help="[address:]port (default 80)")
    parser.add_argument("--admin-path", default=os.environ.get("DJANGO_ADMIN_PATH") or "admin/")
    parser.add_argument("--worker-processes", default="auto")
    args = parser.parse_args(argv)
    site = Site(
        var=args.var,
        static_root=args.static_root,
        certificate=args.certificate,
        certificate_key=args.certificate_key,
        upstreams=tuple(args.upstream),
        https_listen=args.https_listen,
        http_listen=args.http_listen,
        server_names=tuple(args.server_name or ["localhost"]),
        admin_path=args.admin_path,
        worker_processes=args.worker_processes,
        clinic_name=os.environ.get("CLINIC_NAME") or Site.clinic_name,
        clinic_phone=os.environ.get("CLINIC_PHONE") or Site.clinic_phone,
    )
    try:
        write(site)
        check(site)
    except NginxError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Wrote {site.config}; start nginx with:\n  {' '.join(command(site))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
