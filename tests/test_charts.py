"""Charts and annex from small real experiments, in Dutch and English."""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pytest
import yaml

from youth_sim import __version__
from youth_sim.charts.figures import CHARTS
from youth_sim.charts.labels import (
    INDICATOR_NL,
    LANGS,
    PARAMETERS,
    POLICY_WORDS,
    REPORT,
    TEXT,
    Lang,
    indicator_label,
    number,
)
from youth_sim.cli import main
from youth_sim.contract import INDICATOR_NAMES

from .conftest import BASELINE
from .inline import inline_runs

FASTER = {
    "type": "travel_time", "name": "faster", "mode": "pt", "factor": 0.7,
    "where": {"zones": ["region:Twente"]}, "propagate": False, "start_year": 2021,
    "ramp_years": 0,
}  # fmt: skip
AMENITY = {
    "type": "amenity", "name": "nicer", "zones": ["kind:city"], "delta_sd": 1.0,
    "start_year": 2021, "ramp_years": 0,
}  # fmt: skip
LABELS = {
    "baseline": {"nl": "Basispad", "en": "Baseline"},
    "faster": {"nl": "Sneller OV in Twente", "en": "Faster PT in Twente"},
}


ENGLISH_IS_SLOW = pytest.mark.slow
"""The fast loop draws each chart kind in Dutch (the advice's language); CI draws both."""


