from django.conf import settings

from clinic_site.languages import language_links


def clinic(request):
    """The clinic's identity, for the header, footer and contact details on every page."""
    return {
        **language_links(request),
        # Canonical links ignore the query string: /search/?q=x is canonically /search/.
        "canonical_url": request.build_absolute_uri(request.path),
        "clinic": {
            "name": settings.CLINIC_NAME,
            "phone": settings.CLINIC_PHONE,
            "phone_href": "".join(ch for ch in settings.CLINIC_PHONE if ch.isdigit() or ch == "+"),
            "email": settings.CLINIC_EMAIL,
            "address": settings.CLINIC_ADDRESS,
        },
    }
