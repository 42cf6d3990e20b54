"""`advisor i18n check`, the term base and the rule-prose catalogue (pure: no app needed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from advisor.catalogues import rules as rule_prose
from advisor.catalogues.check import (
    ADVISOR_ONLY,
    advisor_only,
    check,
    compile_catalog,
    extract_messages,
    glossary_drift,
    load_glossary,
    placeholders,
    tags,
    write_catalog,
)
from advisor.cli import main

from .conftest import REPO, RULES_DIR

TRANSLATIONS = REPO / "translations"
GREETING = 'Hello %(name)s, see <a href="%(url)s">your <strong>result</strong></a>.'
CREDIT = "The SkillsFuture Enterprise Credit may pay for SSG-funded courses."


def _read_po(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


def _po(root: Path, language: str, entries: dict[str, str], fuzzy: tuple[str, ...] = ()) -> Path:
    catalog = Catalog(locale=language, domain="messages", fuzzy=False)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr, flags={"fuzzy"} if msgid in fuzzy else set())
    po = root / language / "LC_MESSAGES" / "messages.po"
    write_catalog(po, catalog)
    compile_catalog(po)
    return po


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A small, complete Chinese catalogue beside the real glossary and rules template."""
    root = tmp_path / "translations"
    root.mkdir()
    shutil.copy(TRANSLATIONS / "glossary.yaml", root)
    template = Catalog(domain="messages", fuzzy=False)
    template.add(GREETING)
    template.add(CREDIT)
    write_catalog(root / "messages.pot", template)
    shutil.copy(TRANSLATIONS / "rules.pot", root)
    _po(
        root,
        "zh",
        {
            GREETING: '%(name)s您好，请看<a href="%(url)s">您的<strong>结果</strong></a>。',
            CREDIT: "技能创前程企业补助（SFEC）可以支付由SSG资助的课程。",
        },
    )
    return root


def _problems(root: Path, offered: tuple[str, ...] = ("en", "zh")) -> list[str]:
    # Rules completeness is not what these tests are about: offer zh for app words only.
    return [p for p in check(root, offered=offered) if "rules.po" not in p]


def test_the_committed_catalogues_pass_for_the_offered_languages() -> None:
    assert check(TRANSLATIONS, offered=("en",), source_root=REPO, rules_dir=RULES_DIR) == []


def test_an_incomplete_language_cannot_be_offered(tmp_path: Path) -> None:
    # A copy of the real catalogues with one owner-facing Tamil message emptied: the test must not
    # depend on which languages happen to be incomplete today.
    root = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, root)
    po = root / "ta" / "LC_MESSAGES" / "messages.po"
    catalog = _read_po(po)
    owner_words = next(m for m in catalog if m.id and not advisor_only(m) and isinstance(m.id, str))
    owner_words.string = ""
    write_catalog(po, catalog)
    compile_catalog(po)
    problems = check(root, offered=("en", "ta"), rules_dir=RULES_DIR)
    assert problems and all("ta/LC_MESSAGES" in p for p in problems)
    assert any("not translated" in p for p in problems)


def test_a_complete_planted_catalogue_passes(planted: Path) -> None:
    assert _problems(planted) == []


def test_a_fuzzy_entry_fails(planted: Path) -> None:
    _po(
        planted,
        "zh",
        {
            GREETING: '%(name)s您好，请看<a href="%(url)s">您的<strong>结果</strong></a>。',
            CREDIT: "技能创前程企业补助（SFEC）可以支付由SSG资助的课程。",
        },
        fuzzy=(CREDIT,),
    )
    (problem,) = _problems(planted)
    assert "zh/LC_MESSAGES/messages.po" in problem and "fuzzy" in problem


def test_an_empty_entry_fails(planted: Path) -> None:
    _po(planted, "zh", {GREETING: "", CREDIT: "技能创前程企业补助（SFEC）可以支付由SSG资助的课程。"})
    assert [p for p in _problems(planted) if "not translated" in p]


