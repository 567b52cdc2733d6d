"""Housing market: finite homes for independent young people, rationing, and cost response.

Capacity is counted in person-places (each independent young person occupies one; people who
live with their parents occupy none). No Overijssel zone ever holds more independent young
people than its capacity: every way in (a move, leaving the parental home, an in-migrant) goes
through :func:`~youth_sim.choice.ration` against the free places; capacity grows by the recent
building trend (:func:`build`) and costs follow SILO's vacancy rule (:func:`update_cost`).
Outside zones have no limit and their cost follows its own trend: their markets are not
modelled (the young people from Overijssel are part of their demand already).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from youth_sim.choice import draw, ration, thinned
from youth_sim.config.schema import Demography, HousingSettings, Residence
from youth_sim.context import Month
from youth_sim.geography import CommuteMatrices, Geography
from youth_sim.population import (
    AGE_SLOTS,
    NEVER,
    Population,
    Status,
    by_age,
    count_by_age,
    count_moves,
    move_cells,
)
from youth_sim.residence import ZoneTerms, utilities

UNLIMITED = np.inf


@dataclass
class Housing:
    """Capacity (agent units, ``inf`` outside) and monthly cost (EUR) per zone, both (Z,)."""

    capacity: np.ndarray
    cost_eur_month: np.ndarray
    size_reference: float
    """Mean initial capacity of Overijssel zones (agents), the unit of the logit size term."""
    initial_capacity: np.ndarray
    """(Z,) capacity at the start (agents, ``inf`` outside), the base of the building trend."""

    def occupied(self, pop: Population) -> np.ndarray:
        """(Z,) independent young residents (agents)."""
        n_zones = len(self.capacity)
        # One pass: those living with their parents land in the bins after the zones.
        return np.bincount(pop.home + np.int16(n_zones) * pop.with_parents, minlength=2 * n_zones)[
            :n_zones
        ]

    def free(self, pop: Population) -> np.ndarray:
        """(Z,) free places (agents); a large number in outside zones."""
        free = np.floor(np.minimum(self.capacity, 1e12)) - self.occupied(pop)
        return np.where(np.isfinite(self.capacity), free, 1e12)

    def size(self) -> np.ndarray:
        """(Z,) capacity relative to the mean Overijssel zone; 1 in outside zones."""
        return np.where(np.isfinite(self.capacity), self.capacity / self.size_reference, 1.0)


def initial_housing(geo: Geography, pop: Population, params: HousingSettings) -> Housing:
    """Capacity = independent young residents / (1 - initial vacancy rate); cost from the data."""
    occupied = np.bincount(pop.home[~pop.with_parents], minlength=geo.n_zones).astype(float)
    capacity = np.where(geo.inside, occupied / (1.0 - params.initial_vacancy_rate), UNLIMITED)
    return Housing(
        capacity=capacity,
        cost_eur_month=geo.housing_cost_eur_month.astype(float).copy(),
        size_reference=float(capacity[geo.inside].mean()),
        initial_capacity=capacity.copy(),
    )


@dataclass
class MoveCounts:
    """What one month's residential choice did (agents)."""

    movers: int = 0
    moved: int = 0
    between_zones: int = 0
    left_parents: int = 0
    out_by_age: np.ndarray = field(default_factory=lambda: np.zeros(AGE_SLOTS, dtype=np.int64))
    """(AGE_SLOTS,) moves from an Overijssel zone to an outside zone, by age in years."""
    in_by_age: np.ndarray = field(default_factory=lambda: np.zeros(AGE_SLOTS, dtype=np.int64))
    """(AGE_SLOTS,) moves from an outside zone to an Overijssel zone, by age in years."""
    rejected: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """(Z,) choices turned away for lack of a free place."""
    free: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """(Z,) free places after the moves."""
    flows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """Moves between zones by (from, to, age band, education, student): see
    :func:`~youth_sim.population.count_moves`."""


