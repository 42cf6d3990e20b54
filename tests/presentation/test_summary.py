"""The summary the page, the PDF and the CLI show (advisor.presentation), ranks, the caution chosen
by topic, and the timing worked out from as_of."""

from __future__ import annotations

import datetime as dt
from typing import Any

from advisor.presentation import present, words_for
from advisor.presentation.cautions import main_caution
from advisor.presentation.model import Summary
from advisor.presentation.ranks import rank_text, ranks
from advisor.presentation.timing import fact_age, months_between, programme_timing, recorded_text

W = words_for("en")


def summarise(r: dict[str, Any]) -> Summary:
    return present(r, W).summary


ADVICE = (
    "Your lock-in risk is medium. A single-vendor programme can be a good start if you keep your "
    "prompts portable. Check every few months."
)


def prog(
    pid: str,
    fit: int,
    reasons: list[tuple[int, str]] = (),
    cautions: list[str | tuple[str, str]] = (),
    **extra: Any,
) -> dict[str, Any]:
    """A programme; a caution is its text, or (topic, text)."""
    return {
        "id": pid,
        "name": pid.upper(),
        "fit": fit,
        "reasons": [{"rule": f"r{i}", "points": p, "text": t} for i, (p, t) in enumerate(reasons)],
        "cautions": [
            {"rule": f"c{i}", "text": c}
            if isinstance(c, str)
            else {"rule": f"c{i}", "text": c[1], "topic": c[0]}
            for i, c in enumerate(cautions)
        ],
        **extra,
    }


def result(*programs: dict[str, Any]) -> dict[str, Any]:
    return {
        "ruleset": {"version": "0" * 16, "as_of": "2026-11-30"},
        "programs": list(programs),
        "lock_in": {"risk": "medium", "reasons": [], "advice": ADVICE},
        "actions": [
            {"horizon": "30_days", "rule": "a", "text": "Write a one-page AI use policy."},
            {"horizon": "90_days", "rule": "b", "text": "Run a pilot."},
        ],
    }


def test_ranks_are_derived_from_fit_when_the_result_has_none():
    fits = [prog("a", 70), prog("b", 70), prog("c", 60), prog("d", 60), prog("e", 10)]
    assert ranks(fits) == [1, 1, 3, 3, 5]
    assert ranks([prog("a", 70, rank=1), prog("b", 69, rank=1)]) == [1, 1]  # stored ranks win
    assert rank_text(1, True, W) == "Joint first" and rank_text(3, False, W) == "Ranked third"
    assert rank_text(12, True, W) == "Joint rank 12"


def test_joint_first_names_both_and_calls_neither_the_best():
    s = summarise(
        result(
            prog("a", 70, [(5, "small"), (15, "big"), (10, "mid")]),
            prog("b", 70, [(10, "b mid")]),
            prog("c", 50),
        )
    )
    assert s.joint and s.headline == "Joint first: A and B"
    assert [t.id for t in s.top] == ["a", "b"]
    assert s.top[0].why == ["big", "mid"]  # two each when joint, largest points first


def test_a_four_way_tie_names_every_joint_first_programme():
    # The tie rule puts the programme with most cautions last: it must still be named.
    s = summarise(
        result(
            prog("a", 50),
            prog("b", 50),
            prog("c", 50),
            prog("q", 50, cautions=["x", "y", "z"]),
            prog("e", 20),
        )
    )
    assert [t.id for t in s.top] == ["a", "b", "c", "q"]
    assert s.headline == "Joint first: A, B, C and Q"


def test_single_top_gives_three_largest_reasons_lock_in_line_and_first_step():
    reasons = [(5, "five"), (15, "fifteen"), (-5, "minus"), (10, "ten"), (1, "one")]
    s = summarise(result(prog("a", 80, reasons), prog("b", 70)))
    assert not s.joint and s.headline == "Ranked first: A"
    assert s.top[0].why == ["fifteen", "ten", "five"]
    assert s.lock_in_risk == "medium"
    assert s.lock_in_line == (
        "A single-vendor programme can be a good start if you keep your prompts portable."
    )
    assert s.first_step == "Write a one-page AI use policy."


def test_main_caution_is_chosen_by_topic_timing_then_places_lock_in_last():
    # The texts would mislead a regex (the lock-in caution speaks of "places" and "starts"): the
    # topic decides.
    lock = {
        "rule": "x.lock",
        "topic": "lock-in",
        "text": "Places and starts aside, keep a multi-model strategy.",
    }
    places = {"rule": "x.places", "topic": "places", "text": "Limited to about 1,000 SMEs."}
    skills = {"rule": "x.skills", "topic": "technical-owner", "text": "Needs someone to own it."}
    timing = {"rule": "x.timing", "topic": "timing", "text": "Runs to about March 2027."}
    other = {"rule": "x.other", "topic": "sources", "text": "Confirm the details."}
    assert main_caution([lock, skills, places], {}) == places["text"]
    assert main_caution([lock, places, timing], {}) == timing["text"]
    assert main_caution([lock, other], {}) == other["text"]
    assert main_caution([lock], {}) == lock["text"]  # only when nothing else applies
    assert main_caution([skills], {}, "It has not started yet.") == "It has not started yet."
    assert main_caution([timing], {}, "It has not started yet.") == timing["text"]
    assert main_caution([], {}) is None


