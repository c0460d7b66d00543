"""The fixed list of topics an article can belong to, in the order the site shows them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    description: str


TOPICS = (
    Topic(
        "understanding-ketamine-therapy",
        "Understanding ketamine therapy",
        "What ketamine therapy is, how it works, and what research shows about who it may help.",
    ),
    Topic(
        "safety-and-risks",
        "Safety and risks",
        "Side effects, addiction risk, who should not have ketamine, and common myths.",
    ),
    Topic(
        "your-treatment",
        "Your treatment",
        "What happens before, during and after a session, and how therapy fits in.",
    ),
    Topic(
        "access-and-cost",
        "Access and cost",
        "What treatment costs in Canada, what may be covered, and questions to ask a clinic.",
    ),
)

TOPICS_BY_SLUG = {topic.slug: topic for topic in TOPICS}
