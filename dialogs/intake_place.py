"""The place during an intake: what each message adds to it or corrects in it, and
whether a unit could find it from what is known (``specific``, ``place_kind``)."""

from __future__ import annotations

import re

from dialogs.placenames import county_in, names_county
from dialogs.state import Place
from nlu.address import default_gazetteer


def shared_place(old: Place, new: Place) -> Place:
    """A shared location is the place: its label and point replace what was said, except
    a county (and township) said before when the location cannot tell them."""
    if new.county is None and old.county is not None:
        return new.model_copy(
            update={"county": old.county, "township": new.township or old.township}
        )
    return new


def _said(township: str, text: str) -> bool:
    """True when ``text`` names ``township`` (麒麟镇, or 麒麟 without its 镇/乡/街道)."""
    core = township.removesuffix("街道").removesuffix("镇").removesuffix("乡")
    return township in text or (len(core) >= 2 and core in text)


def merge_place(old: Place, new: Place, *, replace: bool, text: str = "") -> Place:
    """A new county replaces the territory; a correction replaces what it names; a bare
    detail ("阳光小区3号楼" after "牡丹区") completes what is known. A township the
    citizen said stays when the new words only name a village or spot that the NLU placed
    in another township of the same county (a namesake: 前王庄村 is in many townships).

    A shared location's point and label stay with words that complete it, and go with a
    correction of the place (「不对 地点改成…」) or a county other than the label's: the
    order, the unit's map and Open311 show where the matter is, never the old point
    (trial12 P12)."""
    merged = _merged(old, new, replace=replace, text=text)
    if old.latitude is None and old.label is None:
        return merged
    moved = merged.county is not None and county_in(old.label or "") not in (None, merged.county)
    if replace or moved:
        return merged.model_copy(update={"latitude": None, "longitude": None, "label": None})
    return merged


def _merged(old: Place, new: Place, *, replace: bool, text: str) -> Place:
    keep = {"latitude": old.latitude, "longitude": old.longitude, "label": old.label}
    if new.township is None and new.detail and _TOWN_WORD.fullmatch(new.detail):
        # "是磐石街道": a township the NLU left in the detail is the township
        new = new.model_copy(update={"township": new.detail, "detail": None})
    new = _county_kept(old, new, text)
    if (
        replace
        and new.township not in (None, old.township)
        and new.county in (None, old.county)
        and not (new.village or new.detail)
        # the township alone, or named as the wrong one ("不是青菏街道 是…"); a county and
        # township restated ("地点改成曹县普连集镇") are a whole new address
        and (county_in(text) is None or bool(old.township and _said(old.township, text)))
    ):
        # "不对 不是青菏街道 是磐石街道", "街道错了 应该是北城街道": the township replaced,
        # the village, estate and spot said before kept (trial8 F12, trial9 F12), as for a
        # county corrected alone
        wrong = old.township or ""
        return old.model_copy(
            update={
                "township": new.township,
                "village": (old.village or "").replace(wrong, "") or None,
                "detail": (old.detail or "").replace(wrong, "") or None,
            }
        )
    if (
        not replace
        and old.township
        and old.county
        and new.county in (None, old.county)
        and new.township not in (None, old.township)
        and not _said(new.township or "", text)
    ):
        return old.model_copy(
            update={
                "village": new.village or old.village,
                "detail": new.detail or old.detail,
            }
        )
    said = f"{old.township or ''}{old.village or ''}{old.detail or ''}"
    same_spot = not (new.village or new.detail) and (
        new.township is None or new.township == old.township or new.township in said
    )
    if old.known and new.county is not None and new.county != old.county and same_spot:
        # "不对，是单县浮岗镇": the county corrected, the village and the spot stay
        wrong = old.county or ""
        return old.model_copy(
            update={
                "county": new.county,
                "township": new.township or _township_in(old.township, new.county),
                "village": (old.village or "").replace(wrong, "") or None,
                "detail": (old.detail or "").replace(wrong, "") or None,
            }
        )
    if (
        not replace
        and (old.village or old.detail)
        and new.county is not None
        and old.county not in (None, new.county)
        and not (new.village or new.detail)
    ):
        # 「李新庄村口的路坏了」, then 「曹县青堌集镇」: the levels above the village told
        # now; the village and spot the citizen said stay (the county the NLU gave a
        # village's name is a guess: many villages share a name)
        return Place(
            county=new.county,
            township=new.township,
            village=old.village,
            detail=old.detail,
            **keep,
        )
    if not replace and old.known and new.county is not None and old.county in (None, new.county):
        return _restated(old, new).model_copy(update=keep)
    if not old.known or new.county is not None:
        return new.model_copy(update=keep)
    if replace:
        # "地点改成阳光小区6号楼": the spot is replaced; the township said before stays
        # unless the correction names another
        township = new.township or old.township
        # "不对 是村南头": a spot of the same village (村口, 村东头) keeps the village
        same_village = bool(new.detail and _VILLAGE_SPOT.match(new.detail))
        village = new.village or (old.village if same_village and not new.township else None)
        return Place(
            county=old.county, township=township, village=village, detail=new.detail, **keep
        )
    return old.model_copy(
        update={
            "township": new.township or old.township,
            "village": new.village or old.village,
            "detail": _joined_spot(old.detail, new.detail),  # "12号楼" adds (trial7 F02)
        }
    )


