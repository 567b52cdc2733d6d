"""Pydantic models for a youth_sim scenario file.

Every parameter is declared here once, with its type, range and unit. The schema has no
defaults: a value lives in exactly one place, the config file (``configs/baseline.yaml``),
and a missing key is an error, never a silent default. Unknown keys are errors too
(``extra="forbid"``; pydantic's default would silently drop a misspelt key).
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from youth_sim.config.policy import Policy

_STRICT = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)
"""Unknown keys, loose types, infinity and NaN are all errors."""

Share = Annotated[float, Field(ge=0.0, le=1.0)]
NonNegative = Annotated[float, Field(ge=0.0)]
Euro = Annotated[float, Field(ge=-10_000.0, le=10_000.0)]


class Strict(BaseModel):
    """Base for every config section: frozen, strict types, unknown keys rejected."""

    model_config = _STRICT


class ByEducation(Strict):
    """One value per education group."""

    vocational: float = Field(description="young people with mbo or lower (vocational track)")
    knowledge: float = Field(description="young people with hbo/wo (knowledge track)")

    def array(self) -> np.ndarray:
        """(2,) the values in ``Education`` order (vocational, knowledge): index by level."""
        return np.array([self.vocational, self.knowledge])


class PositiveByEducation(ByEducation):
    """One value above zero per education group."""

    vocational: float = Field(gt=0.0, description="young people with mbo or lower")
    knowledge: float = Field(gt=0.0, description="young people with hbo/wo")


class NonNegativeByEducation(ByEducation):
    """One value of zero or more per education group."""

    vocational: float = Field(ge=0.0, description="young people with mbo or lower")
    knowledge: float = Field(ge=0.0, description="young people with hbo/wo")


class ShareByEducation(ByEducation):
    """One share (0-1) per education group."""

    vocational: Share = Field(description="young people with mbo or lower")
    knowledge: Share = Field(description="young people with hbo/wo")


class GeographyFiles(Strict):
    """Where the zone data live: ``package:<file>`` for the shipped data, or a path."""

    zones: str = Field(description="zones table (CSV); relative paths are relative to the config")
    travel_times: str = Field(description="travel-time table (CSV), every zone pair and mode")
    sources: str = Field(description="source registry (CSV) that the *_source columns refer to")


class Run(Strict):
    """Horizon, scale and seed of one run."""

    start_year: int = Field(ge=1990, le=2100, description="calendar year of the initial state")
    years: int = Field(ge=1, le=100, description="horizon, years (one step is one month)")
    scale: float = Field(gt=0.0, le=1.0, description="agents per young person (1.0 = full)")
    seed: int = Field(ge=0, description="seed of the model's numpy Generator")
    warm_up_years: int = Field(
        ge=0, le=50,
        description="years the model runs before the start, without policies, so its "
        "markets and flows settle (0: none)",
    )  # fmt: skip


class Tastes(Strict):
    """Distributions of individual tastes, drawn once per agent at entry."""

    city_taste_mean_eur_month: ByEducation = Field(description="mean taste for a city, EUR/month")
    city_taste_sd_eur_month: NonNegative = Field(description="sd of the city taste, EUR/month")
    origin_tie_mean_eur_month: NonNegativeByEducation = Field(
        description="mean of the exponential attachment to the origin zone, EUR/month"
    )
    value_of_time_eur_hour: PositiveByEducation = Field(
        description="median value of commuting time, EUR/hour"
    )
    value_of_time_log_sd: NonNegative = Field(description="sd of ln(value of time) across people")


class PopulationSettings(Strict):
    """Who is an agent, and the initial state."""

    youngest_age_years: int = Field(ge=15, le=34, description="youngest age in the model, years")
    oldest_age_years: int = Field(ge=15, le=34, description="oldest age in the model, years")
    wo_share_of_knowledge: Share = Field(description="share of the knowledge track at university")
    study_years_hbo: int = Field(ge=1, le=8, description="hbo study length, years")
    study_years_wo: int = Field(ge=1, le=8, description="wo study length, years")
    vocational_study_months_max: int = Field(
        ge=0, le=60, description="mbo study still ahead at entry: uniform 0..max, months"
    )
    with_parents_by_age: dict[int, Share] = Field(
        min_length=1, description="share living with parents, by age (linear between ages)"
    )
    car_access_by_age: dict[int, Share] = Field(
        min_length=1, description="share with a car available for commuting, by age"
    )
    initial_unemployment_rate: Share = Field(description="unemployed / labour force at start")
    tastes: Tastes = Field(description="individual tastes, drawn once per agent at entry")

    @model_validator(mode="after")
    def _age_bounds(self) -> PopulationSettings:
        if self.oldest_age_years < self.youngest_age_years:
            raise ValueError(
                f"oldest_age_years ({self.oldest_age_years}) is below youngest_age_years "
                f"({self.youngest_age_years})"
            )
        return self


class AgeRange(Strict):
    """Ages drawn uniformly between ``min`` and ``max`` (years, inclusive)."""

    min: int = Field(ge=15, le=34, description="lowest age, years")
    max: int = Field(ge=15, le=34, description="highest age, years")

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.max < self.min:
            raise ValueError(f"max ({self.max}) is below min ({self.min})")
        return self


class Demography(Strict):
    """Moving hazards, study and migration flows."""

    moving_rate_by_age_per_year: dict[int, Share] = Field(
        min_length=1, description="share moving house per year, by age (linear between ages)"
    )
    study_time_coeff_per_min: NonNegative = Field(
        description="logit weight of public-transport minutes in the choice of campus, 1/min"
    )
    study_stay_home_within_min: NonNegative = Field(
        description="students stay with parents only if the campus is this close by PT, min"
    )
    study_stay_home_share: Share = Field(
        description="share of students within reach who stay with their parents"
    )
    student_inmigration_share: Share = Field(
        description="share of each campus's intake arriving from outside Overijssel"
    )
    inmigrant_origin_shares: dict[str, Share] = Field(
        description="where in-migrants come from: outside zone -> share (sums to 1)"
    )
    worker_inmigration_per_vacancy_per_year: NonNegative = Field(
        description="young workers moving into Overijssel for a job, per open vacancy for "
        "young people there, persons/year"
    )
    worker_inmigration_age_years: AgeRange = Field(description="ages of in-migrant workers")
    student_inmigration_age_years: AgeRange = Field(description="ages of in-migrant students")


class Decay(Strict):
    """PBL log-logistic distance decay f(t) = 1 / (1 + exp(a + b ln t + c t))."""

    a: float = Field(description="constant")
    b: float = Field(description="weight of ln t (t in minutes)")
    c: float = Field(description="weight of t, 1/min")


class Commute(Strict):
    """Reach and cost of commuting."""

    decay: Decay = Field(description="decay of the chance to take a job with one-way minutes")
    decay_time_stretch: PositiveByEducation = Field(
        description="kappa by education: the decay is applied to minutes / kappa"
    )
    bike_max_km: NonNegative = Field(description="bike is an option only up to this road km")
    days_per_month: NonNegative = Field(description="commuting days per month")
    pt_transfer_penalty_min: NonNegative = Field(
        description="minutes added per change when a policy's faster links are routed through"
    )
    cost_per_km_eur: dict[str, NonNegative] = Field(
        description="money cost per km borne by the worker, per mode (car, pt, bike), EUR/km"
    )

    @model_validator(mode="after")
    def _modes(self) -> Commute:
        for value in (self.decay_time_stretch.vocational, self.decay_time_stretch.knowledge):
            if not 0.0 < value <= 5.0:
                raise ValueError(f"decay_time_stretch must be in (0, 5], not {value}")
        if set(self.cost_per_km_eur) != {"car", "pt", "bike"}:
            raise ValueError("cost_per_km_eur must name exactly the modes car, pt, bike")
        return self


class OnTheJobSearch(Strict):
    """Monthly probability that an employed person searches."""

    base: Share = Field(description="every employed person, per month")
    long_commute: Share = Field(
        description="added when the one-way commute is over long_commute_above_min, per month"
    )
    long_commute_above_min: NonNegative = Field(
        description="a commute longer than this counts as long for on-the-job search, min"
    )
    overqualified: Share = Field(
        description="added when a knowledge worker has a vocational-level job, per month"
    )


class LocalServices(Strict):
    """Local-service jobs, which follow the zone's residents (werk volgt wonen)."""

    share: ShareByEducation = Field(
        description="share of the jobs open to young people that serve local residents, by "
        "level (the rest is traded and follows its own trend)"
    )
    elasticity: NonNegative = Field(
        description="local-service jobs scale with the zone's residents to this power; 0 "
        "switches the mechanism off (jobs follow the trend only)"
    )
    lag_years: float = Field(
        gt=0.0, le=50.0,
        description="time constant of the adjustment of local jobs to residents, years",
    )  # fmt: skip


