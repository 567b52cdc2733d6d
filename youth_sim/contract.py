"""The output contract: every indicator's name, unit, definition and label.

``INDICATORS`` is the single list of names, units and definitions; the data collector, the
CSV writer, the experiment outputs, the charts, README and ``docs/ODD.md`` all use exactly
these names (a test checks the docs). Unless stated, indicators are over young people living in
Overijssel zones; the labour force is the employed plus the unemployed (students are not in
it). Counts are in persons. This module imports nothing from youth_sim, so charts can read
results without importing the model.
"""

from __future__ import annotations

from typing import NamedTuple

LONG_COMMUTE_MIN = 45.0
"""One-way minutes above which a commute counts as long (fixed by the indicator contract)."""


class Indicator(NamedTuple):
    """One model-level indicator: snake_case name, unit, definition, short chart label.

    The Dutch chart labels are in ``youth_sim.charts.labels`` (Dutch appears only there).
    """

    name: str
    unit: str
    definition: str
    label: str


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "unfilled_vacancy_rate",
        "share",
        "open vacancies / jobs open to young people, all Overijssel zones and levels",
        "Unfilled vacancies",
    ),
    Indicator(
        "unfilled_vacancy_rate_city",
        "share",
        "the same over the city zones (Zwolle, Enschede, Deventer, Hengelo, Almelo)",
        "Unfilled vacancies, cities",
    ),
    Indicator(
        "unfilled_vacancy_rate_rest",
        "share",
        "the same over the other Overijssel zones",
        "Unfilled vacancies, outside the cities",
    ),
    Indicator(
        "youth_unemployment_rate",
        "share",
        "unemployed / labour force",
        "Youth unemployment",
    ),
    Indicator(
        "unemployment_rate_vocational",
        "share",
        "the same for vocational (mbo) young people",
        "Unemployment, vocational (mbo)",
    ),
    Indicator(
        "unemployment_rate_knowledge",
        "share",
        "the same for knowledge (hbo/wo) young people",
        "Unemployment, knowledge (hbo/wo)",
    ),
    Indicator(
        "mismatch_index_vocational",
        "index 0-1",
        (
            "dissimilarity between where the vocational labour force lives and where "
            "vocational-level jobs are, over Overijssel zones"
        ),
        "Spatial mismatch, vocational",
    ),
    Indicator(
        "mismatch_index_knowledge",
        "index 0-1",
        "the same for the knowledge labour force and knowledge-level jobs",
        "Spatial mismatch, knowledge",
    ),
    Indicator(
        "reachable_vacancies_vocational",
        "per seeker",
        (
            "open vocational-level vacancies in Overijssel within 45 minutes one way of home by "
            "one's fastest mode (car if one has one), per unemployed vocational resident"
        ),
        "Vacancies within 45 min per job seeker, vocational",
    ),
    Indicator(
        "reachable_vacancies_knowledge",
        "per seeker",
        "the same for knowledge-level vacancies and unemployed knowledge residents",
        "Vacancies within 45 min per job seeker, knowledge",
    ),
    Indicator(
        "mean_commute_min_vocational",
        "minutes",
        (
            "mean one-way commute of employed vocational young people (jobs outside the "
            "province included)"
        ),
        "Commute, vocational",
    ),
    Indicator(
        "mean_commute_min_knowledge",
        "minutes",
        "the same for employed knowledge workers",
        "Commute, knowledge",
    ),
    Indicator(
        "long_commute_share",
        "share",
        "employed young people commuting over 45 minutes one way",
        "Commutes over 45 minutes",
    ),
    Indicator(
        "overqualified_share",
        "share",
        "knowledge workers in vocational-level jobs / employed knowledge workers",
        "Knowledge workers below their level",
    ),
    Indicator(
        "share_outside_province",
        "share",
        (
            "young people with an Overijssel origin living outside the province / all with an "
            "Overijssel origin"
        ),
        "Living outside Overijssel",
    ),
    Indicator(
        "net_outflow",
        "persons/year",
        (
            "moves out of the province minus moves and arrivals into it, over the last 12 "
            "months (annualised in the first year)"
        ),
        "Net outflow from the province",
    ),
    Indicator(
        "mean_utility",
        "EUR/month",
        (
            "mean expected maximum utility (logsum) of the residential choice over a fixed "
            "panel of agents"
        ),
        "Welfare (logsum)",
    ),
)
INDICATOR_NAMES: tuple[str, ...] = tuple(indicator.name for indicator in INDICATORS)

BETTER: dict[str, int] = {
    **dict.fromkeys(
        (
            "unfilled_vacancy_rate", "unfilled_vacancy_rate_city", "unfilled_vacancy_rate_rest",
            "youth_unemployment_rate", "unemployment_rate_vocational",
            "unemployment_rate_knowledge", "mismatch_index_vocational",
            "mismatch_index_knowledge", "mean_commute_min_vocational",
            "mean_commute_min_knowledge", "long_commute_share", "overqualified_share",
            "share_outside_province", "net_outflow",
        ),
        -1,
    ),
    "mean_utility": 1,
    "reachable_vacancies_vocational": 1,
    "reachable_vacancies_knowledge": 1,
}  # fmt: skip
"""Which way is better for each indicator, as the letter frames the question: -1 lower (less
mismatch, unemployment, unfilled vacancies, long commutes, leaving), +1 higher (welfare,
vacancies within reach of a job seeker). Used
to say which policy beats which; the mismatch index can fall for unwanted reasons too (see the
annex), so its direction is the letter's, not a verdict."""
