"""The charts of an advice: each function turns results into a Figure (nothing is saved here).

A function raises :class:`Skip` with a phrase key from ``labels.TEXT`` when its data is not
in the results (one scenario, one replication, no grid, no Morris design).
"""

from __future__ import annotations

import textwrap

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
    "share_outside_province",
    "mean_utility",
)
KINDS = ("city", "town", "rural", "outside")


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
    footnote = textwrap.wrap(results.footnote(lang), 150)
    notes = textwrap.wrap(note, 130)
    legend_rows = (len(legend) + 1) // 2 if legend else 0
    top = 1 - (0.32 + 0.15 * legend_rows) / height  # room for title and legend, in fractions
    extra = 0.11 * (len(notes) - 1)  # a note on more than one line
    bottom = (0.22 + extra + 0.09 * len(footnote)) / height  # room for the note and footnote
    engine = fig.get_layout_engine()
    assert isinstance(engine, ConstrainedLayoutEngine)  # every figure here is constrained
    engine.set(rect=(0, bottom, 1, top - bottom))
    fig.text(0.01, 1 - 0.08 / height, title, fontsize=10, fontweight="bold", ha="left", va="top")
    fig.text(
        0.01, (0.06 + 0.09 * len(footnote)) / height, "\n".join(notes), fontsize=6.5,
        color="#333333", va="bottom",
    )  # fmt: skip
    fig.text(
        0.01, 0.03 / height, "\n".join(footnote), fontsize=5.5, color="#666666", linespacing=1.3
    )
    if legend:
        from matplotlib.lines import Line2D

        handles = [
            Line2D(
                [],
                [],
                color=results.view_colour(v),
                marker="o",
                lw=1.5,
                label=results.view_label(v, lang),
            )
            for v in (item if isinstance(item, View) else View(item, item, None) for item in legend)
        ]
        fig.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.0, 1 - 0.3 / height),
            ncols=2,
            fontsize=6.5,
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
    for ax, name in zip(axes, names, strict=False):
        scale = display_scale(name)
        data = effects[effects["indicator"] == name].set_index("scenario")
        for y, scenario in enumerate(policies):
            row = data.loc[scenario]
            mean, low, high = (scale * row[k] for k in ("mean_difference", "ci_low", "ci_high"))
            ax.errorbar(
                mean,
                y,
                xerr=[[mean - low], [high - mean]],
                fmt="o",
                ms=4,
                capsize=2.5,
                color=results.colour(scenario),
                mfc="white" if not row["sign_clear"] else None,
            )
        ax.axvline(0, color="#999999", lw=0.8)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.set_ylim(len(policies) - 0.5, -0.5)
        ax.set_title(_title(name, lang, difference=True), fontsize=7, loc="left")
        ax.xaxis.set_major_formatter(_formatter(lang))
        ax.tick_params(labelsize=6.5)
        ax.grid(axis="x", color="#eeeeee")
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    note = text("comparison_note", lang, years=results.years) + (
        f"; o = {text('sign_unclear', lang)}"
    )
    return _finish(fig, results, lang, text("comparison_title", lang), note, policies)


def paths(results: Results, lang: Lang) -> Figure:
    """2. Each indicator over the years per scenario: median and a 10-90% band."""
    series = results.timeseries
    if series.empty:
        raise Skip("skip_one_scenario")
    views = results.views
    names = _outcomes(results)[:6]
    rows = (len(names) + 1) // 2
    fig = _figure(1.55 * rows + 0.9)
    axes = fig.subplots(rows, 2, squeeze=False, sharex=True).ravel()
    for ax, name in zip(axes, names, strict=False):
        scale = display_scale(name)
        for view in views:
            grouped = results.of_view(series, view).groupby("step")[name]
            year = results.start_year + grouped.median().index.to_numpy() / 12.0
            median = scale * grouped.median().to_numpy()
            colour = results.view_colour(view)
            if results.replications > 1:
                low = scale * grouped.quantile(0.1).to_numpy()
                high = scale * grouped.quantile(0.9).to_numpy()
                ax.fill_between(year, low, high, color=colour, alpha=0.18, lw=0)
            ax.plot(year, median, color=colour, lw=1.2, label=results.view_label(view, lang))
        ax.set_title(_title(name, lang), fontsize=7, loc="left")
        ax.yaxis.set_major_formatter(_formatter(lang))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.0f}"))
        ax.tick_params(labelsize=6.5)
        ax.grid(color="#eeeeee")
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    note = text("paths_note", lang) if results.replications > 1 else ""
    return _finish(fig, results, lang, text("paths_title", lang), note, views)


