"""A complaint about the staff of a named government office (第九条, issue 12).

「我要投诉牡丹区住建局的工作人员 办事拖拉」 is a staff complaint (``staff_complaint``: the
contact is hidden from the unit) to the office named, 菏泽市牡丹区住房和城乡建设局, whatever
the matter's words suggest to the classifier. The office is read from the citizen's own
words by its usual short names; the case store finds the unit of that type in the county.
The office itself is the place: no township or road is asked for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.reading import Reading
from dialogs.state import CategoryGuess
from nlu.regate import gated

# (short names as citizens say them, the handling-unit type of config/data/units.yaml)
_OFFICES: tuple[tuple[str, str], ...] = (
    ("住建局|住房和城乡建设局|建设局|住建部门|房管局", "department:住建"),
    ("人社局|人力资源和社会保障局|社保局|社保中心|劳动局|劳动监察大队|人社部门", "department:人社"),
    ("交警大队|交警支队|交警队|交警|交通警察大队|车管所", "department:交警"),
    ("公安局|公安分局|派出所|户籍科|出入境", "department:公安"),
    ("城管局|综合行政执法局|行政执法局|执法局|城管大队|城管执法", "department:城管"),
    ("市场监管局|市场监督管理局|市场监管所|市监局|工商局|工商所|质监局", "department:市场监管"),
    ("民政局|民政所|民政部门", "department:民政"),
    ("医保局|医疗保障局|医保中心|医保窗口", "department:医保"),
    ("卫健局|卫健委|卫生健康局|卫生健康委|卫生局", "department:卫健"),
    ("教育局|教体局|教育和体育局", "department:教育"),
    ("自然资源局|自然资源和规划局|国土局|国土所|规划局", "department:自然资源"),
    ("交通局|交通运输局|运管所|运管局|公路局", "department:交通"),
    ("行政审批局|行政审批服务局|审批局|政务服务中心|政务大厅|便民服务中心", "department:行政审批"),
    ("财政局|财政所", "department:财政"),
    ("农业农村局|农业局|农机局", "department:农业农村"),
    ("水务局|水利局", "department:水务"),
    ("环保局|生态环境局|生态环境分局", "department:生态环境"),
    ("应急局|应急管理局|安监局", "department:应急"),
    ("司法局|司法所", "department:司法"),
    ("退役军人事务局|退役军人局", "department:退役军人"),
    ("发改局|发改委|发展和改革局", "department:发改"),
    ("商务局", "department:商务"),
    ("文旅局|文化和旅游局|文化局", "department:文旅"),
    ("镇政府|乡政府|街道办事处|街道办|乡镇政府", "township"),
)
_OFFICE = gated("|".join(f"(?:{names})" for names, _ in _OFFICES))
_TYPE_OF = {name: kind for names, kind in _OFFICES for name in names.split("|")}

# the office's people: not the office's decision, its staff's conduct
_STAFF = gated(
    r"工作人员|办事员|办事人员|经办人|窗口|科员|科长|所长|局长|主任|干部|民警|警察|协警|辅警|"
    r"执法人员|执法队员|城管队员|队员|人员|公务员"
)
_CONDUCT = gated(
    r"投诉|态度|拖拉|拖着|拖延|刁难|推诿|推脱|踢皮球|不作为|乱作为|不给办|不办|没给办|没办成|"
    r"办不成|吃拿卡要|索要|要好处|收好处|收红包|敷衍|骂|凶|吼|不理|爱答不理|玩手机|不在岗|"
    r"脱岗|迟到|早退|暴力执法|粗暴|跑了.{1,3}趟|跑了好几趟|让(?:我|俺)来回跑"
)

# nobody at the office in working hours (干部作风: 脱岗, 空岗): its people and their conduct
# in one ("办公室一个人都没有", "去了三回都找不到人", "窗口空着没人")
_ABSENT = gated(
    r"(?:办公室|屋里|屋里头|窗口|大厅|里头|里面|单位)(?:里)?.{0,4}"
    r"(?:一个人(?:都|也)没有|一个人影(?:都|也)?没有|没(?:有)?人|空无一人|空着|锁着门|锁门|关着门)|"
    r"(?:找|见)不(?:到|着)(?:人|领导|干部)|不在岗|脱岗|空岗|上班时间.{0,6}没(?:有)?人"
)

STAFF_CATEGORY = CategoryGuess(level1="纪检监察", level2="干部作风", unit_type=None)


@dataclass(frozen=True)
class Office:
    """The office named in a staff complaint, as said, and its handling-unit type."""

    said: str
    unit_type: str


def named_office(text: str) -> Office | None:
    """The first government office named in ``text``."""
    m = _OFFICE.search(text)
    if m is None:
        return None
    return Office(said=m.group(0), unit_type=_TYPE_OF[m.group(0)])


def staff_complaint(r: Reading) -> Office | None:
    """The office whose staff the message complains about (its people and their conduct)."""
    office = named_office(r.plain)
    if office is None or r.order_number is not None:
        return None
    after = r.plain[r.plain.find(office.said) :]
    if _ABSENT.search(after) is not None:
        return office
    if _STAFF.search(after) is None or _CONDUCT.search(r.plain) is None:
        return None
    return office


def staff_category(r: Reading, office: Office) -> CategoryGuess:
    """The classifier's category when it names that office's kind, else 干部作风; the
    unit is the office's in either case."""
    cat = r.category
    if cat is not None and cat.unit_type == office.unit_type:
        return cat
    return STAFF_CATEGORY.model_copy(update={"unit_type": office.unit_type})
