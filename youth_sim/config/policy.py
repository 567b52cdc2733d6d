"""Pydantic models for the ``policies:`` section of a scenario.

Every policy has a ``type`` (which lever), a ``name`` (a label for charts), a calendar
``start_year`` and a ``ramp_years`` over which it grows linearly to full strength (0 = all at
once), an ``intensity`` (0-1, the share of the stated change that is applied; 1 when omitted,
so sweeps can vary it) and optional costs, ``cost_eur`` (one-off) and ``cost_eur_per_year``
(running), so that results can be put per euro; both scale with the intensity.

Zones are named by their CBS name (``Enschede``) or by a group: ``kind:city``,
``kind:town``, ``kind:rural``, ``kind:outside``, ``region:<COROP>`` (``region:Twente``),
``inside`` (all Overijssel zones), ``outside`` or ``all``. Names are checked against the
geography when the scenario is loaded with its data.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

_STRICT = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)

Share = Annotated[float, Field(ge=0.0, le=1.0)]
ZoneRef = Annotated[str, Field(min_length=1)]
"""A zone name or a group (``kind:...``, ``region:...``, ``inside``, ``outside``, ``all``)."""


class _Strict(BaseModel):
    model_config = _STRICT


class Between(_Strict):
    """Every trip between a zone of ``from_`` and a zone of ``to`` (both directions)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=True, allow_inf_nan=False, populate_by_name=True
    )

    from_: list[ZoneRef] = Field(
        alias="from", min_length=1, description="zones or groups at one end"
    )
    to: list[ZoneRef] = Field(min_length=1, description="zones or groups at the other end")


class Corridor(_Strict):
    """Which trips a change applies to: exactly one of the keys below (both directions).

    * ``pairs``: listed zone pairs;
    * ``line``: a line through several zones in order; every pair of zones on it;
    * ``between``: every trip from one group of zones to another;
    * ``zones``: every trip within a group (including trips inside each zone);
    * ``everywhere: true``: every trip.
    """

    pairs: list[Annotated[list[ZoneRef], Field(min_length=2, max_length=2)]] | None = Field(
        default=None, min_length=1, description="listed zone pairs, e.g. [[Zwolle, Enschede]]"
    )
    line: list[ZoneRef] | None = Field(
        default=None, min_length=2, description="zones along a line, in order (CBS names)"
    )
    between: Between | None = Field(
        default=None, description="every trip from one group of zones to another"
    )
    zones: list[ZoneRef] | None = Field(
        default=None, min_length=1, description="every trip within these zones or groups"
    )
    everywhere: Literal[True] | None = Field(default=None, description="true: every trip")

    @model_validator(mode="after")
    def _exactly_one(self) -> Corridor:
        given = [k for k in ("pairs", "line", "between", "zones", "everywhere") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of pairs, line, between, zones, everywhere"
                + (f" (got {', '.join(given)})" if given else "")
            )
        return self


class PolicyBase(_Strict):
    """Fields every policy has."""

    name: str = Field(
        min_length=1, pattern=r"^[^.]+$",
        description="label used in results and charts, and to address the policy in "
        "experiments (policies.<name>.intensity); unique, no dots",
    )  # fmt: skip
    start_year: int = Field(ge=1990, le=2200, description="calendar year the policy starts")
    ramp_years: float = Field(ge=0.0, le=50.0, description="years to reach full strength")
    intensity: Share = Field(default=1.0, description="share of the stated change applied")
    cost_eur: float | None = Field(
        default=None, ge=0.0, description="one-off cost (investment) at full strength, euros"
    )
    cost_eur_per_year: float | None = Field(
        default=None, ge=0.0,
        description="running cost a year at full strength once started, euros",
    )  # fmt: skip


