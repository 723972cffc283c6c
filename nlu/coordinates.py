"""Coordinates to a Heze county and township (issue 11): a location message, a photo's GPS
position or an Open311 ``lat``/``long`` located by the county boundaries GeoToolCN ships
and the nearest known township point of the gazetteer (:class:`nlu.address.Gazetteer`).
"""

from __future__ import annotations

import math
import threading
from functools import lru_cache
from typing import Any

from nlu.address import TOWNSHIP_RADIUS_KM, Gazetteer, default_gazetteer
from nlu.types import Territory

_geo_lock = threading.Lock()


@lru_cache(maxsize=1)
def _geotool() -> Any:
    from GeoToolCN import GeoTool

    return GeoTool()


def _to_wgs84(lat: float, lon: float, system: str) -> tuple[float, float]:
    if system == "wgs84":
        return lat, lon
    from GeoToolCN import coords

    if system == "gcj02":
        out = coords.gcj02_to_wgs84(lon, lat)  # GeoToolCN takes and gives (lng, lat)
    elif system == "bd09":
        out = coords.bd09_to_wgs84(lon, lat)
    else:
        raise ValueError(f"unknown coordinate system {system!r}")
    return float(out[1]), float(out[0])


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def locate(
    lat: float, lon: float, system: str = "wgs84", gazetteer: Gazetteer | None = None
) -> Territory | None:
    """County (from boundaries) and township (nearest known point within
    :data:`TOWNSHIP_RADIUS_KM`) of a coordinate; None outside Heze or for bad input.

    ``system``: ``"wgs84"`` (Open311, GPS), ``"gcj02"`` (WeChat, Tencent and AMap
    locations) or ``"bd09"`` (Baidu).
    """
    try:
        lat, lon = float(lat), float(lon)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat + lon):
            return None
        lat, lon = _to_wgs84(lat, lon, system)
        with _geo_lock:
            found = _geotool().reverse(lat, lon)
    except (ValueError, TypeError, OverflowError, ImportError, OSError):
        return None
    if found is None or found.city is None or found.city.name != "菏泽市" or found.district is None:
        return None
    gaz = gazetteer or default_gazetteer()
    county = gaz.counties.get(found.district.name, found.district.name)
    township = None
    best = TOWNSHIP_RADIUS_KM
    for (town, town_county), at in gaz.township_at.items():
        if town_county == county and (d := _km((lat, lon), at)) <= best:
            township, best = town, d
    return Territory(county=county, township=township)
