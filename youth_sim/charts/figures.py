"""The charts of an advice: each function turns results into a Figure (nothing is saved here).

A function raises :class:`Skip` with a phrase key from ``labels.TEXT`` when its data is not
in the results (one scenario, one replication, no grid, no Morris design).
"""

from __future__ import annotations

import functools
import textwrap
from typing import Literal

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import Formatter, FuncFormatter

from youth_sim.charts.data import Results, View
from youth_sim.charts.labels import (
    Lang,
    display_scale,
    indicator_label,
    indicator_unit,
    number,
    parameter_label,
    signed,
    text,
)
from youth_sim.spatial import crow_km

A4_WIDTH_IN = 6.3
"""Text width of an A4 page with 2.5 cm margins, inches."""
KEY_INDICATORS = (
    "unfilled_vacancy_rate_city",
    "unfilled_vacancy_rate_rest",
    "youth_unemployment_rate",
    "overqualified_share",
    "mismatch_index_knowledge",
    "long_commute_share",
    "reachable_vacancies_vocational",
    "reachable_vacancies_knowledge",
    "share_outside_province",
    "mean_utility",
)
KINDS = ("city", "town", "rural", "outside")


MARKERS = ("o", "s", "^", "D", "v", "P", "X")
"""One marker per policy, so that shape as well as colour tells them apart."""
LINES: tuple[Literal["--", "-.", ":"], ...] = ("--", "-.", ":")
"""One line style per policy on the time paths (the reference is solid)."""


def _look(index: int) -> tuple[str, Literal["-", "--", "-.", ":"]]:
    """Marker and line style of the policy at ``index`` (-1: the reference: a dot, solid)."""
    if index < 0:
        return "o", "-"
    return MARKERS[index % len(MARKERS)], LINES[index % len(LINES)]


class Skip(Exception):
    """A chart that cannot be drawn from these results; ``args[0]`` is a ``labels.TEXT`` key."""


def _figure(height_in: float) -> Figure:
    return Figure(figsize=(A4_WIDTH_IN, height_in), layout="constrained")


def _finish(
    fig: Figure,
    results: Results,
    lang: Lang,
    title: str,
    note: str,
    legend: list[str] | list[View] | None = None,
) -> Figure:
    """Title, an optional legend of scenarios under it, the note and the footnote."""
    height = fig.get_figheight()
    footnote = textwrap.wrap(results.footnote(lang), 125)
    notes = textwrap.wrap(note, 125)
    legend_rows = (len(legend) + 1) // 2 if legend else 0
    top = 1 - (0.32 + 0.16 * legend_rows) / height  # room for title and legend, in fractions
    extra = 0.12 * (len(notes) - 1)  # a note on more than one line
    bottom = (0.24 + extra + 0.12 * len(footnote)) / height  # room for the note and footnote
    engine = fig.get_layout_engine()
    assert isinstance(engine, ConstrainedLayoutEngine)  # every figure here is constrained
    engine.set(rect=(0, bottom, 1, top - bottom))
    fig.text(0.01, 1 - 0.08 / height, title, fontsize=10, fontweight="bold", ha="left", va="top")
    fig.text(
        0.01, (0.08 + 0.12 * len(footnote)) / height, "\n".join(notes), fontsize=7,
        color="#333333", va="bottom",
    )  # fmt: skip
    fig.text(
        0.01, 0.03 / height, "\n".join(footnote), fontsize=7, color="#555555", linespacing=1.25
    )
    if legend:
        from matplotlib.lines import Line2D

        views = [item if isinstance(item, View) else View(item, item, None) for item in legend]
        reference = results.views[0].key
        handles = []
        for k, v in enumerate(views):
            marker, line = _look(k if views[0].key != reference else k - 1)
            handles.append(
                Line2D(
                    [],
                    [],
                    color=results.view_colour(v),
                    marker=marker,
                    linestyle=line,
                    lw=1.5,
                    label=results.view_label(v, lang),
                )
            )
        fig.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.0, 1 - 0.3 / height),
            ncols=2,
            fontsize=7,
            frameon=False,
        )
    return fig


