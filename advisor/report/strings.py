"""Every user-facing string of the PDF report, per language.

Kept in one table so a translator works on one file: the template and the chart generator only look
strings up here. Placeholders use `str.format` names; add a language by copying the "en" block.
The labels of result codes (horizons, eligibility, risks, attributes) are not here: they are
`advisor.vocabulary`'s, shared with the page and the CLI.
"""

from __future__ import annotations

from typing import Any

from ..formatting import NOT_KNOWN

DEFAULT_LANGUAGE = "en"

STRINGS: dict[str, dict[str, Any]] = {
    "en": {
        "document_title": "AI readiness report",
        "document_title_for": "AI readiness report: {company}",
        "unnamed_company": "Your business",
        "cover_kicker": "SME AI Advisor",
        "cover_subtitle": "AI readiness, programme fit and next steps",
        "cover_prepared_on": "Date",
        "cover_report_id": "Report ID",
        "cover_ruleset": "Rule-set version",
        "cover_as_of": "Assessment as of",
        "cover_note": (
            "This report was generated from the answers given in the SME AI Advisor questionnaire and "
            "scored by published rules. Quote the report ID in any support request."
        ),
        "page_of": ["Page ", " of "],
        "running_title": "AI readiness report",
        "running_header_for": "{title} \u2014 {company}",
        "contents": "Contents",
        # Summary
        "summary_title": "Summary",
        "summary_level": "Readiness level",
        "summary_score": "Overall score",
        "summary_out_of": "out of 100",
        "summary_top": "Ranked first for your answers",
        "summary_top_joint": "Joint first for your answers",
        "summary_joint_note": (
            "These programmes have the same fit for your answers; none of them is better than another."
        ),
        "summary_fit": "Fit {fit} points",
        "summary_top_why": "Why it ranks first",
        "summary_joint_why": "Why",
        "summary_caution": "Watch out",
        "summary_no_caution": "No particular caution applies to this programme.",
        "summary_weakest": "Area to work on first",
        "summary_weakest_text": "{name} scores {score} points ({level}). {meaning}",
        "summary_lock_in": "Vendor lock-in risk",
        "summary_first_step": "Your first step",
        "summary_no_steps": "No action is needed in the next 30 days.",
        "summary_readiness": "Where the business stands",
        "summary_readiness_text": "{level}, overall {score} points. {meaning}",
        "summary_runner_up": "Also worth a look",
        # Readiness
        "readiness_title": "How ready is the business?",
        "readiness_intro": (
            "Each dimension is scored from 0 to 100 by the rules listed under each row. The chart shows "
            "all dimensions at once: the further out, the more ready."
        ),
        "readiness_intro_short": "Each dimension is scored from 0 to 100 by the rules listed under each row.",
        "radar_alt": "Radar chart of readiness by dimension, each out of 100: {items}.",
        "radar_item": "{name} {score}",
        "radar_now": "Now",
        "radar_before": "Last assessment",
        "col_dimension": "Dimension",
        "col_score": "Score",
        "col_level": "Level",
        "col_meaning": "What it means",
        "why_points": "Why",
        # Programmes
        "fit_title": "Which programme fits?",
        "fit_intro": (
            "Every programme is scored by the same published rules from your answers. A higher fit "
            "means more reasons for it and fewer against it; it is not a quality rating of the programme."
        ),
        "bar_alt": "Bar chart of programme fit, each out of 100: {items}.",
        "bar_item": "{name} {fit}",
        "program_fit": "Fit",
        "program_rank": "{rank} of {count}",
        "program_timing": "Timing",
        "adds_up": "Starting points {base}{parts} = fit {fit}.",
        "adds_up_capped": "Points from your answers: {total}; the fit is kept within 0 to 100.",
        "adds_up_score": "Starting points {base}{parts} = score {score}.",
        "adds_up_score_capped": "Points from the rules: {total}; the score is kept within 0 to 100.",
        "weights_text": "The overall score is the weighted average of the dimension scores ({items}).",
        "weights_plain": "The overall score is the weighted average of the dimension scores.",
        "weight_item": "{name} \u00d7{weight}",
        "next_level": "To reach {level} in {dimension}",
        "next_level_intro": "(score {score}), one of these changes helps:",
        "what_if_title": "Your top programme would change if ...",
        "what_if_item": "{change}: then {top} {outcome}.",
        "what_if_none": "No single changed answer would change which programme ranks first.",
        "age_badge": "{age}",
        "concise_note": (
            "This is the short report for a business starting out with AI: the top programmes, the plan "
            "and the sources. The full report, with every programme, the side-by-side comparison and the "
            "lock-in and funding details, is one click away on your results page."
        ),
        "other_programmes": "Other programmes, by rank",
        "endnotes_title": "Sources",
        "endnotes_intro": (
            "The sources behind each programme's facts, numbered as in the programme's key facts. Dates "
            "show when each source was recorded for these rules."
        ),
        "answers_title": "What you told us",
        "answers_intro": "Every answer as you gave it. If one is wrong, change it and make a new report.",
        "answers_question": "Question",
        "answers_answer": "Your answer",
        "legend_title": "How to read the numbers",
        "legend": [
            [
                "Points",
                "Each rule that your answers trigger adds points (+) or takes them away (\u2013), "
                "from a fixed starting value. Every score and fit lists its rules, so the numbers "
                "add up.",
            ],
            [
                "Fit",
                "How well a programme matches your answers, from 0 to 100. It compares programmes for "
                "your business; it is not a quality rating. Equal fits share a rank (\u201cjoint "
                "first\u201d).",
            ],
            [
                "Reported",
                "A fact from a press report or another secondary source, not confirmed by the "
                "provider itself.",
            ],
            [
                "Age",
                "A fact recorded more than 12 months before your assessment date: check that it still holds.",
            ],
        ],
        "glossary_title": "Words used here",
        "glossary": [
            [
                "Open-weight model",
                "An AI model whose files are published, so you can run it on your own "
                "computer or with any hosting company instead of one vendor's service.",
            ],
            [
                "Lock-in",
                "How hard it would be to move to another AI vendor later, for example because your "
                "staff, data and tools are built around one vendor.",
            ],
            [
                "Prompt",
                "The instruction or question you type into an AI tool. Keeping your good prompts in a "
                "shared file makes them easy to reuse with another vendor.",
            ],
        ],
        "tie_rule_title": "Equal fits",
        "lock_in_raises": "raises risk",
        "lock_in_lowers": "lowers risk",
        "reasons_for": "Reasons for",
        "reasons_against": "Reasons against",
        "no_reasons_for": "No rule found a reason for this programme.",
        "no_reasons_against": "No rule found a reason against this programme.",
        "cautions": "Cautions",
        "facts": "Key facts",
        "label_sep": ": ",
        "sources": "Sources",
        "source_as_of": "recorded on {date}",
        "source_after": "recorded on {date}, after this assessment's date",
        "source_no_url": "no public link",
        "reported": "reported",
        "reported_note": (
            "\u201cReported\u201d marks a fact from a single secondary source, not confirmed by an "
            "official one."
        ),
        "cost_as_of": "as of {date}",
        "not_known": NOT_KNOWN,
        "points": "{points:+d} points",
        # Comparison table
        "compare_title": "Programmes side by side",
        "compare_intro": "The facts each programme publishes, from the sources listed in its section.",
        "compare_attribute": "Attribute",
        # Lock-in
        "lock_in_title": "Vendor lock-in",
        "lock_in_intro": (
            "Lock-in is how hard it would be to switch to another AI vendor later. Free or subsidised "
            "training and tools from one vendor make that vendor the easy default."
        ),
        "lock_in_risk": "Risk",
        "lock_in_why": "What raises or lowers the risk",
        "lock_in_advice": "Advice",
        # Actions
        "actions_title": "Action plan",
        "actions_intro": "Concrete steps in order. Start with the first 30 days.",
        "no_actions": "Nothing for this period.",
        # Funding
        "funding_title": "Funding and support",
        "funding_intro": (
            "Singapore support that may apply. \u201cCheck\u201d means the answers do not settle it: "
            "confirm with the agency before you pay for anything."
        ),
        "funding_no_reasons": "No specific reason from your answers; see the source.",
        # Re-assessment comparison
        "changes_title": "Changes since last assessment",
        "changes_intro": "Compared with the assessment as of {date}.",
        "changes_overall": "Overall readiness",
        "changes_levels": "{before} before, {after} now",
        "changes_before": "Before",
        "changes_after": "Now",
        "changes_delta": "Change",
        "changes_programme": "Programme",
        "changes_rank": "Rank",
        "changes_fit": "Fit",
        # Notes
        "notes_title": "Advisor notes",
        "notes_by": "{author}, {date}",
        # Methodology
        "method_title": "Method and independence",
        "method_paragraphs": [
            (
                "The readiness dimensions are inspired by three public frameworks: AI Singapore's AI "
                "Readiness Index (AIRI, levels L0 to L4, with Level 2 \u201cPractitioner\u201d as the "
                "target), the EU European Digital Innovation Hubs' Digital Maturity Assessment (scores "
                "from 0 to 100% with a text per band, re-assessed over time), and Cisco's AI Readiness "
                "Index (strategy, infrastructure, data, governance, talent and culture). This report is "
                "not an official AIRI, EDIH or Cisco assessment."
            ),
            (
                "Scores come from rules written as data: each rule looks at your answers and adds or "
                "removes points, and the report lists the rules behind every score. The same answers "
                "scored by the same rule-set version always give the same result; the version on the "
                "cover identifies the rules used."
            ),
            (
                "Facts about programmes (cost, dates, partners, capacity) come from the sources listed "
                "with their dates. Facts marked \u201creported\u201d rest on one secondary source. Prices "
                "are shown in their own currency, as of their date, without conversion."
            ),
        ],
        "independence_title": "Independence",
        "independence_text": (
            "Union career advisors, NTUC's for example, may be assessing clients for a programme that "
            "their own union federation co-runs. Every programme in this report, including those, is "
            "scored by the same published rules; no programme pays for its place or its score."
        ),
        "disclaimer_title": "Disclaimer",
        "disclaimer_text": (
            "This report is general guidance generated from your answers. It is not financial, legal or "
            "tax advice, and it is not an offer or endorsement of any programme. Programme terms, prices "
            "and grant conditions change: confirm them with the provider or agency before you commit."
        ),
    },
}


def strings_for(language: str) -> tuple[str, dict[str, Any]]:
    """The language actually used and its strings; unknown languages fall back to English."""
    if language in STRINGS:
        return language, STRINGS[language]
    return DEFAULT_LANGUAGE, STRINGS[DEFAULT_LANGUAGE]
