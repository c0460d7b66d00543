from django import template

from reviews.models import Reason

register = template.Library()


@register.simple_tag
def feedback_reasons():
    """(value, label) of each reason a reader may give, for the form in every article."""
    return Reason.choices