class _Numbers(Formatter):
    """Tick labels in the reader's number format, with as many decimals as the ticks need."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.decimals = 2

    def format_ticks(self, values: list[float]) -> list[str]:
        """Pick the fewest decimals that show every tick exactly, then format them all."""
        locs = np.array([v for v in values if np.isfinite(v)])
        self.decimals = next(
            (d for d in range(5) if np.all(np.abs(np.round(locs, d) - locs) < 1e-9)), 4
        )
        return [self(v) for v in values]

    def __call__(self, x: float, pos: int | None = None) -> str:
        return number(x, self.lang, self.decimals)


def _formatter(lang: Lang, decimals: int | None = None) -> Formatter:
    if decimals is None:
        return _Numbers(lang)
    return FuncFormatter(lambda value, _: number(value, lang, decimals))


def _title(name: str, lang: Lang, difference: bool = False) -> str:
    """Panel title: indicator label, and its unit on a second line."""
    return f"{indicator_label(name, lang)}\n({indicator_unit(name, lang, difference=difference)})"


def _outcomes(results: Results) -> list[str]:
    kept = results.manifest.outcomes
    return [name for name in KEY_INDICATORS if name in kept]


def comparison(results: Results, lang: Lang) -> Figure:
    """1. Per indicator, each policy's paired difference from the reference with its 95% CI."""
    if not results.policies:
        raise Skip("skip_one_scenario")
    if results.replications < 2:
        raise Skip("skip_one_replication")
    effects = results.effects
    names = _outcomes(results)
    rows = (len(names) + 1) // 2
    fig = _figure(1.35 * rows + 0.8)
    axes = fig.subplots(rows, 2, squeeze=False).ravel()
    policies = results.policies
    ticks = [textwrap.fill(results.label(p, lang), 22) for p in policies]
    for i, (ax, name) in enumerate(zip(axes, names, strict=False)):
        scale = display_scale(name)
        data = effects[effects["indicator"] == name].set_index("scenario")
        for y, scenario in enumerate(policies):
            row = data.loc[scenario]
            mean, low, high = (scale * row[k] for k in ("mean_difference", "ci_low", "ci_high"))
            ax.errorbar(
                mean,
                y,
                xerr=[[mean - low], [high - mean]],
                fmt=_look(y)[0],
                ms=4,
                capsize=2.5,
                color=results.colour(scenario),
                mfc="white" if not row["sign_clear"] else None,
            )
        ax.axvline(0, color="#999999", lw=0.8)
        ax.set_yticks(range(len(policies)), ticks if i % 2 == 0 else [""] * len(policies))
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.set_ylim(len(policies) - 0.5, -0.5)
        _better_cue(ax, name, lang)
        ax.set_title(_title(name, lang, difference=True), fontsize=7, loc="left")
        ax.xaxis.set_major_formatter(_formatter(lang))
        ax.tick_params(labelsize=7)
        ax.grid(axis="x", color="#eeeeee")
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    note = text("comparison_note", lang, years=results.years) + (
        f"; o = {text('sign_unclear', lang)}"
    )
    return _finish(fig, results, lang, text("comparison_title", lang), note, policies)


def _better_cue(ax: object, name: str, lang: Lang) -> None:
    """'beter ->' or '<- beter' at the panel's top right: which way is better (contract.BETTER)."""
    from youth_sim.contract import BETTER

    better = text("better", lang)
    cue = f"{better} \u2192" if BETTER.get(name, 0) > 0 else f"\u2190 {better}"
    ax.text(0.99, 1.0, cue, transform=ax.transAxes, ha="right", va="bottom",  # type: ignore[attr-defined]
            fontsize=7, color="#333333")  # fmt: skip


def paths(results: Results, lang: Lang) -> Figure:
    """2. Each indicator over the years per scenario: median and a 10-90% band."""
    series = results.timeseries
    if series.empty:
        raise Skip("skip_one_scenario")
    views = results.views
    names = _outcomes(results)[:6]
    start = results.policy_start
    rows = (len(names) + 1) // 2
    fig = _figure(1.55 * rows + 0.9)
    axes = fig.subplots(rows, 2, squeeze=False, sharex=True).ravel()
    for ax, name in zip(axes, names, strict=False):
        scale = display_scale(name)
        for k, view in enumerate(views):
            marker, line = _look(k - 1)
            grouped = results.of_view(series, view).groupby("step")[name]
            year = results.start_year + grouped.median().index.to_numpy() / 12.0
            median = scale * grouped.median().to_numpy()
            colour = results.view_colour(view)
            if results.replications > 1:
                low = scale * grouped.quantile(0.1).to_numpy()
                high = scale * grouped.quantile(0.9).to_numpy()
                ax.fill_between(year, low, high, color=colour, alpha=0.18, lw=0)
            ax.plot(year, median, color=colour, lw=1.2, linestyle=line, marker=marker,
                    markevery=12, ms=3, label=results.view_label(view, lang))  # fmt: skip
        if start is not None:
            ax.axvline(start, color="#333333", lw=0.7, linestyle=":")
            ax.annotate(text("policy_starts", lang), (start, 1.0),
                        xycoords=("data", "axes fraction"), xytext=(2, -2),
                        textcoords="offset points", fontsize=7, va="top",
                        color="#333333")  # fmt: skip
        ax.set_title(_title(name, lang), fontsize=7, loc="left")
        ax.yaxis.set_major_formatter(_formatter(lang))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.0f}"))
        ax.tick_params(labelsize=7)
        ax.grid(color="#eeeeee")
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    note = text("paths_note", lang) if results.replications > 1 else ""
    return _finish(fig, results, lang, text("paths_title", lang), note, views)