def _mean_residents(results: Results, view: View) -> pd.Series:
    mine = results.of_view(results.zones, view)
    total = mine["residents_vocational"] + mine["residents_knowledge"]
    return total.groupby(mine["zone"], sort=False).mean()


def policy_map(results: Results, lang: Lang, max_links: int = 40) -> Figure:
    """3. Schematic map: circles by young population, coloured by a policy's change; links."""
    views = results.views
    if len(views) < 2 or results.zones.empty:
        raise Skip("skip_no_policy_map")
    zones = results.zone_info
    base = _mean_residents(results, views[0]).reindex(list(zones.index))
    policies = views[1:]
    cols = 2 if len(policies) > 1 else 1
    rows = (len(policies) + cols - 1) // cols
    fig = _figure(2.5 * rows + 1.0)
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False)).ravel()
    changes = {
        v.key: 100 * (_mean_residents(results, v).reindex(base.index) / base.replace(0, np.nan) - 1)
        for v in policies
    }
    inside = zones["inside"].to_numpy()
    # Outside zones hold only those who left Overijssel: shown, not coloured.
    spread = np.concatenate([np.abs(c.to_numpy()[inside]) for c in changes.values()])
    limit = max(1.0, float(np.nanpercentile(spread, 98)))
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-limit, vmax=limit)
    lon, lat = zones["lon"].to_numpy(), zones["lat"].to_numpy()
    km = crow_km(lat, lon)
    size = 260 * np.sqrt(base.fillna(0).to_numpy() / max(float(base[inside].max()), 1.0))
    for ax, view in zip(axes, policies, strict=False):
        saving = results.manifest.savings_matrix(view.scenario)
        i, j = np.triu_indices(len(zones), k=1)
        gain = np.maximum(saving[i, j], saving[j, i])
        # Rank by minutes saved per km, so a faster local network shows as links between
        # neighbours rather than as a web of long diagonals.
        per_km = gain / np.maximum(km[i, j], 1.0)
        order = [k for k in np.argsort(-per_km)[:max_links] if gain[k] >= 0.5]
        top = max((float(gain[k]) for k in order), default=0.0)
        for k in order:
            ax.plot(
                [lon[i[k]], lon[j[k]]],
                [lat[i[k]], lat[j[k]]],
                color="#0072B2",
                lw=0.4 + 2.6 * gain[k] / top,
                alpha=0.6,
                zorder=3,
            )
        dots = ax.scatter(
            lon[inside],
            lat[inside],
            s=size[inside],
            c=np.clip(changes[view.key].fillna(0).to_numpy()[inside], -limit, limit),
            cmap="PuOr_r",
            norm=norm,
            edgecolors="#444444",
            linewidths=0.4,
            zorder=2,
        )
        ax.scatter(lon[~inside], lat[~inside], s=14, marker="s", color="#bbbbbb", zorder=2)
        for z, (name, kind) in enumerate(zones["kind"].items()):
            if kind in ("city", "outside"):
                ax.annotate(
                    name,
                    (lon[z], lat[z]),
                    fontsize=5,
                    ha="center",
                    va="bottom",
                    xytext=(0, 4),
                    textcoords="offset points",
                    zorder=4,
                )
        ax.set_aspect(1 / np.cos(np.radians(52.4)))
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_color("#cccccc")
        ax.set_title(results.view_label(view, lang), fontsize=7.5, loc="left")
        if order:
            ax.text(
                0.01,
                0.01,
                f"{text('map_links', lang)}: max {number(top, lang, 0)}",
                transform=ax.transAxes,
                fontsize=5.5,
                color="#0072B2",
            )
    for ax in axes[len(policies) :]:
        ax.set_visible(False)
    bar = fig.colorbar(dots, ax=axes[: len(policies)].tolist(), shrink=0.6, pad=0.02)
    bar.set_label(text("map_colour", lang), fontsize=6.5)
    bar.ax.tick_params(labelsize=6)
    bar.ax.yaxis.set_major_formatter(_formatter(lang))
    return _finish(fig, results, lang, text("map_title", lang), text("map_note", lang))