def monthly_hazard_by_age(demography: Demography, oldest_age_years: int) -> np.ndarray:
    """Monthly moving probability indexed by age in months (0 .. (oldest_age_years + 1) x 12).

    The annual rate by age (CBS) interpolated to each month of age, as ``1 - (1 - h)^(1/12)``.
    """
    yearly = by_age(
        demography.moving_rate_by_age_per_year, np.arange((oldest_age_years + 1) * 12 + 1) / 12.0
    )
    return 1.0 - (1.0 - yearly) ** (1.0 / 12.0)


def moving_probability(
    pop: Population, monthly_by_age_m: np.ndarray, residence: Residence, step: int
) -> np.ndarray:
    """(n,) monthly probability of considering a move.

    The base hazard by age (:func:`monthly_hazard_by_age`) is multiplied while a trigger
    (graduation, a far job) lasts and for the unemployed; students do not move (their move is
    the choice of campus at entry); in-migrants who just arrived for a job always choose a
    home (:func:`_arrived`). :func:`draw_movers` draws with these chances.
    """
    chance = _moving_chance(pop, monthly_by_age_m, residence, step)
    chance[_arrived(pop, step)] = 1.0
    return chance


def moving_chance_bound(monthly_by_age_m: np.ndarray, residence: Residence) -> float:
    """The largest chance :func:`_moving_chance` can give (for thinning)."""
    factors = max(1.0, residence.move_trigger.multiplier) * max(
        1.0, residence.unemployed_moving_factor
    )
    return min(1.0, float(monthly_by_age_m.max()) * factors)


def _moving_chance(
    pop: Population,
    monthly_by_age_m: np.ndarray,
    residence: Residence,
    step: int,
    idx: np.ndarray | None = None,
) -> np.ndarray:
    """The moving chance without the in-migrants' first month (of everyone or of ``idx``)."""
    rows = slice(None) if idx is None else idx
    status = pop.status[rows]
    chance = monthly_by_age_m[pop.age_m[rows]]
    chance[pop.trigger_until[rows] >= step] *= residence.move_trigger.multiplier
    chance[status == Status.UNEMPLOYED] *= residence.unemployed_moving_factor
    chance[status == Status.STUDENT] = 0.0
    return np.minimum(chance, 1.0, out=chance)


def _arrived(pop: Population, step: int) -> np.ndarray:
    """Indices of the in-migrants who arrived for a job this month (they choose a home)."""
    if step <= 0:
        return np.zeros(0, dtype=np.int64)
    new = np.flatnonzero(pop.entry_step == step)
    came = (pop.origin[new] == pop.home[new]) & (pop.status[new] == Status.EMPLOYED)
    return new[came]


def draw_movers(pop: Population, monthly_by_age_m: np.ndarray, month: Month) -> np.ndarray:
    """Indices (sorted) of the agents who consider a move this month.

    See :func:`moving_probability` for who, and how likely; drawn by thinning
    (:func:`~youth_sim.choice.thinned`), then the in-migrants who just arrived.
    """
    residence = month.config.residence

    def chance(idx: np.ndarray) -> np.ndarray:
        return _moving_chance(pop, monthly_by_age_m, residence, month.step, idx)

    bound = moving_chance_bound(monthly_by_age_m, residence)
    movers = thinned(pop.n, bound, chance, month.rng)
    return np.union1d(movers, _arrived(pop, month.step))


def relocate(
    pop: Population,
    housing: Housing,
    geo: Geography,
    zones: ZoneTerms,
    cm: CommuteMatrices,
    movers: np.ndarray,
    month: Month,
) -> MoveCounts:
    """Let ``movers`` choose a zone (MNL) and ration the places (lottery, several rounds).

    Each round, the movers still unplaced draw a zone among those available to them (a zone
    with free places, their own zone if they already have a home there, outside zones, or
    staying with their parents); per zone, the free places go to a random subset of those
    who chose it; the others see that zone closed and choose again next round. Places left by
    movers free up for the next round. Unplaced movers stay where they are. Mutates ``pop``.
    """
    residence, rng = month.config.residence, month.rng
    free = housing.free(pop)
    counts = MoveCounts(
        movers=len(movers), rejected=np.zeros(geo.n_zones), free=free,
        flows=np.zeros(move_cells(geo.n_zones), dtype=np.int64),
    )  # fmt: skip
    if len(movers) == 0:
        return counts
    utility = utilities(pop, movers, geo, zones, cm, residence, month.config.labour)
    pending = np.ones(len(movers), dtype=bool)
    for _ in range(residence.lottery_rounds):
        if not _lottery_round(pop, geo, movers, utility, pending, counts, rng, residence):
            break
    return counts