def _mean_residents(results: Results, view: View) -> pd.Series:
    mine = results.of_view(results.zones, view)
    total = mine["residents_vocational"] + mine["residents_knowledge"]
    return total.groupby(mine["zone"], sort=False).mean()


@functools.cache
def boundaries() -> dict[str, list[np.ndarray]]:
    """Each Overijssel municipality's outer rings, (n, 2) lon/lat arrays, by CBS name.

    From ``youth_sim/data/geo/overijssel_gemeenten_2021.geojson`` (CBS/Kadaster, simplified;
    ``geo/SOURCE.md``). Every map drawn from it carries :data:`BOUNDARY_CREDIT`.
    """
    import json
    from importlib.resources import files

    text_ = files("youth_sim").joinpath("data/geo/overijssel_gemeenten_2021.geojson").read_text()
    rings: dict[str, list[np.ndarray]] = {}
    for feature in json.loads(text_)["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        rings[feature["properties"]["name"]] = [np.asarray(p[0], dtype=float) for p in polygons]
    return rings


def _nice_limit(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k at or above ``value`` (a colour scale's end)."""
    value = max(float(value), 0.5)
    power = 10.0 ** np.floor(np.log10(value))
    return float(next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= value))


def _centroid(ring: np.ndarray) -> tuple[float, float]:
    """Area centroid of a closed lon/lat ring (shoelace), where a municipality's name goes."""
    x, y = ring[:, 0], ring[:, 1]
    cross = x[:-1] * y[1:] - x[1:] * y[:-1]
    area = cross.sum() / 2
    if abs(area) < 1e-12:
        return float(x.mean()), float(y.mean())
    return (
        float(((x[:-1] + x[1:]) * cross).sum() / (6 * area)),
        float(((y[:-1] + y[1:]) * cross).sum() / (6 * area)),
    )


def _arrow_angles(angles: np.ndarray, gap: float = np.radians(16)) -> np.ndarray:
    """Spread the angles (radians) so that neighbours are at least ``gap`` apart."""
    order = np.argsort(angles)
    spread = angles[order].copy()
    for _ in range(50):
        moved = False
        for k in range(len(spread) - 1):
            short = gap - (spread[k + 1] - spread[k])
            if short > 1e-9:
                spread[k] -= short / 2
                spread[k + 1] += short / 2
                moved = True
        if not moved:
            break
    out = np.empty_like(spread)
    out[order] = spread
    return out


def _outside_arrows(ax: object, places: dict[str, tuple[float, float]], labels: dict[str, str],
                    province: np.ndarray) -> tuple[float, float, float, float]:  # fmt: skip
    """Labelled arrows just beyond the province, pointing towards each outside destination.

    Each label sits on the ray from the province's centre towards its destination, beyond the
    province's furthest point in that direction (so it never covers a municipality), the rays
    spread so that labels do not overlap. Returns the (x0, x1, y0, y1) box that holds them.
    """
    squash = np.cos(np.radians(52.4))
    flat = np.column_stack([province[:, 0] * squash, province[:, 1]])  # km-like units
    centre = (flat.min(axis=0) + flat.max(axis=0)) / 2
    names = list(places)
    target = np.array([[places[n][0] * squash, places[n][1]] for n in names]) - centre
    angles = _arrow_angles(np.arctan2(target[:, 1], target[:, 0]), gap=np.radians(24))
    reach: list[np.ndarray] = [flat]
    for name, angle in zip(names, angles, strict=True):
        unit = np.array([np.cos(angle), np.sin(angle)])
        edge = float(((flat - centre) @ unit).max())  # the province's extent that way
        half = np.array([0.012 * max(len(line) for line in labels[name].split("\n")), 0.035])
        out = float(np.abs(half / np.maximum(np.abs(unit), 1e-9)).min())  # label's half-depth
        tail = centre + unit * (edge + 0.04 + out)
        tip = centre + unit * (edge + 0.005)
        ax.annotate(  # type: ignore[attr-defined]
            labels[name], xy=(tip[0] / squash, tip[1]), xytext=(tail[0] / squash, tail[1]),
            fontsize=7, ha="center", va="center", color="#333333", zorder=6,
            arrowprops={"arrowstyle": "<|-", "color": "#777777", "lw": 0.8},
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#bbbbbb", "lw": 0.4},
        )  # fmt: skip
        reach.append(np.array([tail - half, tail + half]))
    every = np.concatenate(reach)
    (x0, y0), (x1, y1) = every.min(axis=0) - 0.01, every.max(axis=0) + 0.01
    return x0 / squash, x1 / squash, y0, y1


LABEL_NUDGE: dict[str, tuple[float, float]] = {
    "Losser": (0.045, -0.035),
    "Oldenzaal": (-0.01, 0.025),
    "Almelo": (0.025, 0.02),
    "Wierden": (-0.03, -0.015),
    "Raalte": (-0.02, -0.01),
    "Hellendoorn": (0.035, 0.01),
    "Enschede": (0.015, -0.012),
    "Olst-Wijhe": (-0.03, -0.01),
    "Borne": (-0.01, 0.01),
    "Hengelo": (-0.02, 0.008),
}
"""Where municipalities crowd (Twente, Salland), some names move off their centroid, degrees."""


BOUNDARY_CREDIT = {
    "nl": "Gemeentegrenzen 2021: Kadaster / CBS (CBS Gebiedsindelingen via PDOK)",
    "en": "Municipal boundaries 2021: Kadaster / Statistics Netherlands (CBS)",
}
"""The credit line CBS asks for on maps of its boundaries (``data/geo/SOURCE.md``)."""


def policy_map(
    results: Results, lang: Lang, max_links: int = 40, only: str | None = None
) -> Figure:
    """3. Map of the 25 municipalities coloured by the change a policy makes in young residents.

    Municipal boundaries (CBS 2021), every municipality named with its change; a diverging
    colour scale centred on zero and wide enough for every value (nothing clipped); outside
    destinations as labelled arrows at the edge; links a policy makes faster as lines. One
    panel per policy; ``only`` (a view key) draws that policy's panel alone, on the scale of
    all of them (the annex shows each map at full size).
    """
    import matplotlib.patheffects as effects
    from matplotlib.collections import PolyCollection
    from matplotlib.lines import Line2D

    views = results.views
    if len(views) < 2 or results.zones.empty:
        raise Skip("skip_no_policy_map")
    zones = results.zone_info
    base = _mean_residents(results, views[0]).reindex(list(zones.index))
    policies = views[1:]
    changes = {
        v.key: 100 * (_mean_residents(results, v).reindex(base.index) / base.replace(0, np.nan) - 1)
        for v in policies
    }
    inside = zones["inside"].to_numpy()
    spread = np.concatenate([np.abs(c.to_numpy()[inside]) for c in changes.values()])
    limit = _nice_limit(float(np.nanmax(spread)) if np.isfinite(spread).any() else 1.0)
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-limit, vmax=limit)
    cmap = matplotlib.colormaps["PuOr_r"]
    policies = [v for v in policies if only is None or v.key == only]
    rings = boundaries()
    province = np.concatenate([r for name in rings for r in rings[name]])
    fig = _figure(4.9 * len(policies) + 1.4)
    axes = np.atleast_1d(fig.subplots(len(policies), 1, squeeze=False)).ravel()
    lon, lat = zones["lon"].to_numpy(), zones["lat"].to_numpy()
    km = crow_km(lat, lon)
    halo = [effects.Stroke(linewidth=1.6, foreground="white")]  # drawn as a path under the text
    top = 0.0
    for ax, view in zip(axes, policies, strict=False):
        change = changes[view.key]
        names = [name for name in zones.index[inside] if name in rings]
        polygons = [ring for name in names for ring in rings[name]]
        values = [float(change[name]) for name in names for _ in rings[name]]
        ax.add_collection(
            PolyCollection(
                polygons,
                array=np.nan_to_num(values),
                cmap=cmap,
                norm=norm,
                edgecolors="white",
                linewidths=0.6,
                zorder=1,
            )
        )
        saving = results.manifest.savings_matrix(view.scenario)
        i, j = np.triu_indices(len(zones), k=1)
        gain = np.maximum(saving[i, j], saving[j, i])
        per_km = gain / np.maximum(km[i, j], 1.0)  # a local network shows as short links
        order = [k for k in np.argsort(-per_km)[:max_links] if gain[k] >= 0.5]
        top = max([top, *(float(gain[k]) for k in order)])
        for k in order:
            ax.plot([lon[i[k]], lon[j[k]]], [lat[i[k]], lat[j[k]]], color="#0072B2",
                    lw=0.4 + 2.6 * gain[k] / max(top, 1e-9), alpha=0.45, zorder=2,
                    solid_capstyle="round")  # fmt: skip
        where = {
            name: (float(x), float(y)) for name, x, y in zip(zones.index, lon, lat, strict=True)
        }
        value = {name: float(v) for name, v in change.items()}
        for name in names:
            wrapped = textwrap.fill(name, 12, break_long_words=False, break_on_hyphens=False)
            label = f"{wrapped}\n{_signed_pct(value[name], lang)}"
            x, y = _centroid(max(rings[name], key=len))
            dx, dy = LABEL_NUDGE.get(name, (0.0, 0.0))
            for effect, layer in ((halo, 5), (None, 5.1)):  # a white halo, then the text itself
                ax.text(x + dx, y + dy, label, fontsize=7, ha="center", va="center",
                        zorder=layer, linespacing=0.95, path_effects=effect)  # fmt: skip
        outside = list(zones.index[~inside])
        box = _outside_arrows(
            ax, {name: where[name] for name in outside},
            {name: f"{name}\n{_signed_pct(value[name], lang)}" for name in outside}, province,
        )  # fmt: skip
        ax.set_xlim(box[0], box[1])
        ax.set_ylim(box[2], box[3])
        ax.set_aspect(1 / np.cos(np.radians(52.4)))
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_title(results.view_label(view, lang), fontsize=8, loc="left")
    bar = fig.colorbar(
        matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap), ax=axes.tolist(),
        orientation="horizontal", fraction=0.025, pad=0.01, aspect=40,
    )  # fmt: skip
    bar.set_label(text("map_colour", lang), fontsize=7)
    bar.ax.tick_params(labelsize=7)
    bar.ax.xaxis.set_major_formatter(_formatter(lang))
    if top > 0:
        axes[0].legend(
            handles=[Line2D([], [], color="#0072B2", lw=3.0,
                            label=text("map_links", lang, top=number(top, lang, 0)))],
            loc="upper right", fontsize=7, frameon=False,
        )  # fmt: skip
    note = f"{text('map_note', lang)}. {BOUNDARY_CREDIT[lang]}"
    return _finish(fig, results, lang, text("map_title", lang), note)