def test_words_only_advisors_see_may_stay_english_but_owner_words_may_not(planted: Path) -> None:
    advisor_words, owner_words = "Clients needing attention", "Agree and start"
    template = Catalog(domain="messages", fuzzy=False)
    template.add(advisor_words, locations=[("templates/workspace/attention.html", 3)])
    template.add(owner_words, locations=[("templates/workspace/invite.html", 9)])
    for entry in template:
        if entry.id and advisor_only(entry):
            entry.auto_comments.append(ADVISOR_ONLY)
    write_catalog(planted / "messages.pot", template)
    _po(planted, "zh", {advisor_words: "", owner_words: ""})
    problems = _problems(planted)
    assert len(problems) == 1 and "Agree and start" in problems[0] and "not translated" in problems[0]


def test_the_extracted_template_marks_advisor_only_words() -> None:
    template = extract_messages(REPO)
    marked = {str(m.id) for m in template if m.id and ADVISOR_ONLY in m.auto_comments}
    assert "See my results" not in marked
    assert marked and all(advisor_only(m) for m in template if m.id and str(m.id) in marked)


def test_a_broken_placeholder_fails_even_in_a_language_not_offered(planted: Path) -> None:
    _po(
        planted,
        "zh",
        {
            GREETING: '%(nom)s您好，请看<a href="%(url)s">您的<strong>结果</strong></a>。',
            CREDIT: "技能创前程企业补助（SFEC）可以支付由SSG资助的课程。",
        },
    )
    for offered in (("en", "zh"), ("en",)):
        problems = _problems(planted, offered)
        assert len(problems) == 1 and "placeholders differ" in problems[0], problems


def test_a_plural_form_may_drop_the_count_but_not_add_a_placeholder(planted: Path) -> None:
    template = Catalog(domain="messages", fuzzy=False)
    template.add(("There is a problem", "There are %(num)d problems"))
    write_catalog(planted / "messages.pot", template)
    catalog = Catalog(locale="zh", domain="messages", fuzzy=False)
    catalog.add(("There is a problem", "There are %(num)d problems"), ("有%(num)d个问题",))
    write_catalog(planted / "zh" / "LC_MESSAGES" / "messages.po", catalog)
    compile_catalog(planted / "zh" / "LC_MESSAGES" / "messages.po")
    assert _problems(planted) == []
    catalog = Catalog(locale="zh", domain="messages", fuzzy=False)
    catalog.add(("There is a problem", "There are %(num)d problems"), ("有%(count)d个问题",))
    write_catalog(planted / "zh" / "LC_MESSAGES" / "messages.po", catalog)
    compile_catalog(planted / "zh" / "LC_MESSAGES" / "messages.po")
    assert [p for p in _problems(planted) if "placeholders differ" in p]


def test_a_changed_html_tag_fails(planted: Path) -> None:
    _po(
        planted,
        "zh",
        {
            GREETING: '%(name)s您好，请看<a href="%(url)s">您的<b>结果</b></a>。',
            CREDIT: "技能创前程企业补助（SFEC）可以支付由SSG资助的课程。",
        },
    )
    (problem,) = _problems(planted)
    assert "HTML tags differ" in problem


def test_a_glossary_drift_fails(planted: Path) -> None:
    _po(
        planted,
        "zh",
        {
            GREETING: '%(name)s您好，请看<a href="%(url)s">您的<strong>结果</strong></a>。',
            CREDIT: "未来技能企业信用（SFEC）可以支付由SSG资助的课程。",
        },
    )
    (problem,) = _problems(planted)
    assert "glossary" in problem and "技能创前程企业补助" in problem


def test_a_stale_template_fails(planted: Path, tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "templates").mkdir(parents=True)
    (source / "babel.cfg").write_text("[jinja2: templates/**.html]\n")
    (source / "templates" / "page.html").write_text(
        f"{{{{ _({GREETING!r}) }}}} {{{{ _('A new sentence.') }}}}"
    )
    problems = check(planted, offered=("en",), source_root=source)
    assert any("messages.pot: stale" in p for p in problems)


def test_a_folder_flask_babel_would_never_find_fails(planted: Path) -> None:
    (planted / "zh_Hans" / "LC_MESSAGES").mkdir(parents=True)
    assert any(p.startswith("zh_Hans/") for p in _problems(planted))


def test_an_outdated_compiled_catalogue_fails(planted: Path) -> None:
    po = planted / "zh" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace("结果", "成绩"), encoding="utf-8")
    assert any("compiled .mo" in p for p in _problems(planted))


