"""Site-wide promises: every page renders with one <h1> and full metadata; settings fail loudly."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from pytest_django.asserts import assertContains

from tests.production import PRODUCTION, run_manage, settings_module

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent

PAGES = [
    "/", "/articles/", "/articles/topic/understanding-ketamine-therapy/",
    "/articles/topic/safety-and-risks/", "/articles/topic/your-treatment/",
    "/articles/topic/access-and-cost/", "/search/", "/search/?q=side+effects",
    "/search/?q=xylophone", "/get-help-now/", "/about/", "/privacy/", "/accessibility/",
    "/faq/", "/glossary/",
]  # fmt: skip


def article_urls():
    return sorted(f"/articles/{p.stem}/" for p in (ROOT / "content").glob("*.md"))


@pytest.mark.parametrize("url", PAGES + article_urls())
def test_every_page_renders_with_one_h1_and_full_metadata(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.strip() and not title.startswith(" |")
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert 40 <= len(description) <= 320
    assert f'<link rel="canonical" href="http://testserver{url.split("?")[0]}">' in html
    for prop in ("og:title", "og:description", "og:type", "og:url", "og:site_name"):
        assert re.search(rf'<meta property="{prop}" content="[^"]+"', html), prop
    assert 'href="/get-help-now/"' in html and 'href="tel:988"' in html  # the crisis strip


@pytest.mark.parametrize("url", ["/", "/articles/side-effects/", "/consultations/request/"])
def test_every_page_links_to_the_faq_and_the_glossary_from_its_header_or_footer(client, url):
    html = client.get(url).content.decode()
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    footer = html[html.index('<footer class="site-footer">') :]
    for link in ('href="/faq/"', 'href="/glossary/"'):
        assert link in header or link in footer, link


def test_the_clinic_mark_is_an_inline_drawing_hidden_from_screen_readers(client):
    html = client.get("/").content.decode()
    brand = re.search(r'<a class="brand" href="/">(.*?)</a>', html, re.S).group(1)
    assert re.search(r'<svg class="brand-mark"[^>]*aria-hidden="true"', brand)
    assert "<img" not in brand, "drawn inline: no extra request, crisp at any size"
    assert re.sub(r"<[^>]+>", "", brand).strip() == "Example Ketamine Clinic"  # the link's name


def test_every_page_title_is_different(client):
    titles = [
        re.search(r"<title>(.*?)</title>", client.get(u).content.decode()).group(1)
        for u in PAGES[:7] + PAGES[9:]
    ]
    assert len(set(titles)) == len(titles)


@pytest.mark.parametrize("url", PAGES + article_urls())
def test_pages_load_nothing_from_other_origins(client, url):
    html = client.get(url).content.decode()
    sources = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources and all(
        s.startswith("/") or s.startswith("http://testserver/") for s in sources
    ), sources


def test_the_home_page_offers_articles_by_topic_and_a_consultation(client):
    response = client.get("/")
    assertContains(response, "What we offer")
    assertContains(response, 'href="/articles/topic/safety-and-risks/"')
    assertContains(response, 'href="/consultations/request/"')


def test_get_help_now_lists_the_canadian_crisis_lines(client):
    response = client.get("/get-help-now/")
    for text in ("9-8-8", 'href="tel:988"', 'href="sms:988"', "911", "1-800-668-6868", "686868"):
        assertContains(response, text)


def test_the_privacy_notice_is_versioned(client, settings):
    assertContains(
        client.get("/privacy/"), f"Version <strong>{settings.PRIVACY_NOTICE_VERSION}</strong>"
    )


def test_the_about_page_has_the_editorial_policy(client):
    assertContains(client.get("/about/"), 'id="editorial-policy"')


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assertContains(response, "Sitemap: http://testserver/sitemap.xml")


def test_robots_txt_keeps_crawlers_out_of_search_confirmations_and_patients_pages(client):
    robots = client.get("/robots.txt").content.decode().splitlines()
    assert robots[:5] == [
        "User-agent: *",
        "Disallow: /search/",
        "Disallow: /consultations/request/received/",
        "Disallow: /consultations/refer/received/",
        "Disallow: /consultations/your-request/",
    ]


def test_search_engines_may_index_the_consultation_form_but_not_the_confirmation(client):
    robots = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /consultations/request/received/" in robots
    assert not any(line in ("Disallow: /consultations/", "Disallow: /consultations/request/")
                   for line in robots)  # fmt: skip
    assert 'name="robots"' not in client.get("/consultations/request/").content.decode()
    assertContains(client.get("/sitemap.xml"), "http://testserver/consultations/request/")
    # The confirmation page also says noindex itself, for crawlers that ignore robots.txt.
    received = (ROOT / "consultations/templates/consultations/request_received.html").read_text()
    assert '<meta name="robots" content="noindex">' in received


def test_the_faq_carries_faq_page_json_ld(client):
    import json

    html = client.get("/faq/").content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "FAQPage" and 12 <= len(data["mainEntity"]) <= 20


def test_the_500_page_is_in_the_site_look_with_the_crisis_strip(rf):
    from clinic_site.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, something went wrong" in html and 'href="tel:988"' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1


def test_an_error_in_a_view_shows_the_500_page(client, broken_article_list):
    client.raise_request_exception = False
    response = client.get(broken_article_list)
    assert response.status_code == 500
    assertContains(response, "Sorry, something went wrong", status_code=500)


def test_production_redirects_http_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/about/").status_code == 301
    assert client.get("/about/", secure=True).status_code == 200


def test_only_a_trusted_proxy_can_say_the_request_came_over_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/about/", HTTP_X_FORWARDED_PROTO="https").status_code == 301
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's own address
    assert client.get("/about/", HTTP_X_FORWARDED_PROTO="https").status_code == 200


def own_profile(folder):
    """The shipped clinic profile, as a clinic that has made it its own would have it."""
    shipped = (Path(__file__).parents[1] / "content" / "clinic.yml").read_text(encoding="utf-8")
    assert "\nexample: true\n" in shipped
    path = folder / "clinic.yml"
    path.write_text(shipped.replace("\nexample: true\n", "\n"), encoding="utf-8")
    return path


def test_there_are_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_check_deploy_has_no_warnings_with_production_settings(content, tmp_path):
    """On content whose reviews are current: an overdue review is a warning by design (see
    tests/articles), and the real content's dates must not decide whether this passes. And with
    a clinic profile of the clinic's own: the shipped examples are a warning too (below)."""
    content.write("first-article")
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        **PRODUCTION, ARTICLES_CONTENT_DIR=str(content.root),
        CLINIC_PROFILE=str(own_profile(tmp_path)),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_while_the_clinic_profile_holds_its_examples():
    """In this process: the real start-up's `check --deploy` is the test above."""
    with pytest.raises(SystemCheckError, match="clinic.W001"):
        call_command("check", "--deploy", "--fail-level", "WARNING")


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "clinic.example.com"}, "DJANGO_SECRET_KEY"),
        ({**PRODUCTION, "DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": PRODUCTION["DJANGO_SECRET_KEY"]}, "DJANGO_ALLOWED_HOSTS"),
        ({**PRODUCTION, "DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG"),
        ({**PRODUCTION, "DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL"),
        ({**PRODUCTION, "REDIS_URL": "http://localhost"}, "REDIS_URL"),
        ({**PRODUCTION, "CLINIC_TIME_ZONE": "Mars/Olympus"}, "CLINIC_TIME_ZONE"),
        ({**PRODUCTION, "CLINIC_EMAIL": "not-an-email"}, "CLINIC_EMAIL"),
        ({**PRODUCTION, "CLINIC_PHONE": "call us"}, "CLINIC_PHONE"),
        ({**PRODUCTION, "CONSULTATION_RETENTION_DAYS": "forever"}, "CONSULTATION_RETENTION_DAYS"),
        ({**PRODUCTION, "DJANGO_ADMIN_PATH": "/Admin"}, "DJANGO_ADMIN_PATH"),
        # Gone: the reply time is the clinic profile's `reply_time`, and saying so beats
        # silently promising something else than the operator set.
        ({**PRODUCTION, "CONSULTATION_REPLY_TIME": "one day"}, "CONSULTATION_REPLY_TIME"),
    ],
)
def test_a_bad_setting_stops_start_up_naming_the_variable(monkeypatch, env, named):
    with pytest.raises(ImproperlyConfigured, match=named):
        settings_module(monkeypatch, **env)


def test_a_process_with_a_bad_setting_refuses_to_start():
    """The same, as a real start-up: manage.py exits with the message, not a traceback
    halfway through serving."""
    result = run_manage("check", **PRODUCTION, CLINIC_TIME_ZONE="Mars/Olympus")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "CLINIC_TIME_ZONE" in result.stderr


def test_development_mode_starts_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_favicon_ico_at_the_root_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].startswith("/static/img/favicon")
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    icon.close()  # a file response: close the file it streams