def _signed_pct(value: float, lang: Lang) -> str:
    return "-" if not np.isfinite(value) else f"{signed(float(value), lang, 1)}%"


def heatmap(results: Results, lang: Lang) -> Figure:
    """4. A grid of two levers: each cell's difference from the cell without policy.

    Differences are paired on replications (every cell runs the same seeds); a cell whose 95%
    interval excludes zero is marked with a dot, the others' numbers are grey. One colour
    scale, centred on zero, for every panel (all in points: shares as percentage points, the
    mismatch index x 100). The note says how many replications would tell the highlighted
    cell's effects from zero.
    """
    from scipy import stats

    spec = results.spec
    parameters = [p["name"] for p in (*spec["uncertainties"], *spec["levers"])]
    if spec["design"]["type"] != "grid" or len(parameters) != 2:
        raise Skip("skip_no_grid")
    x_name, y_name = parameters
    points = pd.DataFrame(results.manifest.points)
    runs = results.runs.merge(points, left_on="point", right_index=True, suffixes=("_run", ""))
    runs = runs[runs["scenario"] == results.scenarios[-1]]
    names = [
        n
        for n in (
            "mismatch_index_knowledge",
            "unfilled_vacancy_rate_rest",
            "youth_unemployment_rate",
            "share_outside_province",
        )
        if n in results.manifest.outcomes
    ][:4]
    lowest = runs[(runs[x_name] == runs[x_name].min()) & (runs[y_name] == runs[y_name].min())]
    xs, ys = sorted(runs[x_name].unique()), sorted(runs[y_name].unique())
    highlight = spec.get("highlight")
    cells: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    needed: list[int] = []
    for name in names:
        factor = 100.0  # shares to percentage points, the index to points
        base = lowest.set_index("replication")[name]
        mean = np.full((len(ys), len(xs)), np.nan)
        sure = np.zeros((len(ys), len(xs)), dtype=bool)
        for (r, y), (c, x) in ((a, b) for a in enumerate(ys) for b in enumerate(xs)):
            cell = runs[(runs[x_name] == x) & (runs[y_name] == y)].set_index("replication")[name]
            gap = factor * (cell - base).dropna()
            mean[r, c] = gap.mean() if len(gap) else np.nan
            if len(gap) > 1 and gap.std(ddof=1) > 0:
                half = stats.t.ppf(0.975, len(gap) - 1) * gap.std(ddof=1) / np.sqrt(len(gap))
                sure[r, c] = abs(gap.mean()) > half
                if highlight and (x, y) == (highlight["point"].get(x_name),
                                            highlight["point"].get(y_name)):  # fmt: skip
                    ratio = 1.96 * gap.std(ddof=1) / max(abs(gap.mean()), 1e-12)
                    needed.append(int(np.ceil(ratio**2)))
        cells[name] = (mean, sure)
    every = np.concatenate([np.abs(m[np.isfinite(m)]) for m, _ in cells.values()])
    limit = _nice_limit(float(every.max()) if len(every) else 1.0)
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-limit, vmax=limit)
    rows = (len(names) + 1) // 2
    fig = _figure(2.5 * rows + 1.2)
    axes = fig.subplots(rows, 2, squeeze=False).ravel()
    image = None
    for ax, name in zip(axes, names, strict=False):
        mean, sure = cells[name]
        image = ax.imshow(mean, origin="lower", cmap="PuOr_r", norm=norm, aspect="auto")
        ax.set_xticks(range(len(xs)), [number(float(v), lang, 2) for v in xs], fontsize=7)
        ax.set_yticks(range(len(ys)), [number(float(v), lang, 2) for v in ys], fontsize=7)
        ax.set_xlabel(textwrap.fill(results.label(x_name, lang), 45), fontsize=7)
        ax.set_ylabel(textwrap.fill(results.label(y_name, lang), 35), fontsize=7)
        ax.set_title(
            f"{indicator_label(name, lang)}\n({_points_unit(name, lang)})",
            fontsize=7, loc="left",
        )  # fmt: skip
        for (r, c), value in np.ndenumerate(mean):
            if not np.isfinite(value) or (r == 0 and c == 0):
                continue
            label = number(value, lang, 2) + (" •" if sure[r, c] else "")
            ax.text(c, r, label, ha="center", va="center", fontsize=7,
                    color="black" if sure[r, c] else "#777777")  # fmt: skip
        if highlight and x_name in highlight["point"] and y_name in highlight["point"]:
            c = xs.index(highlight["point"][x_name])
            r = ys.index(highlight["point"][y_name])
            ax.add_patch(_box(c, r))
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    if image is not None:
        bar = fig.colorbar(image, ax=axes[: len(names)].tolist(), shrink=0.7)
        bar.set_label(text("difference", lang), fontsize=7)
        bar.ax.tick_params(labelsize=7)
        bar.ax.yaxis.set_major_formatter(_formatter(lang))
    note = text("heatmap_note", lang, years=results.years, n=results.replications)
    if highlight:
        note += f"; {text('highlight', lang)}: {highlight['label'][lang]}"
    if needed:
        note += "; " + text("heatmap_needed", lang, n=max(needed))
    return _finish(fig, results, lang, text("heatmap_title", lang), note)


