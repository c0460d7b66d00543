"""schema.org JSON-LD for article and FAQ pages."""

from django.conf import settings
from django.utils.translation import gettext

from clinic_site.locales import current, locale


def medical_web_page(article, url: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": article.title,
        "headline": article.title,
        "description": article.summary,
        "url": url,
        "inLanguage": locale(article.language),
        "datePublished": article.published.isoformat(),
        "dateModified": article.changed.isoformat(),
        "lastReviewed": article.last_reviewed.isoformat(),
        "reviewedBy": {
            "@type": "Organization",
            "name": f"{article.reviewed_by}, {settings.CLINIC_NAME}",
        },
        "publisher": {"@type": "MedicalOrganization", "name": settings.CLINIC_NAME},
        "about": {"@type": "MedicalTherapy", "name": gettext("Ketamine therapy")},
        "keywords": ", ".join(article.tags),
        "citation": [reference.citation for reference in article.references],
    }


def faq_page(entries) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": locale(current()),
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.heading,
                "acceptedAnswer": {"@type": "Answer", "text": entry.text},
            }
            for entry in entries
        ],
    }