class TravelTime(PolicyBase):
    """Faster (or slower) trips by one mode: a factor on, or minutes off, in-vehicle time.

    ``minutes_saved`` on a ``line`` is the saving end to end, shared out over the pairs on the
    line in proportion to their distance along it. ``propagate: true`` lets trips that pass
    through the changed links gain too (shortest paths are recomputed); ``false`` changes only
    the listed trips.
    """

    type: Literal["travel_time"] = Field(description="travel_time")
    mode: Literal["car", "pt", "bike"] = Field(description="the mode whose trips change")
    where: Corridor = Field(description="which trips change")
    factor: float | None = Field(
        default=None, gt=0.0, le=2.0, description="in-vehicle minutes x this (0.8 = 20% faster)"
    )
    minutes_saved: float | None = Field(
        default=None, ge=0.0, le=300.0, description="in-vehicle minutes saved per trip, min"
    )
    propagate: bool = Field(description="trips passing through the changed links gain too")

    @model_validator(mode="after")
    def _factor_or_minutes(self) -> TravelTime:
        if (self.factor is None) == (self.minutes_saved is None):
            raise ValueError("give exactly one of factor, minutes_saved")
        return self


class Frequency(PolicyBase):
    """More (or fewer) trains or buses: the public-transport waiting time is multiplied."""

    type: Literal["frequency"] = Field(description="frequency")
    where: Corridor = Field(description="which trips get the new frequency")
    wait_factor: float = Field(gt=0.0, le=2.0, description="0.5 = twice as frequent")


class Feeder(PolicyBase):
    """Fine-meshed transport from cities to the zones around them: PT door to door x factor."""

    type: Literal["feeder"] = Field(description="feeder")
    cities: list[ZoneRef] = Field(min_length=1, description="the cities the feeders run from")
    within_km: float = Field(
        gt=0.0, le=200.0, description="surrounding zones: main town this close"
    )
    factor: float = Field(gt=0.0, le=1.0, description="on all PT minutes (ride, access, wait)")


class CommuteSubsidy(PolicyBase):
    """Cheaper commuting for young people: money cost per km and/or valued time multiplied."""

    type: Literal["commute_subsidy"] = Field(description="commute_subsidy")
    cost_per_km_factor: Share = Field(description="money cost per km x this")
    time_cost_factor: Share = Field(description="valued commuting time x this")


class Amenity(PolicyBase):
    """More attractive places: amenity index raised (sd units of the Overijssel index)."""

    type: Literal["amenity"] = Field(description="amenity")
    zones: list[ZoneRef] = Field(min_length=1, description="zones or groups made more attractive")
    delta_sd: float = Field(
        ge=-5.0, le=5.0, description="added to the amenity index, sd units (Overijssel)"
    )


class NewHomes(PolicyBase):
    """Homes built for young people: capacity grows over the ramp (the building period)."""

    type: Literal["housing"] = Field(description="housing")
    homes: dict[str, Annotated[float, Field(ge=0.0)]] = Field(
        min_length=1, description="dwellings built per zone"
    )
    young_share: Share = Field(description="share of the new dwellings let to young people")


class RentSupport(PolicyBase):
    """Housing-cost support for young people living in the target zones, EUR/month."""

    type: Literal["rent_support"] = Field(description="rent_support")
    zones: list[ZoneRef] = Field(min_length=1, description="zones or groups where it applies")
    eur_per_month: float = Field(
        ge=0.0, le=2000.0, description="support per young resident, EUR/month"
    )


class Jobs(PolicyBase):
    """Jobs brought to places (firm support, relocation of public jobs): extra job growth."""

    type: Literal["jobs"] = Field(description="jobs")
    zones: list[ZoneRef] = Field(min_length=1, description="zones or groups that get the jobs")
    level: Literal["vocational", "knowledge", "both"] = Field(description="level of the jobs")
    extra_growth_per_year: float = Field(
        ge=-0.2, le=0.2, description="job growth added, share of the zone's jobs per year"
    )


Policy = Annotated[
    TravelTime | Frequency | Feeder | CommuteSubsidy | Amenity | NewHomes | RentSupport | Jobs,
    Field(discriminator="type"),
]
POLICY_TYPES = ("travel_time", "frequency", "feeder", "commute_subsidy", "amenity", "housing",
                "rent_support", "jobs")  # fmt: skip