def _lottery_round(
    pop: Population,
    geo: Geography,
    movers: np.ndarray,
    utility: np.ndarray,
    pending: np.ndarray,
    counts: MoveCounts,
    rng: np.random.Generator,
    residence: Residence,
) -> bool:
    """One round of choice and lottery; False when nobody had a choice left.

    Mutates ``pop`` (the placed movers' homes), ``utility`` (zones that turned a mover away
    become -inf for them), ``pending`` and ``counts`` (``free`` included).
    """
    n_zones = geo.n_zones
    free = counts.free
    stay_col = n_zones
    # Those still unplaced; zones without a free place are closed, except one's own zone
    # for those who have a home there.
    who = np.flatnonzero(pending)
    home = pop.home[movers[who]].astype(np.int64)
    own_home = ~pop.with_parents[movers[who]]
    current = utility[who]
    closed = np.flatnonzero(free <= 0)
    if len(closed):
        current[:, closed] = -np.inf
        keep_own = np.flatnonzero(own_home & (free[home] <= 0))
        current[keep_own, home[keep_own]] = utility[who[keep_own], home[keep_own]]
    can_choose = np.isfinite(current).any(axis=1)
    if not can_choose.all():
        who, home, own_home = who[can_choose], home[can_choose], own_home[can_choose]
        current = current[can_choose]
    if len(who) == 0:
        return False
    choice = draw(current, residence.logit_scale_eur_month, rng)
    # Staying with the parents, or a new home in one's own zone, needs no free place.
    needs_place = (choice != stay_col) & ~(own_home & (choice == home))
    slots = np.append(free, 0)
    accepted = ~needs_place | ration(np.where(needs_place, choice, stay_col), slots, rng)
    placed, zone = who[accepted], choice[accepted]
    moving = zone != stay_col
    agents = movers[placed[moving]]
    new_zone = zone[moving]
    old_zone = pop.home[agents].astype(np.int64)
    inside = geo.inside
    counts.moved += len(agents)
    counts.between_zones += int(np.count_nonzero(new_zone != old_zone))
    counts.left_parents += int(np.count_nonzero(pop.with_parents[agents]))
    counts.out_by_age += count_by_age(pop.age_m[agents[inside[old_zone] & ~inside[new_zone]]])
    counts.in_by_age += count_by_age(pop.age_m[agents[~inside[old_zone] & inside[new_zone]]])
    counts.flows += count_moves(
        old_zone, new_zone, pop.age_m[agents], pop.edu[agents],
        pop.status[agents] == Status.STUDENT, n_zones,
    )  # fmt: skip
    # Places: a mover who had a home frees it (for the next round); every mover takes one.
    had_home = ~pop.with_parents[agents]
    free += np.bincount(old_zone[had_home], minlength=n_zones)
    free -= np.bincount(new_zone, minlength=n_zones)
    pop.home[agents] = new_zone
    pop.with_parents[agents] = False
    pop.trigger_until[agents] = NEVER
    pending[placed] = False
    rejected = who[~accepted]
    np.add.at(counts.rejected, choice[~accepted], 1)
    utility[rejected, choice[~accepted]] = -np.inf
    return True


