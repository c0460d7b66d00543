from django import template
from django.utils.translation import gettext

from reviews.models import Reason

register = template.Library()


@register.simple_tag
def feedback_reasons():
    """(value, label) of each reason a reader may give, for the form in every article, in the
    page's language."""
    return [(value, gettext(label)) for value, label in Reason.choices]
