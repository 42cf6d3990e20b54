"""A language never changes an outcome (contract 5): for every persona and a few dozen random answer
sets, the scores, fits, ranks, levels, eligibility, lock-in band and the order of every list are the
same in English, Chinese, Malay and Tamil, in the localised result (API, `--lang`) and in the
view-model every output renders.

Run with complete planted catalogues (every text translated, so every lookup and every date is
exercised) and with the committed catalogues (the real translations, as complete as they are)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from babel.support import Translations
from hypothesis import HealthCheck, given, settings

from advisor.catalogues import rules as rule_prose
from advisor.engine import evaluate, load_ruleset
from advisor.presentation import Words, present, property_rules, rule_topics
from advisor.presentation.model import ResultView
from advisor.presentation.prose import localise
from advisor.presentation.words import load_catalogue
from tests.engine.strategies import valid_answers
from tests.planted import LANGUAGES, TRANSLATIONS, plant

RULESET = load_ruleset()


def _words(root: Path, language: str) -> Words:
    found = Translations.load(str(root), [language], domain="messages")
    return Words(found, language, rules=rule_prose.load_catalogue(root, language))


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Words]]:
    planted = plant(tmp_path_factory.mktemp("planted") / "translations")
    return {
        "planted": {language: _words(planted, language) for language in LANGUAGES},
        "committed": {language: _words(TRANSLATIONS, language) for language in LANGUAGES},
    }


def skeleton(node: Any) -> Any:
    """A result without its words (texts, names, meanings, advice): codes, numbers, every order."""
    if isinstance(node, dict):
        return {
            k: skeleton(v) for k, v in node.items() if k not in ("text", "name", "meaning", "advice", "ask")
        }
    if isinstance(node, list):
        return [skeleton(v) for v in node]
    return node


def outcome(view: ResultView) -> dict[str, Any]:
    """What a reader decides on, from the view-model: nothing here may depend on the language."""
    return {
        "score": view.readiness.score,
        "dimensions": [
            (d.id, d.score, d.weight, [x.rule for x in d.reasons]) for d in view.readiness.dimensions
        ],
        "next": [
            (d.id, d.next.score if d.next else None, [c.question for c in d.next.changes] if d.next else None)
            for d in view.readiness.dimensions
        ],
        "programs": [
            (
                p.id,
                p.fit,
                p.rank,
                p.joint,
                p.strength,
                [x.rule for x in p.reasons_for],
                [x.rule for x in p.reasons_against],
                [x.rule for x in p.reasons_other],
                [x.rule for x in p.cautions],
                [(f.key, f.source) for f in p.facts],
                len(p.sources),
            )
            for p in view.programs
        ],
        "top": [(t.id, t.fit) for t in view.summary.top],
        "joint": view.summary.joint,
        "lock_in": (view.lock_in.risk, [x.rule for x in view.lock_in.reasons]),
        "funding": [(f.id, f.eligible, len(f.reasons)) for f in view.funding],
        "actions": [(g.horizon, len(g.steps)) for g in view.actions],
        "what_if": len(view.what_if.changes),
        "properties": [len(x.texts) for x in view.method.properties],
        "joint_ranks": view.joint_ranks,
    }


def check_same(result: dict[str, Any], answers: dict[str, Any], ruleset, words: dict[str, Words]) -> None:
    english = Words(load_catalogue("en"), "en")
    kwargs = dict(
        answers=answers,
        questions=ruleset.questions,
        rule_topics=rule_topics(ruleset),
        properties=property_rules(ruleset),
        weights={d.id: d.weight for d in ruleset.dimensions},
    )
    base = outcome(present(result, english, **kwargs))
    for language, w in words.items():
        assert skeleton(localise(result, w)) == skeleton(result), language
        assert outcome(present(result, w, **kwargs)) == base, language


@pytest.mark.parametrize("which", ["planted", "committed"])
def test_every_persona_has_the_same_outcome_in_every_language(which, catalogues, ruleset, personas) -> None:
    for answers in personas.values():
        for as_of in ("2026-03-01", "2026-12-03", "2028-12-03"):  # before, during, long after the intakes
            dated = dict(answers, as_of=as_of)
            check_same(evaluate(ruleset, dated).to_dict(), dated, ruleset, catalogues[which])


def test_the_planted_catalogues_change_the_words(catalogues, ruleset, personas) -> None:
    # So the test above is meaningful: the planted languages really render other words.
    answers = personas["minimal"]
    result = evaluate(ruleset, answers).to_dict()
    english = present(result, Words(load_catalogue("en"), "en"))
    for language, w in catalogues["planted"].items():
        view = present(result, w)
        assert view.summary.standing != english.summary.standing, language
        assert view.actions[0].steps != english.actions[0].steps, language


# Module-level: hypothesis re-runs the body, so the catalogues are built once here, not per example.
_PLANTED: dict[str, Words] = {}


def _planted_words(tmp: Path) -> dict[str, Words]:
    if not _PLANTED:
        root = plant(tmp / "translations")
        _PLANTED.update({language: _words(root, language) for language in LANGUAGES})
    return _PLANTED


@settings(max_examples=36, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=valid_answers(RULESET))
def test_random_answers_have_the_same_outcome_in_every_language(answers, tmp_path_factory) -> None:
    words = _planted_words(tmp_path_factory.getbasetemp() / "same-outcome")
    check_same(evaluate(RULESET, answers).to_dict(), answers, RULESET, words)
