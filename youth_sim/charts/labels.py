"""Every word and number format the charts and the annex show, in Dutch and English.

Dutch appears only in this module. Indicator names, units and English labels come from
:data:`youth_sim.contract.INDICATORS` (the same table README and ODD list); the Dutch
labels are added here, keyed by the indicator name. Numbers are formatted by
:func:`number` (``nl``: decimal comma, thousands point).
"""

from __future__ import annotations

from typing import Literal

from youth_sim.contract import INDICATORS

Lang = Literal["nl", "en"]
LANGS: tuple[Lang, ...] = ("nl", "en")

INDICATOR_NL: dict[str, str] = {
    "unfilled_vacancy_rate": "Onvervulde vacatures",
    "unfilled_vacancy_rate_city": "Onvervulde vacatures, steden",
    "unfilled_vacancy_rate_rest": "Onvervulde vacatures, buiten de steden",
    "youth_unemployment_rate": "Jeugdwerkloosheid",
    "unemployment_rate_vocational": "Werkloosheid, mbo",
    "unemployment_rate_knowledge": "Werkloosheid, hbo/wo",
    "mismatch_index_vocational": "Ruimtelijke mismatch, mbo",
    "mismatch_index_knowledge": "Ruimtelijke mismatch, hbo/wo",
    "reachable_vacancies_vocational": "Vacatures binnen 45 minuten per werkzoekende, mbo",
    "reachable_vacancies_knowledge": "Vacatures binnen 45 minuten per werkzoekende, hbo/wo",
    "mean_commute_min_vocational": "Reistijd woon-werk, mbo",
    "mean_commute_min_knowledge": "Reistijd woon-werk, hbo/wo",
    "long_commute_share": "Woon-werkreizen langer dan 45 minuten",
    "overqualified_share": "Hbo/wo'ers onder hun niveau",
    "share_outside_province": "Woont buiten Overijssel",
    "net_outflow": "Netto vertrek uit de provincie",
    "mean_utility": "Welvaart van jongeren",
}

UNITS: dict[str, dict[Lang, str]] = {
    "share": {"nl": "%", "en": "%"},
    "share_difference": {"nl": "procentpunt", "en": "percentage points"},
    "minutes": {"nl": "minuten", "en": "minutes"},
    "persons/year": {"nl": "personen per jaar", "en": "persons per year"},
    "EUR/month": {"nl": "euro per maand", "en": "euro per month"},
    "index 0-1": {"nl": "index 0-1", "en": "index 0-1"},
    "per seeker": {"nl": "per werkzoekende", "en": "per job seeker"},
}

