"""Pay: the expected monthly pay of a job, by the job's zone and level.

Pay rises with the employment within reach of the job's zone, an agglomeration effect:
``wage[z, l] = base[l] x (E_z / E_ref) ** elasticity[l]``, with ``E_z`` the jobs of all ages in
every zone weighted by the commuting decay of the fastest trip from ``z`` (the same decay as
the reach of commuters, without the stretch by education), and ``E_ref`` its average over
Overijssel's jobs without policies. Faster trips raise ``E``, so transport policies raise pay
where they bring more employment within reach.

Searchers weigh a job by ``exp(net_share x (wage - base) / logit_scale)``: a job paying
``logit_scale`` more, net, a month weighs e times as much (:func:`pay_weight`).
"""

from __future__ import annotations

import numpy as np

from youth_sim.config.schema import Labour, Scenario
from youth_sim.geography import CommuteMatrices, Geography, decay


def employment_within_reach(geo: Geography, cm: CommuteMatrices, scenario: Scenario) -> np.ndarray:
    """(Z,) jobs of all ages within reach of each zone, decay-weighted, persons.

    The trips are the fastest ones for people with a car (any mode), one way.
    """
    weight = decay(cm.minutes[1].astype(np.float64), **scenario.commute.decay.model_dump())
    return weight @ geo.jobs.astype(np.float64)


def reference_employment(geo: Geography, cm: CommuteMatrices, scenario: Scenario) -> float:
    """``E_ref``: the employment within reach averaged over Overijssel's jobs, persons."""
    return _average_inside(employment_within_reach(geo, cm, scenario), geo)


def _average_inside(reach: np.ndarray, geo: Geography) -> float:
    return float(np.average(reach[geo.inside], weights=geo.jobs[geo.inside]))


def wages(
    geo: Geography, cm: CommuteMatrices, scenario: Scenario, reference: float | None = None
) -> np.ndarray:
    """(Z, 2) expected gross monthly pay of a young worker by job zone and level, EUR.

    ``reference`` is ``E_ref`` of the state without policies (:func:`reference_employment`;
    that of ``geo`` when omitted), so that faster trips raise pay in absolute terms.
    """
    params = scenario.labour.pay
    reach = employment_within_reach(geo, cm, scenario)
    if reference is None:
        reference = _average_inside(reach, geo)
    elasticity = params.reach_elasticity.array()
    return params.base_eur_month.array() * (reach / reference)[:, None] ** elasticity


def net_pay(wage: np.ndarray, params: Labour) -> np.ndarray:
    """Net monthly pay over the level's base, EUR (what a pay difference is worth)."""
    return params.pay.net_share * (wage - params.pay.base_eur_month.array())


def pay_weight(wage: np.ndarray, params: Labour) -> np.ndarray:
    """(Z, 2) weight of a job in the choice of where to apply, 1 at the level's base pay."""
    return np.exp(net_pay(wage, params) / params.pay.logit_scale_eur_month)