def build(housing: Housing, params: HousingSettings) -> None:
    """Add one month of the building trend to every Overijssel zone's capacity (agents).

    A twelfth of ``new_homes_per_year_share_of_stock x young_share_of_new_homes_relative`` of
    the zone's initial capacity: a constant number of homes a year (as the source counts
    them), spread in proportion to the young people's places, so the trend by itself leaves
    every zone's relative size unchanged. Additive: homes built by policies come on top and
    are not themselves grown by the trend. Mutates ``housing.capacity``.
    """
    inside = np.isfinite(housing.capacity)
    growth = params.new_homes_per_year_share_of_stock * params.young_share_of_new_homes_relative
    housing.capacity[inside] += housing.initial_capacity[inside] * growth / 12.0


def hold_vacancy_rate(
    housing: Housing,
    pop: Population,
    moves: MoveCounts,
    rate: float,
    cost_eur_month: np.ndarray,
    gain: float = 0.5,
) -> None:
    """Keep costs at ``cost_eur_month`` and nudge capacity toward vacancy ``rate`` (warm-up).

    Each Overijssel zone's capacity is scaled by ``exp(gain x (rate - v))``, with ``v`` the
    effective vacancy of the month's moves (as in :func:`update_cost`), never below the
    people living there; month after month this finds the capacity at which the zone's cost
    in the data is an equilibrium. Mutates ``housing``.
    """
    inside = np.isfinite(housing.capacity)
    capacity = np.maximum(housing.capacity[inside], 1e-9)
    v = (moves.free[inside] - moves.rejected[inside]) / capacity
    held = housing.capacity[inside] * np.exp(gain * (rate - v))
    housing.capacity[inside] = np.maximum(held, housing.occupied(pop)[inside])
    housing.cost_eur_month[:] = cost_eur_month


def update_cost(
    housing: Housing, free: np.ndarray, rejected: np.ndarray, params: HousingSettings
) -> None:
    """Adjust every zone's housing cost by one month: SILO's rule inside, a trend outside.

    Overijssel zones: effective vacancy ``v = (free - rejected) / capacity`` (turned-away
    demand counts as negative vacancy). The annual factor is piecewise linear in v around the
    structural vacancy (steep rise when very tight, slow fall when slack, frozen above a
    threshold, capped at +-max_change_per_year) and applied as its twelfth root. Outside zones
    (unlimited capacity): the twelfth root of ``1 + outside_cost_growth_per_year``. Mutates
    ``housing.cost_eur_month``.
    """
    rule = params.price_rule
    inside = np.isfinite(housing.capacity)
    capacity = np.maximum(housing.capacity[inside], 1e-9)
    v = (free[inside] - rejected[inside]) / capacity
    factor = annual_price_factor(v, params.structural_vacancy_rate, rule)
    housing.cost_eur_month[inside] *= factor ** (1.0 / 12.0)
    housing.cost_eur_month[~inside] *= (1.0 + params.outside_cost_growth_per_year) ** (1.0 / 12.0)


def annual_price_factor(v: np.ndarray, structural: float, rule: object) -> np.ndarray:
    """SILO ``DefaultPricingStrategy``: annual price factor as a function of vacancy ``v``.

    Continuous and piecewise linear: slope ``slope_low`` below ``low_inflection x structural``,
    ``slope_mid`` up to ``high_inflection x structural`` (factor 1 at the structural vacancy),
    ``slope_high`` above, 1 above ``freeze_above_vacancy``; clipped to 1 +- max change.
    """
    vs = structural
    vl = rule.low_inflection * vs  # type: ignore[attr-defined]
    vh = rule.high_inflection * vs  # type: ignore[attr-defined]
    s_low, s_mid, s_high = rule.slope_low, rule.slope_mid, rule.slope_high  # type: ignore[attr-defined]
    mid = 1.0 + s_mid * (v - vs)
    low = 1.0 + s_mid * (vl - vs) + s_low * (v - vl)
    high = 1.0 + s_mid * (vh - vs) + s_high * (v - vh)
    factor = np.where(v < vl, low, np.where(v < vh, mid, high))
    factor = np.where(v > rule.freeze_above_vacancy, 1.0, factor)  # type: ignore[attr-defined]
    cap = rule.max_change_per_year  # type: ignore[attr-defined]
    return np.clip(factor, 1.0 - cap, 1.0 + cap)