TEXT: dict[str, dict[Lang, str]] = {
    # chart titles
    "comparison_title": {
        "nl": "Effect van beleid ten opzichte van het basispad",
        "en": "Effect of policy against the baseline",
    },
    "comparison_note": {
        "nl": "Gemiddeld verschil na {years} jaar met 95%-interval; elk scenario doorgerekend met "
        "dezelfde toevalsreeksen",
        "en": "Mean difference after {years} years with 95% interval, paired on seeds",
    },
    "paths_title": {"nl": "Ontwikkeling in de tijd", "en": "Paths over time"},
    "paths_note": {
        "nl": "Mediaan en band van 10e tot 90e percentiel over de herhalingen",
        "en": "Median and band from the 10th to the 90th percentile over replications",
    },
    "map_title": {
        "nl": "Waar jongeren wonen: verandering per gemeente",
        "en": "Where young people live: change per municipality",
    },
    "map_note": {
        "nl": "Kleur en getal: verandering in het aantal jonge inwoners (18-34) ten opzichte van "
        "het basispad na de looptijd; pijlen: bestemmingen buiten Overijssel, met de verandering "
        "van het aantal jongeren uit Overijssel dat er woont",
        "en": "Colour and number: change in young residents (18-34) against the baseline at the "
        "end of the horizon; arrows: destinations outside Overijssel, with the change in young "
        "people from Overijssel living there",
    },
    "map_colour": {
        "nl": "verandering in jonge inwoners ten opzichte van het basispad (%)",
        "en": "change in young residents against the baseline (%)",
    },
    "map_links": {
        "nl": "OV-verbinding sneller (dikker: meer minuten, tot {top})",
        "en": "public-transport link made faster (thicker: more minutes, up to {top})",
    },
    "heatmap_title": {
        "nl": "Reistijd of aantrekkelijkheid: de combinatievraag",
        "en": "Travel time or attractiveness: the combination question",
    },
    "heatmap_note": {
        "nl": "Verschil na {years} jaar met het vak linksonder (geen beleid), gemiddeld over {n} "
        "herhalingen met dezelfde toevalsreeksen; • : het 95%-interval bevat geen nul; grijs: "
        "de richting is onzeker",
        "en": "Difference after {years} years from the bottom-left cell (no policy), mean over "
        "{n} replications with the same random streams; • : the 95% interval excludes zero; "
        "grey: the direction is uncertain",
    },
    "heatmap_needed": {
        "nl": "om alle effecten van het omkaderde vak van nul te onderscheiden zijn ongeveer {n} "
        "herhalingen nodig",
        "en": "about {n} replications would tell every effect of the framed cell from zero",
    },
    "index_points": {"nl": "index x 100", "en": "index x 100"},
    "homework_title": {
        "nl": "Waar jongeren wonen en werken: verschil met het basispad",
        "en": "Where young people live and work: difference from the baseline",
    },
    "homework_note": {
        "nl": "Verschil in werkende jongeren na {years} jaar ten opzichte van {reference}, naar "
        "soort gebied van woning en van baan; lijntje: 95%-interval; gearceerd: de richting is "
        "onzeker",
        "en": "Difference in employed young people after {years} years against {reference}, by "
        "kind of area of home and of job; whisker: 95% interval; hatched: the direction is "
        "uncertain",
    },
    "morris_title": {
        "nl": "Welke aannames bepalen de uitkomst? (Morris-screening)",
        "en": "Which assumptions decide the outcome? (Morris screening)",
    },
    "morris_note": {
        "nl": "Effect op het verschil {scenario} min {reference}, gemiddeld over herhalingen. "
        "Rechtsboven: veel invloed en sterk afhankelijk van andere parameters",
        "en": "Effect on the difference {scenario} minus {reference}, averaged over replications. "
        "Top right: large influence that depends strongly on other parameters",
    },
    "robustness_title": {
        "nl": "Hoe stevig is het effect? Over alle plausibele parametersets",
        "en": "How robust is the effect? Over every plausible parameter set",
    },
    "robustness_note": {
        "nl": "Verschil met {reference} na {years} jaar: punt en dikke lijn het gemiddelde met "
        "95%-interval over {sets} parametersets (onzekerheid over gedrag en toeval samen), dunne "
        "lijn het middelste 95% van de sets; rechts het deel van de sets waarin het beleid beter "
        "uitpakt dan {reference}",
        "en": "Difference from {reference} after {years} years: dot and thick line the mean with "
        "its 95% interval over {sets} parameter sets (uncertainty about behaviour and chance "
        "together), thin line the middle 95% of the sets; at the right the share of sets in "
        "which the policy does better than {reference}",
    },
    "discovery_title": {
        "nl": "Wat zou de uitkomst omdraaien?",
        "en": "What would change the verdict?",
    },
    "discovery_note": {
        "nl": "Elk punt is een plausibele parameterset: gevuld waar het eerste beleid beter "
        "uitpakt, kruisje waar niet; het vlak is het gebied (PRIM) waar het vaker wint",
        "en": "Each point is a plausible parameter set: filled where the first policy does "
        "better, a cross where not; the shaded area is the region (PRIM) where it wins more "
        "often",
    },
    "better": {"nl": "beter", "en": "better"},
    "loses": {"nl": "niet beter", "en": "not better"},
    "versus": {"nl": "tegenover", "en": "against"},
    "policy_starts": {"nl": "beleid begint", "en": "policy starts"},
    "explore_title": {
        "nl": "youth_sim: beleid verkennen",
        "en": "youth_sim: explore a policy",
    },
    "explore_preset": {"nl": "beginnen bij scenario", "en": "start from scenario"},
    "explore_map": {"nl": "de kaart toont", "en": "the map shows"},
    "explore_map_residents": {
        "nl": "verandering jonge inwoners",
        "en": "change in young residents",
    },
    "explore_map_unemployment": {
        "nl": "jeugdwerkloosheid (%)",
        "en": "youth unemployment (%)",
    },
    "explore_map_unemployment_change": {
        "nl": "verandering jeugdwerkloosheid (procentpunt)",
        "en": "change in youth unemployment (percentage points)",
    },
    "explore_reset": {"nl": "opnieuw", "en": "reset"},
    "explore_play": {"nl": "afspelen", "en": "play"},
    "explore_pause": {"nl": "pauze", "en": "pause"},
    "explore_step": {"nl": "stap", "en": "step"},
    "explore_save": {"nl": "bewaar als scenariobestand", "en": "save as a scenario file"},
    "explore_saved": {"nl": "bewaard: {path}", "en": "saved: {path}"},
    "grid_none": {"nl": "Geen beleid (alle knoppen op 0)", "en": "No policy (every lever at 0)"},
    "grid_full": {"nl": "{scenario}, volle inzet", "en": "{scenario} at full strength"},
    # conclusions (charts/conclusions.py)
    "c_certain": {"nl": "de richting is zeker", "en": "the direction is certain"},
    "c_uncertain": {"nl": "de richting is onzeker", "en": "the direction is uncertain"},
    "c_no_interval": {"nl": "zonder interval: één herhaling", "en": "no interval: one replication"},
    "c_interval": {"nl": "95%-interval {low} tot {high}", "en": "95% interval {low} to {high}"},
    "c_robust": {
        "nl": "Over de plausibele parametersets pakt dit beleid hierop in {pct}% beter uit dan "
        "het basispad.",
        "en": "Over the plausible parameter sets this policy does better on it than the "
        "baseline in {pct}%.",
    },
    "c_outflow_fewer": {
        "nl": "{policy} houdt de meeste jongeren in de provincie: er vertrekken ongeveer {n} "
        "minder per jaar ({interval}; {certainty}).",
        "en": "{policy} keeps the most young people in the province: about {n} fewer leave "
        "each year ({interval}; {certainty}).",
    },
    "c_outflow_more": {
        "nl": "Geen beleid houdt meer jongeren in de provincie; bij {policy} vertrekken er "
        "ongeveer {n} meer per jaar ({interval}; {certainty}).",
        "en": "No policy keeps more young people in the province; with {policy} about {n} more "
        "leave each year ({interval}; {certainty}).",
    },
    "c_vocational": {"nl": "mbo'ers", "en": "young people with an mbo education"},
    "c_knowledge": {"nl": "hbo/wo'ers", "en": "young people with an hbo/wo education"},
    "c_unemp_down": {
        "nl": "{policy} verlaagt de werkloosheid onder {group} het meest: {points} procentpunt, "
        "ongeveer {n} werklozen minder ({interval}; {certainty}).",
        "en": "{policy} lowers unemployment among {group} the most: by {points} percentage "
        "points, about {n} fewer unemployed ({interval}; {certainty}).",
    },
    "c_unemp_up": {
        "nl": "Elk beleid verhoogt de werkloosheid onder {group}; {policy} het minst: "
        "{points} procentpunt, ongeveer {n} werklozen meer ({interval}; {certainty}).",
        "en": "Every policy raises unemployment among {group}; {policy} the least: by {points} "
        "percentage points, about {n} more unemployed ({interval}; {certainty}).",
    },
    "c_unemp_none": {
        "nl": "Op de werkloosheid onder {group} heeft geen beleid een effect waarvan de richting "
        "zeker is (hoogstens {points} procentpunt).",
        "en": "No policy has an effect on unemployment among {group} whose direction is "
        "certain (at most {points} percentage points).",
    },
    "c_Twente": {"nl": "Twente", "en": "Twente"},
    "c_city": {"nl": "de vijf steden", "en": "the five cities"},
    "c_rest": {"nl": "de rest van Overijssel", "en": "the rest of Overijssel"},
    "c_Noord-Overijssel": {
        "nl": "de regio Zwolle (IJssel-Vecht)",
        "en": "the Zwolle region (IJssel-Vecht)",
    },
    "c_Zuidwest-Overijssel": {"nl": "Salland en Deventer", "en": "Salland and Deventer"},
    "c_region_more": {
        "nl": "Dat is het meest te merken in {region}: bij {policy} wonen daar ongeveer {n} "
        "jongeren meer ({certainty}).",
        "en": "It shows most in {region}: with {policy} about {n} more young people live there "
        "({certainty}).",
    },
    "c_region_fewer": {
        "nl": "In {region} wonen bij {policy} juist ongeveer {n} jongeren minder ({certainty}).",
        "en": "In {region}, with {policy} about {n} fewer young people live there ({certainty}).",
    },
    "c_vacancies_fewer": {
        "nl": "{policy} vult de meeste vacatures buiten de steden: er staan er ongeveer {n} "
        "minder open ({certainty}).",
        "en": "{policy} fills the most vacancies outside the cities: about {n} fewer stay open "
        "({certainty}).",
    },
    "c_vacancies_none": {
        "nl": "Geen beleid vult buiten de steden aantoonbaar meer vacatures (het model "
        "onderschat het aantal open vacatures; zie Methode).",
        "en": "No policy demonstrably fills more vacancies outside the cities (the model "
        "understates open vacancies; see Method).",
    },
    "c_commute_down": {
        "nl": "{policy} verkort de woon-werkreizen het meest: {points} procentpunt minder "
        "reizen van meer dan 45 minuten ({interval}; {certainty}).",
        "en": "{policy} shortens commutes the most: {points} percentage points fewer commutes "
        "over 45 minutes ({interval}; {certainty}).",
    },
    "c_commute_up": {
        "nl": "Geen beleid verkort lange woon-werkreizen; {policy} verlengt ze het minst: "
        "{points} procentpunt ({interval}; {certainty}).",
        "en": "No policy shortens long commutes; {policy} lengthens them the least: by {points} "
        "percentage points ({interval}; {certainty}).",
    },
    # axes and legends
    "year": {"nl": "jaar", "en": "year"},
    "difference": {"nl": "verschil", "en": "difference"},
    "persons_thousands": {"nl": "personen (x 1.000)", "en": "persons (thousands)"},
    "persons_difference": {"nl": "verschil in personen", "en": "difference in persons"},
    "lives": {"nl": "Woont in", "en": "Lives in"},
    "works": {"nl": "Werkt in", "en": "Works in"},
    "mu_star": {"nl": "mu* (gemiddeld absoluut effect)", "en": "mu* (mean absolute effect)"},
    "sigma": {"nl": "sigma (spreiding van het effect)", "en": "sigma (spread of the effect)"},
    "intensity": {"nl": "inzet", "en": "strength"},
    "vocational": {"nl": "mbo", "en": "vocational (mbo)"},
    "knowledge": {"nl": "hbo/wo", "en": "knowledge (hbo/wo)"},
    "city": {"nl": "stad", "en": "city"},
    "town": {"nl": "kleinere plaats", "en": "town"},
    "rural": {"nl": "platteland", "en": "rural"},
    "outside": {"nl": "buiten Overijssel", "en": "outside Overijssel"},
    "highlight": {"nl": "omkaderd", "en": "framed"},
    "sign_unclear": {"nl": "richting onzeker", "en": "sign unclear"},
    "footnote": {
        "nl": "youth_sim {version} | scenario's: {scenarios} | {replications}, "
        "elke modeljongere staat voor {per_agent} jongeren | berekend op {date}",
        "en": "youth_sim {version} | scenarios: {scenarios} | {replications}, "
        "each model agent stands for {per_agent} young people | run {date}",
    },
    "replications": {"nl": "{n} herhalingen", "en": "{n} replications"},
    "replication": {"nl": "1 herhaling", "en": "1 replication"},
    "skipped": {"nl": "Niet getekend", "en": "Not drawn"},
    "skip_one_scenario": {
        "nl": "er is maar één scenario: niets om mee te vergelijken",
        "en": "there is only one scenario: nothing to compare with",
    },
    "skip_one_replication": {
        "nl": "één herhaling: geen interval te berekenen",
        "en": "one replication: no interval can be computed",
    },
    "skip_no_grid": {
        "nl": "geen rooster van twee beleidsknoppen in dit experiment",
        "en": "no grid of two policy levers in this experiment",
    },
    "skip_no_morris": {
        "nl": "geen Morris-ontwerp in dit experiment, of niet alle runs zijn klaar",
        "en": "no Morris design in this experiment, or not all runs are finished",
    },
    "skip_no_ensemble": {
        "nl": "geen vergelijking over plausibele parametersets in dit experiment",
        "en": "no comparison over plausible parameter sets (ensemble) in this experiment",
    },
    "skip_no_discovery": {
        "nl": "geen onzekere parameter bepaalt hier welk beleid wint",
        "en": "no uncertain parameter decides here which policy wins",
    },
    "skip_no_policy_map": {
        "nl": "geen beleidsscenario naast de referentie",
        "en": "no policy scenario besides the reference",
    },
}


