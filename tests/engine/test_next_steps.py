"""From answer to action in the result (contract 2, round 3): `strength` from the published bands,
`start` and `cost` on every programme, `start` and `pays` on every funding scheme, each with a source;
`advisor rules check` refuses a missing entry and any URL the fact sheet does not list."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from advisor.engine import evaluate, load_ruleset
from advisor.engine.load_next_steps import FACT_SHEET, strength_of, urls_in

from ..conftest import RULES_DIR
from .test_cli import run
from .test_loader import edit, load_problems

SOURCE_KEYS = ["title", "url", "as_of", "confidence"]
PROGRAM_KEYS = [
    "id",
    "name",
    "fit",
    "rank",
    "strength",
    "reasons",
    "cautions",
    "attributes",
    "start",
    "cost",
    "sources",
]


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target


def _where_to_start_urls() -> set[str]:
    """The URLs of the fact sheet's "Where to start" list (the only pages a start link may open)."""
    text = (RULES_DIR / FACT_SHEET).read_text()
    section = text.split("## Where to start", 1)[1].split("\n## ", 1)[0]
    return urls_in(section)


def test_every_programme_and_scheme_says_where_to_start_and_what_it_costs_or_pays(ruleset, personas):
    result = evaluate(ruleset, personas["minimal"]).to_dict()
    where_to_start = _where_to_start_urls()
    for p in result["programs"]:
        assert list(p) == PROGRAM_KEYS
        start, cost = p["start"], p["cost"]
        assert list(start) == ["url", "ask", "source"] and (start["url"] or start["ask"])
        assert start["url"] is None or start["url"] in where_to_start, p["id"]
        assert list(cost) == ["text", "currency", "amount", "per", "as_of", "source"] and cost["text"]
        assert cost["as_of"] == cost["source"]["as_of"]
        assert list(start["source"]) == SOURCE_KEYS and list(cost["source"]) == SOURCE_KEYS
        if cost["amount"]:
            assert cost["currency"] and cost["per"]
    for f in result["funding"]:
        assert list(f) == ["id", "name", "eligible", "reasons", "start", "pays", "sources"]
        assert f["start"]["url"] is None or f["start"]["url"] in where_to_start, f["id"]
        assert f["start"]["url"] or f["start"]["ask"]
        assert f["pays"]["text"] and list(f["pays"]["source"]) == SOURCE_KEYS


def test_costs_stay_in_their_own_currency_with_their_date(ruleset, personas):
    programs = {p["id"]: p for p in evaluate(ruleset, personas["minimal"]).to_dict()["programs"]}
    aws = programs["aws-skill-builder"]["cost"]
    assert (aws["currency"], aws["amount"], aws["per"], aws["as_of"]) == (
        "USD",
        449,
        "seat_year",
        "2026-11-29",
    )
    assert programs["alibaba-qwen-ntuc"]["start"]["url"] is None  # no public page: who to ask instead
    assert "NTUC" in programs["alibaba-qwen-ntuc"]["start"]["ask"]


def test_scheme_conditions_for_training_are_said(ruleset, personas):
    funding = {f["id"]: f for f in evaluate(ruleset, personas["minimal"]).to_dict()["funding"]}
    assert "SkillsFuture Singapore (SSG)" in funding["sfec"]["pays"]["text"]
    assert "pre-approved vendors only" in funding["psg"]["pays"]["text"]


def test_strength_is_the_published_band_of_the_fit(ruleset, personas):
    bands = ruleset.strength_bands
    assert [b.id for b in bands] == ["strong", "fair", "weak"] and bands[-1].min == 0
    for answers in personas.values():
        for p in evaluate(ruleset, answers).to_dict()["programs"]:
            band = next(b for b in bands if p["fit"] >= b.min)
            assert p["strength"] == band.id
    # The lowest band starts at 0 and the bands rise: a fit of 45 is no strong pick.
    assert next(b for b in bands if b.min <= 45).id != "strong"


@pytest.mark.parametrize(
    ("fit", "band"), [(100, "strong"), (70, "strong"), (69, "fair"), (50, "fair"), (49, "weak"), (0, "weak")]
)
def test_strength_band_edges(ruleset, fit, band):
    assert strength_of(ruleset.strength_bands, fit) == band


def test_a_missing_cost_start_or_pays_fails_the_check(rules_copy):
    path = rules_copy / "next-steps.yaml"
    text = path.read_text()
    aws = text.index("  aws-skill-builder:\n")
    cost = text.index("    cost:", aws)
    end = text.index("  google-cloud-skills-boost:", cost)
    text = text[:cost] + text[end:]  # aws-skill-builder loses its cost
    text = text.replace("  edg:\n    start:\n", "  edg:\n    nothing:\n", 1)
    path.write_text(text)
    problems = load_problems(rules_copy)
    assert "next-steps.yaml: aws-skill-builder: 'cost' is missing" in problems
    assert "next-steps.yaml: edg: 'start' is missing" in problems
    assert "next-steps.yaml: edg: unknown key 'nothing'" in problems or any(
        p.startswith("next-steps.yaml: edg:") and "nothing" in p for p in problems
    )