class Pay(Strict):
    """Expected monthly pay per job zone and level, rising with the employment within reach."""

    base_eur_month: PositiveByEducation = Field(
        description="gross monthly pay of a young worker at each job level where the "
        "employment within reach is the province's average, EUR/month"
    )
    reach_elasticity: ByEducation = Field(
        description="elasticity of pay to the employment within reach of the job's zone, by "
        "job level"
    )
    net_share: Share = Field(
        description="share of a gross pay difference a young worker keeps after tax and premiums"
    )
    logit_scale_eur_month: float = Field(
        gt=0.0,
        description="scale of net pay in the choice of where to apply: a job paying this "
        "much more a month weighs e times as much, EUR/month",
    )


class Labour(Strict):
    """Jobs, vacancies, search and matching."""

    initial_vacancy_rate: Share = Field(description="open vacancies / jobs at start")
    initial_overqualified_share: Share = Field(
        description="knowledge workers in vocational-level jobs at start"
    )
    separation_rate_per_month: ShareByEducation = Field(
        description="employed -> unemployed per month, by education of the job holder"
    )
    matching_efficiency_per_month: NonNegative = Field(
        description="mu in hires = mu A^alpha V^(1-alpha) per zone and level, per month"
    )
    matching_elasticity: Share = Field(description="alpha, elasticity to applicants")
    search_intensity: NonNegative = Field(
        description="eta: apply with probability 1 - exp(-eta x reachable vacancies)"
    )
    on_the_job_search_per_month: OnTheJobSearch = Field(
        description="probability that an employed person searches, per month"
    )
    overqualified_weight: Share = Field(
        description="weight of a vocational job for a knowledge searcher when allowed"
    )
    overqualified_after_months_unemployed: int = Field(
        ge=0, le=120,
        description="knowledge searchers also apply below their level after this many months "
        "of unemployment",
    )  # fmt: skip
    knowledge_reach_threshold: NonNegative = Field(
        description="knowledge searchers with fewer reachable knowledge vacancies also "
        "apply below their level, vacancies (persons)"
    )
    employer_preference_knowledge: NonNegative = Field(
        description="employers' weight for a knowledge applicant on a vocational job"
    )
    job_switch_gain_eur_month: NonNegative = Field(
        description="an employed searcher takes a job at the same level only if net pay "
        "less commuting cost rises by this much, EUR/month"
    )
    intervening_opportunities_per_person: NonNegative = Field(
        description="a zone's jobs weigh less by exp(-this x the openings at one's level in "
        "zones reached sooner), per person (0: off)"
    )
    outside_search_share: Share = Field(
        description="share of an outside zone's vacancies that young people from Overijssel "
        "consider when they search (the rest reaches only the outside labour force)"
    )
    rounds_per_month: int = Field(ge=1, le=10, description="application rounds per month")
    local_services: LocalServices = Field(
        description="local-service jobs follow the zone's residents, with a lag"
    )
    young_jobs_growth_offset_per_year: float = Field(
        ge=-0.1, le=0.1,
        description="added to every zone's growth of all jobs to give the growth of the jobs "
        "open to young people, share per year",
    )  # fmt: skip
    pay: Pay = Field(description="expected pay per job zone and level")


