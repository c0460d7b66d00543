import datetime
import os
import textwrap
from pathlib import Path

import pytest
import yaml
from django.conf import settings as django_settings
from django.db.backends.signals import connection_created
from django.test.signals import template_rendered

from articles.library import reset_library_cache

REAL_CONTENT = django_settings.ARTICLES_CONTENT_DIR


# Tests that need a real service run whenever its variable points at one (.ci/run sets both);
# without it they are left out, and the run says so in one line. Nothing else is ever skipped.
SERVICES = {
    "postgresql": ("PostgreSQL", "DATABASE_URL", ("postgres://", "postgresql://")),
    "redis": ("Redis", "REDIS_URL", ("redis://", "rediss://", "unix://")),
}
_left_out: dict[str, list[str]] = {}


def configured(service: str) -> bool:
    _, variable, schemes = SERVICES[service]
    return os.environ.get(variable, "").startswith(schemes)


def pytest_configure(config):
    for service, (name, variable, _) in SERVICES.items():
        config.addinivalue_line(
            "markers", f"{service}: needs {name}; runs only when {variable} points at one"
        )


def pytest_collection_modifyitems(config, items):
    keep, dropped = [], []
    for item in items:
        missing = [s for s in SERVICES if item.get_closest_marker(s) and not configured(s)]
        for service in missing:
            _left_out.setdefault(service, []).append(item.nodeid)
        (dropped if missing else keep).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def pytest_xdist_make_scheduler(config, log):
    """Under pytest-xdist (`make test` runs two workers) the browser tests stay together on one
    worker, one after another: they share one Chromium and one live server, and two browsers at
    once were slower than one. Every other test is handed out singly to whichever worker is free.
    (xdist's own `loadgroup` does not group under pytest 9.2: pytest-xdist issue #1386.)

    The deploy tests stay together too, on whichever worker is free: they share one nginx and
    gunicorn stack, which each worker would otherwise start again. The French browser tests
    make a second browser group, so the worker without the English ones takes them up."""
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            # The French browser tests are a group of their own, for whichever worker is free
            # once its share of the rest is done: one Chromium per worker, never two at once.
            if nodeid.startswith("tests/browser/test_french_"):
                return "browser-fr"
            for group in ("browser", "deploy"):
                if nodeid.startswith(f"tests/{group}/"):
                    return group
            return nodeid

    return BrowserTestsTogether(config, log)


def _tell_the_controller_what_was_left_out(config):
    if hasattr(config, "workeroutput"):  # an xdist worker: tell the controller what it left out
        config.workeroutput["left_out"] = _left_out


def pytest_testnodedown(node, error):
    """The controller learns from each worker which tests it left out (all collect the same)."""
    _left_out.update(getattr(node, "workeroutput", {}).get("left_out", {}))


def pytest_terminal_summary(terminalreporter):
    if not _left_out:
        return
    parts = []
    for service, nodeids in _left_out.items():
        name, variable, _ = SERVICES[service]
        tests = ", ".join(nodeid.split("::", 1)[-1] for nodeid in nodeids)
        parts.append(f"{len(nodeids)} tests that need {name} ({variable} is not set): {tests}")
    terminalreporter.write_line("Left out " + "; ".join(parts), yellow=True)


def pytest_sessionfinish(session, exitstatus):
    """A skipped test is a failure here: a test runs, or is left out for a missing service."""
    _tell_the_controller_what_was_left_out(session.config)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and session.exitstatus == 0:
        reporter.write_line(f"{len(skipped)} test(s) skipped: this suite skips none.", red=True)
        session.exitstatus = 1


# On SQLite the audit log refuses DELETE unless audit_log_may_be_emptied() says yes, and only the
# test suite defines that function (migration 0010): it must empty its database between tests.
# A test of the trigger sets this to False.
AUDIT_LOG_MAY_BE_EMPTIED = {"now": True}


def _let_the_suite_empty_the_audit_log(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "audit_log_may_be_emptied", 0, lambda: int(AUDIT_LOG_MAY_BE_EMPTIED["now"])
        )


connection_created.connect(_let_the_suite_empty_the_audit_log)

MIGRATED_ROLES: dict[str, list[tuple[str, str]]] = {}


@pytest.fixture(scope="session", autouse=True)
def migrated_roles(request, django_db_setup, django_db_blocker) -> dict[str, list[tuple[str, str]]]:
    """The staff roles as the data migrations made them, read before any transactional test (a
    browser test, say) empties the database; `restore_roles()` puts them back. (Serialized
    rollback cannot: once Playwright's event loop runs, Django hands its thread a different
    connection object, without the serialized data.)"""
    from django.contrib.auth.models import Group
    from pytest_django.fixtures import _get_databases_for_setup

    if not _get_databases_for_setup(request.session.items)[0]:
        return MIGRATED_ROLES  # no test in this run uses a database, so none was made
    with django_db_blocker.unblock():
        MIGRATED_ROLES.update(
            (group.name, list(group.permissions.values_list("content_type__app_label", "codename")))
            for group in Group.objects.all()
        )
    return MIGRATED_ROLES