PARAMETERS: dict[str, dict[Lang, str]] = {
    "labour.matching_efficiency_per_month": {
        "nl": "snelheid waarmee vacatures en werkzoekenden elkaar vinden",
        "en": "matching efficiency of vacancies and job seekers",
    },
    "labour.search_intensity": {"nl": "zoekintensiteit", "en": "search intensity"},
    "labour.separation_rate_per_month.vocational": {
        "nl": "kans op baanverlies per maand, mbo",
        "en": "monthly chance of losing one's job, vocational",
    },
    "labour.separation_rate_per_month.knowledge": {
        "nl": "kans op baanverlies per maand, hbo/wo",
        "en": "monthly chance of losing one's job, knowledge",
    },
    "labour.overqualified_weight": {
        "nl": "bereidheid van hbo/wo'ers om onder hun niveau te werken",
        "en": "willingness of knowledge workers to work below their level",
    },
    "labour.employer_preference_knowledge": {
        "nl": "voorkeur van werkgevers voor hbo/wo'ers op mbo-banen",
        "en": "employers' preference for knowledge workers on vocational jobs",
    },
    "labour.local_services.elasticity": {
        "nl": "mate waarin werk de inwoners volgt (elasticiteit)",
        "en": "how far jobs follow residents (elasticity)",
    },
    "population.tastes.city_taste_mean_eur_month.knowledge": {
        "nl": "voorkeur van hbo/wo'ers voor de stad (euro per maand)",
        "en": "knowledge workers' taste for the city (euro per month)",
    },
    "population.tastes.origin_tie_mean_eur_month.vocational": {
        "nl": "binding van mbo'ers aan hun herkomstgemeente (euro per maand)",
        "en": "vocational workers' tie to where they grew up (euro per month)",
    },
    "population.tastes.value_of_time_eur_hour.knowledge": {
        "nl": "waarde van reistijd, hbo/wo (euro per uur)",
        "en": "value of travel time, knowledge (euro per hour)",
    },
}
"""Plain words for the uncertain parameters a calibration varies (others show their key)."""


LEVERS: dict[str, dict[Lang, str]] = {
    "rail_twente_minutes": {
        "nl": "trein Randstad-Twente sneller (minuten)",
        "en": "train Randstad-Twente faster (minutes)",
    },
    "regional_pt_wait_cut": {
        "nl": "regionaal OV vaker: minder wachttijd (aandeel)",
        "en": "regional PT more often: less waiting (share)",
    },
    "feeder_faster": {
        "nl": "fijnmazig OV vanuit de steden: deur tot deur sneller (aandeel)",
        "en": "fine-meshed PT from the cities: door to door faster (share)",
    },
    "homes_in_towns": {
        "nl": "woningen voor jongeren in vijf kleinere plaatsen (aantal)",
        "en": "homes for young people in five towns (number)",
    },
    "amenity_towns_sd": {
        "nl": "voorzieningen in kleinere plaatsen en platteland (standaarddeviatie)",
        "en": "amenities in towns and villages (standard deviations)",
    },
    "rent_support_eur": {
        "nl": "huurtegemoetkoming buiten de steden (euro per maand)",
        "en": "rent support outside the cities (euro per month)",
    },
    "start_year": {"nl": "beleid begint in (jaar)", "en": "policy starts in (year)"},
}
"""Plain words for the explore page's levers (``youth_sim.explore.levers``)."""


