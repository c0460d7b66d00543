"""French translations in a test content tree (the `content` fixture of tests/conftest.py)."""

from articles.translations import revision

BODY = "Un texte sur la kétamine et l'eskétamine. [@1]\n\nLire [l'article](/fr/faq/)."


def translate(content, slug="premier-article", *, source="first-article.md", rev=None, **fields):
    """A French translation of `source` in content/fr/, current unless `rev` says otherwise."""
    if rev is None:
        rev = revision(content.root / source) if source else ""
    extra = f"source: {source}\nsource_revision: {rev}\n" if source else ""
    return content.write(slug, fields.pop("body", BODY), folder="fr", extra=extra, **fields)


def french_guides(content, article="premier-article"):
    folder = content.root / "fr"
    folder.mkdir(exist_ok=True)
    review = f"last_reviewed: {content.last_reviewed}\nnext_review: {content.next_review}\n"
    review += "reviewed_by: Équipe clinique\n"
    for name, entry in (
        ("faq", f"  - question: Est-ce sûr?\n    answer: Cela dépend.\n    article: {article}\n"),
        ("glossary", "  - term: Dissociation\n    definition: Se sentir détaché.\n"),
    ):
        source = f"source: {name}.yml\nsource_revision: {revision(content.root / f'{name}.yml')}\n"
        (folder / f"{name}.yml").write_text(review + source + "entries:\n" + entry, "utf-8")