def test_placeholder_tag_and_glossary_helpers() -> None:
    assert placeholders("%(a)s and {b} and %d") == placeholders("{b}, %d, %(a)s")
    assert tags('<a href="x">y</a>') == tags("<A>z</a>")
    terms = load_glossary(TRANSLATIONS / "glossary.yaml")
    assert glossary_drift("Ask about the PSG.", "询问PSG。", "zh", terms) == []
    assert glossary_drift("Use AI tools.", "使用AI工具。", "zh", terms) == ["'AI' must be '人工智能'"]
    # The longer term decides: "SkillsFuture" inside SFEC's name is not checked again.
    assert glossary_drift(CREDIT, "技能创前程企业补助可以支付SSG课程。", "zh", terms) == []
    assert glossary_drift("Paid-AI-tools", "付费工具", "zh", terms) == []  # not a whole word
    # A term may start a sentence: the rendering is matched without regard to case.
    assert glossary_drift("AI helps.", "Kecerdasan buatan membantu.", "ms", terms) == []
    assert glossary_drift("AI helps.", "AI membantu.", "ms", terms) == ["'AI' must be 'kecerdasan buatan'"]
    # Tamil inflects the term's last syllable: "using AI" is செயற்கை நுண்ணறிவைப் பயன்படுத்துதல்.
    assert glossary_drift("Using AI.", "செயற்கை நுண்ணறிவைப் பயன்படுத்துதல்.", "ta", terms) == []
    assert glossary_drift("Using AI.", "இயந்திரக் கற்றல்.", "ta", terms) != []


def test_every_glossary_term_says_where_it_comes_from() -> None:
    import yaml

    for entry in yaml.safe_load((TRANSLATIONS / "glossary.yaml").read_text(encoding="utf-8"))["terms"]:
        assert set(entry["status"]) == {"zh", "ms", "ta"}, entry["en"]
        assert set(entry["status"].values()) <= {"official", "published", "proposed"}, entry["en"]


def test_the_cli_check_exits_1_on_problems_and_0_when_clean(capsys, planted: Path) -> None:
    assert main(["i18n", "check", "--dir", str(TRANSLATIONS)]) == 0
    # The planted folder has no Malay catalogue, so offering ms must fail (the real one is complete).
    assert main(["i18n", "check", "--dir", str(planted), "--languages", "en,ms"]) == 1
    err = capsys.readouterr().err
    assert "ms/LC_MESSAGES/rules.po" in err and err.rstrip().endswith("problem(s)")
    assert main(["i18n", "check", "--dir", str(TRANSLATIONS), "--languages", "en,fr"]) == 2


# Rule prose ---------------------------------------------------------------------------------------


def test_rule_prose_is_keyed_by_rule_id_and_field() -> None:
    prose = {p.context: p for p in rule_prose.extract(RULES_DIR)}
    assert (
        "industry/values/retail/label" in prose and prose["industry/values/retail/label"].english == "Retail"
    )
    assert "strategy/meanings/L0" in prose and "L2/meaning" in prose
    assert any(c.endswith("/text") and c.startswith("act.") for c in prose)
    # Proper names stay as published: programme names and source titles are not extracted.
    assert "multi-model/name" not in prose and "qwen3-readme/title" not in prose
    assert not any(c.endswith("/when") or c.endswith("/fact") for c in prose)


def test_the_committed_rules_template_is_current() -> None:
    fresh = rule_prose.template(RULES_DIR)
    committed = {(m.id, m.context) for m in rule_prose_catalog(TRANSLATIONS / "rules.pot") if m.id}
    assert {(m.id, m.context) for m in fresh if m.id} == committed


def rule_prose_catalog(path: Path) -> Catalog:
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        return read_po(fh)