def parameter_label(name: str, lang: Lang) -> str:
    """A parameter in plain words, or its dotted key when it has none."""
    return PARAMETERS[name][lang] if name in PARAMETERS else name


def significant(value: float, lang: Lang, digits: int = 2) -> str:
    """``value`` to ``digits`` significant digits, in the reader's number format."""
    if value == 0 or value != value:
        return number(value, lang, 0)
    import math

    decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    return number(value, lang, decimals)


SUMMARY: dict[str, dict[Lang, str]] = {
    "header": {
        "nl": "effect van elk scenario ten opzichte van de referentie (dezelfde toevalsreeksen; "
        "95%-interval)",
        "en": "effect of each scenario against the reference (the same random streams; 95% "
        "interval)",
    },
    "pairs": {"nl": "{scenario}  (n = {n} paren)", "en": "{scenario}  (n = {n} pairs)"},
    "unclear": {
        "nl": "   ! interval bevat 0: richting onzeker",
        "en": "   ! interval includes 0: direction uncertain",
    },
    "persons": {"nl": "  (ongeveer {n} personen)", "en": "  (about {n} persons)"},
    "written": {"nl": "geschreven: {path}", "en": "written: {path}"},
}
"""What ``youth-sim summarize --lang`` prints (shares as fractions, as in summary.csv)."""


def summary_words(lang: Lang, directory: object = None) -> dict[str, object]:
    """Phrases, indicator labels, scenario labels and number format for ``summarize``.

    ``directory``, an experiment folder, supplies the scenarios' labels from its manifest.
    """
    from pathlib import Path

    from youth_sim.experiment.manifest import read_manifest

    scenarios: dict[str, str] = {}
    if directory is not None:
        labels = read_manifest(Path(str(directory))).spec.get("labels") or {}
        scenarios = {k: v[lang] for k, v in labels.items() if isinstance(v, dict) and lang in v}
    words: dict[str, object] = {key: value[lang] for key, value in SUMMARY.items()}
    words["labels"] = {i.name: indicator_label(i.name, lang) for i in INDICATORS}
    words["scenario"] = scenarios
    words["number"] = lambda value, decimals: number(value, lang, decimals)
    words["scale"] = {i.name: display_scale(i.name) for i in INDICATORS}
    words["unit"] = {i.name: indicator_unit(i.name, lang, difference=True) for i in INDICATORS}
    return words


def text(key: str, lang: Lang, **values: object) -> str:
    """A phrase in ``lang``, with ``{placeholders}`` filled in."""
    return TEXT[key][lang].format(**values)


def indicator_label(name: str, lang: Lang) -> str:
    """Short chart label of an indicator."""
    if lang == "nl":
        return INDICATOR_NL[name]
    return {i.name: i.label for i in INDICATORS}[name]


def indicator_unit(name: str, lang: Lang, difference: bool = False) -> str:
    """Display unit of an indicator (shares in %, their differences in percentage points)."""
    unit = {i.name: i.unit for i in INDICATORS}[name]
    if unit == "share":
        return UNITS["share_difference" if difference else "share"][lang]
    return UNITS[unit][lang]


def display_scale(name: str) -> float:
    """Factor from the indicator's unit to its display unit (shares to percent)."""
    unit = {i.name: i.unit for i in INDICATORS}[name]
    return 100.0 if unit == "share" else 1.0


def number(value: float, lang: Lang, decimals: int = 1) -> str:
    """A number as Dutch or English readers write it: 1.234,5 (nl) or 1,234.5 (en)."""
    if value != value:  # NaN
        return "-"
    if round(value, decimals) == 0:
        value = 0.0  # no "-0,0"
    english = f"{value:,.{decimals}f}"
    if lang == "en":
        return english
    return english.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def signed(value: float, lang: Lang, decimals: int = 1) -> str:
    """A number with an explicit sign (+1,5 / -0,3)."""
    return ("+" if value > 0 else "") + number(value, lang, decimals)


# --- the annex ---------------------------------------------------------------------------------

