"""The explore page's core: levers in plain words become a scenario `youth-sim run` accepts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from youth_sim.charts.labels import LANGS
from youth_sim.charts.labels import LEVERS as LEVER_WORDS
from youth_sim.explore.levers import LEVERS, TOWNS, policies, scenario, scenario_yaml

from .conftest import BASELINE


def test_every_lever_has_plain_words_in_both_languages_and_is_off_by_default() -> None:
    assert {lever.key for lever in LEVERS} == set(LEVER_WORDS)
    for words in LEVER_WORDS.values():
        assert set(words) == set(LANGS)
    assert policies({}) == []  # every lever at its default: no policy


def test_levers_make_the_policies_they_name() -> None:
    made = policies({"rail_twente_minutes": 20, "regional_pt_wait_cut": 0.5,
                     "homes_in_towns": 2000, "start_year": 2026})  # fmt: skip
    by_type = {p["type"]: p for p in made}
    assert set(by_type) == {"travel_time", "frequency", "housing"}
    assert by_type["travel_time"]["minutes_saved"] == 20
    assert by_type["frequency"]["wait_factor"] == 0.5
    assert by_type["housing"]["homes"] == dict.fromkeys(TOWNS, 400)
    assert {p["start_year"] for p in made} == {2026}


@pytest.mark.parametrize(
    ("values", "message"),
    [({"rail_twente_minutes": 90}, "lever rail_twente_minutes = 90: outside 0-40"),
     ({"teleport": 1}, "unknown lever 'teleport'")],
)  # fmt: skip
def test_a_lever_out_of_range_or_unknown_is_one_clear_error(values: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        policies(values)


def test_the_saved_scenario_file_is_one_youth_sim_run_accepts(tmp_path: Path) -> None:
    """Saved YAML -> validate -> the same policies as applying the levers directly."""
    from youth_sim.cli import main
    from youth_sim.config import load_scenario

    values = {"feeder_faster": 0.25, "amenity_towns_sd": 0.3, "rent_support_eur": 50}
    path = tmp_path / "from_the_page.yaml"
    path.write_text(scenario_yaml(values, extends=str(BASELINE)), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    saved = load_scenario(path)
    direct = scenario(load_scenario(BASELINE), values)
    assert saved.policies == direct.policies
    assert [p.name for p in saved.policies] == [
        "fine-meshed PT from the cities (lever)", "amenities in towns and villages (lever)",
        "rent support outside the cities (lever)",
    ]  # fmt: skip


def test_the_homes_lever_adds_homes_in_the_towns_it_names() -> None:
    """After the two-year ramp (from 2022), the five towns hold more places than without it."""
    from youth_sim.config import load_scenario
    from youth_sim.config.load import with_overrides
    from youth_sim.model import YouthModel

    base = with_overrides(load_scenario(BASELINE), {"run.scale": 0.02})
    built = scenario(base, {"homes_in_towns": 5000, "start_year": 2022})
    capacity = []
    for config in (base, built):
        model = YouthModel(config, rng=4)
        model.run_months(40)
        capacity.append(model.homes.capacity.copy())
    towns = [model.geo.index(name) for name in TOWNS]  # outside zones are unlimited (inf)
    added = (capacity[1][towns] - capacity[0][towns]) / 0.02
    assert np.all(added >= 1000)  # 1,000 homes each, all let to the young


# --- the page (needs the explore extra, which the dev and test extras include) ----------------


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def page_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import ROOT

    monkeypatch.setenv("YOUTH_SIM_CONFIG", str(ROOT / "configs" / "baseline.yaml"))
    monkeypatch.setenv("YOUTH_SIM_SCALE", "0.02")


def test_one_lever_and_steps_through_the_page_api_change_the_model(
    page_settings: None, tmp_path: Path
) -> None:
    """The page's model with the homes lever builds homes its reference run does not."""
    from youth_sim.config import load_scenario
    from youth_sim.explore.app import ExploreModel, lines_figure, map_figure, save_scenario

    assert ExploreModel().reference is None  # no lever, no preset: nothing to compare with
    model = ExploreModel(homes_in_towns=5000, start_year=2022)
    assert model.reference is not None
    for _ in range(18):  # into the ramp, which starts in 2022 (the model starts in 2021)
        model.step()
    assert model.steps == model.reference.steps == 18
    town = model.geo.index(TOWNS[0])
    assert model.homes.capacity[town] > model.reference.homes.capacity[town]
    assert map_figure(model, "nl").axes
    assert len(lines_figure(model, "en").axes) == 4
    # The map shows a chosen indicator: youth unemployment's change against the reference.
    model.map_shows = "jeugdwerkloosheid (%)"  # as the Dutch control sets it
    labels = [ax.get_ylabel() for ax in map_figure(model, "nl").axes]
    assert "verandering jeugdwerkloosheid (procentpunt)" in labels
    saved = load_scenario(save_scenario(model, tmp_path))
    assert [p.name for p in saved.policies] == ["homes for young people in towns (lever)"]
    # From a preset, the saved file holds what is on screen: the preset's policies and the
    # levers' (a file's policies list replaces the one it extends).
    preset = ExploreModel(preset="place_based", rent_support_eur=80)  # place_based has one too
    again = load_scenario(save_scenario(preset, tmp_path / "preset"))
    assert again.policies == preset.config.policies
    assert len(again.policies) == 4


def test_the_page_server_starts_serves_the_page_and_stops() -> None:
    """`youth-sim explore` on a free port answers over HTTP; the test stops it."""
    import os
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    from .conftest import ROOT

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "youth_sim", "explore", "--port", str(port), "--scale", "0.02",
         "--config", str(ROOT / "configs" / "baseline.yaml")],
        cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline, body = time.monotonic() + 90, b""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    assert answer.status == 200
                    body = answer.read()
                    break
            except OSError:
                time.sleep(0.5)
        assert b"solara" in body.lower(), "the page did not answer within 90 s"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_without_the_extra_explore_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    from youth_sim.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "solara" else real(name, *a))  # fmt: skip
    assert main(["explore"]) == 2
    assert "pip install -e '.[explore]'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--scale", "-1"], "--scale: run.scale = -1.0: input should be greater than 0"),
     (["--port", "70000"], "--port = 70000: must be 1-65535"),
     (["--config", "nope.yaml"], "nope.yaml: file not found")],
)  # fmt: skip
def test_bad_explore_input_is_one_line_and_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Checked before the server starts, so the page never meets them."""
    from youth_sim.cli import main

    from .conftest import ROOT

    config = [] if "--config" in args else ["--config", str(ROOT / "configs" / "baseline.yaml")]
    assert main(["explore", *config, *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(message)