def heatmap(results: Results, lang: Lang) -> Figure:
    """4. The mismatch over a grid of two levers, with the suggested combination marked."""
    spec = results.spec
    parameters = [p["name"] for p in (*spec["uncertainties"], *spec["levers"])]
    if spec["design"]["type"] != "grid" or len(parameters) != 2:
        raise Skip("skip_no_grid")
    x_name, y_name = parameters
    points = pd.DataFrame(results.manifest.points)
    runs = results.runs.merge(points, left_on="point", right_index=True, suffixes=("_run", ""))
    scenario = results.scenarios[-1]
    runs = runs[runs["scenario"] == scenario]
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
    rows = (len(names) + 1) // 2
    fig = _figure(2.5 * rows + 0.8)
    axes = fig.subplots(rows, 2, squeeze=False).ravel()
    highlight = spec.get("highlight")
    for ax, name in zip(axes, names, strict=False):
        scale = display_scale(name)
        table = runs.pivot_table(index=y_name, columns=x_name, values=name, aggfunc="mean") * scale
        image = ax.imshow(table.to_numpy(), origin="lower", cmap="viridis", aspect="auto")
        xs, ys = list(table.columns), list(table.index)
        ax.set_xticks(range(len(xs)), [number(float(v), lang, 2) for v in xs], fontsize=6)
        ax.set_yticks(range(len(ys)), [number(float(v), lang, 2) for v in ys], fontsize=6)
        ax.set_xlabel(results.label(x_name, lang), fontsize=6.5)
        ax.set_ylabel(results.label(y_name, lang), fontsize=6.5)
        ax.set_title(_title(name, lang), fontsize=7, loc="left")
        for (r, c), value in np.ndenumerate(table.to_numpy()):
            red, green, blue, _ = image.cmap(image.norm(value))
            light = 0.299 * red + 0.587 * green + 0.114 * blue > 0.55
            ax.text(
                c,
                r,
                number(value, lang, 1 if scale > 1 else 3),
                ha="center",
                va="center",
                fontsize=5,
                color="black" if light else "white",
            )
        if highlight and x_name in highlight["point"] and y_name in highlight["point"]:
            c = xs.index(highlight["point"][x_name])
            r = ys.index(highlight["point"][y_name])
            ax.add_patch(_box(c, r))
        bar = fig.colorbar(image, ax=ax, shrink=0.8)
        bar.ax.tick_params(labelsize=5.5)
        bar.ax.yaxis.set_major_formatter(_formatter(lang))
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    note = text("heatmap_note", lang, years=results.years)
    if highlight:
        note += f"; {text('highlight', lang)}: {highlight['label'][lang]}"
    return _finish(fig, results, lang, text("heatmap_title", lang), note)


def _box(col: int, row: int) -> object:
    from matplotlib.patches import Rectangle

    return Rectangle((col - 0.5, row - 0.5), 1, 1, fill=False, edgecolor="#D55E00", lw=2)