def _points_unit(name: str, lang: Lang) -> str:
    """Unit of a heatmap panel: percentage points for shares, the index x 100 otherwise."""
    if display_scale(name) == 100.0:
        return indicator_unit(name, lang, difference=True)
    return text("index_points", lang)


def _box(col: int, row: int) -> object:
    from matplotlib.patches import Rectangle

    return Rectangle((col - 0.5, row - 0.5), 1, 1, fill=False, edgecolor="#D55E00", lw=2)


def home_and_work(results: Results, lang: Lang) -> Figure:
    """5. Where employed young people live and work: each policy's difference from the reference.

    By kind of area of home and of job, in persons (effects, not the levels of tens of
    thousands they would be lost in); a hatched bar is a difference whose 95% interval over the
    replications includes zero. Without a policy to compare, the levels.
    """
    zones = results.zones
    views = results.views
    if zones.empty or len(views) < 2:
        raise Skip("skip_no_policy_map")
    kind = results.zone_info["kind"]
    zones = pd.concat(
        [results.of_view(zones, v).assign(view=v.key) for v in views], ignore_index=True
    ).assign(kind=lambda t: t["zone"].map(kind))
    fig = _figure(4.4)
    axes = fig.subplots(2, 2, sharey="row")
    policies = views[1:]
    width = 0.8 / len(policies)
    for r, edu in enumerate(("vocational", "knowledge")):
        for c, (where, title) in enumerate((("home", "lives"), ("job", "works"))):
            ax = axes[r, c]
            column = f"workers_{where}_{edu}"
            per_run = zones.groupby(["view", "replication", "kind"])[column].sum()
            for s_, view in enumerate(policies):
                centre, spread = [], []
                for k in KINDS:
                    mine = per_run.get(view.key, pd.Series(dtype=float))
                    base = per_run.get(views[0].key, pd.Series(dtype=float))
                    gap = (
                        (mine.xs(k, level="kind") - base.xs(k, level="kind")).dropna()
                        if (
                            k in mine.index.get_level_values("kind")
                            and k in base.index.get_level_values("kind")
                        )
                        else pd.Series(dtype=float)
                    )
                    centre.append(float(gap.mean()) if len(gap) else 0.0)
                    spread.append(
                        1.96 * float(gap.std(ddof=1)) / np.sqrt(len(gap)) if len(gap) > 1 else 0.0
                    )
                x = np.arange(len(KINDS)) + (s_ - (len(policies) - 1) / 2) * width
                clear = np.abs(centre) > np.array(spread)
                bars = ax.bar(x, centre, width, color=results.view_colour(view),
                              label=results.view_label(view, lang))  # fmt: skip
                for bar, sure in zip(bars, clear, strict=True):
                    if not sure:
                        bar.set_hatch("////")
                        bar.set_alpha(0.55)
                ax.errorbar(x, centre, yerr=spread, fmt="none", ecolor="#333333", lw=0.7,
                            capsize=1.5)  # fmt: skip
            ax.axhline(0, color="#999999", lw=0.8)
            ax.set_axisbelow(True)
            ax.set_xticks(range(len(KINDS)), [textwrap.fill(text(k, lang), 12) for k in KINDS],
                          fontsize=7)  # fmt: skip
            ax.set_title(
                f"{text(edu, lang)}: {text(title, lang).lower()}", fontsize=7.5, loc="left"
            )
            ax.yaxis.set_major_formatter(_formatter(lang, 0))
            ax.tick_params(labelsize=7)
            ax.grid(axis="y", color="#eeeeee")
        axes[r, 0].set_ylabel(text("persons_difference", lang), fontsize=7)
    note = text("homework_note", lang, years=results.years,
                reference=results.view_label(views[0], lang))  # fmt: skip
    return _finish(fig, results, lang, text("homework_title", lang), note, policies)