class PriceRule(Strict):
    """SILO's vacancy-based price rule (DefaultPricingStrategy)."""

    low_inflection: NonNegative = Field(
        description="vacancy below which the steep slope applies, x structural vacancy"
    )
    high_inflection: NonNegative = Field(
        description="vacancy above which the flat slope applies, x structural vacancy"
    )
    slope_low: float = Field(description="annual cost change per unit of vacancy, very tight")
    slope_mid: float = Field(description="annual cost change per unit of vacancy, near normal")
    slope_high: float = Field(description="annual cost change per unit of vacancy, slack")
    freeze_above_vacancy: Share = Field(description="no cost change above this vacancy rate")
    max_change_per_year: Share = Field(description="cap on the annual cost change, +-")


class HousingSettings(Strict):
    """Housing stock open to independent young people, and its cost."""

    initial_vacancy_rate: Share = Field(description="free places / capacity at start")
    structural_vacancy_rate: Share = Field(description="vacancy rate at which cost is stable")
    new_homes_per_year_share_of_stock: float = Field(
        ge=0.0, le=0.1,
        description="homes built a year (the recent trend) / the province's dwelling stock",
    )  # fmt: skip
    young_share_of_new_homes_relative: NonNegative = Field(
        description="young people's share of the new homes / their share of the existing stock "
        "(1: the trend adds places for young people in proportion to the places they hold)"
    )
    outside_cost_growth_per_year: float = Field(
        ge=-0.2, le=0.2,
        description="trend of the housing cost in outside zones (real, 2021 euros), per year",
    )  # fmt: skip
    young_persons_per_dwelling: float = Field(
        gt=0.0, le=5.0, description="young people housed per dwelling built by a policy"
    )
    price_rule: PriceRule = Field(description="how each zone's housing cost responds to vacancy")