def _experiment(tmp_path: Path, name: str, **changes: object) -> Path:
    data: dict[str, object] = {
        "name": name, "base": str(BASELINE),
        "scenarios": {"baseline": {}, "faster": {"set": {"policies": [FASTER]}}},
        "reference": "baseline", "design": {"type": "none"}, "uncertainties": [], "levers": [],
        "outcomes": "all", "replications": 2, "seed": 3, "scale": 0.01, "years": 1,
        "labels": LABELS,
    }  # fmt: skip
    data.update(changes)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _run(tmp_path: Path, name: str, **changes: object) -> Path:
    """Run a small experiment, its runs in this process (no worker start-up)."""
    out = tmp_path / name
    path = _experiment(tmp_path, name, **changes)
    with pytest.MonkeyPatch.context() as patch:
        inline_runs(patch)
        assert main(["experiment", str(path), "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="module")
def comparison(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run(tmp_path_factory.mktemp("charts"), "comparison")


@pytest.fixture(scope="module")
def grid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run(
        tmp_path_factory.mktemp("charts"), "grid",
        scenarios={"combination": {"set": {"policies": [FASTER, AMENITY]}}},
        reference="combination", design={"type": "grid"}, replications=1,
        levers=[{"name": "policies.faster.intensity", "values": [0.0, 1.0]},
                {"name": "policies.nicer.intensity", "values": [0.0, 1.0]}],
        labels={"combination": {"nl": "Combinatie", "en": "Combination"}},
        highlight={"point": {"policies.faster.intensity": 1.0, "policies.nicer.intensity": 1.0},
                   "label": {"nl": "Voorgestelde combinatie", "en": "Suggested combination"}},
    )  # fmt: skip


@pytest.fixture(scope="module")
def morris(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run(
        tmp_path_factory.mktemp("charts"), "morris",
        design={"type": "morris", "n": 2, "levels": 4}, replications=1,
        uncertainties=[{"name": "residence.logit_scale_eur_month", "low": 100, "high": 160},
                       {"name": "labour.matching_efficiency_per_month", "low": 0.25, "high": 0.45}],
    )  # fmt: skip


def _svg_text(path: Path) -> str:
    """The text drawn in an SVG (text stays text: svg.fonttype none)."""
    return " ".join(re.findall(r">([^<>]+)</text>", path.read_text(encoding="utf-8")))


def _charts(directory: Path, lang: str, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    assert main(["charts", str(directory), "--lang", lang, "--format", "svg"]) == 0
    printed = capsys.readouterr().out
    return dict(line.split(": ", 1) for line in printed.strip().splitlines())


def test_comparison_charts_in_dutch(comparison: Path, capsys: pytest.CaptureFixture[str]) -> None:
    made = _charts(comparison, "nl", capsys)
    for name in ("policy_comparison", "time_paths", "map", "home_and_work"):
        assert made[name].endswith(f"{name}_nl.svg"), name
    assert "niet getekend" in made["travel_vs_amenity"]
    text = _svg_text(comparison / "charts" / "policy_comparison_nl.svg")
    assert "Effect van beleid ten opzichte van het basispad" in text
    assert "Jeugdwerkloosheid" in text
    assert "procentpunt" in text
    assert "Sneller OV in Twente" in text
    assert "herhalingen" in text
    assert re.search(r"-?\d+,\d", text)  # decimal comma
    assert not re.search(r"\d\.\d", text.replace(__version__, ""))  # no decimal point
    paths = _svg_text(comparison / "charts" / "time_paths_nl.svg")
    assert "Ontwikkeling in de tijd" in paths
    assert "Basispad" in paths
    work = _svg_text(comparison / "charts" / "home_and_work_nl.svg")
    for word in ("stad", "kleinere plaats", "platteland", "buiten Overijssel", "mbo", "hbo/wo"):
        assert word in work, word
    for name in ("policy_comparison", "time_paths", "map", "home_and_work"):
        assert not _not_dutch(_svg_text(comparison / "charts" / f"{name}_nl.svg")), name
    assert "verandering in jonge inwoners" in _svg_text(comparison / "charts" / "map_nl.svg")


def test_comparison_charts_in_english(comparison: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _charts(comparison, "en", capsys)
    text = _svg_text(comparison / "charts" / "policy_comparison_en.svg")
    assert "Effect of policy against the baseline" in text
    assert "Youth unemployment" in text
    assert "percentage points" in text
    assert "Faster PT in Twente" in text
    assert "Jeugdwerkloosheid" not in text
    work = _svg_text(comparison / "charts" / "home_and_work_en.svg")
    for word in ("city", "town", "rural", "outside Overijssel"):
        assert word in work, word


@pytest.mark.parametrize(
    ("lang", "reason", "highlight", "title"),
    [("nl", "maar één scenario", "Voorgestelde combinatie", "de combinatievraag"),
     pytest.param("en", "only one scenario", "Suggested combination", "the combination question",
                  marks=ENGLISH_IS_SLOW)],
)  # fmt: skip
def test_grid_gives_the_heatmap_with_the_combination_marked(
    grid: Path,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    reason: str,
    highlight: str,
    title: str,
) -> None:
    made = _charts(grid, lang, capsys)
    assert made["travel_vs_amenity"].endswith(f"travel_vs_amenity_{lang}.svg")
    # One scenario: no comparison, and it says why; the other charts are still drawn.
    assert reason in made["policy_comparison"]
    assert made["time_paths"].endswith(f"time_paths_{lang}.svg")
    text = _svg_text(grid / "charts" / f"travel_vs_amenity_{lang}.svg")
    assert highlight in text
    assert title in text
    # Differences from the no-policy cell, on one scale centred on zero (issue 13).
    assert {"nl": "met het vak linksonder (geen beleid)", "en": "from the bottom-left cell"}[
        lang
    ] in text
    # Paths, bars and map compare the grid's point without policy with the highlighted one,
    # each named for what it is (point 0 once showed as the scenario: "Combinatie").
    none = {"nl": "Geen beleid (alle knoppen op 0)", "en": "No policy (every lever at 0)"}[lang]
    for chart in ("time_paths", "home_and_work", "map"):
        drawn = _svg_text(grid / "charts" / f"{chart}_{lang}.svg")
        assert highlight in drawn, chart
        assert none in drawn or chart == "map", chart  # the map shows the change only


@pytest.mark.parametrize(
    ("lang", "reason", "axis"),
    [("nl", "één herhaling", "gemiddeld absoluut effect"),
     pytest.param("en", "one replication", "mean absolute effect", marks=ENGLISH_IS_SLOW)],
)  # fmt: skip
def test_morris_design_gives_mu_star_against_sigma(
    morris: Path, capsys: pytest.CaptureFixture[str], lang: str, reason: str, axis: str
) -> None:
    made = _charts(morris, lang, capsys)
    assert made["morris"].endswith(f"morris_{lang}.svg")
    # One replication: no interval, and it says why; the other charts are still drawn.
    assert reason in made["policy_comparison"]
    assert made["map"].endswith(f"map_{lang}.svg")
    text = _svg_text(morris / "charts" / f"morris_{lang}.svg")
    assert "mu*" in text
    assert axis in text
    assert "logit" in text  # the parameter's name, as no label was given


@pytest.mark.slow  # matplotlib's back ends; the fast loop draws SVG
def test_png_and_pdf_too(comparison: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt, magic in (("png", b"\x89PNG"), ("pdf", b"%PDF")):
        assert (
            main(["charts", str(comparison), "--format", fmt, "--out", str(comparison / fmt)]) == 0
        )
        path = comparison / fmt / f"policy_comparison_nl.{fmt}"
        assert path.read_bytes()[:4] == magic
    capsys.readouterr()


@pytest.mark.parametrize("lang", ["nl", pytest.param("en", marks=ENGLISH_IS_SLOW)])
def test_annex_is_one_self_contained_html_file(
    comparison: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    assert main(["report", str(comparison), "--lang", lang]) == 0
    assert f"annex_{lang}.html" in capsys.readouterr().out
    page = (comparison / f"annex_{lang}.html").read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == 4
    assert not re.search(r'(src|href)="(?!data:)', page)  # nothing outside the file
    heads = {
        "nl": ("De vraag", "Kerncijfers", "Methode en kanttekeningen", "Hoe te lezen"),
        "en": ("The question", "Key figures", "Method and caveats", "How to read"),
    }
    for head in heads[lang]:
        assert head in page, head
    assert indicator_label("youth_unemployment_rate", lang) in page  # type: ignore[arg-type]
    if lang == "nl":
        assert "openbaar vervoer: ritten 30% sneller binnen Twente" in page
        assert "Sneller OV in Twente" in page


NOT_DUTCH = (
    # English words an annex in Dutch must not use
    "the", "and", "with", "for", "faster", "policy", "baseline", "scale", "sign",
    "seed", "seeds", "run", "replications", "ensemble", "discovery", "agent-based", "EUR",
    # jargon and misspellings an adviser stumbled over (issue 13)
    "logsum", "sd", "schaal", "gedraaid", "gepaard", "gepaarde", "teken onzeker", "kern",
    "kernen", "efficient", "efficientie", "maar een scenario", "een herhaling:",
)  # fmt: skip


def _not_dutch(text: str) -> list[str]:
    """The words of ``NOT_DUTCH`` in ``text`` (whole words; file paths and the name ignored)."""
    words = re.sub(r"\S*(/|\.md|youth_sim)\S*", " ", text)
    return [w for w in NOT_DUTCH if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", words, re.I)]


def _visible(page: str) -> str:
    """The text a reader sees in an HTML page (no style, no embedded images, no tags)."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(page)


def test_the_dutch_annex_has_no_english_words_and_no_jargon(
    comparison: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every word Dutch, diaereses right, terms explained once in a glossary (issue 13)."""
    assert main(["report", str(comparison), "--lang", "nl"]) == 0
    page = _visible((comparison / "annex_nl.html").read_text(encoding="utf-8"))
    assert _not_dutch(page) == []
    assert "efficiënt" in page
    assert "Begrippen" in page
    assert "Procentpunt" in page
    assert "(faster)" not in page  # the policy's file name is not shown in Dutch
    assert _not_dutch("the faster policy, logsum en kernen") == [
        "the",
        "faster",
        "policy",
        "logsum",
        "kernen",
    ]


def test_labels_cover_every_indicator_and_both_languages() -> None:
    assert set(INDICATOR_NL) == set(INDICATOR_NAMES)
    for table in (TEXT, REPORT, POLICY_WORDS, PARAMETERS):
        for key, words in table.items():
            assert set(words) == set(LANGS), key
    assert set(CHARTS) == {"policy_comparison", "time_paths", "map", "travel_vs_amenity",
                           "home_and_work", "morris", "robustness", "discovery"}  # fmt: skip


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [(1234.5, "nl", 1, "1.234,5"), (1234.5, "en", 1, "1,234.5"), (-0.04, "nl", 1, "0,0"),
     (0.125, "nl", 3, "0,125"), (1_000_000, "nl", 0, "1.000.000")],
)  # fmt: skip
def test_numbers_are_written_the_readers_way(
    value: float, lang: str, decimals: int, expected: str
) -> None:
    assert number(value, lang, decimals) == expected  # type: ignore[arg-type]


@pytest.mark.slow
def test_annex_for_one_scenario_and_one_replication(
    grid: Path, morris: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for directory in (grid, morris):
        assert main(["report", str(directory), "--lang", "nl"]) == 0
        page = (directory / "annex_nl.html").read_text(encoding="utf-8")
        assert "Niet getekend" in page
        assert "data:image/png;base64," in page
    assert "maar één scenario" in (grid / "annex_nl.html").read_text(encoding="utf-8")
    assert "één herhaling" in (morris / "annex_nl.html").read_text(encoding="utf-8")
    capsys.readouterr()


class _FakeEnsemble:
    """Just what the discovery chart reads: a policy that wins where a parameter is high."""

    is_ensemble = True
    reference = "baseline"

    def __init__(self) -> None:
        self.policies = ["place"]
        import json
        from types import SimpleNamespace

        import numpy as np
        import pandas as pd

        rng = np.random.default_rng(3)
        key = "labour.local_services.elasticity"
        self.parameter_sets = pd.DataFrame({key: rng.uniform(0.25, 1.0, 40)})
        self._difference = pd.Series(self.parameter_sets[key].to_numpy() - 0.5)  # lower is better
        self.discovery = pd.DataFrame([{
            "scenario": "place", "versus": "baseline", "indicator": "youth_unemployment_rate",
            "win_share": 0.33, "density": 0.95, "coverage": 0.9, "support": 14,
            "limits": json.dumps({key: [None, 0.5]}), "box": "", "sentence": "",
        }])  # fmt: skip
        self.manifest = SimpleNamespace(outcomes=["youth_unemployment_rate"])

    def differences(self, scenario: str, rival: str, outcome: str):  # type: ignore[no-untyped-def]
        return self._difference

    def colour(self, scenario: str) -> str:
        return "#56B4E9"

    def label(self, name: str, lang: str) -> str:
        return {"place": "Plaatsgericht", "baseline": "Basispad"}[name]

    def footnote(self, lang: str) -> str:
        return "youth_sim test"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_discovery_chart_shows_the_sets_and_the_box_and_the_annex_words_it(
    lang: Lang,
) -> None:
    """One panel per comparison a parameter decides, axis in plain words, in both languages."""
    from youth_sim.charts.figures import Skip, discovery_chart
    from youth_sim.charts.report import conditions

    fake = _FakeEnsemble()
    figure = discovery_chart(fake, lang)  # type: ignore[arg-type]
    visible = [ax for ax in figure.axes if ax.get_visible()]
    assert len(visible) == 1
    ax = visible[0]
    assert len(ax.patches) == 1  # the box
    wins, losses = ax.collections[:2]
    assert len(np.asarray(wins.get_offsets())) + len(np.asarray(losses.get_offsets())) == 40
    words = {"nl": "mate waarin werk de inwoners volgt", "en": "how far jobs follow residents"}
    assert words[lang] in ax.get_xlabel()
    said = conditions({"labour.local_services.elasticity": [None, 0.5]}, lang)
    assert (
        said
        == {
            "nl": "mate waarin werk de inwoners volgt (elasticiteit) hoogstens 0,50 is",
            "en": "how far jobs follow residents (elasticity) is at most 0.50",
        }[lang]
    )
    both = conditions({"a.b": [1.34, 3.0], "c": [2.0, None]}, lang)
    assert (
        both
        == {
            "nl": "a.b tussen 1,3 en 3,0 ligt en c minstens 2,0 is",
            "en": "a.b lies between 1.3 and 3.0 and c is at least 2.0",
        }[lang]
    )
    fake.discovery = fake.discovery.assign(limits="")
    with pytest.raises(Skip):
        discovery_chart(fake, lang)  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["nl", pytest.param("en", marks=ENGLISH_IS_SLOW)])
def test_the_map_draws_and_names_all_25_municipalities_with_their_change(
    comparison: Path, capsys: pytest.CaptureFixture[str], lang: Lang
) -> None:
    """Real boundaries (shipped with their credit), all 25 named, outside places as arrows."""
    from youth_sim.charts.figures import BOUNDARY_CREDIT, _nice_limit, boundaries

    rings = boundaries()
    assert len(rings) == 25
    made = _charts(comparison, lang, capsys)
    drawn = _svg_text(Path(made["map"]))
    for name in rings:
        assert name in drawn, name  # every municipality named (wrapped names: first word)
    for outside in ("Randstad", "Groningen", "Münster-Osnabrück", "Arnhem-Nijmegen"):
        assert outside in drawn
    assert " ".join(BOUNDARY_CREDIT[lang].split()[:3]) in drawn
    assert re.search(r"[+-]\d+[,.]\d%", drawn)  # each name carries its change
    # The colour scale reaches every value: nothing is clipped.
    limits = [_nice_limit(v) for v in (0.3, 1.0, 1.2, 17.4, 20.8, 30.0)]
    assert limits == [0.5, 1.0, 2.0, 20.0, 25.0, 50.0]


def _synthetic_effects() -> object:
    """Two policies: 'a' certain on most things, 'b' on none (made-up numbers)."""
    import pandas as pd

    rows = [
        ("a", "net_outflow", "all", "all", -612, -810, -420, "persons/year"),
        ("b", "net_outflow", "all", "all", -100, -300, 100, "persons/year"),
        ("a", "unemployment_rate", "all", "vocational", -0.3, -0.5, -0.1, "points"),
        ("b", "unemployment_rate", "all", "vocational", -0.1, -0.4, 0.2, "points"),
        ("a", "unemployed", "all", "vocational", -152, -250, -50, "persons"),
        ("b", "unemployed", "all", "vocational", -40, -120, 40, "persons"),
        ("a", "unemployment_rate", "all", "knowledge", 0.05, -0.1, 0.2, "points"),
        ("b", "unemployment_rate", "all", "knowledge", -0.02, -0.2, 0.16, "points"),
        ("a", "unemployed", "all", "knowledge", 10, -30, 50, "persons"),
        ("b", "unemployed", "all", "knowledge", -5, -40, 30, "persons"),
        ("a", "residents", "Twente", "all", 930, 500, 1300, "persons"),
        ("a", "residents", "Noord-Overijssel", "all", -200, -500, 100, "persons"),
        ("a", "residents", "Zuidwest-Overijssel", "all", 50, -100, 200, "persons"),
        ("a", "vacancies", "rest", "all", -48, -80, -20, "persons"),
        ("b", "vacancies", "rest", "all", 5, -20, 30, "persons"),
        ("a", "long_commute_share", "all", "all", 0.5, 0.2, 0.8, "points"),
        ("b", "long_commute_share", "all", "all", 0.2, -0.1, 0.5, "points"),
    ]
    return pd.DataFrame(
        rows, columns=["policy", "measure", "place", "education", "mean", "low", "high", "unit"]
    )


def test_conclusions_say_each_number_with_its_interval_and_certainty_in_words() -> None:
    """Belangrijkste uitkomsten from a small synthetic table, in Dutch and English."""
    from youth_sim.charts.conclusions import sentences

    table = _synthetic_effects()
    said = sentences(table, {"a": "Plan A", "b": "Plan B"}, "nl")  # type: ignore[arg-type]
    assert said == [
        "Plan A houdt de meeste jongeren in de provincie: er vertrekken ongeveer 600 minder "
        "per jaar (95%-interval -800 tot -400; de richting is zeker).",
        "Dat is het meest te merken in Twente: bij Plan A wonen daar ongeveer 950 jongeren "
        "meer (de richting is zeker).",
        "Plan A verlaagt de werkloosheid onder mbo'ers het meest: 0,30 procentpunt, ongeveer "
        "150 werklozen minder (95%-interval -0,50 tot -0,10; de richting is zeker).",
        "Op de werkloosheid onder hbo/wo'ers heeft geen beleid een effect waarvan de richting "
        "zeker is (hoogstens 0,05 procentpunt).",
        "Plan A vult de meeste vacatures buiten de steden: er staan er ongeveer 50 minder open "
        "(de richting is zeker).",
        "Geen beleid verkort lange woon-werkreizen; Plan B verlengt ze het minst: 0,2 "
        "procentpunt (95%-interval -0,1 tot +0,5; de richting is onzeker).",
    ]
    english = sentences(table, {"a": "Plan A", "b": "Plan B"}, "en")  # type: ignore[arg-type]
    assert english[0].startswith("Plan A keeps the most young people in the province: about "
                                 "600 fewer leave each year")  # fmt: skip
    assert english[-1].endswith("the direction is uncertain).")
    assert all(not _not_dutch(line) for line in said)


def test_the_annex_opens_with_its_findings_and_a_table_by_region(
    comparison: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(comparison), "--lang", "nl"]) == 0
    page = _visible((comparison / "annex_nl.html").read_text(encoding="utf-8"))
    assert page.index("Belangrijkste uitkomsten") < page.index("De scenario's in gewone woorden")
    for words in ("Per regio", "Twente", "de regio Zwolle (IJssel-Vecht)", "Salland en Deventer",
                  "de vijf steden", "mbo'ers", "hbo/wo'ers", "procentpunt"):  # fmt: skip
        assert words in page, words


def test_every_shipped_policy_states_a_cost_with_its_source_or_as_indicative() -> None:
    """Each policy in configs/ has a one-off or yearly cost, and its comment says where from."""
    from youth_sim.config import load_scenario

    from .conftest import ROOT

    for path in sorted((ROOT / "configs").glob("*.yaml")):
        if path.name in ("baseline.yaml", "uncertainty.yaml"):
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for policy in load_scenario(path).policies:
            assert policy.cost_eur is not None or policy.cost_eur_per_year is not None, (
                path.name, policy.name)  # fmt: skip
        for line in lines:
            if line.strip().startswith("cost_eur"):
                assert re.search(r"\[(S|D|A, indicative)", line), (path.name, line)


def test_the_annex_puts_costs_beside_effects_and_says_when_costs_are_missing(
    comparison: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(comparison), "--lang", "nl"]) == 0
    page = _visible((comparison / "annex_nl.html").read_text(encoding="utf-8"))
    assert "Kosten" in page
    assert "baten/kosten (indicatief)" in page
    # The test scenario's policy states no cost: the annex says so, in Dutch.
    assert "Zonder kosten in het scenariobestand" in page
    assert "Sneller OV in Twente: 1 van de 1 maatregelen" in page


def test_the_annex_is_also_an_a4_pdf_made_without_a_browser(
    comparison: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Report --format pdf --out FILE: A4 pages (595 x 842 pt), figures and tables numbered."""
    target = tmp_path / "advies" / "bijlage.pdf"
    assert main(["report", str(comparison), "--lang", "nl", "--format", "pdf",
                 "--out", str(target)]) == 0  # fmt: skip
    assert f"annex: {target}" in capsys.readouterr().out
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) >= 3
    assert all(abs(float(w) - 595.28) < 1 and abs(float(h) - 841.89) < 1 for w, h in boxes)
    assert not target.with_suffix(".html").exists()  # only the format asked for
    assert main(["report", str(comparison), "--lang", "nl"]) == 0  # default: both
    page = (comparison / "annex_nl.html").read_text(encoding="utf-8")
    assert (comparison / "annex_nl.pdf").is_file()
    assert "<b>Figuur 1.</b>" in page
    assert "<caption>Tabel 1. " in page
