"""The fixed list of topics an article can belong to, in the order the site shows them."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


# A topic is its slug: the name and description are lazy translations, whose value (and so
# hash) depends on the language active when they are read, so they take no part in comparing
# or hashing a topic. A Topic keys dicts built once per process (Library.by_topic).
@dataclass(frozen=True)
class Topic:
    slug: str
    name: str = field(compare=False)
    description: str = field(compare=False)


TOPICS = (
    Topic(
        "understanding-ketamine-therapy",
        _("Understanding ketamine therapy"),
        _("What ketamine therapy is, how it works, and what research shows about who it may help."),
    ),
    Topic(
        "safety-and-risks",
        _("Safety and risks"),
        _("Side effects, addiction risk, who should not have ketamine, and common myths."),
    ),
    Topic(
        "your-treatment",
        _("Your treatment"),
        _("What happens before, during and after a session, and how therapy fits in."),
    ),
    Topic(
        "access-and-cost",
        _("Access and cost"),
        _("What treatment costs in Canada, what may be covered, and questions to ask a clinic."),
    ),
)

TOPICS_BY_SLUG = {topic.slug: topic for topic in TOPICS}