def test_changed_english_turns_fuzzy_and_the_lookup_falls_back_to_marked_english(tmp_path: Path) -> None:
    old_template = Catalog(domain="rules", fuzzy=False)
    old_template.add("Leadership can explain why AI matters.", context="culture.leadership/text")
    old_template.add("Retail", context="industry/values/retail/label")
    zh = rule_prose.update(Catalog(locale="zh", domain="rules", fuzzy=False), old_template)
    zh.get(
        "Leadership can explain why AI matters.", "culture.leadership/text"
    ).string = "领导层能说明人工智能的意义。"
    zh.get("Retail", "industry/values/retail/label").string = "零售"
    # The rule's English changes; the translation stays under its rule id, marked fuzzy.
    new_template = Catalog(domain="rules", fuzzy=False)
    new_template.add(
        "Leadership can explain why AI matters to the business.", context="culture.leadership/text"
    )
    new_template.add("Retail", context="industry/values/retail/label")
    updated = rule_prose.update(zh, new_template)
    changed = updated.get("Leadership can explain why AI matters to the business.", "culture.leadership/text")
    assert changed.fuzzy and changed.string == "领导层能说明人工智能的意义。"
    assert changed.previous_id == ["Leadership can explain why AI matters."]
    po = tmp_path / "zh" / "LC_MESSAGES" / "rules.po"
    write_catalog(po, updated)
    compile_catalog(po)
    catalog = rule_prose.load(tmp_path, "zh")
    assert rule_prose.rule_text(catalog, "industry/values/retail", "label", "Retail", "zh") == ("零售", "zh")
    english = "Leadership can explain why AI matters to the business."
    assert rule_prose.rule_text(catalog, "culture.leadership", "text", english, "zh") == (english, "en")
    assert rule_prose.rule_text(catalog, "nowhere", "text", "Plain.", "zh") == ("Plain.", "en")
    assert rule_prose.rule_text(rule_prose.load(tmp_path, "ta"), "x", "text", "Plain.", "ta") == (
        "Plain.",
        "en",
    )


def test_compiled_catalogues_are_packaged_in_the_wheel() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    force = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert force["translations"] == "advisor/translations"
    for language in ("zh", "ms", "ta"):
        for domain in ("messages", "rules"):
            assert (TRANSLATIONS / language / "LC_MESSAGES" / f"{domain}.mo").is_file()


def test_fragments_in_another_language_carry_their_lang() -> None:
    from advisor.i18n import fragment

    assert str(fragment("AWS Skill Builder", "en", "zh")) == '<span lang="en-SG">AWS Skill Builder</span>'
    assert str(fragment("<b>", "en", "ta")) == '<span lang="en-SG">&lt;b&gt;</span>'
    assert str(fragment("零售", "zh", "zh")) == "零售"
    assert str(fragment("x", "xx", "zh")) == "x"


def test_a_translation_fix_changes_the_pdf_cache_key(tmp_path: Path, monkeypatch) -> None:
    import advisor.report.cache as cache
    from advisor.presentation import words as words_module

    root = tmp_path / "translations"
    _po(root, "zh", {"Hello": "你好"})
    monkeypatch.setattr(words_module, "packaged_or_checkout", lambda name: root)

    def key(language: str) -> str:
        # The report context names its language's catalogue digest (advisor.report.context).
        words_module.catalogue_version.cache_clear()
        return cache.cache_key({"language": language, "catalogue": words_module.catalogue_version(language)})

    before = key("zh")
    assert key("zh") == before
    _po(root, "zh", {"Hello": "您好"})
    assert key("zh") != before
    assert key("en") != before
    words_module.catalogue_version.cache_clear()


def test_localising_a_result_changes_texts_only(tmp_path: Path, ruleset, personas) -> None:
    from advisor.engine import evaluate

    result = evaluate(ruleset, personas["minimal"]).to_dict()
    reason = result["readiness"]["dimensions"][0]["reasons"][0]
    catalog = Catalog(locale="ta", domain="rules")
    catalog.add(reason["text"], "மொழிபெயர்ப்பு.", context=f"{reason['rule']}/text")
    catalog.add(
        result["readiness"]["dimensions"][0]["name"],
        "உத்தி",
        context=f"{result['readiness']['dimensions'][0]['id']}/name",
    )
    po = tmp_path / "ta" / "LC_MESSAGES" / "rules.po"
    write_catalog(po, catalog)
    compile_catalog(po)
    out = rule_prose.localise_result(result, rule_prose.load(tmp_path, "ta"), "ta")
    dim = out["readiness"]["dimensions"][0]
    assert dim["reasons"][0]["text"] == "மொழிபெயர்ப்பு." and dim["name"] == "உத்தி"
    assert (
        dim["reasons"][0]["rule"] == reason["rule"]
        and dim["score"] == result["readiness"]["dimensions"][0]["score"]
    )
    assert out["programs"] == result["programs"] and out["actions"] == result["actions"]
    assert (
        result["readiness"]["dimensions"][0]["reasons"][0]["text"] == reason["text"]
    )  # not changed in place
