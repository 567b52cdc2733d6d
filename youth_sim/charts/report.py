"""The advice annex: one self-contained HTML file (charts embedded) for an experiment."""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path

import numpy as np
import pandas as pd

from youth_sim.charts.data import Results
from youth_sim.charts.figures import ENSEMBLE_ONLY, KEY_INDICATORS, TITLES, decisive
from youth_sim.charts.labels import (
    GLOSSARY,
    Lang,
    display_scale,
    indicator_label,
    indicator_unit,
    number,
    parameter_label,
    policy_words,
    report_text,
    signed,
    significant,
    text,
)
from youth_sim.charts.render import Drawn, draw_all
from youth_sim.config.policy import (
    Amenity,
    CommuteSubsidy,
    Corridor,
    Feeder,
    Frequency,
    Jobs,
    NewHomes,
    Policy,
    RentSupport,
    TravelTime,
)
from youth_sim.io import atomic_write_text

STYLE = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; max-width: 46em; margin: 2em auto;
       color: #222; line-height: 1.45; font-size: 11pt; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.8em 0; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.6em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
td.unclear { font-style: italic; color: #777; }
figure { margin: 1.2em 0; } figure img { width: 100%; }
fig
.swatch { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.4em;
          vertical-align: -0.1em; border-radius: 50%; }
footer { margin-top: 2em; font-size: 0.75em; color: #777; }
dl.glossary dt { font-weight: bold; margin-top: 0.4em; } dl.glossary dd { margin-left: 1.2em; }
"""


def _zones(refs: list[str], lang: Lang) -> str:
    words = [
        policy_words(r, lang)
        if r in ("inside", "outside", "all") or r.startswith("kind:")
        else r.removeprefix("region:")
        for r in refs
    ]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {policy_words('and', lang)} {words[-1]}"


def _where(where: Corridor, lang: Lang) -> str:
    if where.everywhere:
        return policy_words("everywhere", lang)
    if where.pairs is not None:
        return policy_words("pairs", lang, pairs=", ".join(f"{a}-{b}" for a, b in where.pairs))
    if where.line is not None:
        return policy_words("line", lang, stops="-".join(where.line))
    if where.between is not None:
        return policy_words(
            "between", lang, a=_zones(where.between.from_, lang), b=_zones(where.between.to, lang)
        )
    return policy_words("within", lang, zones=_zones(where.zones or [], lang))


def _money(eur: float, lang: Lang) -> str:
    if eur >= 1e9:
        return policy_words("billion", lang, value=number(eur / 1e9, lang, 1))
    if eur >= 1e6:
        return policy_words("million", lang, value=number(eur / 1e6, lang, 0))
    return number(eur, lang, 0)


def describe(policy: Policy, lang: Lang) -> str:
    """A policy in plain words, with its timing."""
    pct = lambda x: number(100 * x, lang, 0)  # noqa: E731 - a tiny local formatter
    match policy:
        case TravelTime():
            mode = policy_words(policy.mode, lang)
            where = _where(policy.where, lang)
            if policy.factor is not None:
                what = policy_words(
                    "travel_time_factor", lang, mode=mode, pct=pct(1 - policy.factor), where=where
                )
            else:
                what = policy_words(
                    "travel_time_minutes",
                    lang,
                    mode=mode,
                    where=where,
                    minutes=number(policy.minutes_saved or 0, lang, 0),
                )
        case Frequency():
            what = policy_words(
                "frequency", lang, pct=pct(1 - policy.wait_factor), where=_where(policy.where, lang)
            )
        case Feeder():
            what = policy_words(
                "feeder",
                lang,
                cities=_zones(policy.cities, lang),
                km=number(policy.within_km, lang, 0),
                pct=pct(1 - policy.factor),
            )
        case CommuteSubsidy():
            what = policy_words(
                "commute_subsidy",
                lang,
                km_pct=pct(1 - policy.cost_per_km_factor),
                time_pct=pct(1 - policy.time_cost_factor),
            )
        case Amenity():
            what = policy_words(
                "amenity",
                lang,
                where=policy_words("in", lang, zones=_zones(policy.zones, lang)),
                sd=number(policy.delta_sd, lang, 1),
            )
        case NewHomes():
            what = policy_words(
                "housing",
                lang,
                homes=number(sum(policy.homes.values()), lang, 0),
                zones=_zones(list(policy.homes), lang)
                if len(policy.homes) <= 5
                else f"{len(policy.homes)} {'gemeenten' if lang == 'nl' else 'municipalities'}",
                share=pct(policy.young_share),
            )
        case RentSupport():
            what = policy_words(
                "rent_support",
                lang,
                where=policy_words("in", lang, zones=_zones(policy.zones, lang)),
                eur=number(policy.eur_per_month, lang, 0),
            )
        case Jobs():
            level = (
                policy_words("both", lang) if policy.level == "both" else text(policy.level, lang)
            )
            what = policy_words(
                "jobs",
                lang,
                where=policy_words("in", lang, zones=_zones(policy.zones, lang)),
                pct=number(100 * policy.extra_growth_per_year, lang, 1),
                level=level,
            )
    ramp = (
        policy_words("ramp", lang, years=number(policy.ramp_years, lang, 0))
        if policy.ramp_years
        else ""
    )
    intensity = (
        policy_words("intensity", lang, pct=pct(policy.intensity)) if policy.intensity < 1 else ""
    )
    cost = policy_words("cost", lang, eur=_money(policy.cost_eur, lang)) if policy.cost_eur else ""
    if policy.cost_eur_per_year:
        cost += policy_words("cost_per_year", lang, eur=_money(policy.cost_eur_per_year, lang))
    timing = policy_words(
        "timing", lang, start=policy.start_year, ramp=ramp, intensity=intensity, cost=cost
    )
    return f"{what}, {timing}"


def _scenarios(results: Results, lang: Lang) -> str:
    parts = []
    for scenario in results.scenarios:
        config = results.config(scenario)
        swatch = f'<span class="swatch" style="background:{results.colour(scenario)}"></span>'
        named = (lambda p: f" <em>({html.escape(p.name)})</em>") if lang == "en" else (lambda p: "")
        items = [
            f"<li>{html.escape(describe(p, lang))}{named(p)}</li>" for p in config.policies
        ] or [f"<li>{report_text('no_policy', lang)}</li>"]
        if scenario == results.reference:
            items.append(f"<li>{report_text('reference_is', lang)}</li>")
        name = html.escape(results.label(scenario, lang))
        parts.append(f"<h3>{swatch}{name}</h3><ul>{''.join(items)}</ul>")
    return "".join(parts)


def _key_figures(results: Results, lang: Lang) -> str:
    effects = results.effects
    final = results.runs[results.runs["scenario"] == results.reference]
    names = [n for n in KEY_INDICATORS if n in results.manifest.outcomes]
    head = "".join(f"<th>{html.escape(results.label(s, lang))}</th>" for s in results.policies)
    rows = []
    for name in names:
        unit = indicator_unit(name, lang)
        level = display_scale(name) * float(final[name].mean())
        cells = [
            f"<td>{html.escape(indicator_label(name, lang))} ({unit})</td>",
            f"<td>{number(level, lang, _decimals(name))}</td>",
        ]
        for scenario in results.policies:
            row = effects[(effects["scenario"] == scenario) & (effects["indicator"] == name)]
            if row.empty or not np.isfinite(row["mean_difference"].iloc[0]):
                cells.append("<td>-</td>")
                continue
            r = row.iloc[0]
            css = "" if r["sign_clear"] else ' class="unclear"'
            cells.append(f"<td{css}>{_effect(r, name, lang)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    reference = html.escape(results.label(results.reference, lang))
    intro = report_text("key_intro", lang, years=results.years, n=results.replications)
    table = (
        f"<table><tr><th>{report_text('indicator', lang)}</th><th>{reference}</th>{head}</tr>"
        f"{''.join(rows)}</table>"
    )
    return f"<p>{intro}</p>{table}<p>{report_text('indicators_guide', lang)}</p>"


def _decimals(name: str, extra: int = 0) -> int:
    """Decimals an indicator is shown with (the mismatch index: 3; others 1 + ``extra``)."""
    return 3 if name in ("mismatch_index_vocational", "mismatch_index_knowledge") else 1 + extra


def _effect(row: pd.Series, name: str, lang: Lang, extra: int = 0) -> str:
    """Effect and interval in display units (``extra`` decimals for small effects)."""
    scale, decimals = display_scale(name), _decimals(name, extra)
    return (
        f"{signed(scale * row['mean_difference'], lang, decimals)} "
        f"[{signed(scale * row['ci_low'], lang, decimals)}; "
        f"{signed(scale * row['ci_high'], lang, decimals)}]"
    )


def conditions(limits: dict[str, list[float | None]], lang: Lang) -> str:
    """A PRIM box in words: 'x is at least 0.3 and y is at most 2'."""
    parts = []
    for name, (low, high) in limits.items():
        label = parameter_label(name, lang)
        if low is not None and high is not None:
            parts.append(
                report_text("between", lang, name=label, low=significant(low, lang),
                            high=significant(high, lang))
            )  # fmt: skip
        elif low is not None:
            parts.append(report_text("at_least", lang, name=label, low=significant(low, lang)))
        else:
            assert high is not None
            parts.append(report_text("at_most", lang, name=label, high=significant(high, lang)))
    return f" {report_text('and', lang)} ".join(parts)


def _robustness(results: Results, lang: Lang) -> str:
    """The section on the plausible ensemble: effects with win shares, pairs, what decides."""
    table = results.ensemble
    names = [n for n in KEY_INDICATORS if n in results.manifest.outcomes]
    policies = results.policies
    reference = html.escape(results.label(results.reference, lang))
    ensemble = results.spec["ensemble"]
    sets = int(table["n_sets"].max()) if len(table) else 0
    calibration = Path(str(ensemble["file"])).parent.name  # results/calibration/<name>/...
    intro = report_text(
        "robust_intro", lang, sets=sets, calibration=html.escape(calibration),
        replications=results.replications, reference=reference,
    )  # fmt: skip
    head = "".join(f"<th>{html.escape(results.label(s, lang))}</th>" for s in policies)
    rows = []
    for name in names:
        unit = indicator_unit(name, lang, difference=True)
        cells = [f"<td>{html.escape(indicator_label(name, lang))} ({unit})</td>"]
        for scenario in policies:
            match = table[(table["scenario"] == scenario) & (table["indicator"] == name)]
            if match.empty or not np.isfinite(match["mean_difference"].iloc[0]):
                cells.append("<td>-</td>")
                continue
            r = match.iloc[0]
            css = "" if r["ci_low"] > 0 or r["ci_high"] < 0 else ' class="unclear"'
            better = report_text("better_in", lang, pct=number(100 * r["win_share"], lang, 0))
            cells.append(
                f"<td{css}>{_effect(r, name, lang, extra=1)}<br><small>{better}</small></td>"
            )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    parts = [
        f"<h2>{report_text('robust_head', lang)}</h2><p>{intro}</p>",
        f"<table><tr><th>{report_text('indicator', lang)}</th>{head}</tr>{''.join(rows)}</table>",
    ]
    explained = table[table["indicator"].isin(names)]["parameter_share"].dropna()
    if len(explained):
        parts.append(
            f"<p>{report_text('chance_share', lang, pct=number(100 * explained.mean(), lang, 0))}"
            "</p>"
        )
    pairs = [(a, b) for i, a in enumerate(policies) for b in policies[i + 1 :]]
    if pairs:
        head = "".join(
            "<th>"
            + report_text(
                "pair",
                lang,
                a=html.escape(results.label(a, lang)),
                b=html.escape(results.label(b, lang)),
            )
            + "</th>"
            for a, b in pairs
        )
        rows = []
        for name in names:
            cells = [f"<td>{html.escape(indicator_label(name, lang))}</td>"]
            for a, b in pairs:
                match = table[(table["scenario"] == a) & (table["indicator"] == name)]
                share = match[f"beats_{b}"].iloc[0] if len(match) else np.nan
                cells.append(f"<td>{number(100 * share, lang, 0)}%</td>")
            rows.append(f"<tr>{''.join(cells)}</tr>")
        parts.append(
            f"<h3>{report_text('pairs_head', lang)}</h3><p>{report_text('pairs_intro', lang)}</p>"
            f"<table><tr><th>{report_text('indicator', lang)}</th>{head}</tr>"
            f"{''.join(rows)}</table>"
        )
    parts.append(
        f"<h3>{report_text('decides_head', lang)}</h3><p>{report_text('decides_intro', lang)}</p>"
    )
    found = decisive(results)
    if found.empty:
        parts.append(f"<p>{report_text('decides_none', lang)}</p>")
    else:
        items = []
        for _, row in found.iterrows():
            sentence = report_text(
                "decides_sentence", lang,
                scenario=html.escape(results.label(row["scenario"], lang)),
                rival=html.escape(results.label(row["versus"], lang)),
                indicator=html.escape(indicator_label(row["indicator"], lang).lower()),
                share=number(100 * row["win_share"], lang, 0),
                density=number(100 * row["density"], lang, 0),
                conditions=html.escape(conditions(json.loads(row["limits"]), lang)),
                support=int(row["support"]), coverage=number(100 * row["coverage"], lang, 0),
            )  # fmt: skip
            items.append(f"<li>{sentence}</li>")
        parts.append(f"<ul>{''.join(items)}</ul>")
    return "".join(parts)


def _conclusions(results: Results, table: pd.DataFrame, lang: Lang) -> str:
    """Belangrijkste uitkomsten: sentences written from the results (``charts.conclusions``)."""
    from youth_sim.charts.conclusions import sentences

    views = results.views
    if len(views) < 2 or results.zones.empty:
        return ""
    label = {v.key: results.view_label(v, lang) for v in views}
    robust = results.ensemble if results.is_ensemble else None
    said = sentences(table, label, lang, robust)
    if not said:
        return ""
    intro = report_text("conclusions_intro", lang, years=results.years,
                        reference=html.escape(label[views[0].key]))  # fmt: skip
    items = "".join(f"<li>{html.escape(line)}</li>" for line in said)
    return (
        f"<h2>{report_text('conclusions_head', lang)}</h2><p>{intro}</p><ul>{items}</ul>"
        f"{_regional_html(table, label, lang)}"
    )


def _regional_html(table: pd.DataFrame, label: dict[str, str], lang: Lang) -> str:
    """Per region, and cities against the rest: each policy's regional effects.

    The change in unemployment of mbo'ers and hbo/wo'ers (points) and in young residents
    (persons); uncertain ones in italics.
    """
    from youth_sim.charts.conclusions import REGIONS, get_effect, round_persons

    places = [p for p in (*REGIONS, "city", "rest") if (table["place"] == p).any()]
    policies = list(dict.fromkeys(table["policy"]))
    if not places or not policies:
        return ""
    columns = (("unemployment_rate", "vocational"), ("unemployment_rate", "knowledge"),
               ("residents", "all"))  # fmt: skip
    head = "".join(f"<th colspan='3'>{html.escape(label[p])}</th>" for p in policies)
    sub = "".join(
        f"<th>{report_text(f'regional_{m}_{e}', lang)}</th>" for _ in policies for m, e in columns
    )
    rows = []
    for place in places:
        cells = [f"<td>{html.escape(text(f'c_{place}', lang))}</td>"]
        for policy in policies:
            for measure, edu in columns:
                e = get_effect(table, policy, measure, place, edu)
                if e is None:
                    cells.append("<td>-</td>")
                    continue
                value = (
                    signed(e.mean, lang, 2)
                    if measure == "unemployment_rate"
                    else ("-" if e.mean < 0 else "+") + round_persons(e.mean, lang)
                )
                css = "" if e.certain else ' class="unclear"'
                cells.append(f"<td{css}>{value}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f"<h3>{report_text('regional_head', lang)}</h3><p>{report_text('regional_intro', lang)}"
        f"</p><table><tr><th></th>{head}</tr><tr><th></th>{sub}</tr>{''.join(rows)}</table>"
    )


def _costs(results: Results, table: pd.DataFrame, lang: Lang) -> str:
    """Kosten: each package's cost per year, and its effects per million euro a year.

    Effects per million: fewer young people leaving the province a year, and the welfare gain
    (the logsum difference x 12 months x the young people in the model at the end) against the
    average cost a year: indicative, a consumer surplus from the choice model, not a
    social cost-benefit analysis.
    """
    from youth_sim.charts.conclusions import get_effect

    views = results.views
    if len(views) < 2:
        return ""
    base = results.of_view(results.zones, views[0])
    per_run = base.groupby("run_id")[["residents_vocational", "residents_knowledge"]].sum()
    young = float(per_run.sum(axis=1).mean()) if len(per_run) else np.nan
    million = lambda eur: number(eur / 1e6, lang, 0)  # noqa: E731 - a tiny local formatter
    rows, missing = [], []
    for view in views[1:]:
        cost = results.costs(view)
        if cost.missing:
            total = len(results.config(view.scenario).policies)
            missing.append(report_text("costs_missing_one", lang, n=len(cost.missing), of=total,
                                       package=results.view_label(view, lang)))  # fmt: skip
        cells = [f"<td>{html.escape(results.view_label(view, lang))}</td>",
                 f"<td>{million(cost.one_off)}</td>", f"<td>{million(cost.per_year)}</td>",
                 f"<td>{million(cost.average_per_year)}</td>"]  # fmt: skip
        outflow = get_effect(table, view.key, "net_outflow")
        welfare = get_effect(table, view.key, "mean_utility")
        per_million = cost.average_per_year / 1e6
        if per_million > 0 and outflow is not None:
            css = "" if outflow.certain else ' class="unclear"'
            cells.append(f"<td{css}>{number(-outflow.mean / per_million, lang, 1)}</td>")
        else:
            cells.append("<td>-</td>")
        if per_million > 0 and welfare is not None and np.isfinite(young):
            ratio = welfare.mean * 12 * young / cost.average_per_year
            css = "" if welfare.certain else ' class="unclear"'
            cells.append(f"<td{css}>{number(ratio, lang, 2)}</td>")
        else:
            cells.append("<td>-</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    keys = ("package", "one_off", "per_year", "average", "outflow", "ratio")
    heads = "".join(f"<th>{report_text(f'costs_{k}', lang)}</th>" for k in keys)
    note = (
        f"<p>{report_text('costs_missing', lang, policies=html.escape('; '.join(missing)))}</p>"
        if missing
        else ""
    )
    return (
        f"<h2>{report_text('costs_head', lang)}</h2><p>{report_text('costs_intro', lang)}</p>"
        f"<table><tr>{heads}</tr>{''.join(rows)}</table>{note}"
    )


def _glossary(lang: Lang) -> str:
    """The terms of the annex, each explained once."""
    items = "".join(
        f"<dt>{html.escape(term)}</dt><dd>{html.escape(meaning)}</dd>"
        for term, meaning in GLOSSARY[lang]
    )
    return f"<dl class='glossary'>{items}</dl>"


def _map_per_policy(results: Results, lang: Lang) -> list[bytes]:
    """The map once per policy, each at full size on the common scale (PNG bytes)."""
    import io

    import matplotlib

    from youth_sim.charts.figures import policy_map
    from youth_sim.charts.render import STYLE as CHART_STYLE

    pngs = []
    with matplotlib.rc_context(CHART_STYLE):  # type: ignore[arg-type]
        for view in results.views[1:]:
            buffer = io.BytesIO()
            policy_map(results, lang, only=view.key).savefig(buffer, format="png", dpi=150)
            pngs.append(buffer.getvalue())
    return pngs


def _charts(results: Results, drawn: Drawn, lang: Lang) -> str:
    parts = []
    for name, png in drawn.png.items():
        many = name == "map" and len(results.views) > 2
        for one in _map_per_policy(results, lang) if many else [png]:
            data = base64.b64encode(one).decode("ascii")
            guide = html.escape(report_text(f"guide_{name}", lang))
            parts.append(
                f'<figure><img alt="{name}" src="data:image/png;base64,{data}">'
                f"<figcaption>{guide}</figcaption></figure>"
            )
    ensemble_run = results.is_ensemble
    skipped = {n: r for n, r in drawn.skipped.items() if n not in ENSEMBLE_ONLY or not ensemble_run}
    if skipped:
        items = "".join(
            f"<li>{html.escape(text(TITLES[n], lang))}: {html.escape(r)}</li>"
            for n, r in skipped.items()
        )
        parts.append(f"<h3>{report_text('skipped_head', lang)}</h3><ul>{items}</ul>")
    return "".join(parts)


def _numbered(body: str, lang: Lang) -> str:
    """Number the figures and tables; each table gets the heading it stands under as caption."""
    import re

    figure_word, table_word = report_text("figure_word", lang), report_text("table_word", lang)
    count = iter(range(1, 1000))
    body = re.sub("<figcaption>", lambda _: f"<figcaption><b>{figure_word} {next(count)}.</b> ",
                  body)  # fmt: skip
    out, last, tables = [], "", 0
    for piece in re.split(r"(<h[23]>.*?</h[23]>|<table>)", body):
        heading = re.fullmatch(r"<h[23]>(.*?)</h[23]>", piece)
        if heading:
            last = re.sub(r"<[^>]+>", "", heading.group(1))
        if piece == "<table>":
            tables += 1
            piece = f"<table><caption>{table_word} {tables}. {last}</caption>"
        out.append(piece)
    return "".join(out)


def write_report(
    results: Results, lang: Lang, out: Path | None = None, formats: tuple[str, ...] = ("html",)
) -> tuple[list[Path], Drawn]:
    """Draw the charts (PNG, into DIR/charts) and write the annex as HTML and/or an A4 PDF.

    ``out`` names the file (its suffix is replaced per format); default DIR/annex_<lang>.
    """
    drawn = draw_all(results, lang, "png", results.directory / "charts", keep_png=True)
    scale = float(results.spec["scale"])
    method = report_text(
        "method",
        lang,
        replications=results.replications,
        scale=number(scale, lang, 2),
        per_agent=number(1 / scale, lang, 0),
    )
    if results.policies and results.replications > 1:
        key = _key_figures(results, lang)
    else:
        reason = "skip_one_scenario" if not results.policies else "skip_one_replication"
        key = f"<p>{html.escape(text(reason, lang))}</p>"
    robust = _robustness(results, lang) if results.is_ensemble and results.policies else ""
    from youth_sim.charts.conclusions import effects_table

    # Paired effects by place and education, for the findings and the costs alike.
    effects = effects_table(results) if len(results.views) > 1 else pd.DataFrame()
    findings = _conclusions(results, effects, lang)
    body = (
        f"<h1>{report_text('title', lang)}</h1>"
        f"<h2>{report_text('question_head', lang)}</h2><p>{report_text('question', lang)}</p>"
        f"{findings}"
        f"<h2>{report_text('scenarios_head', lang)}</h2>{_scenarios(results, lang)}"
        f"{_costs(results, effects, lang)}"
        f"<h2>{report_text('key_head', lang)}</h2>{key}"
        f"{robust}"
        f"<h2>{report_text('method_head', lang)}</h2><p>{method}</p>"
        f"<p>{report_text('leaves_out', lang)}</p>"
        f"<h2>{report_text('glossary_head', lang)}</h2>{_glossary(lang)}"
        # The figures last: on paper the text fills the pages and each figure gets its own.
        f"<h2>{report_text('charts_head', lang)}</h2>{_charts(results, drawn, lang)}"
        f"<footer>{html.escape(results.footnote(lang))}</footer>"
    )
    body = _numbered(body, lang)
    page = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{report_text('title', lang)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>\n"
    )
    stem = out if out is not None else results.directory / f"annex_{lang}"
    written = []
    if "html" in formats:
        path = stem.with_suffix(".html")
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, page)
        written.append(path)
    if "pdf" in formats:
        from youth_sim.charts.pdf import write_pdf

        written.append(write_pdf(page, stem.with_suffix(".pdf"), report_text("title", lang)))
    return written, drawn
