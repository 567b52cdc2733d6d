"""A scenario checked against the data it runs on: zone names, policy zones and savings.

Separate from the loaders so that the data layer (:mod:`youth_sim.geography`) does not depend
on the policies: loading reads and checks the data files; these functions check a scenario
against loaded data. Every error is a :class:`~youth_sim.errors.ConfigError` naming the file
(``where``), the key and the value.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from youth_sim.config.load import format_value
from youth_sim.config.policy import NewHomes, Policy, TravelTime
from youth_sim.config.schema import Scenario
from youth_sim.errors import ConfigError
from youth_sim.geography import POP_BANDS, Geography, Kind, load_geography
from youth_sim.policies import MODES, corridor, label, zones_of


def load_checked(scenario: Scenario, config_path: Path | None = None) -> Geography:
    """The scenario's geography data, loaded and checked against the scenario."""
    geo = load_geography(scenario, config_path)
    check_scenario(scenario, geo, config_path or Path("<config>"))
    return geo


def check_scenario(scenario: Scenario, geo: Geography, where: Path) -> None:
    """Check a scenario against loaded data: its zone names and every policy's zones and savings."""
    check_scenario_zones(scenario, geo, where)
    check_policies(scenario, geo, where)


def check_scenario_zones(scenario: Scenario, geo: Geography, where: Path) -> None:
    """Check that zone names in the scenario exist and are outside zones where required."""
    outside = {name for name, kind in zip(geo.names, geo.kind, strict=True) if kind == Kind.OUTSIDE}
    named = (
        ("demography.inmigrant_origin_shares", scenario.demography.inmigrant_origin_shares),
        ("residence.outside_constant_eur_month", scenario.residence.outside_constant_eur_month),
    )
    for key, table in named:
        for name in table:
            if name not in outside:
                known = ", ".join(sorted(outside))
                raise ConfigError(
                    f"{where}: {key}.{name}: {name!r} is not an outside zone (known: {known})"
                )
    missing = sorted(outside - set(scenario.residence.outside_constant_eur_month))
    if missing:
        raise ConfigError(
            f"{where}: residence.outside_constant_eur_month.{missing[0]}: missing (every "
            f"outside zone needs a constant)"
        )
    shares = scenario.demography.inmigrant_origin_shares
    if shares and abs(sum(shares.values()) - 1.0) > 1e-6:
        raise ConfigError(
            f"{where}: demography.inmigrant_origin_shares = {format_value(shares)}: "
            f"must sum to 1 (sums to {sum(shares.values()):.4g})"
        )
    bands_max = POP_BANDS[-1][0] + 4
    if scenario.population.oldest_age_years > bands_max:
        raise ConfigError(
            f"{where}: population.oldest_age_years = {scenario.population.oldest_age_years}: the "
            f"zone data have ages up to {bands_max}"
        )


def check_policies(scenario: Scenario, geo: Geography, where: Path) -> None:
    """Check every zone a policy names, and that no saving exceeds a trip's in-vehicle time.

    Raises :class:`ConfigError` naming the file, the policy and the value.
    """
    for i, policy in enumerate(scenario.policies):
        name = f"{where}: {label(i, policy)}"
        for key, refs in _zone_refs(policy):
            for ref in refs:
                try:
                    zones_of(ref, geo)
                except KeyError as exc:
                    raise ConfigError(f"{name}.{key} = {ref!r}: {exc.args[0]}") from None
        line = getattr(getattr(policy, "where", None), "line", None)
        for ref in line or ():
            if ref not in geo.names:
                raise ConfigError(
                    f"{name}.where.line = {ref!r}: a line runs through zones named by their "
                    f"CBS name (not groups)"
                )
        if isinstance(policy, NewHomes):
            for zone in policy.homes:
                if zone not in geo.names or not geo.inside[geo.index(zone)]:
                    raise ConfigError(
                        f"{name}.homes.{zone}: homes can be built only in an Overijssel "
                        f"zone, named by its CBS name"
                    )
        if isinstance(policy, TravelTime) and policy.minutes_saved is not None:
            share = corridor(policy.where, geo)
            ivt = geo.in_vehicle_min[MODES[policy.mode]]
            short = policy.minutes_saved * share > ivt + 1e-9
            if short.any():
                a, b = (int(v[0]) for v in np.nonzero(short))
                raise ConfigError(
                    f"{name}.minutes_saved = {policy.minutes_saved:g}: more than "
                    f"the {policy.mode} in-vehicle time of {geo.names[a]}-{geo.names[b]} "
                    f"({ivt[a, b]:g} min)"
                )


def _zone_refs(policy: Policy) -> list[tuple[str, list[str]]]:
    """(key, zone references) pairs a policy names, for checking."""
    refs: list[tuple[str, list[str]]] = []
    where = getattr(policy, "where", None)
    if where is not None:
        if where.pairs is not None:
            refs.append(("where.pairs", [z for pair in where.pairs for z in pair]))
        if where.line is not None:
            refs.append(("where.line", list(where.line)))
        if where.between is not None:
            refs.append(("where.between.from", list(where.between.from_)))
            refs.append(("where.between.to", list(where.between.to)))
        if where.zones is not None:
            refs.append(("where.zones", list(where.zones)))
    for key in ("zones", "cities"):
        value = getattr(policy, key, None)
        if value is not None:
            refs.append((key, list(value)))
    return refs