def home_and_work(results: Results, lang: Lang) -> Figure:
    """5. Employed young people by kind of area of home and of job, per scenario."""
    zones = results.zones
    if zones.empty:
        raise Skip("skip_one_scenario")
    kind = results.zone_info["kind"]
    views = results.views
    zones = pd.concat(
        [results.of_view(zones, v).assign(view=v.key) for v in views], ignore_index=True
    ).assign(kind=lambda t: t["zone"].map(kind))
    fig = _figure(4.2)
    axes = fig.subplots(2, 2, sharey="row")
    width = 0.8 / len(views)
    for r, edu in enumerate(("vocational", "knowledge")):
        for c, (where, title) in enumerate((("home", "lives"), ("job", "works"))):
            ax = axes[r, c]
            column = f"workers_{where}_{edu}"
            per_run = zones.groupby(["view", "run_id", "kind"])[column].sum()
            means = per_run.groupby(["view", "kind"]).mean() / 1000
            for s, view in enumerate(views):
                values = [means.get((view.key, k), 0.0) for k in KINDS]
                ax.bar(
                    np.arange(len(KINDS)) + (s - (len(views) - 1) / 2) * width,
                    values,
                    width,
                    color=results.view_colour(view),
                    label=results.view_label(view, lang),
                )
            ax.set_xticks(range(len(KINDS)), [text(k, lang) for k in KINDS], fontsize=6.5)
            ax.set_title(
                f"{text(edu, lang)}: {text(title, lang).lower()}", fontsize=7.5, loc="left"
            )
            ax.yaxis.set_major_formatter(_formatter(lang, 0))
            ax.tick_params(labelsize=6.5)
            ax.grid(axis="y", color="#eeeeee")
        axes[r, 0].set_ylabel(text("persons_thousands", lang), fontsize=6.5)
    note = text("homework_note", lang, years=results.years)
    return _finish(fig, results, lang, text("homework_title", lang), note, views)


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
                fontsize=5,
                xytext=(3, 2),
                textcoords="offset points",
            )
        ax.set_title(_title(name, lang, difference=True), fontsize=7, loc="left")
        ax.set_xlabel(text("mu_star", lang), fontsize=6)
        ax.set_ylabel(text("sigma", lang), fontsize=6)
        ax.xaxis.set_major_formatter(_formatter(lang))
        ax.yaxis.set_major_formatter(_formatter(lang))
        ax.tick_params(labelsize=6)
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


MARKERS = ("o", "s", "^", "D", "v", "P", "X")
"""One marker per policy, so that shape as well as colour tells them apart."""


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
                    ha="left", fontsize=6.5, transform=ax.get_yaxis_transform())  # fmt: skip
        ax.axvline(0, color="#999999", lw=0.8)
        ax.set_yticks(range(len(policies)), ticks)
        ax.tick_params(labelsize=6.5, labelleft=i % 2 == 0)
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
            ax.set_ylabel(textwrap.fill(parameter_label(names[1], lang), 40), fontsize=6.5)
        else:
            y = display_scale(row["indicator"]) * difference.to_numpy()
            ax.axhline(0, color="#999999", lw=0.8)
            ax.set_ylabel(
                textwrap.fill(
                    f"{text('difference', lang)} "
                    f"({indicator_unit(row['indicator'], lang, difference=True)})", 40
                ),
                fontsize=6.5,
            )  # fmt: skip
        colour = results.colour(row["scenario"])
        ax.scatter(x[wins], y[wins], s=14, color=colour, marker="o", label=text("wins", lang))
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
        ax.set_xlabel(textwrap.fill(parameter_label(names[0], lang), 50), fontsize=6.5)
        ax.xaxis.set_major_formatter(_formatter(lang))
        ax.yaxis.set_major_formatter(_formatter(lang))
        ax.tick_params(labelsize=6.5)
        title = (
            f"{results.label(row['scenario'], lang)} {text('versus', lang)} "
            f"{results.label(row['versus'], lang)}: {indicator_label(row['indicator'], lang)}"
        )
        ax.set_title(textwrap.fill(title, 55), fontsize=7, loc="left")
        ax.legend(fontsize=6, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
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
