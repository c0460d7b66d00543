"""The article path reads top to bottom in one direction, in small modules and short functions.

content files → front_matter → faq_glossary → loader → library → checks, views, feeds, sitemaps
→ clinic_site.page_cache (site infrastructure that knows nothing of articles). Checked with `ast`
on the source, so a new import that points backwards, a lazy import inside a function, a module
over 300 lines or a function over 50 fails here.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ("articles", "clinic_site", "consultations", "reviews")
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 50

# Each module of the article path, by stage: a module may import only from earlier stages.
STAGES = {
    "articles.topics": 0, "articles.rendering": 0,
    "articles.search_text": 0, "articles.search_html": 0,
    "articles.search_index": 1, "articles.search_crisis": 1,
    "articles.search_documents": 2, "articles.search": 3,
    "articles.fingerprints": 0, "articles.structured_data": 0, "articles.attribution": 0,
    "clinic_site.page_cache": 0,
    "articles.front_matter": 1,
    "articles.faq_glossary": 2, "articles.translations": 2,
    "articles.loader": 3,
    "articles.library": 4,
    "articles.checks": 5, "articles.quality": 5, "articles.search_pages": 5,
    "articles.views": 6, "articles.feeds": 6, "articles.sitemaps": 6, "clinic_site.views": 6,
    "articles.management.commands.content_report": 6,
    "articles.management.commands.fingerprint_sources": 6,
    "articles.apps": 7, "articles.urls": 7, "articles.templatetags.site_tags": 7,
    "articles.templatetags.article_layout": 7,
}  # fmt: skip
# Before the views, nothing may know the URLconf beyond reversing a name.
BEFORE_VIEWS = [name for name, stage in STAGES.items() if stage < 5]


def module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


def path_modules() -> dict[str, Path]:
    """Every module of the article path: the articles app, and the site pages and cache."""
    found = {module_name(p): p for p in (ROOT / "articles").rglob("*.py")}
    for name in ("page_cache", "views", "wsgi"):
        found[f"clinic_site.{name}"] = ROOT / "clinic_site" / f"{name}.py"
    return found


def imported(tree: ast.AST, *, top_level_only: bool = False) -> set[str]:
    """The project modules a module imports (a package itself, `articles`, is left out)."""
    names = set()
    for node in tree.body if top_level_only else ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {n for n in names if n.startswith(PROJECT) and n.count(".") >= 1}


def functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


MODULES = path_modules()
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def test_every_module_of_the_article_path_has_a_stage():
    unknown = {
        name for name in MODULES
        if name not in STAGES and not name.endswith(("__init__", "management", "commands",
                                                     "templatetags", "wsgi"))
        and name != "articles"
    }  # fmt: skip
    assert unknown == set()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_module_imports_only_from_earlier_stages(name):
    if name not in STAGES:
        return
    backwards = {
        other for other in imported(TREES[name])
        if other in STAGES and STAGES[other] >= STAGES[name]
    }  # fmt: skip
    assert backwards == set(), f"{name} imports {sorted(backwards)} from its own or a later stage"


@pytest.mark.parametrize("name", BEFORE_VIEWS)
def test_nothing_before_the_views_resolves_urls_or_imports_views(name):
    source = MODULES[name].read_text(encoding="utf-8")
    names = imported(TREES[name])
    assert not any(n.endswith((".views", ".urls")) for n in names)
    assert "resolve(" not in source and "Resolver404" not in source


def test_the_page_cache_knows_nothing_of_articles():
    assert imported(TREES["clinic_site.page_cache"]) == set()


# The content report imports textstat, an optional extra, only when it runs: not a cycle dodged.
OPTIONAL_IMPORTS = {"articles.management.commands.content_report"}


@pytest.mark.parametrize("name", sorted(set(MODULES) - OPTIONAL_IMPORTS))
def test_no_function_imports_lazily(name):
    lazy = [
        f"line {inner.lineno}"
        for function in functions(TREES[name])
        for inner in ast.walk(function)
        if isinstance(inner, ast.Import | ast.ImportFrom)
    ]
    assert lazy == [], f"{name}: an import inside a function ({', '.join(lazy)})"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_are_short_and_functions_shorter(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{name} has {lines} lines"
    long = [
        f"{f.name} ({f.end_lineno - f.lineno + 1} lines)"
        for f in functions(TREES[name])
        if f.end_lineno - f.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


def test_there_is_no_import_cycle_in_the_project():
    modules = {}
    for package in PROJECT:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[module_name(path)] = ast.parse(path.read_text(encoding="utf-8"))
    # What is imported when a module loads (an import inside a function is caught above, for
    # the article path).
    graph = {
        name: imported(tree, top_level_only=True) & modules.keys() for name, tree in modules.items()
    }
    assert find_cycle(graph) == []


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle in `graph` (module → the modules it imports), or [] if there is none."""
    state: dict[str, str] = {}

    def visit(node, trail):
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return trail[trail.index(target) :] + [target] if target in trail else [target]
            if target not in state and (cycle := visit(target, trail + [target])):
                return cycle
        state[node] = "done"
        return []

    for start in sorted(graph):
        if start not in state and (cycle := visit(start, [start])):
            return cycle
    return []


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []
