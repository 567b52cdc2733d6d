"""``calibration_report.html``: what a calibration found, for the modeller who reviews it.

Per target: the observed value with its uncertainty, the band of the first wave's runs (the
prior: parameter sets spread over the plausible ranges) and the band of the sets not ruled
out. Per parameter: its plausible range, the range the data leave, and whether the data pin it
down. Validation targets, kept back from the calibration, are shown apart. One self-contained
file (charts embedded), in English (the advice annex is where Dutch is needed).
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any

import numpy as np
import pandas as pd

from youth_sim.calibration.spec import Calibration, TargetSpec
from youth_sim.calibration.targets import MEASURES
from youth_sim.charts.report import STYLE as ANNEX_STYLE

STYLE = (
    ANNEX_STYLE
    + """
td.band, td.verdict { white-space: nowrap; }
ul.sources { font-size: 0.8em; color: #444; margin-top: 0; }
"""
)
"""The annex's style, and two rules of its own."""
PLAUSIBLE = "#0072B2"  # Okabe-Ito blue
PRIOR = "#BBBBBB"
PINNED_BELOW = 0.5
"""A parameter counts as pinned down when the middle 90% of its plausible sets spans less than
half its range (the extremes of a hundred sets spread over a range say little)."""


def _fmt(value: float) -> str:
    return "" if value is None or not np.isfinite(value) else f"{value:.4g}"


def _band(values: pd.Series) -> tuple[float, float]:
    if len(values) == 0:
        return (np.nan, np.nan)
    return (float(values.min()), float(values.max()))


def _png(figure: Any) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _target_figure(targets: list[TargetSpec], sets: pd.DataFrame, plausible: pd.DataFrame) -> str:
    """One row per target: prior band, plausible band, observed with 2 sd either side."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.5, 0.75 * len(targets) + 0.6))
    axes = figure.subplots(len(targets), 1, squeeze=False)[:, 0]
    first = sets[sets["wave"] == sets["wave"].min()]
    for ax, t in zip(axes, targets, strict=True):
        column = f"mean_{t.measure}"
        low, high = _band(first[column])
        ax.barh(0, high - low, left=low, height=0.6, color=PRIOR, label="first wave (prior)")
        p_low, p_high = _band(plausible[column])
        if np.isfinite(p_low):
            ax.barh(0, p_high - p_low, left=p_low, height=0.3, color=PLAUSIBLE,
                    label="not ruled out")  # fmt: skip
        spread = 2 * np.hypot(t.sd, t.discrepancy_sd)
        ax.errorbar(t.observed, 0, xerr=spread, fmt="o", color="black", capsize=4,
                    label="observed, 2 sd")  # fmt: skip
        ax.set_yticks([0], [f"{t.measure}\n({t.role})"], fontsize=8)
        ax.set_ylim(-0.6, 0.6)
        ax.tick_params(axis="x", labelsize=8)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
    axes[0].legend(fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3,
                   frameon=False)  # fmt: skip
    figure.tight_layout()
    return _png(figure)


def _parameter_figure(
    names: list[str], bounds: list[tuple[float, float]], sets: pd.DataFrame
) -> str:
    """Each parameter's sets on its plausible range (0-1): all in grey, not ruled out in blue."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.5, 0.45 * len(names) + 0.8))
    ax = figure.subplots()
    rng = np.random.default_rng(0)  # vertical jitter only, for legibility
    for row, (name, (low, high)) in enumerate(zip(names, bounds, strict=True)):
        unit = (sets[name].to_numpy(dtype=float) - low) / (high - low)
        jitter = row + rng.uniform(-0.18, 0.18, len(unit))
        out = sets["ruled_out"].to_numpy()
        ax.scatter(
            unit[out], jitter[out], s=8, color=PRIOR, label="ruled out" if row == 0 else None
        )
        ax.scatter(unit[~out], jitter[~out], s=10, color=PLAUSIBLE,
                   label="not ruled out" if row == 0 else None)  # fmt: skip
    ax.set_yticks(range(len(names)), names, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel("position in the plausible range (0 = low, 1 = high)", fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    ax.legend(fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    figure.tight_layout()
    return _png(figure)


def report_html(
    calibration: Calibration, sets: pd.DataFrame, waves: list[dict[str, Any]], runs: int
) -> str:
    """The whole report as one HTML string."""
    spec = calibration.spec
    plausible = sets[~sets["ruled_out"]]
    first = sets[sets["wave"] == sets["wave"].min()]
    esc = html.escape
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Calibration {esc(spec.name)}</title><style>{STYLE}</style></head><body>",
        f"<h1>Calibration: {esc(spec.name)}</h1>",
        f"<p>History matching in {len(waves)} waves (docs/calibration.md): {runs} runs, "
        f"{len(sets)} parameter sets, <b>{len(plausible)} not ruled out</b> (largest "
        f"implausibility over the calibration targets at most {spec.method.cutoff:g}). Runs at "
        f"scale {spec.scale:g}, {spec.years} years after the warm-up, {spec.replications} "
        f"seeds per set.</p>",
        "<table><tr><th>wave</th><th>sets</th><th>runs</th><th>not ruled out</th>"
        "<th>cube left by the emulators after it</th></tr>",
    ]
    for info in waves:
        wave = sets[sets["wave"] == info["wave"]]
        share = info.get("share_not_ruled_out_by_emulators")
        parts.append(
            f"<tr><td>{info['wave']}</td><td>{len(wave)}</td><td>{info['runs']}</td>"
            f"<td>{int((~wave['ruled_out']).sum())}</td>"
            f"<td>{'' if share is None else f'{share:.0%}'}</td></tr>"
        )
    parts.append("</table>")
    for role, title in (
        ("calibrate", "Calibration targets"),
        ("validate", "Validation targets, kept back"),
    ):
        chosen = [t for t in spec.targets if t.role == role]
        parts.append(f"<h2>{title}</h2><table><tr><th>measure</th><th>observed</th>"
                     "<th>sd, discrepancy</th><th>first wave</th><th>not ruled out</th>"
                     "<th>of those, within 3 sd</th></tr>")  # fmt: skip
        for t in chosen:
            column = f"mean_{t.measure}"
            prior, band = _band(first[column]), _band(plausible[column])
            within = (plausible[f"implausibility_{t.measure}"] <= spec.method.cutoff).mean()
            parts.append(
                f"<tr><td title='{esc(MEASURES[t.measure].description)}'>{esc(t.measure)}</td>"
                f"<td>{_fmt(t.observed)}</td><td>{_fmt(t.sd)}, {_fmt(t.discrepancy_sd)}</td>"
                f"<td class='band'>{_fmt(prior[0])} &ndash; {_fmt(prior[1])}</td>"
                f"<td class='band'>{_fmt(band[0])} &ndash; {_fmt(band[1])}</td>"
                f"<td>{'' if not len(plausible) else f'{within:.0%}'}</td></tr>"
            )
        parts.append("</table><ul class='sources'>")
        parts.extend(f"<li>{esc(t.measure)}: {esc(t.source)}</li>" for t in chosen)
        parts.append("</ul>")
    parts.append(
        f"<figure><img alt='targets' src='data:image/png;base64,"
        f"{_target_figure(list(spec.targets), sets, plausible)}'><figcaption>Figure 1. Each "
        "target: the band of the first wave's runs (grey: parameter sets spread over the "
        "plausible ranges), the band of the sets not ruled out (blue), and the observed value "
        "with two standard deviations of observation and model discrepancy (black)."
        "</figcaption></figure>"
    )
    parts.append(
        "<h2>Parameters: which the data pin down</h2><p>For each parameter, the plausible sets' "
        "values: their whole band, the middle 90% and the median. <code>configs/baseline.yaml"
        "</code> takes the median of the parameters the calibration targets speak to, flagged "
        "[C]; where the middle 90% keeps most of the range, the targets say little about the "
        "parameter and an ensemble over the plausible sets (docs/calibration.md) carries its "
        "uncertainty into every comparison.</p>"
        "<table><tr><th>parameter</th><th>plausible range</th><th>not ruled out</th>"
        "<th>middle 90% of those</th><th>share of the range left</th><th></th>"
        "<th>median</th></tr>"
    )
    for name, (low, high) in zip(spec.parameters, calibration.bounds, strict=True):
        band = _band(plausible[name])
        middle = plausible[name].quantile([0.05, 0.95]).to_numpy() if len(plausible) else band
        left = (middle[1] - middle[0]) / (high - low) if np.isfinite(middle[0]) else np.nan
        verdict = "pinned down" if np.isfinite(left) and left < PINNED_BELOW else "stays wide"
        value = _fmt(float(plausible[name].median())) if len(plausible) else ""
        parts.append(
            f"<tr><td>{esc(name)}</td><td class='band'>{_fmt(low)} &ndash; {_fmt(high)}</td>"
            f"<td class='band'>{_fmt(band[0])} &ndash; {_fmt(band[1])}</td>"
            f"<td class='band'>{_fmt(middle[0])} &ndash; {_fmt(middle[1])}</td>"
            f"<td>{'' if not np.isfinite(left) else f'{left:.0%}'}</td>"
            f"<td class='verdict'>{verdict}</td>"
            f"<td>{value}</td></tr>"
        )
    parts.append("</table>")
    parts.append(
        f"<figure><img alt='parameters' src='data:image/png;base64,"
        f"{_parameter_figure(list(spec.parameters), calibration.bounds, sets)}'><figcaption>"
        "Figure 2. Every parameter set run, by its position in each parameter's plausible "
        "range: ruled out (grey) or not (blue).</figcaption></figure>"
    )
    parts.append(
        f"<footer>youth_sim calibration of {esc(str(calibration.path))}; sets.parquet, "
        "plausible.parquet and manifest.json hold the numbers.</footer></body></html>"
    )
    return "\n".join(parts)
