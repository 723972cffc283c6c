"""The key object of an appeal (第十三条(三)): what is broken or troubling, by meaning.

A citizen who writes again about the same matter rarely uses the same words: 路灯不亮,
灯黑了好几天, 晚上那盏灯还是不着 are one street light; 停水三天了 and 水龙头一滴水都没有 one
water cut. Shared characters do not tell that (they also join 路灯 and 井盖 in the same
estate), so :func:`subjects` reads each text into the public things it is about, as paths
in a small hierarchy: ``("灯", "路灯")`` for a street light, ``("灯",)`` for "the lamp"
said without its kind. Two paths are the same object when one is a prefix of the other
(:func:`same_object`): "那盏灯" is the street light of an earlier order, a 楼道灯 is not.

Only objects are read (a lamp, a manhole cover, the heating, wages, a building site), never
actors (物业, 老板, 城管) nor bare symptoms (吵, 臭, 坏了), which any matter can share.
Idioms that only look like an object (黑灯瞎火: dark) are dropped first. Pure functions
over a developer-written table; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlu.normalize import normalize

Subject = tuple[str, ...]

# Words that look like an object but say something else ("黑灯瞎火" is darkness).
_IDIOMS = re.compile(
    r"黑灯瞎火|灯红酒绿|灯下黑|省油的灯|一盏茶|火烧眉毛|水深火热|水泄不通|雪上加霜"
)

# (path, pattern): the more specific entries of a family come before its generic one,
# and a text can hold several objects (an order about a lift and its parking fees).
_TABLE: tuple[tuple[Subject, str], ...] = (
    # lights
    (("信号灯",), r"红绿灯|信号灯|交通灯|红灯|绿灯|黄灯"),
    (("灯", "楼道灯"), r"楼道(?:里|内)?的?(?:灯|照明)|声控灯|感应灯|楼梯灯"),
    (("灯", "路灯"), r"路灯|街灯|路边的?灯|景观灯|照明灯|高杆灯|太阳能灯"),
    (("灯",), r"(?<![红绿黄信号交通台探车])灯(?!笼|谜|会|塔)|照明"),
    # water, drains, covers
    (("井盖",), r"井盖|窨井|井口|井圈|雨水篦子|篦子|下水井"),
    (("排水",), r"下水道|下水口|下水管|排水|污水|雨水口|返水|冒水|倒灌|化粪池|粪水|沟渠|臭水|脏水"),
    (
        ("供水", "水质"),
        r"水质|水(?:发|是)?(?:黄|浑|浊)|铁锈味?|水里有(?:虫|沙)|水垢|饮用水|"
        r"水.{0,5}(?:不能|没法|不敢|咋|怎么)喝|喝了.{0,6}(?:拉肚子|肚子疼|闹肚子)",
    ),
    (("供水", "漏水"), r"(?:水管|管子|管道|水表|自来水管).{0,3}(?:破|爆|裂|漏|断)|跑水|爆管"),
    (("供水", "水压"), r"水压|水(?:太)?小|水流(?:很|太)?小|上不去水"),
    (("供水", "停水"), r"停水|断水|没(?:有)?水|无水|一滴水|(?:不|没)来水|来水"),
    (("供水",), r"供水|自来水|水龙头|吃水|用水"),
    # energy
    (("供暖",), r"暖气|供暖|供热|采暖|取暖|暖气片|片子|屋里.{0,4}(?:冷|凉)|冷得|冻得"),
    (("燃气",), r"燃气|天然气|煤气|液化气"),
    (("供电",), r"停电|断电|没电|供电|电压|跳闸|变压器|电表"),
    (("电线",), r"电线|线杆|电杆|电线杆|电缆|飞线"),
    (("通信",), r"网络|宽带|信号(?!灯)|光纤|手机卡|话费"),
    # buildings and estates
    (("电梯",), r"电梯"),
    (("消防通道",), r"消防通道|消防栓|消防设施|安全通道"),
    (("停车",), r"停车费|停车位|车位|乱停|停车"),
    (("物业费",), r"物业费|管理费|公摊|物业.{0,4}(?:收|涨|要)(?:钱|费)"),
    (("漏水", "房屋"), r"房顶|屋顶|楼顶|墙(?:面|体)?.{0,3}(?:漏|渗|裂)|渗水|漏雨|楼上漏水"),
    (("装修",), r"装修|砸墙|电钻"),
    (("违建",), r"违建|违章建筑|私搭乱建|乱搭|加盖|违法建设"),
    # streets
    (("路面",), r"坑|坑洼|路面|路基|塌陷|破损的?路|烂路|泥路|修路|道路.{0,3}(?:破|坏|烂)"),
    (("占道",), r"占道|摆摊|小摊|地摊|摊位|摊子|流动摊贩|商贩|小贩|出店经营|卖(?:菜|水果|东西)的"),
    (("树木",), r"树(?:木|枝|干)?|绿化带|草坪"),
    (("公交",), r"公交|班车|站牌|候车亭"),
    # nuisances
    (("施工",), r"工地|施工|打桩|搅拌|渣土|夜间作业|轰隆"),
    (("广场舞",), r"广场舞|跳舞|健身队"),
    (("音响",), r"音响|喇叭|高音|大喇叭|扩音"),
    (("油烟",), r"油烟|烟味|炒菜.{0,4}烟|烧烤|饭店|饭馆|餐馆|排烟"),
    (("焚烧",), r"焚烧|烧(?:秸秆|垃圾|电线|轮胎|塑料)|冒黑烟"),
    (("垃圾",), r"垃圾|杂物|那堆|一堆(?:东西)?|清运|拉走|清理|清扫|保洁|环卫"),
    (("养殖",), r"养殖|养猪|养鸡|养牛|养羊|猪圈|猪场|鸡场|牛场|羊场|鸡棚|粪便"),
    (("犬只",), r"狗|犬"),
    # work, money and services
    (
        ("工资",),
        r"工资|工钱|薪水|欠薪|血汗钱|劳务费|钱的事|"
        r"(?:老板|包工头|厂里|公司).{0,10}(?:不给|没给|不发|没发|欠)(?!交|缴|办|上|开)",
    ),
    (("社保",), r"社保|养老保险|医保|低保|补贴|救助|养老金"),
    (("学校",), r"学校|学生|老师|上学|入学|幼儿园|校车"),
    (("医疗",), r"医院|诊所|医生|看病"),
    (("商品",), r"退款|退货|假货|质量问题|售后|商家|网购|快递"),
    (("车辆",), r"电动车|车牌|驾驶证|行驶证|违章|罚单"),
)
_COMPILED = tuple((path, re.compile(pattern)) for path, pattern in _TABLE)


def subjects(text: str) -> frozenset[Subject]:
    """The key objects ``text`` is about (paths of the table above), empty when none.

    A more specific entry hides the generic one of its family where they matched the same
    words ("路灯" is ``("灯", "路灯")`` alone, not also ``("灯",)``).
    """
    clean = _IDIOMS.sub(" ", normalize(text))
    found: list[tuple[Subject, tuple[int, int]]] = []
    for path, pattern in _COMPILED:
        for m in pattern.finditer(clean):
            span = m.span()
            if any(_covers(other, span) and _prefix(path, p) for p, other in found):
                continue  # the same words already read as a more specific object
            found.append((path, span))
    return frozenset(path for path, _ in found)


def _covers(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    return inner[0] < outer[1] and outer[0] < inner[1]  # they overlap


def _prefix(short: Subject, long: Subject) -> bool:
    return len(short) <= len(long) and long[: len(short)] == short


def same_object(a: Subject, b: Subject) -> bool:
    """One object when one path is a prefix of the other (灯 ~ 路灯; 路灯 ≁ 楼道灯)."""
    return _prefix(a, b) or _prefix(b, a)


def shared(a: Iterable[Subject], b: Iterable[Subject]) -> bool:
    """Some object of ``a`` is an object of ``b``."""
    bs = tuple(b)
    return any(same_object(x, y) for x in a for y in bs)


def new_objects(told: Iterable[Subject], known: Iterable[Subject]) -> frozenset[Subject]:
    """The objects of ``told`` that are none of ``known`` (a new matter beside the old)."""
    ks = tuple(known)
    return frozenset(x for x in told if not any(same_object(x, y) for y in ks))


# -------------------------------------------------------------------------- places
COUNTIES = ("牡丹区", "定陶区", "曹县", "单县", "成武县", "巨野县", "郓城县", "鄄城县", "东明县")
_COUNTY_RE = re.compile("|".join(COUNTIES))
# the end of a named spot: an estate, a village, a road, a square ...
_SPOT_END = re.compile(
    r"小区|花园|家园|新村|社区|街道|村|庄|大道|路|街|巷|胡同|广场|公园|市场|商场|超市|"
    r"学校|小学|中学|医院|大厦|公寓|厂|镇|乡"
)
# characters that never belong to a spot's name: 俺村, 那个路口, 这条街, 小区门口
_NOT_A_NAME = re.compile(
    r"[^\u4e00-\u9fff]|[的那这个俺我咱们你恁他她在有还和与跟到从是了也又都就条片家边里上下前后口啥哪着住过挡堵占]"
)
# a road word that is no road's name: 走路, 修路, 马路
_VERB_ROAD = re.compile(r"[走修过马道一带让问上出小大土]路")
_LEVELS = re.compile(r"山东省?|菏泽市?|" + "|".join(COUNTIES) + r"|开发区|高新区")


def spots(text: str) -> frozenset[str]:
    """The named spots of ``text``: each end word (小区, 村, 路, 广场 ...) with the name
    before it, at most four characters ("桂花园小区那边" → 桂花园; "中华路和人民路路口" →
    中华路, 人民路). A spot without a name (俺村, 那个路口, 小区门口) is none; an end right
    after another (桂花园小区, 人民路路口) belongs to it."""
    clean = _LEVELS.sub("，", normalize(text))
    out: set[str] = set()
    prev = 0
    for m in _SPOT_END.finditer(clean):
        segment = clean[prev : m.start()]
        prev = m.end()
        cut = max((x.end() for x in _NOT_A_NAME.finditer(segment)), default=0)
        name = segment[cut:][-4:]
        if not name or _VERB_ROAD.fullmatch(name[-1] + m.group(0)):
            continue
        out.add(name + m.group(0))
    return frozenset(out)


def county_of(text: str) -> str | None:
    """The first Heze county or district named in ``text``."""
    m = _COUNTY_RE.search(normalize(text))
    return m.group(0) if m else None