def test_a_programme_without_an_entry_fails_the_check(rules_copy):
    path = rules_copy / "next-steps.yaml"
    path.write_text(path.read_text().replace("  multi-model:\n", "  multi-model-old:\n", 1))
    assert "next-steps.yaml: multi-model: needs 'start' and 'cost' (where to start, and what it cost)" in (
        load_problems(rules_copy)
    )


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("      currency: USD\n", "      currency: usd\n", "'cost': 'currency' must be an ISO code"),
        ("      per: seat_year\n", "      per: seat\n", "'cost': 'per' must be one of"),
        (
            "      currency: USD\n",
            "      currency: null\n",
            "'cost': an amount needs its 'currency' and 'per'",
        ),
        ("      source: aws-pricing\n", "      source: nowhere\n", "'cost': unknown source 'nowhere'"),
    ],
)
def test_a_bad_cost_is_refused(rules_copy, old, new, problem):
    edit(rules_copy / "next-steps.yaml", old, new)
    assert any(
        p.startswith("next-steps.yaml: aws-skill-builder: " + problem) for p in load_problems(rules_copy)
    )


def test_a_start_needs_a_page_or_someone_to_ask(rules_copy):
    edit(
        rules_copy / "next-steps.yaml",
        "      url: https://skillbuilder.aws/\n      ask: null\n",
        "      url: null\n      ask: null\n",
    )
    assert (
        "next-steps.yaml: aws-skill-builder: 'start' needs a 'url' or an 'ask' (who to ask)"
        in load_problems(rules_copy)
    )


def test_a_url_not_in_the_fact_sheet_fails_the_check(rules_copy, monkeypatch, capsys):
    edit(
        rules_copy / "programs" / "aws-skill-builder.yaml",
        "    url: https://aws.amazon.com/training/digital/pricing/\n",
        "    url: https://aws.amazon.com/training/digital/pricing/\n# guessed: https://example.com/aws-sme\n",
    )
    edit(
        rules_copy / "next-steps.yaml",
        "url: https://aisingapore.org/\n",
        "url: https://aisingapore.org/join\n",
    )
    problems = load_problems(rules_copy)
    guessed = "URL https://example.com/aws-sme is not in the fact sheet (facts.md)"
    assert f"programs/aws-skill-builder.yaml: -: {guessed}" in problems
    assert (
        "next-steps.yaml: -: URL https://aisingapore.org/join is not in the fact sheet (facts.md)" in problems
    )
    code, _, err = run(monkeypatch, capsys, ["rules", "check", str(rules_copy)])
    assert code == 1 and "https://example.com/aws-sme is not in the fact sheet" in err


def test_the_fact_sheet_is_required(rules_copy):
    (rules_copy / FACT_SHEET).unlink()
    assert load_problems(rules_copy) == [
        "facts.md: -: the fact sheet is missing: every URL in the rules must come from it"
    ]


def test_every_url_in_the_shipped_rules_is_in_the_fact_sheet():
    known = urls_in((RULES_DIR / FACT_SHEET).read_text())
    for path in RULES_DIR.rglob("*.yaml"):
        assert urls_in(path.read_text()) <= known, path


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "    min: 50\n",
            "    min: 80\n",
            "strength.yaml: -: bands must be listed from the highest 'min' down",
        ),
        ("    min: 0\n", "    min: 10\n", "strength.yaml: weak: the last band must start at 0"),
    ],
)
def test_bad_strength_bands_are_refused(rules_copy, old, new, problem):
    edit(rules_copy / "strength.yaml", old, new)
    assert any(p.startswith(problem) for p in load_problems(rules_copy))


def test_the_fact_sheet_copy_matches_the_where_to_start_list():
    """The Where-to-start list holds https pages only: no guessed or plain-http link."""
    urls = _where_to_start_urls()
    assert urls and all(re.match(r"https://", u) for u in urls)


def test_rules_without_round_3_files_still_refuse_to_load(rules_copy):
    (rules_copy / "strength.yaml").unlink()
    (rules_copy / "next-steps.yaml").unlink()
    problems = load_problems(rules_copy)
    assert (
        "strength.yaml: -: file is missing" in problems and "next-steps.yaml: -: file is missing" in problems
    )


def test_loading_is_unchanged_for_the_shipped_rules():
    assert load_ruleset(RULES_DIR).program_steps.keys() == {p.id for p in load_ruleset(RULES_DIR).programs}


@pytest.mark.parametrize("persona", ["minimal", "precision-engineering"])
def test_the_text_summary_says_strength_cost_pays_and_where_to_start(ruleset, personas, persona):
    """Compared with the view-model of the same result, not with programme names: which programme
    ranks first follows the rules, which change."""
    from advisor.cli import format_text
    from advisor.presentation import present, words_for

    answers = personas[persona]
    result = evaluate(ruleset, answers)
    text = format_text(result, ruleset, answers)
    view = present(result.to_dict(), words_for("en"), answers=answers, questions=ruleset.questions)
    summary = text.split("Your answer in short:", 1)[1].split("\n\n", 1)[0]
    firsts = [p for p in result.to_dict()["programs"] if p["rank"] == 1]
    assert [a.id for a in view.summary.actions] == [p["id"] for p in firsts]
    for line, raw in zip(view.summary.actions, firsts, strict=True):
        assert line.strength == raw["strength"]
        assert line.strength_line in summary and f"{raw['fit']} out of 100" in line.strength_line
        assert ("Nothing fits well yet" in summary) == (raw["strength"] == "weak")
        assert line.cost_text and line.cost_text in summary
        if raw["cost"]["amount"] and raw["cost"]["currency"] == "SGD":
            assert "budget" in line.cost_text  # set against the owner's monthly budget
        if raw["start"]["url"]:
            assert f"Where to start: {raw['start']['url']}" in summary
        if raw["start"]["ask"]:
            assert raw["start"]["ask"] in summary
    funding = text.split("Funding and support", 1)[1]
    for f, raw in zip(view.funding, result.to_dict()["funding"], strict=True):
        assert f.pays_text == f"What it pays: {raw['pays']['text']}" and f.pays_text in funding
        if raw["start"]["url"]:
            assert f"Where to start: {raw['start']['url']}" in funding