class MoveTrigger(Strict):
    """Raised moving hazard after graduation or after taking a far job."""

    multiplier: NonNegative = Field(description="the moving hazard is multiplied by this")
    months: int = Field(ge=0, le=60, description="for this many months after the trigger")
    far_job_min: NonNegative = Field(
        description="a new job this far from home (one way) is a trigger, min"
    )


class Residence(Strict):
    """Residential choice: multinomial logit over zones, utilities in EUR/month."""

    logit_scale_eur_month: float = Field(
        gt=0.0, description="sigma, the scale of the logit's random term, EUR/month"
    )
    amenity_eur_month_per_sd: ByEducation = Field(
        description="value of one sd of a zone's amenity index, EUR/month"
    )
    housing_cost_weight: NonNegativeByEducation = Field(
        description="weight of a zone's monthly housing cost (1 = euro for euro)"
    )
    job_access_eur_month_per_log: NonNegative = Field(
        description="value of reachable job openings for job seekers, EUR/month per "
        "ln(1 + openings in persons)"
    )
    current_zone_eur_month: NonNegative = Field(
        description="value of staying in one's own municipality, EUR/month"
    )
    distance_friction_eur_month_per_log: NonNegative = Field(
        description="cost of moving away from one's social ties, EUR/month per "
        "ln(1 + road km / distance_scale_km)"
    )
    distance_scale_km: float = Field(
        gt=0.0, description="road distance at which the social-ties cost reaches ln 2, km"
    )
    outside_constant_eur_month: dict[str, ByEducation] = Field(
        description="alternative-specific constant per outside zone, EUR/month"
    )
    parents_penalty_by_age_eur_month: dict[int, NonNegative] = Field(
        min_length=1,
        description="cost of still living with one's parents, by age (linear between ages), "
        "EUR/month",
    )  # fmt: skip
    move_trigger: MoveTrigger = Field(
        description="raised moving hazard after graduating or taking a far job"
    )
    unemployed_moving_factor: NonNegative = Field(
        description="the moving hazard of the unemployed is multiplied by this"
    )
    lottery_rounds: int = Field(ge=1, le=20, description="housing lottery rounds per month")


class Scenario(Strict):
    """A whole scenario file (after ``extends:`` is resolved)."""

    geography: GeographyFiles = Field(description="the data files the model reads")
    run: Run = Field(description="horizon, scale and seed")
    population: PopulationSettings = Field(description="who is an agent, and the initial state")
    demography: Demography = Field(description="moving hazards, study and migration flows")
    commute: Commute = Field(description="reach and cost of commuting")
    labour: Labour = Field(description="jobs, vacancies, search and matching")
    housing: HousingSettings = Field(description="housing open to young people, and its cost")
    residence: Residence = Field(description="residential choice (utilities in EUR/month)")
    policies: list[Policy] = Field(description="levers applied from their start year")

    @model_validator(mode="after")
    def _policy_names_unique(self) -> Scenario:
        seen: set[str] = set()
        for i, policy in enumerate(self.policies):
            if policy.name in seen:
                raise ValueError(
                    f"policies[{i}].name = {policy.name!r}: two policies have this name (names "
                    f"address policies in experiments: make them unique)"
                )
            seen.add(policy.name)
        return self

    @model_validator(mode="after")
    def _policies_within_horizon(self) -> Scenario:
        first, end = self.run.start_year, self.run.start_year + self.run.years
        for i, policy in enumerate(self.policies):
            if not first <= policy.start_year < end:
                raise ValueError(
                    f"policies[{i}] ({policy.name}).start_year = {policy.start_year}: must lie "
                    f"within the run, {first}-{end - 1} (run.start_year and run.years)"
                )
        return self

    @model_validator(mode="after")
    def _inmigrant_ages_in_bounds(self) -> Scenario:
        low, high = self.population.youngest_age_years, self.population.oldest_age_years
        for key in ("worker_inmigration_age_years", "student_inmigration_age_years"):
            ages = getattr(self.demography, key)
            if ages.min < low or ages.max > high:
                raise ValueError(
                    f"demography.{key} = {ages.min}-{ages.max}: must lie within the model's "
                    f"ages {low}-{high} (population.youngest_age_years, oldest_age_years)"
                )
        return self