REPORT: dict[str, dict[Lang, str]] = {
    "title": {
        "nl": "Bijlage: jongeren, wonen en werken in Overijssel - resultaten van youth_sim",
        "en": "Annex: young people, homes and jobs in Overijssel - results of youth_sim",
    },
    "question_head": {"nl": "De vraag", "en": "The question"},
    "figure_word": {"nl": "Figuur", "en": "Figure"},
    "table_word": {"nl": "Tabel", "en": "Table"},
    "conclusions_head": {"nl": "Belangrijkste uitkomsten", "en": "Main findings"},
    "regional_head": {"nl": "Per regio", "en": "By region"},
    "costs_head": {"nl": "Kosten", "en": "Costs"},
    "costs_intro": {
        "nl": "Bedragen in miljoenen euro. Eenmalig: investeringen; per jaar: exploitatie "
        "zodra het beleid loopt; gemiddeld per jaar: beide samen over de looptijd, gedeeld door "
        "het aantal jaren. De kosten staan in de scenariobestanden, met hun bron of als "
        "indicatief gemarkeerd. Minder vertrek: per miljoen euro per jaar. Baten/kosten: de "
        "welvaartswinst van jongeren per jaar gedeeld door de gemiddelde kosten per jaar; "
        "indicatief, uit het keuzemodel, geen maatschappelijke kosten-batenanalyse. Cursief: "
        "de richting van het effect is onzeker.",
        "en": "Amounts in millions of euros. One-off: investment; per year: running costs once "
        "the policy runs; average per year: both over the horizon, divided by its years. Costs "
        "come from the scenario files, with their source or marked as indicative. Fewer "
        "leaving: per million euro a year. Benefit/cost: young people's welfare gain a year "
        "divided by the average cost a year; indicative, from the choice model, not a social "
        "cost-benefit analysis. In italics: the direction of the effect is uncertain.",
    },
    "costs_package": {"nl": "Pakket", "en": "Package"},
    "costs_one_off": {"nl": "eenmalig", "en": "one-off"},
    "costs_per_year": {"nl": "per jaar", "en": "per year"},
    "costs_average": {"nl": "gemiddeld per jaar", "en": "average per year"},
    "costs_outflow": {
        "nl": "minder vertrek per jaar, per miljoen per jaar",
        "en": "fewer leaving a year, per million a year",
    },
    "costs_ratio": {"nl": "baten/kosten (indicatief)", "en": "benefit/cost (indicative)"},
    "costs_missing_one": {
        "nl": "{package}: {n} van de {of} maatregelen",
        "en": "{package}: {n} of its {of} measures",
    },
    "costs_missing": {
        "nl": "Zonder kosten in het scenariobestand (de bedragen hierboven zijn dus te laag): "
        "{policies}.",
        "en": "No cost in the scenario file (so the figures above are too low): {policies}.",
    },
    "regional_intro": {
        "nl": "Verandering in de werkloosheid (procentpunt) van mbo'ers en hbo/wo'ers die er "
        "wonen, en in het aantal jonge inwoners. Cursief: de richting is onzeker.",
        "en": "Change in the unemployment (percentage points) of young people with an mbo and "
        "with an hbo/wo education who live there, and in young residents. In italics: the "
        "direction is uncertain.",
    },
    "regional_unemployment_rate_vocational": {"nl": "werkloos mbo", "en": "jobless mbo"},
    "regional_unemployment_rate_knowledge": {"nl": "werkloos hbo/wo", "en": "jobless hbo/wo"},
    "regional_residents_all": {"nl": "inwoners", "en": "residents"},
    "conclusions_intro": {
        "nl": "Na {years} jaar, ten opzichte van {reference}; elk getal met zijn 95%-interval "
        "over de herhalingen. Aantallen zijn personen in heel Overijssel.",
        "en": "After {years} years, against {reference}; every number with its 95% interval "
        "over the replications. Counts are persons in all of Overijssel.",
    },
    "question": {
        "nl": "Jongeren in Oost-Nederland kiezen hun woonplaats niet alleen op hun kansen op de "
        "regionale arbeidsmarkt. Jonge kenniswerkers wonen graag in de steden, terwijl het werk "
        "zich ook elders ontwikkelt. Zo ontstaat een ruimtelijke mismatch: vacatures blijven "
        "open op de ene plek terwijl jongeren elders werkloos zijn, onder hun niveau werken, lang "
        "reizen of de provincie verlaten. Twee soorten beleid kunnen helpen: kortere reistijden "
        "(mensgericht) en aantrekkelijkere plaatsen waar werk is (plaatsgericht), of een "
        "combinatie: aantrekkelijke steden zoals Zwolle en Enschede met een fijnmazig en "
        "efficiënt vervoersnet naar de omliggende regio's (SER Overijssel, brief van 5 februari "
        "2021 over Kracht van Oost 2). Deze bijlage laat zien wat het model youth_sim van deze "
        "beleidsopties verwacht.",
        "en": "Young people in East Netherlands do not choose where to live only by their "
        "chances on the regional labour market. Young knowledge workers prefer the cities, while "
        "work also grows elsewhere. The result is a spatial mismatch: vacancies stay open in one "
        "place while young people elsewhere are unemployed, work below their level, commute far "
        "or leave the province. Two kinds of policy may help: shorter travel times (people-based) "
        "and more attractive places where the work is (place-based), or a combination: "
        "attractive cities such as Zwolle and Enschede with a fine-meshed, efficient transport "
        "network to the surrounding regions (SER Overijssel, letter of 5 February 2021 on Kracht "
        "van Oost 2). This annex shows what the model youth_sim expects of these options.",
    },
    "scenarios_head": {
        "nl": "De scenario's in gewone woorden",
        "en": "The scenarios in plain words",
    },
    "reference_is": {
        "nl": "Referentie: alle andere scenario's worden hiermee vergeleken.",
        "en": "Reference: every other scenario is compared with it.",
    },
    "no_policy": {
        "nl": "Geen nieuw beleid: het basispad.",
        "en": "No new policy: the baseline.",
    },
    "key_head": {"nl": "Kerncijfers", "en": "Key figures"},
    "key_intro": {
        "nl": "Waarde in het referentiescenario na {years} jaar, en het verschil dat elk "
        "scenario maakt (gemiddelde over {n} herhalingen met dezelfde toevalsreeksen voor elk "
        "scenario, met 95%-interval). Verschillen in aandelen zijn procentpunten. Cursief: het "
        "interval bevat nul, de richting is dus onzeker.",
        "en": "Value in the reference scenario after {years} years, and the difference each "
        "scenario makes (mean over {n} replications with the same random streams for every "
        "scenario, with 95% interval). Differences in shares are percentage points. In "
        "italics: the interval contains zero, so the direction is uncertain.",
    },
    "indicator": {"nl": "Indicator", "en": "Indicator"},
    "indicators_guide": {
        "nl": "Welke indicator beantwoordt welke vraag? Blijven vacatures open waar werk is: "
        "onvervulde vacatures in en buiten de steden. Vinden jongeren werk: de werkloosheid, "
        "voor mbo'ers en hbo/wo'ers apart. Kunnen werkzoekenden het werk bereiken: vacatures "
        "binnen 45 minuten per werkzoekende. Werken hbo/wo'ers onder hun niveau: het aandeel "
        "onder hun niveau. Hoe zwaar is het reizen: woon-werkreizen langer dan 45 minuten. "
        "Blijven jongeren: het aandeel dat buiten Overijssel woont en het netto vertrek. De "
        "ruimtelijke mismatch-index meet alleen of werkzoekenden en banen over dezelfde "
        "gemeenten verdeeld zijn: hij stijgt ook als 'wonen in de stad, werken in de regio' "
        "werkt zoals bedoeld, en zegt daarom alleen iets naast de andere indicatoren. De "
        "welvaart van jongeren heeft geen betekenisvol nulpunt (ook een negatief niveau is "
        "gewoon): alleen het verschil tussen scenario's telt, als euro's per maand die een "
        "jongere erop vooruit- of achteruitgaat.",
        "en": "Which indicator answers which question? Do vacancies stay open where the work "
        "is: unfilled vacancies in and outside the cities. Do young people find work: "
        "unemployment, for mbo and hbo/wo apart. Can job seekers reach the work: vacancies "
        "within 45 minutes per job seeker. Do knowledge workers work below their level: the "
        "share below their level. How heavy is commuting: commutes over 45 minutes. Do young "
        "people stay: the share living outside Overijssel and the net outflow. The spatial "
        "mismatch index only measures whether job seekers and jobs are spread over the same "
        "municipalities: it also rises when 'live in the city, work in the region' works as "
        "intended, so it says something only beside the other indicators. Young people's "
        "welfare has no meaningful zero (a negative level is normal): only the difference "
        "between scenarios counts, as euros a month a young person gains or loses.",
    },
    "charts_head": {"nl": "Figuren", "en": "Charts"},
    "method_head": {"nl": "Methode en kanttekeningen", "en": "Method and caveats"},
    "method": {
        "nl": "youth_sim is een agentgebaseerd model: elke jongere van 18 tot 34 jaar in "
        "Overijssel is een modeljongere die kiest waar zij woont en waar zij werkt, maand na "
        "maand, met een eindige voorraad banen en woningen. Elk scenario is {replications} keer "
        "doorgerekend met verschillende toevalsreeksen, steeds dezelfde reeksen voor elk "
        "scenario, zodat verschillen tussen scenario's niet op toeval berusten. Elke "
        "modeljongere staat voor {per_agent} jongeren; alle aantallen zijn in personen. De "
        "intervallen geven de onzekerheid door toeval weer. De arbeidsmarktparameters zijn "
        "gekalibreerd op de jeugdwerkloosheid en het aandeel hbo/wo'ers onder hun niveau; hoe "
        "stevig de uitkomst is over alle gedrag dat de waarnemingen toelaten, laat een "
        "vergelijking over plausibele parametersets zien (docs/calibration.md).",
        "en": "youth_sim is an agent-based model: every young person aged 18 to 34 in "
        "Overijssel is a model agent who chooses where to live and where to work, month by "
        "month, with a finite stock of jobs and homes. Each scenario ran {replications} times "
        "with different random streams, the same streams for every scenario, so that "
        "differences between scenarios are not down to chance. Each model agent stands for "
        "{per_agent} young people; all counts are in persons. The intervals show uncertainty "
        "from chance. The labour-market parameters are calibrated on youth unemployment and "
        "the share of knowledge workers below their level; how robust the result is over all "
        "the behaviour the observations allow is shown by a comparison over plausible "
        "parameter sets (docs/calibration.md).",
    },
    "leaves_out": {
        "nl": "Wat het model weglaat: huishoudens en gezinnen; loononderhandeling (het loon hangt "
        "af van plaats en niveau, niet van krapte); congestie op de weg; het zoeken van "
        "werkgevers (een vacature voor jongeren staat ongeveer een maand open, waardoor het "
        "aandeel open vacatures lager is dan UWV meet: lees het als verschil tussen scenario's); "
        "en gemeentelijke cijfers over opleiding en banen naar niveau (nu aannames per soort "
        "gemeente). Veel OV-reistijden zijn geschat.",
        "en": "What the model leaves out: households and families; wage bargaining (pay depends "
        "on place and level, not on tightness); road congestion; employers' search (a vacancy "
        "for young people stays open about a month, so the share of open vacancies is lower "
        "than UWV measures: read it as a difference between scenarios); and municipal figures "
        "on education and jobs by level (now assumptions per kind of municipality). Many "
        "public-transport times are estimates.",
    },
    "skipped_head": {"nl": "Niet getekend", "en": "Not drawn"},
    "glossary_head": {"nl": "Begrippen", "en": "Terms"},
    "robust_head": {"nl": "Hoe stevig is de uitkomst?", "en": "How robust is the result?"},
    "robust_intro": {
        "nl": "Hoe jongeren zich gedragen weten we maar ten dele. Daarom is elk scenario "
        "doorgerekend op dezelfde {sets} parametersets die de kalibratie '{calibration}' niet "
        "heeft uitgesloten, elk met {replications} herhalingen. Het interval hieronder omvat "
        "dus zowel wat we niet weten over gedrag als toeval. Onder elk effect staat in hoeveel "
        "procent van de sets het beleid beter uitpakt dan {reference}.",
        "en": "How young people behave is known only in part. Every scenario was therefore run "
        "on the same {sets} parameter sets that the calibration '{calibration}' did not rule "
        "out, each with {replications} replications. The interval below thus holds what we do "
        "not know about behaviour as well as chance. Under each effect: the share of the sets "
        "in which the policy does better than {reference}.",
    },
    "chance_share": {
        "nl": "Over de kernindicatoren komt gemiddeld {pct}% van de spreiding van de effecten "
        "tussen de sets door verschillen in gedrag; de rest is toeval tussen herhalingen. Een "
        "percentage rond de 50 betekent dus vooral: te dicht bij elkaar om te zeggen welk "
        "beleid beter is, niet: het hangt af van hoe jongeren zich gedragen.",
        "en": "Over the key indicators, on average {pct}% of the spread of the effects between "
        "the sets comes from differences in behaviour; the rest is chance between "
        "replications. A share near 50% thus mostly means: too close to tell which policy is "
        "better, not: it depends on how young people behave.",
    },
    "better_in": {"nl": "beter in {pct}%", "en": "better in {pct}%"},
    "pairs_head": {"nl": "Wie wint van wie?", "en": "Who beats whom?"},
    "pairs_intro": {
        "nl": "Deel van de plausibele parametersets waarin het eerste beleid beter uitpakt dan "
        "het tweede. Bij 50% beslist de onzekerheid; bij 90% of meer houdt de rangorde stand "
        "over vrijwel alles wat de waarnemingen toelaten.",
        "en": "Share of the plausible parameter sets in which the first policy does better than "
        "the second. At 50% the uncertainty decides; at 90% or more the ranking holds over "
        "nearly everything the observations allow.",
    },
    "pair": {"nl": "{a} tegenover {b}", "en": "{a} against {b}"},
    "decides_head": {
        "nl": "Wat zou de uitkomst omdraaien?",
        "en": "What would change the verdict?",
    },
    "decides_intro": {
        "nl": "Voor elk paar en elke kernindicator is gezocht naar de parameterwaarden waarbij "
        "het ene beleid veel vaker wint (scenarioverkenning met de methode PRIM, op hoogstens "
        "twee parameters). Alleen gebieden die de kans op winst met minstens 20 procentpunt "
        "verhogen staan hier. Met weinig sets zijn ze een aanwijzing, geen bewijs.",
        "en": "For each pair and each key indicator we searched for the parameter values at "
        "which one policy wins much more often (scenario discovery with PRIM, on at most two "
        "parameters). Only regions that raise the chance of winning by at least 20 percentage "
        "points are listed. With few sets they are a pointer, not proof.",
    },
    "decides_none": {
        "nl": "Geen enkele onzekere parameter verandert hier duidelijk wie wint: waar een "
        "rangorde onzeker is, komt dat door toeval of door veel parameters samen.",
        "en": "No single uncertain parameter clearly changes who wins here: where a ranking is "
        "uncertain, chance or many parameters together decide it.",
    },
    "decides_sentence": {
        "nl": "{scenario} doet het beter dan {rival} op {indicator} in {share}% van de sets, "
        "maar in {density}% van de sets waarin {conditions} ({support} sets, met {coverage}% "
        "van alle keren dat het beter uitpakt).",
        "en": "{scenario} does better than {rival} on {indicator} in {share}% of the sets, but "
        "in {density}% of the sets where {conditions} ({support} sets, holding {coverage}% of "
        "all the times it does better).",
    },
    "at_least": {"nl": "{name} minstens {low} is", "en": "{name} is at least {low}"},
    "at_most": {"nl": "{name} hoogstens {high} is", "en": "{name} is at most {high}"},
    "between": {
        "nl": "{name} tussen {low} en {high} ligt",
        "en": "{name} lies between {low} and {high}",
    },
    "and": {"nl": "en", "en": "and"},
    "guide_robustness": {
        "nl": "Hoe te lezen: ligt de dikke lijn helemaal aan een kant van nul, dan is de "
        "richting van het effect zeker, ook met wat we niet weten over gedrag. Het percentage "
        "rechts zegt in hoeveel plausibele werelden het beleid beter uitpakt.",
        "en": "How to read: where the thick line lies wholly on one side of zero, the direction "
        "of the effect is certain, also given what we do not know about behaviour. The share "
        "at the right says in how many plausible worlds the policy does better.",
    },
    "guide_discovery": {
        "nl": "Hoe te lezen: elk paneel is een vergelijking waarbij een onzekere parameter "
        "bepaalt wie wint. Binnen het vlak wint het eerste beleid veel vaker dan erbuiten; "
        "beter onderzoek naar die parameter maakt het advies zekerder.",
        "en": "How to read: each panel is a comparison in which an uncertain parameter decides "
        "who wins. Inside the shaded area the first policy wins much more often than outside; "
        "better evidence on that parameter makes the advice surer.",
    },
    "guide_policy_comparison": {
        "nl": "Hoe te lezen: elk punt is het gemiddelde verschil met het basispad na de looptijd, "
        "de lijn het 95%-interval. Ligt het interval helemaal links of rechts van de nullijn, "
        "dan is de richting van het effect duidelijk; een open punt betekent dat de richting "
        "onzeker is.",
        "en": "How to read: each point is the mean difference from the baseline at the end of "
        "the horizon, the line its 95% interval. When the interval lies wholly left or right of "
        "zero, the direction is clear; an open point means the sign is uncertain.",
    },
    "guide_time_paths": {
        "nl": "Hoe te lezen: de lijn is de mediaan over de herhalingen, de band loopt van het "
        "10e tot het 90e percentiel. Beleid begint pas op het startjaar dat in het scenario "
        "staat; daarvoor vallen de lijnen samen.",
        "en": "How to read: the line is the median over replications, the band runs from the "
        "10th to the 90th percentile. Policy starts only in the start year of its scenario; "
        "before it the lines coincide.",
    },
    "guide_map": {
        "nl": "Hoe te lezen: elke gemeente is gekleurd naar de verandering in het aantal jonge "
        "inwoners door het beleid (oranje: meer jongeren, paars: minder), met naam en getal. "
        "Blauwe lijnen zijn OV-verbindingen die het beleid sneller maakt. De pijlen wijzen naar "
        "bestemmingen buiten Overijssel; hun getal is de verandering van het aantal jongeren "
        "uit Overijssel dat daar woont (een min betekent: minder vertrek).",
        "en": "How to read: each municipality is coloured by the change in young residents the "
        "policy makes (orange: more young people, purple: fewer), with its name and number. "
        "Blue lines are public-transport links the policy makes faster. Arrows point to "
        "destinations outside Overijssel; their number is the change in young people from "
        "Overijssel living there (a minus means fewer leave).",
    },
    "guide_travel_vs_amenity": {
        "nl": "Hoe te lezen: elk vak is een combinatie van meer of minder inzet op reistijd "
        "(horizontaal) en aantrekkelijkheid (verticaal); het getal is het verschil met het vak "
        "linksonder, waar geen beleid is. Een punt achter het getal: het verschil is met deze "
        "herhalingen van nul te onderscheiden. Het omkaderde vak zet beide knoppen op volle "
        "inzet; die omvang is een aanname, de brief noemt de combinatie maar geen omvang.",
        "en": "How to read: each cell combines more or less effort on travel time (across) and "
        "attractiveness (up); the number is the difference from the bottom-left cell, which "
        "has no policy. A dot after the number: with these replications the difference can be "
        "told from zero. The framed cell sets both levers at full strength; that size is an "
        "assumption, the letter names the combination but no size.",
    },
    "guide_home_and_work": {
        "nl": "Hoe te lezen: per beleid hoeveel werkende jongeren meer (boven nul) of minder "
        "(onder nul) in elk soort gebied wonen (links) en werken (rechts) dan in het basispad. "
        "Een verschil tussen links en rechts is pendel.",
        "en": "How to read: for each policy, how many more (above zero) or fewer (below zero) "
        "employed young people live (left) and work (right) in each kind of area than in the "
        "baseline. A difference between left and right is commuting.",
    },
    "guide_morris": {
        "nl": "Hoe te lezen: elk punt is een onzekere parameter. Verder naar rechts: meer invloed "
        "op het verschil tussen de scenario's; hoger: de invloed hangt meer af van andere "
        "parameters. Parameters rechtsboven verdienen eerst beter onderzoek.",
        "en": "How to read: each point is an uncertain parameter. Further right: more influence "
        "on the difference between scenarios; higher: the influence depends more on other "
        "parameters. Parameters at the top right deserve better evidence first.",
    },
}

