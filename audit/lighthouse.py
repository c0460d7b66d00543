"""`make audit`: Lighthouse against a production-mode server on 127.0.0.1.

Collects static files, migrates a throwaway SQLite database under var/audit/, starts gunicorn
(the project's gunicorn.conf.py, DEBUG off, behind a stand-in for the TLS proxy: see
behind_tls_proxy.py), runs Lighthouse 12 (audit/node_modules, Debian's Chromium) on three pages,
prints the four scores for each and the CSS+JS bytes each page transferred, and exits non-zero if
a score misses its target. Full reports are left in var/audit/ for a person to read.
"""

import http.client
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "audit"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
LIGHTHOUSE = ROOT / "audit" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
HOST = "127.0.0.1"
PORT = int(os.environ.get("AUDIT_PORT", "8109"))

PAGES = {
    "home": "/",
    "article": "/articles/side-effects/",
    "consultation form": "/consultations/request/",
}
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def production_env() -> dict[str, str]:
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "CLINIC_", "CONSULTATION_", "DATABASE_URL", "REDIS_URL"))
    }
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
        "DATABASE_URL": f"sqlite:///{OUT / 'db.sqlite3'}",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        # The audit server plays the TLS proxy (audit/behind_tls_proxy.py), for Lighthouse on
        # 127.0.0.1: the site believes X-Forwarded-Proto only from a trusted proxy.
        "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
        "GUNICORN_BIND": f"{HOST}:{PORT}",
        "WEB_CONCURRENCY": "2",
    }


def manage(env, *args) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def wait_until_serving(server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped ({server.returncode}); see {OUT / 'server.log'}.")
        try:
            connection = http.client.HTTPConnection(HOST, PORT, timeout=2)
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"gunicorn did not answer on {HOST}:{PORT} within {timeout:.0f} s.")


def lighthouse(name: str, path: str) -> dict:
    base = OUT / name.replace(" ", "-")
    subprocess.run(  # noqa: S603
        [
            LIGHTHOUSE,
            f"http://{HOST}:{PORT}{path}",
            "--quiet",
            "--output=json",
            "--output=html",
            f"--output-path={base}",
            f"--chrome-flags={CHROMIUM_FLAGS}",
            f"--only-categories={','.join(TARGETS)}",
        ],
        cwd=ROOT,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
    )
    return json.loads(Path(f"{base}.report.json").read_text())


def css_and_js_bytes(report: dict) -> int:
    requests = report["audits"]["network-requests"]["details"]["items"]
    return sum(
        item.get("transferSize", 0)
        for item in requests
        if item.get("resourceType") in ("Stylesheet", "Script")
    )


def main() -> int:
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `make audit` (it runs `npm ci` in audit/).")
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium is not at {CHROMIUM}: apt-get install -y chromium, or set CHROME_PATH.")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "db.sqlite3").unlink(missing_ok=True)
    env = production_env()
    manage(env, "collectstatic", "--noinput", "--verbosity=0")
    manage(env, "migrate", "--noinput", "--verbosity=0")

    with open(OUT / "server.log", "w") as log:
        server = subprocess.Popen(  # noqa: S603
            [GUNICORN, "audit.behind_tls_proxy:application"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_serving(server)
        reports = {name: lighthouse(name, path) for name, path in PAGES.items()}
    finally:
        server.terminate()
        server.wait(timeout=10)

    missed = []
    print(f"\n{'page':<20}" + "".join(f"{c:>16}" for c in TARGETS) + f"{'CSS+JS':>12}")
    for name, report in reports.items():
        scores = {c: round(report["categories"][c]["score"] * 100) for c in TARGETS}
        missed += [f"{name}: {c} {s} < {TARGETS[c]}" for c, s in scores.items() if s < TARGETS[c]]
        kilobytes = css_and_js_bytes(report) / 1024
        print(
            f"{name:<20}" + "".join(f"{s:>16}" for s in scores.values()) + f"{kilobytes:>9.1f} KB"
        )
    print(f"\nTargets: {TARGETS}. Reports: {OUT.relative_to(ROOT)}/*.report.html")
    for line in missed:
        print(f"MISSED {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