def morris(results: Results, lang: Lang) -> Figure:
    """6. Morris mu* against sigma per parameter, one panel per indicator."""
    from youth_sim.experiment.summary import SummaryError, sensitivity

    if results.spec["design"]["type"] != "morris":
        raise Skip("skip_no_morris")
    try:
        table = sensitivity(results.manifest, results.runs)
    except SummaryError:
        raise Skip("skip_no_morris") from None
    names = [n for n in results.manifest.outcomes if n in set(table["indicator"])][:6]
    rows = (len(names) + 1) // 2
    fig = _figure(2.3 * rows + 0.8)
    axes = fig.subplots(rows, 2, squeeze=False).ravel()
    for ax, name in zip(axes, names, strict=False):
        data = table[table["indicator"] == name]
        scale = display_scale(name)
        ax.scatter(scale * data["mu_star"], scale * data["sigma"], s=14, color="#0072B2")
        for parameter, mu_star, sigma in zip(
            data["parameter"], data["mu_star"], data["sigma"], strict=True
        ):
            ax.annotate(
                results.label(str(parameter), lang),
                (scale * float(mu_star), scale * float(sigma)),
                fontsize=7,
                xytext=(3, 2),
                textcoords="offset points",
            )
        ax.set_title(_title(name, lang, difference=True), fontsize=7, loc="left")
        ax.set_xlabel(text("mu_star", lang), fontsize=7)
        ax.set_ylabel(text("sigma", lang), fontsize=7)
        ax.xaxis.set_major_formatter(_formatter(lang))
        ax.yaxis.set_major_formatter(_formatter(lang))
        ax.tick_params(labelsize=7)
        ax.grid(color="#eeeeee")
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    compared = str(table["scenario"].iloc[0])
    note = text(
        "morris_note",
        lang,
        scenario=results.label(compared, lang),
        reference=results.label(results.reference, lang),
    )
    return _finish(fig, results, lang, text("morris_title", lang), note)


