"""The summary picked for the page and the PDF, ranks, and the timing worked out from as_of."""

from __future__ import annotations

import datetime as dt
from typing import Any

from advisor.assessments.results.summary import main_caution, rank_text, ranks, summarise
from advisor.assessments.results.timing import fact_age, months_between, programme_timing, recorded_text

ADVICE = (
    "Your lock-in risk is medium. A single-vendor programme can be a good start if you keep your "
    "prompts portable. Check every few months."
)


def prog(
    pid: str, fit: int, reasons: list[tuple[int, str]] = (), cautions: list[str] = (), **extra: Any
) -> dict[str, Any]:
    return {
        "id": pid,
        "name": pid.upper(),
        "fit": fit,
        "reasons": [{"rule": f"r{i}", "points": p, "text": t} for i, (p, t) in enumerate(reasons)],
        "cautions": [{"rule": f"c{i}", "text": t} for i, t in enumerate(cautions)],
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
    assert rank_text(1, True) == "Joint first" and rank_text(3, False) == "Ranked third"


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
    assert s.top[0].reasons == ["big", "mid"]  # two each when joint, largest points first


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
    assert s.top[0].reasons == ["fifteen", "ten", "five"]
    assert s.lock_in_risk == "medium"
    assert s.lock_in_line == (
        "A single-vendor programme can be a good start if you keep your prompts portable."
    )
    assert s.first_step == "Write a one-page AI use policy."


def test_main_caution_prefers_timing_then_places_and_never_repeats_the_lock_in_advice():
    lock = "Free tools can lead to lock-in; keep a multi-model strategy."
    places = "Places are limited to about 1,000 SMEs."
    skills = "Staff without a technical background may find the support insufficient."
    timing = "The SME programme runs to about March 2027; later starts may miss it."
    assert main_caution([{"text": lock}, {"text": skills}, {"text": places}], ADVICE) == places
    assert main_caution([{"text": lock}, {"text": places}, {"text": timing}], ADVICE) == timing
    assert main_caution([{"text": ADVICE}], ADVICE) is None
    assert main_caution([{"text": lock}], ADVICE) == lock  # only when nothing else applies
    assert main_caution([{"text": skills}], ADVICE, "It has not started yet.") == "It has not started yet."


def test_summary_falls_back_to_no_caution_rather_than_the_advice():
    s = summarise(result(prog("a", 80, cautions=[ADVICE])))
    assert s.top[0].caution is None


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
        programme_timing(timed("2026-06", None, 1000), AS_OF).line
        == "Running since June 2026 · intake not published: ask NTUC"
    )
    t = programme_timing(timed("2024-03-06", "2027-03"), AS_OF)
    assert t.line == (
        "Running since 6 March 2024 · closes about March 2027: 4 months after your assessment date"
    )
    assert t.alert and "March 2027" in t.alert
    later = programme_timing(timed("2027-06", None, end_text="Ongoing"), AS_OF)
    assert later.line == "Starts about June 2027: 7 months after your assessment date · ongoing"
    assert later.alert and "not started" in later.alert
    ended = programme_timing(timed(None, "2026-03", start_text="Available now"), AS_OF)
    assert ended.line == "Available now · closed about March 2026, before your assessment date"


def with_part(program: dict[str, Any], part: str) -> dict[str, Any]:
    program["attributes"]["end"]["part"] = part
    return program


def test_an_end_of_one_part_is_worked_out_by_name_and_lasts_to_the_end_of_its_month():
    ms = with_part(timed("2024-03-06", "2027-03"), "SkillsFuture SME programme")
    before = programme_timing(ms, AS_OF)
    assert before.line == (
        "Running since 6 March 2024 · SkillsFuture SME programme closes about March 2027: "
        "4 months after your assessment date"
    )
    assert before.alert is None  # the rest of the entry stays open: not a reason to look elsewhere
    last_day = programme_timing(ms, dt.date(2027, 3, 31)).line
    assert last_day.endswith(
        "SkillsFuture SME programme closes about March 2027: under a month after your assessment date"
    )
    after = programme_timing(ms, dt.date(2027, 4, 1))
    assert after.line == (
        "Running since 6 March 2024 · SkillsFuture SME programme has probably closed (about March 2027): "
        "check for a new intake"
    )
    assert after.alert is None


def test_a_whole_end_by_month_lasts_to_the_end_of_its_month():
    whole = timed("2024-03-06", "2027-03")
    assert programme_timing(whole, dt.date(2027, 3, 31)).line.endswith(
        "closes about March 2027: under a month after your assessment date"
    )
    assert programme_timing(whole, dt.date(2027, 4, 1)).line.endswith(
        "closed about March 2027, before your assessment date"
    )


def test_an_old_stored_end_without_a_date_still_reads_its_text():
    old = timed("2024-03-06", None, end_text="No end published; the SME programme runs to about March 2027")
    assert programme_timing(old, AS_OF).line == (
        "Running since 6 March 2024 · no end published; the SME programme runs to about March 2027"
    )


def test_age_badges_and_recorded_dates_respect_a_back_dated_assessment():
    assert months_between(dt.date(2026, 11, 30), dt.date(2027, 3, 1)) == 3
    assert fact_age("2023-06-30", AS_OF) == "3 years old"
    assert fact_age("2025-05-27", AS_OF) == "18 months old"
    assert fact_age("2026-01-01", AS_OF) is None
    assert recorded_text("2026-11-29", AS_OF) == "recorded on 29 November 2026"
    assert (
        recorded_text("2026-11-29", dt.date(2025, 6, 1))
        == "recorded on 29 November 2026, after this assessment's date"
    )