def test_an_old_result_without_topics_takes_them_from_the_rule_set_by_rule_id():
    old = [{"rule": "x.lock", "text": "Lock-in text."}, {"rule": "x.places", "text": "Places text."}]
    topics = {"x.lock": "lock-in", "x.places": "places"}
    assert main_caution(old, topics) == "Places text."
    assert main_caution(old, {}) == "Lock-in text."  # nothing known: the first, in the result's order


def test_summary_says_so_when_no_caution_applies():
    s = summarise(result(prog("a", 80), prog("b", 70, cautions=[("timing", "Later.")])))
    assert s.top[0].caution == "No particular caution applies to this programme."


AS_OF = dt.date(2026, 11, 30)


def timed(start: Any, end: Any, capacity: Any = None, **texts: str) -> dict[str, Any]:
    return {
        "attributes": {
            "start": {"value": start, "text": texts.get("start_text", ""), "precision": "month"},
            "end": {"value": end, "text": texts.get("end_text", "Not published"), "precision": "month"},
            "capacity": {"value": capacity, "text": ""},
            "partners": {"value": ["NTUC", "STT GDC"], "text": ""},
        }
    }


def test_timing_lines_are_worked_out_from_the_assessment_date():
    assert (
        programme_timing(timed("2026-06", None, 1000), AS_OF, W).line
        == "Running since June 2026 · intake not published: ask NTUC"
    )
    t = programme_timing(timed("2024-03-06", "2027-03"), AS_OF, W)
    assert t.line == (
        "Running since 6 March 2024 · closes about March 2027: 4 months after your assessment date"
    )
    assert t.alert and "March 2027" in t.alert
    later = programme_timing(timed("2027-06", None, end_text="Ongoing"), AS_OF, W)
    assert later.line == "Starts about June 2027: 7 months after your assessment date · ongoing"
    assert later.alert and "not started" in later.alert
    ended = programme_timing(timed(None, "2026-03", start_text="Available now"), AS_OF, W)
    assert ended.line == "Available now · closed about March 2026, before your assessment date"


def with_part(program: dict[str, Any], part: str) -> dict[str, Any]:
    program["attributes"]["end"]["part"] = part
    return program


def test_an_end_of_one_part_is_worked_out_by_name_and_lasts_to_the_end_of_its_month():
    ms = with_part(timed("2024-03-06", "2027-03"), "SkillsFuture SME programme")
    before = programme_timing(ms, AS_OF, W)
    assert before.line == (
        "Running since 6 March 2024 · SkillsFuture SME programme closes about March 2027: "
        "4 months after your assessment date"
    )
    assert before.alert is None  # the rest of the entry stays open: not a reason to look elsewhere
    last_day = programme_timing(ms, dt.date(2027, 3, 31), W).line
    assert last_day.endswith(
        "SkillsFuture SME programme closes about March 2027: under a month after your assessment date"
    )
    after = programme_timing(ms, dt.date(2027, 4, 1), W)
    assert after.line == (
        "Running since 6 March 2024 · SkillsFuture SME programme has probably closed (about March 2027): "
        "check for a new intake"
    )
    assert after.alert is None


def test_a_whole_end_by_month_lasts_to_the_end_of_its_month():
    whole = timed("2024-03-06", "2027-03")
    assert programme_timing(whole, dt.date(2027, 3, 31), W).line.endswith(
        "closes about March 2027: under a month after your assessment date"
    )
    assert programme_timing(whole, dt.date(2027, 4, 1), W).line.endswith(
        "closed about March 2027, before your assessment date"
    )


def test_an_old_stored_end_without_a_date_still_reads_its_text():
    old = timed("2024-03-06", None, end_text="No end published; the SME programme runs to about March 2027")
    assert programme_timing(old, AS_OF, W).line == (
        "Running since 6 March 2024 · no end published; the SME programme runs to about March 2027"
    )


def test_age_badges_and_recorded_dates_respect_a_back_dated_assessment():
    assert months_between(dt.date(2026, 11, 30), dt.date(2027, 3, 1)) == 3
    assert fact_age("2023-06-30", AS_OF, W) == "3 years old"
    assert fact_age("2025-05-27", AS_OF, W) == "18 months old"
    assert fact_age("2026-01-01", AS_OF, W) is None
    assert recorded_text("2026-11-29", AS_OF, W) == "recorded on 29 November 2026"
    assert (
        recorded_text("2026-11-29", dt.date(2025, 6, 1), W)
        == "recorded on 29 November 2026, after this assessment's date"
    )