def restore_roles() -> None:
    """Put back the staff roles if a transactional test emptied the database before this one."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    if Group.objects.filter(name__in=MIGRATED_ROLES).count() == len(MIGRATED_ROLES):
        return
    for name, permissions in MIGRATED_ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = Q(pk__in=[])
        for app_label, codename in permissions:
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, so no rate-limit count (the feedback form's, say)
    carries over from an earlier test. In memory that was so already; with REDIS_URL (CI's
    second run) it is not: the counts outlive the test. Each xdist worker has its own Redis
    database (tests/settings.py), so this empties only this worker's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fresh_library(settings):
    """Each test sees the content its own settings point at. The real content, unchanged by
    the suite, is loaded once and kept; a test that points elsewhere or turns DEBUG on (which
    shows drafts) leaves a fresh load behind it."""
    yield
    if settings.DEBUG or settings.ARTICLES_CONTENT_DIR != REAL_CONTENT:
        reset_library_cache()


@pytest.fixture
def broken_article_list(monkeypatch):
    """/articles/ fails as a bug in its view would. The library is loaded afresh, so no page
    finished by an earlier test answers in the view's place."""
    import articles.views

    reset_library_cache()
    monkeypatch.setattr(articles.views, "get_library", lambda: 1 / 0)
    return "/articles/"


ARTICLE = """\
---
title: {title}
summary: {summary}
category: {category}
tags: [testing]
published: 2026-01-10
last_reviewed: {last_reviewed}
next_review: {next_review}
reviewed_by: Clinical team
references:
  - citation: "Example A (2020). A study. Journal 1:1-2."
  - citation: "Example B (2021). Another study. Journal 2:3-4."
    doi: 10.1000/example
{extra}---

{body}
"""


class ContentTree:
    """A temporary content folder that tests fill with articles, valid or broken."""

    def __init__(self, root: Path):
        self.root = root
        # A fresh review, due in six months, on whatever day the suite runs: a date fixed here
        # would make every test that loads this tree fail once it passed.
        today = datetime.date.today()
        self.last_reviewed = (today - datetime.timedelta(days=30)).isoformat()
        self.next_review = (today + datetime.timedelta(days=180)).isoformat()

    def write(self, slug: str, body: str = "Some text about ketamine. [@1]", *, folder: str = "",
              raw: str | None = None, **fields) -> Path:  # fmt: skip
        values = {
            "title": f"Title of {slug}",
            "summary": "A short summary of the article.",
            "category": "safety-and-risks",
            "last_reviewed": self.last_reviewed,
            "next_review": self.next_review,
            "extra": "",
            "body": textwrap.dedent(body),
        }
        values.update(fields)
        path = self.root / folder / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(raw if raw is not None else ARTICLE.format(**values), encoding="utf-8")
        return path

    def write_guides(self, article: str):
        (self.root / "faq.yml").write_text(
            f"- question: Is it safe?\n  answer: It depends.\n  article: {article}\n",
            encoding="utf-8",
        )
        (self.root / "glossary.yml").write_text(
            "- term: Dissociation\n  definition: Feeling detached.\n", encoding="utf-8"
        )


@pytest.fixture
def content(tmp_path, settings):
    settings.ARTICLES_CONTENT_DIR = tmp_path / "content"
    settings.ARTICLES_CONTENT_DIR.mkdir()
    tree = ContentTree(settings.ARTICLES_CONTENT_DIR)
    tree.write_guides("first-article")
    return tree


@pytest.fixture
def renders():
    """The names of the templates rendered during the test, in order."""
    seen = []

    def record(sender, template, **kwargs):
        seen.append(template.name)

    template_rendered.connect(record)
    yield seen
    template_rendered.disconnect(record)


SHIPPED_PROFILE = Path(django_settings.CLINIC_PROFILE)


@pytest.fixture
def clinic_profile(settings, tmp_path):
    """`clinic_profile(reply_time="one business day")`: the shipped clinic profile with those
    fields changed, in a file of its own that CLINIC_PROFILE then points at (a new setting, so
    the finished pages and the blank form are made again)."""
    written = []

    def write(**changes):
        data = yaml.safe_load(SHIPPED_PROFILE.read_text(encoding="utf-8"))
        data.update(changes)
        path = tmp_path / f"clinic-{len(written)}.yml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        written.append(path)
        settings.CLINIC_PROFILE = path
        return path

    return write