#: A spot told as a part of "the village" (村口, 村头, 村东头, 村南边, 村西首).
_VILLAGE_SPOT = re.compile(r"村(?:[东西南北]?(?:口|头|边|首|侧)|[东西南北])")


def _county_kept(old: Place, new: Place, text: str) -> Place:
    """``new`` with the county said before when the message does not name its own: the
    NLU read it from a township, village or landmark whose name the county said before
    may also have (北城街道 is 牡丹区's and 单县's; 前王庄村 is in many townships). A
    township alone never replaces a county the citizen said (trial9 N03); the township is
    named as that county names it (凤凰镇 in 鄄城县, 凤凰街道 in 巨野县)."""
    if not (text and old.county and new.county) or new.county == old.county or old.guessed:
        return new  # a county guessed from a village's name is no county said
    if names_county(new.county, text):
        return new  # "是牡丹区北城街道": the county said
    return new.model_copy(
        update={
            "county": old.county,
            "township": _township_in(new.township, old.county) or new.township,
        }
    )


def township_counties(place: Place) -> list[str]:
    """The counties that have a township of the name ``place`` gives when no county is
    known (北城街道 → 牡丹区, 单县), to ask which one; empty when one or none has it."""
    if place.county or not place.township:
        return []
    gaz = default_gazetteer()
    hit = gaz.town_at_start(place.township, None)
    if hit is None or hit[2] != len(place.township) or len(hit[1]) < 2:
        return []
    seat = [c for c in hit[1] if c == gaz.seat]
    return seat + sorted(c for c in hit[1] if c != gaz.seat)


def _township_in(township: str | None, county: str | None) -> str | None:
    """``township`` as ``county`` names it, or None when that county has none of that
    name (曹县's 青菏街道 in 单县); ``township`` itself when the county is not known or the
    name is not in the gazetteer (a township the NLU did not know)."""
    if township is None or county is None:
        return township
    gaz = default_gazetteer()
    if gaz.town_at_start(township, None) is None:
        return township  # not a name the gazetteer knows: the citizen's words stay
    hit = gaz.town_at_start(township, county)
    if hit is None or hit[2] != len(township) or county not in hit[1] | gaz.zones:
        return None
    return hit[0]


#: A part of the place said before: a building, door, floor or side (3号楼, 南门, 对面).
_SUB_PART = re.compile(
    r"^(?:[0-9一二三四五六七八九十]+(?:号楼|号院|号|单元|栋|幢|层|楼|室|排)|[东西南北]?(?:门|侧|边|头)|"
    r"门口|对面|旁边|附近|后面|前面|楼下|楼上|[东西南北]\d*米)"
)


#: A township at the start of a detail (西城街道的华英小区), not a township's building.
_TOWN_WORD = re.compile(r"[\u4e00-\u9fff]{1,5}?(?:街道|镇|乡)(?!政府|人民政府|卫生院)")


def _restated(old: Place, new: Place) -> Place:
    """``new`` names the county of ``old`` again, or the county ``old`` lacked ("牡丹区"
    after "中华路与人民路交叉口"; "牡丹区 3号楼" after "牡丹区西城街道和平小区"): what was
    said stays unless the new words replace it. Another township is another place; a spot
    that extends the old one (3号楼, 南门, 对面) is added to it, one that contains it or
    names another estate replaces it. (A correction restating the county is a whole new
    address: the caller replaces.)"""
    if old.township and (
        (new.township and new.township != old.township)
        or (new.detail and _TOWN_WORD.match(new.detail) and old.township not in new.detail)
    ):
        return new  # another township (named, or left in the detail): another place
    return Place(
        county=new.county,
        township=new.township or old.township,
        village=new.village or old.village,
        detail=_joined_spot(old.detail, new.detail),
    )


def _joined_spot(old: str | None, new: str | None) -> str | None:
    """The spot after a restated county: the new one, the old one extended, or the old."""
    if not new or not old or new in old:
        return old or new
    if old in new:
        return new
    return old + new if _SUB_PART.match(new) else new


#: A detail that only points from the citizen ("俺村东头", "我家楼下", "这边") or names no
#: one place ("一家快餐店", "某小区"): no place a unit could find.
_DEICTIC = re.compile(r"^(?:俺|我|咱|这|那|本|自家|家|一家|一个|有家|有个|某)")

# a kind of place said alone ("物业", "学校", "俺们小区", "村里"): which one is not known
_KIND_OF_PLACE = re.compile(
    r"^(?:俺们?|我们?|咱们?|自家)?(?:的)?(?:那个|这个)?"
    r"(?P<kind>物业公司|物业|学校|小学|中学|幼儿园|小区|医院|诊所|卫生院|村里|村|社区|菜市场|市场|"
    r"工地|饭店|饭馆|公司|厂子|工厂|厂|超市|单位|商场|车站|公园|银行|加油站|派出所)"
    r"(?:那边|这边|那儿|这儿|里面|里)?$"
)
_KIND_SAID = {"物业": "小区", "物业公司": "小区", "村里": "村", "厂子": "厂"}


