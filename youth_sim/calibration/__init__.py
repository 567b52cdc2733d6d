"""Calibration: history matching of the uncertain parameters against observed patterns (issue 12).

:mod:`.history` holds the method (implausibility, emulators, waves) on the unit cube.
"""
