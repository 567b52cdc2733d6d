"""YouthModel: the young people of Overijssel choosing home and job, one month per step.

The population is a struct of numpy arrays (:class:`~youth_sim.population.Population`) held
by a :class:`mesa.Model`; all randomness comes from the model's seeded ``rng``; the
indicators are recorded by Mesa's ``DataCollector``. :meth:`YouthModel.step` reads like the
process list in ``docs/ODD.md``.
"""

from __future__ import annotations

import copy
import hashlib
import json
import operator
import pickle
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import SupportsIndex

import mesa
import numpy as np
import pandas as pd

from youth_sim import demography, indicators, policies, residence
from youth_sim.checks import check_scenario
from youth_sim.choice import logsum
from youth_sim.config.schema import Scenario
from youth_sim.context import Month
from youth_sim.contract import INDICATOR_NAMES
from youth_sim.demography import DemographyCounts
from youth_sim.geography import Geography, commute_matrices, load_geography
from youth_sim.markets import housing, labour, pay
from youth_sim.population import AGE_SLOTS, NEVER, Population, move_cells, synthesise
from youth_sim.residence import ZoneTerms, utilities
from youth_sim.tables import migration_table, moves_table, od_table, zone_table

PANEL_SIZE = 2000
"""Approximate number of agents in the fixed panel over which ``mean_utility`` is averaged."""
CALIBRATION_SAMPLE = 20_000
"""Approximate number of movers used to calibrate the zone constants at the start."""
SETTLED_CACHE_SIZE = 2
"""How many warmed-up states a process keeps (per config without policies, seed, geography)."""


@dataclass
class _Settled:
    """The state a warm-up leaves: what :meth:`YouthModel.warm_up` changes, and the stream."""

    people: Population
    market: labour.LabourMarket
    homes: housing.Housing
    zone_constant: np.ndarray
    next_uid: int
    openings: np.ndarray
    rng_state: dict


_SETTLED: OrderedDict[str, _Settled] = OrderedDict()
"""Warmed-up states of this process, newest last: runs that differ only in their policies and
horizon (the scenarios of a comparison, the two arms of a paired test) share one warm-up."""


def _settled_key(config: Scenario, geography: Geography, seed: int) -> str:
    """Everything a warm-up depends on.

    The config without policies or horizon, the seed and the geography's content.
    """
    dump = config.model_dump(mode="json", exclude={"policies": True, "run": {"years", "seed"}})
    digest = hashlib.sha256(json.dumps(dump, sort_keys=True).encode())
    digest.update(pickle.dumps(geography, protocol=5))
    digest.update(str(seed).encode())
    return digest.hexdigest()


def _read_indicator(model: YouthModel, name: str) -> float:
    return model.indicators[name]


