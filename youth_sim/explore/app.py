"""The explore page: Mesa's Solara controls with policy levers, a live map and key figures.

Run by ``youth-sim explore`` (needs the ``explore`` extra: ``pip install -e '.[explore]'``).
The page (Mesa's model controller and parameter controls, our map and key figures) runs
:class:`ExploreModel` step by step at a small scale: the policy model and, in
lock step with the same seed, the same scenario without the levers' policies, so the map shows
each municipality's change in young residents against it and the line charts show both. The
levers (``explore/levers.py``) and every word (``charts/labels.py``) are the project's own;
the reset, play and step buttons are the page's own (Mesa's controller logic, in the page's
language), the parameter controls Mesa's.

Settings come from the environment, as ``youth-sim explore`` sets them: ``YOUTH_SIM_CONFIG``
(the base scenario, default ``configs/baseline.yaml``), ``YOUTH_SIM_SCALE`` (0.05) and
``YOUTH_SIM_LANG`` (``nl``) and ``YOUTH_SIM_PRESET`` (the scenario the levers start from, ``none``).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import numpy as np
import solara
from mesa.visualization.utils import force_update, update_counter

from youth_sim.charts.labels import LEVERS as LEVER_WORDS
from youth_sim.charts.labels import Lang, indicator_label, number, text
from youth_sim.config import load_scenario
from youth_sim.config.load import with_overrides
from youth_sim.config.schema import Scenario
from youth_sim.explore.levers import LEVERS, scenario, scenario_yaml
from youth_sim.model import YouthModel

LINES = (
    "unemployment_rate_vocational",
    "unemployment_rate_knowledge",
    "long_commute_share",
    "share_outside_province",
)
"""The key figures the page follows month by month, mbo and hbo/wo apart."""
PRESETS = ("none", "people_based", "place_based", "combined")
"""Shipped scenarios the levers can start from (their policies, then the levers' on top)."""


def settings() -> tuple[Path, float, Lang]:
    """Base scenario file, scale and language, from the environment (see the module doc)."""
    lang = os.environ.get("YOUTH_SIM_LANG", "nl")
    return (
        Path(os.environ.get("YOUTH_SIM_CONFIG", "configs/baseline.yaml")),
        float(os.environ.get("YOUTH_SIM_SCALE", "0.05")),
        "en" if lang == "en" else "nl",
    )


def _base(preset: str) -> Scenario:
    path, scale, _ = settings()
    if preset != "none":
        path = path.parent / f"{preset}.yaml"
    return with_overrides(load_scenario(path), {"run.scale": scale})


class ExploreModel(YouthModel):
    """The policy model of the page, with a reference run (no lever, no preset) in lock step."""

    def __init__(
        self, preset: str | None = None, rng: int = 1, map_shows: str = "", **levers: float
    ) -> None:
        preset = preset if preset is not None else os.environ.get("YOUTH_SIM_PRESET", "none")
        self.map_shows = map_shows  # a label of MAP_SHOWS in either language; "" = the first
        self.levers = {lever.key: float(levers.get(lever.key, lever.default)) for lever in LEVERS}
        self.preset = preset if preset in PRESETS else "none"
        base = _base(self.preset)
        config = scenario(base, self.levers)  # the preset's policies, then the levers'
        super().__init__(config, rng=rng)
        self.reference = YouthModel(_base("none"), rng=rng) if config.policies else None

    def step(self) -> None:
        """One month of the policy model and of its reference."""
        super().step()
        if self.reference is not None:
            self.reference.step()

    def start_year(self) -> float | None:
        """Calendar year the first policy starts, if any."""
        years = [p.start_year for p in self.config.policies]
        return float(min(years)) if years else None


def young_residents(model: YouthModel) -> np.ndarray:
    """(Z,) young people living in each zone now, persons."""
    return np.bincount(model.people.home, minlength=model.geo.n_zones) / model.scale


MAP_SHOWS = ("residents", "unemployment")
"""What the map can show: the change in young residents against the reference (percent), or
youth unemployment by municipality (its change against the reference, in points, when there
is one)."""


def unemployment_by_zone(model: YouthModel) -> np.ndarray:
    """(Z,) youth unemployment rate of each zone's residents now, percent (NaN without any)."""
    from youth_sim.population import Status

    pop, n = model.people, model.geo.n_zones
    jobless = np.bincount(pop.home[pop.status == Status.UNEMPLOYED], minlength=n)
    working = np.bincount(pop.home[pop.status == Status.EMPLOYED], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return 100 * jobless / (jobless + working)


def _shown(model: ExploreModel) -> str:
    for key in MAP_SHOWS:
        if model.map_shows in (key, *(text(f"explore_map_{key}", lang) for lang in ("nl", "en"))):
            return key
    return MAP_SHOWS[0]


def map_figure(model: ExploreModel, lang: Lang) -> Any:
    """The municipalities coloured by what the map shows (see :data:`MAP_SHOWS`)."""
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import TwoSlopeNorm
    from matplotlib.figure import Figure

    from youth_sim.charts.figures import boundaries

    rings = boundaries()
    shows = _shown(model)
    if shows == "residents":
        now = young_residents(model)
        base = young_residents(model.reference) if model.reference is not None else now
        with np.errstate(invalid="ignore", divide="ignore"):
            change = 100 * (now / base - 1)
        unit, label = "%", text("map_colour", lang)
    elif model.reference is not None:
        change = unemployment_by_zone(model) - unemployment_by_zone(model.reference)
        unit, label = "", text("explore_map_unemployment_change", lang)
    else:
        change = unemployment_by_zone(model)
        unit, label = "%", text("explore_map_unemployment", lang)
    names = [n for n in model.geo.names if n in rings]
    values = {n: float(change[model.geo.index(n)]) for n in names}
    level = shows == "unemployment" and model.reference is None  # a level, not a change
    centre = float(np.nanmean(list(values.values()))) if level else 0.0
    limit = max(1.0, float(np.nanmax(np.abs(np.array(list(values.values())) - centre))))
    fig = Figure(figsize=(6.5, 5.2), layout="constrained")
    ax = fig.subplots()
    polygons = [ring for n in names for ring in rings[n]]
    colours = [values[n] for n in names for _ in rings[n]]
    shapes = PolyCollection(polygons, array=np.nan_to_num(colours), cmap="PuOr_r",
                            norm=TwoSlopeNorm(centre, centre - limit, centre + limit),
                            edgecolors="white",
                            linewidths=0.6)  # fmt: skip
    ax.add_collection(shapes)
    for n in names:
        ring = max(rings[n], key=len)
        ax.text(float(ring[:, 0].mean()), float(ring[:, 1].mean()),
                f"{n}\n{number(values[n], lang, 1)}{unit}", fontsize=6.5, ha="center",
                va="center")  # fmt: skip
    ax.autoscale_view()
    ax.set_aspect(1 / np.cos(np.radians(52.4)))
    ax.set_axis_off()
    fig.colorbar(shapes, ax=ax, shrink=0.7, label=label)
    year = model.config.run.start_year + model.steps / 12
    when = f"{year:.1f}".replace(".", "," if lang == "nl" else ".")
    ax.set_title(f"{text('map_title', lang)} ({when})", fontsize=9, loc="left")
    return fig


def lines_figure(model: ExploreModel, lang: Lang) -> Any:
    """The key figures month by month: the policy model solid, the reference dashed."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(6.5, 4.2), layout="constrained")
    axes = fig.subplots(2, 2).ravel()
    runs = [(model, "-", "#0072B2")]
    if model.reference is not None:
        runs.append((model.reference, "--", "#595959"))
    start = model.start_year()
    for ax, name in zip(axes, LINES, strict=True):
        for run, style, colour in runs:
            table = run.metrics()
            ax.plot(run.config.run.start_year + table["year"], 100 * table[name], style,
                    color=colour, lw=1.2)  # fmt: skip
        if start is not None:
            ax.axvline(start, color="#333333", lw=0.7, linestyle=":")
        ax.set_title(f"{indicator_label(name, lang)} (%)", fontsize=8, loc="left")
        ax.tick_params(labelsize=7)
        first = model.config.run.start_year
        ax.set_xlim(first, max(first + 1.0, first + model.steps / 12))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    return fig


def save_scenario(model: ExploreModel, folder: Path = Path("results/explore")) -> Path:
    """Write what is on screen as a scenario file ``youth-sim run`` accepts; returns it."""
    path, _, _ = settings()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"explore_{time.strftime('%Y%m%d_%H%M%S')}.yaml"
    extends = (path.parent / f"{model.preset}.yaml") if model.preset != "none" else path
    text_ = scenario_yaml(model.levers, extends=str(extends.resolve()), base=_base(model.preset))
    target.write_text(text_, encoding="utf-8")
    return target


def model_params(lang: Lang) -> dict[str, Any]:
    """The levers as SolaraViz controls, in plain words, and the presets."""
    params: dict[str, Any] = {
        "map_shows": {
            "type": "Select",
            "value": text(f"explore_map_{MAP_SHOWS[0]}", lang),
            "values": [text(f"explore_map_{key}", lang) for key in MAP_SHOWS],
            "label": text("explore_map", lang),
        },
        "preset": {
            "type": "Select",
            "value": os.environ.get("YOUTH_SIM_PRESET", "none"),
            "values": list(PRESETS),
            "label": text("explore_preset", lang),
        },
    }
    for lever in LEVERS:
        whole = float(lever.step).is_integer() and float(lever.low).is_integer()
        params[lever.key] = {
            "type": "SliderInt" if whole else "SliderFloat",
            "value": int(lever.default) if whole else lever.default,
            "min": int(lever.low) if whole else lever.low,
            "max": int(lever.high) if whole else lever.high,
            "step": int(lever.step) if whole else lever.step,
            "label": LEVER_WORDS[lever.key][lang],
        }
    return params


LANG: Lang = settings()[2]


@solara.component
def Map(model: ExploreModel) -> Any:
    """The live map, redrawn after every step."""
    update_counter.get()
    return solara.FigureMatplotlib(map_figure(model, LANG))


@solara.component
def Lines(model: ExploreModel) -> Any:
    """The key figures, redrawn after every step."""
    update_counter.get()
    return solara.FigureMatplotlib(lines_figure(model, LANG))


@solara.component
def Save(model: ExploreModel) -> Any:
    """A button that keeps what is on screen as a scenario file."""
    written, set_written = solara.use_state("")

    def save() -> None:
        set_written(str(save_scenario(model)))

    with solara.Column() as column:
        solara.Button(text("explore_save", LANG), on_click=save)
        if written:
            solara.Text(text("explore_saved", LANG, path=written))
    return column


@solara.component
def Controller(model: Any, parameters: Any) -> Any:
    """Reset, play/pause and step, labelled in the page's language.

    Mesa's controller logic: reset re-creates the model from the controls' values; play steps
    it in a worker thread until paused.
    """
    playing = solara.use_reactive(False)

    def run() -> None:
        while playing.value:
            time.sleep(0.3)
            model.value.step()
            force_update()

    solara.lab.use_task(run, dependencies=[playing.value], prefer_threaded=True)

    def step() -> None:
        model.value.step()
        force_update()

    def reset() -> None:
        playing.value = False
        model.value = ExploreModel(**parameters.value)
        force_update()

    with solara.Row(justify="space-between") as row:
        solara.Button(text("explore_reset", LANG), on_click=reset, color="primary")
        solara.Button(text("explore_pause" if playing.value else "explore_play", LANG),
                      on_click=lambda: playing.set(not playing.value), color="primary")  # fmt: skip
        solara.Button(text("explore_step", LANG), on_click=step, color="primary",
                      disabled=playing.value)  # fmt: skip
    return row


@solara.component
def Page() -> Any:
    """The page: Mesa's model controller and parameter controls, our map and key figures.

    Mesa's ``SolaraViz`` lays its components out with vue-grid-layout, which fails under the
    Vue 3 front end of the offline solara assets ("GlobalVue.use is not a function"), so the
    page uses Mesa's parameter controls and its own controller in a plain column layout.
    """
    from mesa.visualization.solara_viz import ModelCreator

    model: Any = solara.use_reactive(ExploreModel())
    parameters: Any = solara.use_reactive({})
    solara.Title(text("explore_title", LANG))
    with solara.Columns([1, 2]):
        with solara.Column():
            solara.Markdown(f"## {text('explore_title', LANG)}")
            with solara.Card():
                Controller(model, parameters)
            with solara.Card():
                ModelCreator(model, model_params(LANG), model_parameters=parameters)
            with solara.Card():
                Save(model.value)
        with solara.Column():
            Map(model.value)
            Lines(model.value)