def place_kind(place: Place) -> str | None:
    """The kind of place when that is all that is known of it ("物业" -> 小区), to ask
    which one; None when a county, a township or a name is known."""
    if place.county or place.township or place.village or place.latitude is not None:
        return None
    m = _KIND_OF_PLACE.match((place.detail or "").strip())
    if m is None:
        return None
    return _KIND_SAID.get(m.group("kind"), m.group("kind"))


# a spot without a name ("小区门口", "楼下", "村口路边"): no unit can find it from that alone
_UNNAMED_SPOT = re.compile(
    r"(?:小区|楼下|楼上|楼道|单元|院里|院子|家门口|门口|对面|对过|旁边|附近|路边|路口|路上|马路|"
    r"街上|村里|村口|村头|庄里|东头|西头|南头|北头|东边|西边|南边|北边|里面|外面|那边|这边|那块|"
    r"这块|后面|前面|后边|前边|的)+"
)


def specific(place: Place) -> bool:
    """True when a unit could find the spot: a village or community, a shared point, or a
    named road, estate or landmark (not a county or township alone, not "俺村东头")."""
    if place.latitude is not None:
        return True
    if place.village and not _DEICTIC.match(place.village):
        return True
    rest = place.detail or ""
    for known in (place.county, place.township):
        if known:
            rest = rest.replace(known, "")
    rest = rest.strip("的 ，,。")
    # a township the NLU did not know, before a spot without a name ("伯乐街道楼下")
    spot = re.sub(r"^[\u4e00-\u9fff]{1,6}?(?:街道|镇|乡|办事处)", "", rest)
    if _BARE_KIND.fullmatch(spot):
        return False  # "经开区那边的化工厂": which one is not said
    return bool(rest) and not _DEICTIC.match(spot) and not _UNNAMED_SPOT.fullmatch(spot)


#: A kind of works without its name (化工厂, 砖厂, 养猪场, 菜市场, 工地): a name of its own
#: (华泰化工厂) is longer than the two characters of a trade before the kind.
_BARE_KIND = re.compile(r"[\u4e00-\u9fff]{0,2}(?:厂|场|工地|作坊)")


#: A township's own name (街道, 镇, 乡 at its end), not a stem or a market's name.
_TOWN_NAME = re.compile(r"(?:街道|镇|乡|办事处)$")


def foreign_town(place: Place) -> tuple[str, str, str] | None:
    """(the township as said, as the other county names it, that county) when ``place``
    puts a township the gazetteer knows in one other county only, and not in the county
    said (「牡丹区 园艺街道」: 园艺街道 is 单县's, trial10 N12); None when the county has
    it, it is a zone's, several others have it, or the gazetteer does not know it."""
    gaz = default_gazetteer()
    county = place.county
    if county is None or county in gaz.zones:
        return None
    for text in (place.township, place.village, place.detail):
        hit = gaz.town_at_start(text, None) if text else None
        if text is None or hit is None or not _TOWN_NAME.search(said := text[: hit[2]]):
            continue
        others = hit[1] - gaz.zones - {county}
        if county in hit[1] or gaz.town_at_start(said, county) is not None or len(others) != 1:
            return None
        other = next(iter(others))
        named = gaz.town_at_start(said, other)
        return said, named[0] if named else hit[0], other
    return None


def town_answered(place: Place, said: str, town: str, county: str | None) -> Place:
    """``place`` once the township ``said`` was confirmed as ``county``'s ``town`` (yes),
    or denied (``county`` None: the county said stays, the township is dropped); the
    village and the spot said with it stay."""

    def rest(value: str | None) -> str | None:
        return (value or "").replace(said, "", 1).lstrip("的 ，,") or None

    return place.model_copy(
        update={
            "county": county or place.county,
            "township": town if county else None,
            "village": rest(place.village),
            "detail": rest(place.detail),
        }
    )


def town_answer(place: Place, said: str, yes: bool | None, new: Place | None) -> Place | None:
    """``place`` after the answer to 「园艺街道在单县，请问是单县的园艺街道吗？」: yes, or
    that county named, takes it; no, or the county said before named again, keeps that
    county without the township; None when the answer is neither (a new place)."""
    foreign = foreign_town(place)
    if foreign is None or foreign[0] != said:
        return None
    _, town, other = foreign
    county = new.county if new is not None and not (new.township or new.village) else None
    if new is not None and (county is None or (new.detail and _TOWN_WORD.match(new.detail))):
        return None  # another township or spot: a new place, read as such
    if county == other or (county is None and yes is True):
        return town_answered(place, said, town, other)
    if county == place.county or (county is None and yes is False):
        return town_answered(place, said, town, None)
    return None