def robustness(results: Results, lang: Lang) -> Figure:
    """7. Per indicator, each policy's effect over the plausible ensemble and its win share."""
    if not results.is_ensemble or not results.policies:
        raise Skip("skip_no_ensemble")
    table = results.ensemble
    names = _outcomes(results)
    policies = results.policies
    rows = (len(names) + 1) // 2
    fig = _figure(1.2 * rows + 0.4 * len(policies) * rows / 3 + 1.0)
    axes = fig.subplots(rows, 2, squeeze=False, sharey=True).ravel()
    ticks = [textwrap.fill(results.label(p, lang), 24) for p in policies]
    for i, (ax, name) in enumerate(zip(axes, names, strict=False)):
        scale = display_scale(name)
        data = table[table["indicator"] == name].set_index("scenario")
        shares = {str(k): float(v) for k, v in data["win_share"].items()}
        for y, scenario in enumerate(policies):
            if scenario not in data.index:
                continue
            row = data.loc[scenario]
            colour, marker = results.colour(scenario), MARKERS[y % len(MARKERS)]
            ax.plot(
                [scale * row["band_low"], scale * row["band_high"]], [y, y], color=colour, lw=0.8
            )
            ax.plot([scale * row["ci_low"], scale * row["ci_high"]], [y, y], color=colour, lw=3.2,
                    solid_capstyle="butt")  # fmt: skip
            ax.plot(scale * row["mean_difference"], y, marker=marker, ms=4.5, color=colour,
                    mec="white", mew=0.6)  # fmt: skip
            ax.text(1.01, y, f"{number(100 * shares[scenario], lang, 0)}%", va="center",
                    ha="left", fontsize=7, transform=ax.get_yaxis_transform())  # fmt: skip
        ax.axvline(0, color="#999999", lw=0.8)
        ax.set_yticks(range(len(policies)), ticks)
        ax.tick_params(labelsize=7, labelleft=i % 2 == 0)
        ax.set_ylim(len(policies) - 0.5, -0.5)
        ax.set_title(_title(name, lang, difference=True), fontsize=7, loc="left")
        ax.xaxis.set_major_formatter(_formatter(lang))
        ax.grid(axis="x", color="#eeeeee")
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    sets = int(table["n_sets"].max()) if len(table) else 0
    note = text(
        "robustness_note", lang, reference=results.label(results.reference, lang),
        years=results.years, sets=sets,
    )  # fmt: skip
    return _finish(fig, results, lang, text("robustness_title", lang), note)


