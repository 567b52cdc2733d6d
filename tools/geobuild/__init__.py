"""Build the default geography of youth_sim: ``zones.csv`` and ``travel_times.csv``.

Reads the hand-entered inputs in ``youth_sim/data/raw/`` (every figure there carries a source key),
the source registry ``youth_sim/data/sources.csv`` and the estimation assumptions in
``tools/geobuild/assumptions.yaml`` (every value with its unit and source, or flagged as an
assumption), and writes ``youth_sim/data/zones.csv`` and ``youth_sim/data/travel_times.csv``.
numpy, pandas and PyYAML only, no network, deterministic: running it twice gives byte-identical
files.

Usage::

    python scripts/build_geography.py            # write the two CSV files
    python scripts/build_geography.py --check    # exit 1 if the shipped CSVs are stale
    python scripts/build_geography.py --report   # print fits, hold-out checks, sanity table

Modules, in the order of the build:

* ``assumptions``: the typed, checked contents of ``assumptions.yaml``.
* ``sources``: source keys (joining them into one cell).
* ``raw``: the raw input tables and the source registry.
* ``zones``: the zone table (kinds, campus intake, housing costs, amenity).
* ``fits``: crow-fly km, the car and rail lines, the road detour, pair means.
* ``lines``: PT lines and their segment minutes (the rail-line least-squares solve).
* ``network``: shortest PT paths over (zone, line) states, PT service classes.
* ``travel``: the travel-time matrices and the long travel-time table.
* ``outputs``: CSV text of the generated files, stale check, writing.
* ``report``: fits, hold-out tables and the sanity table (``--report``).
* ``cli``: the command line of ``scripts/build_geography.py``.

Estimation rules
----------------
Zones (one row per zone: the 25 Overijssel municipalities alphabetically, then 7 outside zones)

* ``kind`` (``kind_rule``): ``city`` for Zwolle, Enschede, Deventer, Hengelo, Almelo; ``town``
  for the other municipalities with ``pop_total >= 30,000``; ``rural`` otherwise; ``outside``
  for the outside zones.
* ``lat``/``lon``/``area_km2``: main-town point and municipal area from the reference (CBS PC4
  polygons via certegis); outside zones: recalled city-centre point and recalled area of the
  representative municipality (used only for intrazonal trips).
* ``pop_*``: CBS PC4 counts of 1-1-2021 summed to municipalities; outside zones 0 (the model
  does not synthesise residents there).
* ``jobs``: copied per municipality (verified values for Deventer, Enschede, Kampen, Zwolle,
  recalled +-20% magnitudes elsewhere; definitions differ, see sources.csv); outside zones:
  recalled regional totals (a relative size only).
* ``housing_cost_eur_month`` (first rule that applies): (1) a sourced anchor (Enschede 400,
  Zwolle 578, Kamernet) or a fixed assumption (Deventer 550, outside zones) from
  ``housing_costs.csv``; (2) if the municipality has a 2020 mean sale price:
  ``400 * (price / price_Enschede) ** 0.5``; (3) the default of its COROP region
  (Twente 440, Noord- and Zuidwest-Overijssel 480; assumptions). Rounded to whole euros.
* ``campus_intake_per_year``: sum over ``institutions.csv`` rows of
  ``value * location_share / students_per_intake`` (``students_per_intake`` is 1 for intake
  figures and 3.09 = 27,500 / 8,900, Windesheim's students per new student, for student
  stocks). Rounded to whole persons.
* ``young_knowledge_share`` (``young_knowledge_share_rule``), ``jobs_knowledge_share``
  (``jobs_level_rule``), ``jobs_growth_per_year`` (``jobs_growth_rule``): by zone kind, from
  ``assumptions.yaml`` (no municipal figures yet: CBS 85525NED for education, ROA / LISA for
  jobs by level).
* ``amenity``: ``raw = ln(pop) + 1.0 * [campus_intake > 0]`` with ``pop = pop_total`` for
  municipalities and the recalled population of the zone's largest city for outside zones;
  standardised with the mean and population sd (ddof=0) of the 25 municipalities' raw values
  (outside zones use the same mean and sd, so they can exceed 2). Rounded to 4 decimals.

Travel times (every ordered zone pair incl. intrazonal, modes car, pt, bike; symmetric)

* Crow-fly km: haversine between zone points (`youth_sim.spatial.crow_km`, mean Earth radius
  6,371.0088 km).
* Road km: the reference road km where known (mean when several reference places fall in one
  zone, e.g. Zwolle-Amsterdam and Zwolle-Utrecht for Zwolle-Randstad), else
  ``crow * d`` with the road detour ``d`` fitted through the origin to the 20 reference car
  pairs: **d = 1.212** (``tt_estimate_road_detour``).
* Car in-vehicle minutes: the reference off-peak minutes where known (same mean rule), else the
  least-squares line fitted to the 20 reference car pairs (reference crow-fly km):
  **t = 9.46 + 0.7035 * crow_km, RMSE 3.74 min** (leave-one-out RMSE 4.21 min;
  ``tt_estimate_car_fit``). Access/egress 3.0 min (parking and walking), wait 0.
* Intrazonal trips: length ``0.25 * sqrt(area_km2) * 1.3`` km (two points spread evenly over a
  disc are 0.51 * sqrt(area) apart on average; people and jobs cluster in the main town, so we
  take about half of that); car at 30 km/h (city), 35 km/h
  (outside: large municipalities with ring roads) or 40 km/h (town, rural) plus 3.0 min
  access; local bus at 20 km/h (city, outside) or 25 km/h (town, rural).
* Bike: road km at 15 km/h, plus 2.0 min access; no cap (the model caps bike use by distance).
* PT: shortest paths on a network whose nodes are zones.

  - Rail lines (``rail_lines.csv``) are stop sequences of zones. Timetable figures
    (``rail_links.csv``, ``use == model``) between two stops of a line fix the cumulative
    minutes at those stops ("timing points"), solved by weighted least squares (weight 10 for
    sourced/derived figures, 1 for recalled) with the first timing point at 0; several figures
    for one pair are averaged (``tt_rail_line_solve``). Segment weights: the reference figure
    for that pair of consecutive stops if there is one (on any line), else the rail estimate
    below. Between two timing points, segments with a figure keep it and the estimated
    segments share the rest of the solved span in proportion to their weights (if nothing or
    less than nothing is left, all segments are scaled in proportion). Segments before the
    first or after the last timing point, and lines without figures, take their weights.
    (When held-out figures leave timing points unconnected, consecutive timing points are
    bridged by their summed weights at a negligible least-squares weight, 1e-6.)
  - Outside zones on the network: Zwolle-Randstad is the mean of Zwolle-Amsterdam 65 and
    Zwolle-Utrecht 60 (``tt_zone_pair_mean_rule``); Deventer-Randstad uses Deventer-Utrecht
    57 (Utrecht is the zone point). Enschede-Münster-Osnabrück is the RB64 via Gronau
    (75, verified); the recalled Enschede-Osnabrück 75 (via Hengelo) is only a check. Bad
    Bentheim (Gronau-Bentheim zone) is reached via Hengelo-Oldenzaal, Zutphen (Apeldoorn zone)
    via Hengelo-Hof van Twente, both estimated. Checks, not inputs: Enschede-Schiphol 126,
    Enschede-Groningen 111, Zwolle-Nijmegen 90.
  - Rail estimate, fitted to the 25 reference rail pairs without a transfer (``fit == yes``):
    **t = 3.43 + 0.7761 * crow_km, RMSE 8.52 min** (leave-one-out RMSE 9.17 min;
    ``tt_estimate_rail_fit``). Hold-out check (``--report``): each figure left out in turn,
    the rules give the line's time within -23..+12 min of it (most within 4 min).
  - Bus links (``bus_links.csv``: bus-only zones to their hubs, some neighbouring zones):
    ``crow * 1.3 / 35 km/h`` (``tt_estimate_bus``). Each bus link is its own line.
  - Dijkstra over (zone, line) states; boarding a different line than the one arrived on adds
    a 5.0 min transfer penalty. ``in_vehicle_min`` is the network time: the in-vehicle minutes
    of the best path plus its transfer penalties.
  - Door to door: ``access_egress_min`` = per-end minutes of origin + destination by PT class
    (city 6, town 8, rural with rail 10, bus-only 12, outside 6); ``wait_min = min(h / 2, 15)``
    with ``h`` the larger of the two ends' headways (city 15, town 20, rural 30, bus-only 60,
    outside 15). Intrazonal PT: local bus in-vehicle as above, 4.0 min access per end, local
    headway (city 10, town 30, rural and bus-only 60, outside 10).
  - PT ``distance_km`` is the road km (used for money cost).

* Rounding: every component to 0.1 min; ``minutes`` is the sum of the rounded components.
* ``source``: the keys behind every number in the row (times, access/wait, distance), sorted.
  For a PT ride on a rail line: the keys of the figure for exactly that pair on that line if
  there is one (plus ``tt_rail_line_solve`` if the solved time differs from it), else the keys
  of all figures on the line, ``tt_rail_line_solve`` and, unless both ends are timing points,
  ``tt_estimate_rail_fit``; bus rides add ``tt_estimate_bus``; transfers add
  ``tt_pt_transfer_assumption``.

The numbers in bold above are printed by ``--report`` and checked by the tests.
"""