GLOSSARY: dict[Lang, list[tuple[str, str]]] = {
    "nl": [
        ("Basispad", "De ontwikkeling zonder nieuw beleid, waarmee elk beleid wordt vergeleken."),
        (
            "Mensgericht beleid",
            "Beleid dat mensen sneller bij het werk brengt: kortere "
            "reistijden, vaker of fijnmaziger openbaar vervoer.",
        ),
        (
            "Plaatsgericht beleid",
            "Beleid dat plaatsen met werk aantrekkelijker maakt om te "
            "wonen: woningen voor jongeren, voorzieningen, huurtegemoetkoming.",
        ),
        (
            "Modeljongere",
            "Eén gesimuleerde jongere die voor een vast aantal echte jongeren "
            "staat; alle aantallen in deze bijlage zijn omgerekend naar personen.",
        ),
        (
            "Herhaling en toevalsreeks",
            "Het model bevat toeval (wie verhuist, wie een baan "
            "vindt). Elk scenario wordt meermaals doorgerekend met verschillende toevalsreeksen; "
            "elk scenario krijgt dezelfde reeksen, zodat verschillen aan het beleid liggen.",
        ),
        (
            "95%-interval",
            "Het gebied waarin het werkelijke gemiddelde effect met 95% zekerheid "
            "ligt, gegeven het toeval in het model. Bevat het nul, dan is de richting onzeker.",
        ),
        (
            "Procentpunt",
            "Het verschil tussen twee percentages: van 8% naar 7,5% is -0,5 procentpunt.",
        ),
        (
            "Ruimtelijke mismatch (index 0-1)",
            "Hoe ongelijk de werkzoekenden en de banen van "
            "een opleidingsniveau over de gemeenten verdeeld zijn: 0 is gelijk verdeeld; het "
            "aandeel dat zou moeten verhuizen om dat te bereiken.",
        ),
        (
            "Welvaart van jongeren",
            "Wat de keuzemogelijkheden waar jongeren kunnen wonen hun "
            "gemiddeld waard zijn, in euro per maand (uit het keuzemodel); een verschil tussen "
            "scenario's is te lezen als wat jongeren per maand erop vooruit- of achteruitgaan.",
        ),
        (
            "Kalibratie",
            "Het kiezen van gedragsparameters zodat het model waargenomen cijfers "
            "nadoet (jeugdwerkloosheid, werken onder het eigen niveau).",
        ),
        (
            "Plausibele parameterset",
            "Een combinatie van gedragsparameters die de kalibratie "
            "niet heeft uitgesloten: het model doet daarmee de waarnemingen binnen hun "
            "onzekerheid na.",
        ),
        (
            "Standaarddeviatie",
            "Maat voor de spreiding tussen gemeenten. De voorzieningenindex (gebaseerd op de "
            "grootte van een gemeente en een hogeschool of universiteit) is zo geschaald dat "
            "ongeveer twee derde van de gemeenten binnen 1 standaarddeviatie van het gemiddelde "
            "ligt; +1 is dus een grote stap.",
        ),
    ],
    "en": [
        ("Baseline", "What happens without new policy; every policy is compared with it."),
        (
            "People-based policy",
            "Policy that brings people to work faster: shorter travel "
            "times, more frequent or fine-meshed public transport.",
        ),
        (
            "Place-based policy",
            "Policy that makes places with work more attractive to live: "
            "homes for young people, amenities, rent support.",
        ),
        (
            "Model agent",
            "One simulated young person standing for a fixed number of real ones; "
            "all counts in this annex are in persons.",
        ),
        (
            "Replication and random stream",
            "The model holds chance (who moves, who finds a "
            "job). Each scenario is run several times with different random streams; every "
            "scenario gets the same streams, so differences are down to the policy.",
        ),
        (
            "95% interval",
            "The range in which the true mean effect lies with 95% certainty, "
            "given the model's chance. If it contains zero, the direction is uncertain.",
        ),
        (
            "Percentage point",
            "The difference between two percentages: from 8% to 7.5% is -0.5 percentage points.",
        ),
        (
            "Spatial mismatch (index 0-1)",
            "How unevenly the job seekers and the jobs of one "
            "education level are spread over the municipalities: 0 is even; the share that would "
            "have to move to make it so.",
        ),
        (
            "Welfare of young people",
            "What the options of where to live are worth to young "
            "people on average, in euro per month (from the choice model); a difference between "
            "scenarios reads as what young people gain or lose a month.",
        ),
        (
            "Calibration",
            "Choosing behavioural parameters so that the model reproduces observed "
            "figures (youth unemployment, working below one's level).",
        ),
        (
            "Plausible parameter set",
            "A combination of behavioural parameters the calibration "
            "did not rule out: with it the model reproduces the observations within their "
            "uncertainty.",
        ),
        (
            "Standard deviation",
            "A measure of the spread between municipalities. The amenity index (based on a "
            "municipality's size and a university campus) is scaled so that about two thirds of "
            "the municipalities lie within 1 standard deviation of the mean; +1 is a large step.",
        ),
    ],
}
"""Terms of the annex, explained once at its end."""