DISCOVERY_PANELS = 4
"""At most this many comparisons in the discovery chart (those the parameters decide most)."""


def decisive(results: Results) -> pd.DataFrame:
    """The discovery rows with a box, key indicators only, the largest lift first."""
    table = results.discovery
    if table.empty or "limits" not in table:
        return table
    names = set(_outcomes(results))
    found = table[(table["limits"].fillna("") != "") & table["indicator"].isin(names)].copy()
    found["lift"] = found["density"] - found["win_share"]
    return found.sort_values("lift", ascending=False, kind="stable")


def discovery_chart(results: Results, lang: Lang) -> Figure:
    """8. Where in the plausible parameter space a policy wins: the sets and the PRIM box."""
    import json

    from matplotlib.patches import Rectangle

    from youth_sim.contract import BETTER

    if not results.is_ensemble or not results.policies:
        raise Skip("skip_no_ensemble")
    found = decisive(results)
    if found.empty:
        raise Skip("skip_no_discovery")
    found = found.head(DISCOVERY_PANELS)
    sets = results.parameter_sets
    cols = 1 if len(found) == 1 else 2  # one comparison: the whole width
    rows = (len(found) + cols - 1) // cols
    fig = _figure(2.3 * rows + 1.0 if cols == 2 else 3.4)
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax, (_, row) in zip(axes, found.iterrows(), strict=False):
        limits = json.loads(row["limits"])
        names = list(limits)
        difference = results.differences(row["scenario"], row["versus"], row["indicator"])
        wins = (BETTER[row["indicator"]] * difference > 0).to_numpy()
        x = sets.loc[difference.index, names[0]].to_numpy(dtype=float)
        if len(names) > 1:
            y = sets.loc[difference.index, names[1]].to_numpy(dtype=float)
            ax.set_ylabel(textwrap.fill(parameter_label(names[1], lang), 40), fontsize=7)
        else:
            y = display_scale(row["indicator"]) * difference.to_numpy()
            ax.axhline(0, color="#999999", lw=0.8)
            ax.set_ylabel(
                textwrap.fill(
                    f"{text('difference', lang)} "
                    f"({indicator_unit(row['indicator'], lang, difference=True)})", 40
                ),
                fontsize=7,
            )  # fmt: skip
        colour = results.colour(row["scenario"])
        ax.scatter(x[wins], y[wins], s=14, color=colour, marker="o", label=text("better", lang))
        ax.scatter(x[~wins], y[~wins], s=14, color="#555555", marker="x", lw=0.8,
                   label=text("loses", lang))  # fmt: skip
        x_low, x_high = limits[names[0]]
        x0 = x.min() if x_low is None else x_low
        x1 = x.max() if x_high is None else x_high
        if len(names) > 1:
            y_low, y_high = limits[names[1]]
            y0 = y.min() if y_low is None else y_low
            y1 = y.max() if y_high is None else y_high
        else:
            y0, y1 = y.min(), y.max()
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, color=colour, alpha=0.15, lw=0))
        ax.set_xlabel(textwrap.fill(parameter_label(names[0], lang), 50), fontsize=7)
        ax.xaxis.set_major_formatter(_formatter(lang))
        ax.yaxis.set_major_formatter(_formatter(lang))
        ax.tick_params(labelsize=7)
        title = (
            f"{results.label(row['scenario'], lang)} {text('versus', lang)} "
            f"{results.label(row['versus'], lang)}: {indicator_label(row['indicator'], lang)}"
        )
        ax.set_title(textwrap.fill(title, 55), fontsize=7, loc="left")
        ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    for ax in axes[len(found) :]:
        ax.set_visible(False)
    return _finish(fig, results, lang, text("discovery_title", lang), text("discovery_note", lang))


CHARTS = {
    "policy_comparison": comparison,
    "time_paths": paths,
    "map": policy_map,
    "travel_vs_amenity": heatmap,
    "home_and_work": home_and_work,
    "morris": morris,
    "robustness": robustness,
    "discovery": discovery_chart,
}
"""File stem -> chart function, in the order of the annex."""
ENSEMBLE_ONLY = frozenset({"robustness", "discovery"})
"""Charts of an experiment over a plausible ensemble (not listed as skipped elsewhere)."""
TITLES = {
    "policy_comparison": "comparison_title",
    "time_paths": "paths_title",
    "map": "map_title",
    "travel_vs_amenity": "heatmap_title",
    "home_and_work": "homework_title",
    "morris": "morris_title",
    "robustness": "robustness_title",
    "discovery": "discovery_title",
}
"""File stem -> the ``labels.TEXT`` key of the chart's title."""
