"""A shared location as the appeal's place: the label read as an address, the point located.

A WeChat (or Telegram, web) location message carries a point and, usually, a label such
as ``山东省菏泽市牡丹区中华路与人民路交叉口``. The label goes through
:func:`nlu.address.parse_address` (county 牡丹区, detail 中华路与人民路交叉口: no level
repeated, province and city dropped); the point through :func:`nlu.coordinates.locate` in
the channel's coordinate system, to give the county and township the label lacks. The
dialogue receives the result as ``UserMessage.shared_place`` and stays pure.
"""

from __future__ import annotations

from channels.messages import Location
from dialogs.state import Place
from nlu.address import parse_address
from nlu.coordinates import locate

#: Coordinate systems of the channels' location messages (others: WGS-84, as GPS gives).
DATUM: dict[str, str] = {"wechat": "gcj02", "weibo": "gcj02"}


OUTSIDE_ZH = "抱歉，您发送的位置不在菏泽市范围内，或无法确定所在的县区。"
"""Said when a location message names no place in Heze: the place stays to be asked (the
dialogue asks where again right after)."""


def shared_place(location: Location, channel: str, *, from_photo: bool = False) -> Place | None:
    """The place a location message (or a photo's GPS position) names, or None when it
    names no place in Heze: neither its label nor its point gives a county (a point
    outside the city, ``(0, 0)``). Reads a gazetteer and county boundaries: call it off
    the event loop.

    ``from_photo``: the point came from a picture's EXIF (WGS-84, as GPS gives, whatever
    the channel); its label is ours, not an address, and is not read. The one locating
    step for both (docs/channels.md "Locations").
    """
    label = None if from_photo else ((location.label or "").strip() or None)
    addr = parse_address(label) if label else None
    county = addr.county if addr else None
    township = addr.township if addr else None
    if county is None or township is None:
        datum = "wgs84" if from_photo else DATUM.get(channel, "wgs84")
        where = locate(location.latitude, location.longitude, datum)
        if where is not None and county in (None, where.county):
            county = where.county
            township = township or where.township
    if county is None:
        return None
    return Place(
        county=county,
        township=township,
        village=addr.village if addr else None,
        detail=addr.detail if addr else None,
        label=label,
        latitude=location.latitude,
        longitude=location.longitude,
    )