POLICY_WORDS: dict[str, dict[Lang, str]] = {
    "travel_time_factor": {
        "nl": "{mode}: ritten {pct}% sneller {where}",
        "en": "{mode}: trips {pct}% faster {where}",
    },
    "travel_time_minutes": {
        "nl": "{mode}: {minutes} minuten sneller {where}",
        "en": "{mode}: {minutes} minutes faster {where}",
    },
    "frequency": {
        "nl": "openbaar vervoer frequenter: {pct}% minder wachttijd {where}",
        "en": "more frequent public transport: {pct}% less waiting {where}",
    },
    "feeder": {
        "nl": "fijnmazig OV tussen {cities} en de plaatsen binnen {km} km: deur tot deur {pct}% "
        "sneller",
        "en": "fine-meshed public transport between {cities} and places within {km} km: door to "
        "door {pct}% faster",
    },
    "commute_subsidy": {
        "nl": "reiskostenvergoeding: kosten per km {km_pct}% lager, reistijd weegt {time_pct}% "
        "minder",
        "en": "commuting allowance: cost per km {km_pct}% lower, travel time weighs {time_pct}% "
        "less",
    },
    "amenity": {
        "nl": "voorzieningen {where}: +{sd} standaarddeviatie op de voorzieningenindex",
        "en": "amenities {where}: +{sd} standard deviation on the amenity index",
    },
    "housing": {
        "nl": "{homes} woningen gebouwd ({zones}), waarvan {share}% voor jongeren",
        "en": "{homes} homes built ({zones}), {share}% of them for young people",
    },
    "rent_support": {
        "nl": "tegemoetkoming woonlasten voor jongeren {where}: € {eur} per maand",
        "en": "housing-cost support for young people {where}: EUR {eur} a month",
    },
    "jobs": {
        "nl": "extra banengroei {where}: +{pct} procentpunt per jaar ({level})",
        "en": "extra job growth {where}: +{pct} percentage points a year ({level})",
    },
    "timing": {
        "nl": "vanaf {start}{ramp}{intensity}{cost}",
        "en": "from {start}{ramp}{intensity}{cost}",
    },
    "ramp": {"nl": ", ingroeiend over {years} jaar", "en": ", phased in over {years} years"},
    "intensity": {"nl": ", op {pct}% van de volle inzet", "en": ", at {pct}% of full strength"},
    "cost": {"nl": ", kosten € {eur}", "en": ", cost EUR {eur}"},
    "cost_per_year": {"nl": ", kosten € {eur} per jaar", "en": ", cost EUR {eur} a year"},
    "car": {"nl": "auto", "en": "car"},
    "pt": {"nl": "openbaar vervoer", "en": "public transport"},
    "bike": {"nl": "fiets", "en": "bike"},
    "everywhere": {"nl": "overal", "en": "everywhere"},
    "within": {"nl": "binnen {zones}", "en": "within {zones}"},
    "between": {"nl": "tussen {a} en {b}", "en": "between {a} and {b}"},
    "line": {"nl": "op de lijn {stops}", "en": "on the line {stops}"},
    "pairs": {"nl": "op {pairs}", "en": "on {pairs}"},
    "in": {"nl": "in {zones}", "en": "in {zones}"},
    "kind:city": {"nl": "de steden", "en": "the cities"},
    "kind:town": {"nl": "de kleinere plaatsen", "en": "the towns"},
    "kind:rural": {"nl": "het platteland", "en": "the rural municipalities"},
    "kind:outside": {"nl": "de bestemmingen buiten Overijssel", "en": "the outside destinations"},
    "inside": {"nl": "Overijssel", "en": "Overijssel"},
    "outside": {"nl": "buiten Overijssel", "en": "outside Overijssel"},
    "all": {"nl": "alle gebieden", "en": "all areas"},
    "and": {"nl": "en", "en": "and"},
    "both": {"nl": "mbo en hbo/wo", "en": "vocational and knowledge"},
    "billion": {"nl": "{value} miljard", "en": "{value} billion"},
    "million": {"nl": "{value} miljoen", "en": "{value} million"},
}


def report_text(key: str, lang: Lang, **values: object) -> str:
    """A phrase of the annex in ``lang``."""
    return REPORT[key][lang].format(**values)


def policy_words(key: str, lang: Lang, **values: object) -> str:
    """A phrase describing a policy in ``lang``."""
    return POLICY_WORDS[key][lang].format(**values)
