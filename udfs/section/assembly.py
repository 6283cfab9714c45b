"""The rest of the economic section, assembled on the engine's result.

``build(inputs, report)`` puts one ``udfs.section.sections.Section`` per part whose input exists on
``report.sections`` (investments, kostnadsslag, prognosförändring, förklaringsposter, grant
and ersättning revenue) and adds the warnings the comparisons found to ``report.warnings``.
Each absent table simply leaves its part out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from udfs.forecasting.band_texts import band_sentence
from udfs.forecasting.engine import TYPER, Report, compute
from udfs.section.action_plan import action_plan_section
from udfs.section.cost_kinds import cost_kind_section, rows_from_ledger
from udfs.section.explanation_items import causes_section
from udfs.section.explanations import (
    Context,
    area_split,
    area_text,
    comparison_sentence,
    default_vasentlighet,
    main_sentence,
    said_jointly,
    text_name,
)
from udfs.section.forecast_change import forecast_change_section, phrase, previous_round, two_values
from udfs.section.grant_revenue import grant_revenue_section, register_rows
from udfs.section.investments import investment_section
from udfs.section.placement import place_own_words
from udfs.volume.calculation import analyse_volumes


def context(report: Report) -> Context:
    grans = report.vasentlighet if report.vasentlighet is not None else default_vasentlighet(report.enhet)
    return Context(report.ar, report.period, report.enhet, report.balansgrans, grans, phrase(report.foregaende_omgang))


@dataclass
class SummaryTexts:
    """The committee's sentences; each area's own paragraph (by area name, only the areas with
    something of their own to say); and what several areas share, said once (``common``)."""

    committee: list[str] = field(default_factory=list)
    areas: dict[str, str] = field(default_factory=dict)
    common: list[str] = field(default_factory=list)


def area_text_names(report: Report) -> dict[str, str]:
    """Each area's name in running text (``Benämning i text`` in Budget, else the default)."""
    declared = getattr(report, "text_names", None) or {}
    return {a: text_name(a, declared.get(a)) for a in report.areas}


def summary_texts(report: Report, area_volumes: dict[str, Any] | None = None) -> SummaryTexts:
    """``area_volumes`` is no longer used for the paragraphs: the volume and price effects are
    one table for all areas in the paper."""
    ctx = context(report)
    net = report.totals()["Netto"]
    nets = {a: report.area_netto(a) for a in report.areas}
    names = area_text_names(report)
    out = SummaryTexts()
    out.committee.append(main_sentence(ctx, net["budget"], net["prognos"]))
    out.committee.append(
        area_split(ctx, ((a, v["budget"], v["prognos"], v["prognos"] - v["budget"]) for a, v in nets.items()), names)
    )
    comparison = comparison_sentence(ctx, net["utfall_period"], net["utfall_period_fg"])
    if comparison is not None:  # unknown last year: no comparison sentence (see Valideringsfel)
        out.committee.append(comparison)
    uncertainty = band_sentence(report.band("Totalt", "Netto"), report.enhet, net["prognos"])
    if uncertainty is not None:  # only where the history gives an interval, or shows why it gives none
        out.committee.append(uncertainty)
    texts = []
    for area in report.areas:
        comments = [report.line(area, t).kommentar for t in TYPER]
        texts.append(area_text(ctx, area, nets[area], [c for c in comments if c], names[area]))
    own, out.common = said_jointly(ctx, texts)
    out.areas = {area: own[names[area]] for area in report.areas if names[area] in own}
    return out


def compute_report(inputs: Any) -> Report:
    """``udfs.forecasting.engine.compute`` and the rest of the economic section on its result."""
    report = compute(inputs)
    build(inputs, report)
    return report


def build(inputs: Any, report: Report) -> None:
    report.vasentlighet = getattr(inputs, "vasentlighet", None)
    history = getattr(inputs, "prognoshistorik", None)
    report.foregaende_omgang = previous_round(report, history, getattr(inputs, "foregaende_omgang", None))
    report.text_names = declared_text_names(getattr(inputs, "budget", None))
    settings = getattr(inputs, "settings", None)
    report.rapport = getattr(settings, "rapport", None)
    report.rapportdatum = getattr(settings, "rapportdatum", None)
    ctx = context(report)
    volumes = {}
    if getattr(inputs, "volymer", None):
        report.volume_analysis = analyse_volumes(inputs.volymer, report)  # once: Volymanalys reads it too
        volumes = {a.omrade: a for a in report.volume_analysis.areas}
    sections = []
    if getattr(inputs, "investeringar", None):
        sections.append(investment_section(inputs.investeringar, ctx))
    kinds, sheet, source = getattr(inputs, "kostnadsslag", None), "Kostnadsslag", "tabellen Kostnadsslag"
    if not kinds:  # no typed table: from the ledger's accounts when Utfall is a ledger export
        kinds, sheet, source = ledger_cost_kinds(inputs, report), "Utfall", "huvudboken (Utfall)"
    if kinds:
        cost_kinds, warnings = cost_kind_section(kinds, ctx, report.totals(), sheet, source)
        sections.append(cost_kinds)
        report.warnings.extend(warnings)
    change = forecast_change_section(report, ctx)
    if change is not None:
        sections.append(change)
    report.warnings.extend(two_values(report, history))
    causes = getattr(inputs, "orsaker", None)
    if causes:
        net = report.totals()["Netto"]
        explained, warnings = causes_section(causes, ctx, net["prognos"] - net["budget"])
        sections.append(explained)
        report.warnings.extend(warnings)
    if getattr(inputs, "atgarder", None):
        sections.append(action_plan_section(inputs.atgarder, ctx))
    revenue = list(getattr(inputs, "bidragsintakter", None) or [])
    revenue += register_rows(
        getattr(inputs, "statsbidrag", None) or [], revenue, report.areas, report.ar, report.period, report.enhet
    )
    if revenue:
        sections.append(grant_revenue_section(revenue, ctx, report.warnings))
    report.sections = sections
    report.summary = summary_texts(report, volumes)
    if change is not None:  # the committee's sentence on the forecast change, as the papers have it
        report.summary.committee.insert(2, change.sentences[0])
    # the economist's own words (issue 20), after the engine's sentences are taken from the sections
    report.warnings.extend(place_own_words(report, getattr(inputs, "texter", None), causes, ctx))


def declared_text_names(budget: Any) -> dict[str, str]:
    """Budget's "Benämning i text" per area (the first filled row of the area wins)."""
    if budget is None or "benamning" not in getattr(budget, "columns", ()):
        return {}
    out: dict[str, str] = {}
    for area, name in zip(budget["omrade"], budget["benamning"]):
        if isinstance(name, str) and name.strip() and str(area) not in out:
            out[str(area)] = name.strip()
    return out


def ledger_cost_kinds(inputs: Any, report: Report) -> list[Any] | None:
    """Kostnadsslag from the ledger (``validation.forecast_tables.ledger.Huvudbok``), when Utfall is one."""
    book = getattr(inputs, "huvudbok", None)
    frame = None if book is None else book.per_kostnadsslag(report.ar, report.period)
    if frame is None or frame.empty:
        return None
    last_year = bool((inputs.utfall["ar"] == report.ar - 1).any())
    return rows_from_ledger(frame, last_year)


def section(report: Report, key: str) -> Any | None:
    return next((s for s in report.sections if s.key == key), None)


__all__ = ["SummaryTexts", "build", "compute_report", "context", "section", "summary_texts"]