class YouthModel(mesa.Model):
    """Agent-based model of young people's residential and job choices in Overijssel.

    Parameters
    ----------
    config
        A validated scenario (see :func:`youth_sim.config.load_scenario`).
    geography
        Zones and travel times; loaded from the scenario's files when omitted. The model works
        on its own copy.
    rng
        Seed of the model's numpy Generator (an int or a numpy integer); ``config.run.seed``
        when omitted.

    The model stops ``running`` (Mesa's flag) after ``config.run.years * 12`` monthly steps, so
    Mesa's ``batch_run`` needs no ``max_steps``.

    Attributes
    ----------
    people : Population
        One row per young person (struct of arrays).
    market : LabourMarket
        Jobs open to young people and outside job offers, persons, per zone and level.
    homes : Housing
        Capacity and cost of housing per zone.
    indicators : dict[str, float]
        The current value of every indicator in :data:`~youth_sim.contract.INDICATORS`.
    """

    people: Population
    market: labour.LabourMarket
    homes: housing.Housing
    zone_constant: np.ndarray
    next_uid: int
    _openings: np.ndarray

    def __init__(
        self,
        config: Scenario,
        geography: Geography | None = None,
        *,
        rng: SupportsIndex | None = None,
    ) -> None:
        # operator.index: numpy integer seeds (EMA Workbench passes numpy.int64) become ints,
        # which Mesa's seeding of Python's random module requires.
        seed = config.run.seed if rng is None else operator.index(rng)
        super().__init__(rng=seed)
        self.config = config
        self.scale = config.run.scale
        self.base_geo = (geography or load_geography(config)).copy()
        check_scenario(config, self.base_geo, Path("<config>"))
        """The geography without policies; ``geo`` is the one in force this month."""
        self.geo = self.base_geo.copy()
        self.commute = commute_matrices(self.geo, config.commute)
        self._pay_reference = pay.reference_employment(self.geo, self.commute, config)
        self._monthly_hazard = housing.monthly_hazard_by_age(
            config.demography, config.population.oldest_age_years
        )
        # Policy effects (none until a policy starts; see apply_policies).
        self._policy_key: tuple[float, ...] = ()
        self._homes_added = np.zeros(self.geo.n_zones)
        self.rent_support_eur_month = np.zeros(self.geo.n_zones)
        self.extra_job_growth = np.zeros((self.geo.n_zones, 2))
        self.laid_off_total = 0
        """Agents laid off because their zone's jobs fell below its workers, since the start."""
        self._start(seed)
        self.laid_off_total = 0
        self.n_initial = self.people.n
        self.entered_total = 0
        self.aged_out_total = 0
        self._net_out: deque[int] = deque(maxlen=12)
        self.migration_years: list[np.ndarray] = []
        """Per model year, (2, AGE_SLOTS) agents moving out of / into the province by age."""
        self.move_years: list[np.ndarray] = []
        """Per model year, moves between zones by (from, to, age band, education, student)."""
        # Panel: agents whose uid is a multiple of a power of two (a cheap bit test each step).
        self._panel_mask = (1 << max(0, round(np.log2(max(self.n_initial, 1) / PANEL_SIZE)))) - 1
        self.indicators: dict[str, float] = {}
        self._refresh_indicators()
        reporters: dict[str, Callable[[YouthModel], float]] = {
            name: partial(_read_indicator, name=name) for name in INDICATOR_NAMES
        }
        self.datacollector = mesa.DataCollector(model_reporters=reporters)
        self.datacollector.collect(self)
        self.zone_years: list[pd.DataFrame] = [self._zone_table(year=0)]

    def step(self) -> None:
        """Advance one month: one line per phase of docs/ODD.md, section 3, in that order."""
        month = Month(step=self.steps, config=self.config, rng=self.rng)
        self.apply_policies()  # 0. policies at this month's strength
        born = self.update_population(month)  # 1. ageing, leaving, entering
        self.update_labour_demand(month)  # 2. job growth and separations
        self.search_jobs(month)  # 3. job search and matching
        moves = self.choose_residences(month)  # 4. building, moving, prices
        self.observe(month, born, moves)  # 5. indicators and tables
        # Mesa's batch_run steps while `running`: stop at the scenario's horizon.
        self.running = self.steps < self.config.run.years * 12

    def _start(self, seed: int) -> None:
        """The state at step 0: synthesis, then :meth:`warm_up`; or what they left earlier.

        The same config (policies and horizon aside), seed and geography give the same start
        (:func:`_settled_key`), so a process keeps the last few (``_SETTLED``) and restores
        one instead of building it again: the synthesis, the job assignment, the calibration
        of the zone constants and the warm-up are paid once per seed and process. The results
        are the same either way (tested): the state and the random stream are restored
        exactly.
        """
        years = self.config.run.warm_up_years
        if years == 0:
            self._set_up()
            return
        key = _settled_key(self.config, self.base_geo, seed)
        settled = _SETTLED.get(key)
        if settled is None:
            self._set_up()
            self.warm_up(years)
            settled = _Settled(
                people=copy.deepcopy(self.people), market=copy.deepcopy(self.market),
                homes=copy.deepcopy(self.homes), zone_constant=self.zone_constant.copy(),
                next_uid=self.next_uid, openings=self._openings.copy(),
                rng_state=copy.deepcopy(self.rng.bit_generator.state),
            )  # fmt: skip
            _SETTLED[key] = settled
            while len(_SETTLED) > SETTLED_CACHE_SIZE:
                _SETTLED.popitem(last=False)
            return
        _SETTLED.move_to_end(key)
        self.people = copy.deepcopy(settled.people)
        self.market = copy.deepcopy(settled.market)
        self.homes = copy.deepcopy(settled.homes)
        self.zone_constant = settled.zone_constant.copy()
        self.next_uid = settled.next_uid
        self._openings = settled.openings.copy()
        self.rng.bit_generator.state = copy.deepcopy(settled.rng_state)

    def _set_up(self) -> None:
        """Synthesise the population, give out jobs and homes, calibrate the zone constants."""
        config = self.config
        self.people = synthesise(self.geo, config, self.rng)
        self.market = labour.initial_market(
            self.geo, self.people, config.labour, self.scale,
            pay.wages(self.geo, self.commute, config, self._pay_reference),
        )  # fmt: skip
        labour.assign_initial_jobs(self.people, self.market, self.commute, config.labour, self.rng)
        self.homes = housing.initial_housing(self.geo, self.people, config.housing)
        self._openings = self.market.openings_persons(self.people)
        self.zone_constant = np.zeros(self.geo.n_zones)  # read by zone_terms() while calibrating
        self.zone_constant = self._calibrate_zone_constants()
        self.next_uid = self.people.n

    def warm_up(self, years: int) -> None:
        """Run the model ``years`` years before the start, so its markets settle (ODD 5.9).

        Every phase of a step except policies and observation. Jobs grow on their trend and
        homes are built as in the run, so the start is a state the model's own flows keep.
        Each month the Overijssel zone constants move ``sigma ln(CBS share / share now)``, so
        that the residents stay spread over the municipalities as CBS counted them (the
        constants become those of a dynamic equilibrium: moves, entrants and in-migrants
        included), and housing costs are held at the data while capacities settle
        (:func:`~youth_sim.markets.housing.hold_vacancy_rate`). Afterwards every step-valued
        attribute is shifted so that the start is step 0 again.
        """
        months = 12 * years
        if months == 0:
            return
        inside = self.geo.inside
        cost = self.homes.cost_eur_month.copy()
        target = np.bincount(self.people.home, minlength=self.geo.n_zones)[inside]
        target = target / target.sum()
        sigma = self.config.residence.logit_scale_eur_month
        for step in range(1, months + 1):
            month = Month(step=step, config=self.config, rng=self.rng)
            self.update_population(month)
            self.update_labour_demand(month)
            self.search_jobs(month)
            moves = self.choose_residences(month)
            housing.hold_vacancy_rate(
                self.homes, self.people, moves, self.config.housing.structural_vacancy_rate, cost
            )
            now = np.bincount(self.people.home, minlength=self.geo.n_zones)[inside]
            share = np.maximum(now, 1) / max(now.sum(), 1)
            self.zone_constant[inside] += sigma * np.log(target / share)
            self.zone_constant[inside] -= self.zone_constant[inside].mean()
        pop = self.people
        pop.grad_step[pop.grad_step != NEVER] -= months
        pop.trigger_until[pop.trigger_until != NEVER] -= months
        pop.entry_step -= months
        self.homes.initial_capacity = self.homes.capacity.copy()  # the building trend's base

    def update_population(self, month: Month) -> DemographyCounts:
        """Phase 1 (ODD 7.2): age everyone, drop those past the oldest age, add entrants."""
        born = demography.advance(
            self.people, self.geo, self.homes, self.market, self.next_uid, month
        )
        self.next_uid += born.entered
        return born

    def update_labour_demand(self, month: Month) -> None:
        """Phase 2 (ODD 7.3): job growth, local jobs following residents, layoffs, separations.

        Workers are laid off where a zone's jobs fell below the workers holding them.
        """
        jobs_fell = labour.update_demand(
            self.market, self.geo, self.extra_job_growth, self.people,
            self.config.labour.local_services,
            offset=self.config.labour.young_jobs_growth_offset_per_year,
        )  # fmt: skip
        if jobs_fell:  # the one way a zone can hold more workers than jobs
            self.laid_off_total += labour.lay_off(self.people, self.market, month.rng)
        labour.separate(self.people, self.market, month)

    def search_jobs(self, month: Month) -> None:
        """Phase 3 (ODD 7.4): the unemployed and some employed search; vacancies are filled."""
        matched = labour.search_and_match(self.people, self.market, self.commute, month)
        labour.count_unemployed_month(self.people)
        self._openings = self.market.openings_persons(self.people, filled=matched.filled)

    def choose_residences(self, month: Month) -> housing.MoveCounts:
        """Phase 4 (ODD 7.5-7.6): capacity grows; movers choose a zone; housing costs respond."""
        housing.build(self.homes, self.config.housing)
        movers = housing.draw_movers(self.people, self._monthly_hazard, month)
        moves = housing.relocate(
            self.people, self.homes, self.geo, self.zone_terms(), self.commute, movers, month
        )
        housing.update_cost(self.homes, moves.free, moves.rejected, self.config.housing)
        return moves

    def observe(self, month: Month, born: DemographyCounts, moves: housing.MoveCounts) -> None:
        """Phase 5 (ODD 8): count moves in and out, compute and record the indicators."""
        self._account(born, moves)
        self._refresh_indicators()
        self.datacollector.collect(self)
        if month.step % 12 == 0:
            self.zone_years.append(self._zone_table(year=month.step // 12))

    def run_months(self, months: int, progress: Callable[[int], object] | None = None) -> None:
        """Run ``months`` steps, calling ``progress(1)`` after each."""
        for _ in range(months):
            self.step()
            if progress is not None:
                progress(1)

    def apply_policies(self) -> None:
        """Put the scenario's policies, at this month's strength, into the model's state.

        Travel times, amenity, rent support, extra job growth, homes built and commuting costs
        are recomputed from the base whenever a policy's strength changes (never before its
        start year). Zone constants were calibrated before, on the base state.
        """
        config = self.config
        if not config.policies:
            return
        fx = policies.effects(
            self.base_geo, config, self.steps, config.commute.pt_transfer_penalty_min
        )
        if fx.key == self._policy_key:
            return
        self._policy_key = fx.key
        self.geo.in_vehicle_min = fx.in_vehicle_min
        self.geo.access_egress_min = fx.access_egress_min
        self.geo.wait_min = fx.wait_min
        self.geo.amenity = self.base_geo.amenity + fx.amenity_delta
        self.rent_support_eur_month = fx.rent_support_eur_month
        self.extra_job_growth = fx.extra_job_growth
        homes = fx.homes_persons * self.scale
        self.homes.capacity += homes - self._homes_added
        self._homes_added = homes
        self.commute = commute_matrices(
            self.geo, config.commute, fx.cost_per_km_factor, fx.time_cost_factor
        )
        wage = pay.wages(self.geo, self.commute, config, self._pay_reference)
        self.market.set_pay(wage, config.labour)

    def zone_terms(self) -> ZoneTerms:
        """The zone-level inputs of the residential utility, as they are now."""
        return ZoneTerms(
            amenity=self.geo.amenity,
            housing_cost_eur_month=np.maximum(
                self.homes.cost_eur_month - self.rent_support_eur_month, 0.0
            ),
            size=self.homes.size(),
            openings=self._openings * self.market.pay_weight,
            constant=self.zone_constant,
        )

    def _calibrate_zone_constants(self) -> np.ndarray:
        """Zone constants that make the initial distribution an equilibrium of the movers."""
        config = self.config
        weight = housing.moving_probability(
            self.people, self._monthly_hazard, config.residence, step=0
        )
        # A deterministic subsample (every k-th mover) keeps this fast at full scale.
        movers = np.flatnonzero(weight > 0)
        movers = movers[:: max(1, len(movers) // CALIBRATION_SAMPLE)]
        return residence.zone_constants(
            self.people,
            movers,
            weight[movers],
            self.geo,
            self.zone_terms(),
            self.commute,
            config.residence,
            config.labour,
        )

    def _account(self, born: DemographyCounts, moves: housing.MoveCounts) -> None:
        self.entered_total += born.entered
        self.aged_out_total += born.aged_out
        out_moves = moves.out_by_age + born.left_to_study_by_age
        in_moves = moves.in_by_age + born.inmigrant_students_by_age
        self._net_out.append(int(out_moves.sum() - in_moves.sum()))
        year = (self.steps - 1) // 12 + 1
        if len(self.migration_years) < year:
            self.migration_years.append(np.zeros((2, AGE_SLOTS), dtype=np.int64))
            self.move_years.append(np.zeros(move_cells(self.geo.n_zones), dtype=np.int64))
        self.migration_years[year - 1] += np.stack((out_moves, in_moves))
        self.move_years[year - 1] += moves.flows + born.flows

    def _refresh_indicators(self) -> None:
        net = sum(self._net_out) * 12.0 / len(self._net_out) / self.scale if self._net_out else 0.0
        self.indicators = indicators.compute(
            self.people,
            self.geo,
            self.market,
            self.commute,
            net,
            self._mean_utility(),
            self._openings,
        )

    def _mean_utility(self) -> float:
        panel = np.flatnonzero((self.people.uid & self._panel_mask) == 0)
        if len(panel) == 0:
            return 0.0
        utility = utilities(
            self.people,
            panel,
            self.geo,
            self.zone_terms(),
            self.commute,
            self.config.residence,
            self.config.labour,
        )
        return float(logsum(utility, self.config.residence.logit_scale_eur_month).mean())

    def metrics(self) -> pd.DataFrame:
        """One row per recorded step (0 = initial state): ``step``, ``year`` and the indicators."""
        table = self.datacollector.get_model_vars_dataframe().reset_index(drop=True)
        table.insert(0, "year", table.index / 12.0)
        table.insert(0, "step", table.index)
        return table

    def zones(self) -> pd.DataFrame:
        """One row per zone per recorded year (year 0 = start)."""
        return pd.concat(self.zone_years, ignore_index=True)

    def migration(self) -> pd.DataFrame:
        """Moves out of and into the province per model year and age, persons."""
        return migration_table(self.migration_years, self.config.population, self.scale)

    def moves(self) -> pd.DataFrame:
        """Moves of residence between zones per model year, age band, education, persons."""
        return moves_table(self.move_years, self.geo.names, self.config.population, self.scale)

    def od(self) -> pd.DataFrame:
        """Employed young people by home zone, work zone and education, persons, now."""
        return od_table(self.people, self.geo, self.scale)

    def _zone_table(self, year: int) -> pd.DataFrame:
        return zone_table(self.people, self.geo, self.market, self.homes, self.scale, year)


__all__ = ["Population", "YouthModel"]
