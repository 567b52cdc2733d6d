"""Distances between points on the earth (a bottom module: imports nothing from youth_sim)."""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0088
"""Mean earth radius (IUGG), km."""


def crow_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """(N, N) great-circle ("as the crow flies") km between points given in degrees."""
    phi, lam = np.radians(lat), np.radians(lon)
    a = (
        np.sin((phi[:, None] - phi[None, :]) / 2) ** 2
        + np.cos(phi[:, None])
        * np.cos(phi[None, :])
        * np.sin((lam[:, None] - lam[None, :]) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
