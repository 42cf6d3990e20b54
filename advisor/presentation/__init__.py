"""The presentation layer: a result (contract 2) into a typed view-model in one language.

Flask-free and database-free (a test imports this package alone in a subprocess and checks): the
results page, the workspace page, the PDF and `advisor score --format text` all render its one
object. See README.md.
"""

from .build import present, property_rules, rule_topics
from .model import ResultView
from .words import Words, load_catalogue, words_for

__all__ = ["ResultView", "Words", "load_catalogue", "present", "property_rules", "rule_topics", "words_for"]
