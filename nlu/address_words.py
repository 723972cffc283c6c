"""The words of Heze addresses as regular expressions (:mod:`nlu.address` reads them):
lead words, road and place suffixes, the tokens that continue an address, the words
that begin the matter. Patterns only; no state.
"""

from __future__ import annotations

import re

#: Lead words before an address (地址是, 正确地址是, 我家住在, 在 ...), repeated.
LEAD_RE = re.compile(
    r"^(?:(?:我的|俺的|我们的|俺们的|你|您)?(?:正确的?|详细的?|具体的?|准确的?|新的?|改成)?"
    r"(?:地址|地点|位置|住址|所在地|事发地点?|发生地点?)(?:是|在|为|改成|改为|应该是)?|"
    r"(?:我|俺|我们|俺们)?家?(?:住在|住|在)|位于|就在|是在|在|是|改成|改为|应该是|"
    r"(?:不对|错了|不是)(?:的|了)?|[,，.。:：;；、\s])+"
)
PROVINCE_RE = re.compile(r"^山东省?")
CITY_RE = re.compile(r"^菏泽(?:市)?")
#: A character of a place's own name: not a function word that starts the matter
#: (幸福路的路灯, 门口有人, 路边没了), so a token never runs from a place into the matter.
NAME_CH = r"[^\W的了有在是没不把被给让叫就也还很又再往朝向_]"
#: A road suffix (街道 is a township, not a street).
ROAD_END = r"(?:路|街(?!道)|大道|大街|巷|胡同)"
ROAD_END_RE = re.compile(ROAD_END)
#: A one-character suffix standing alone (no name before it) that begins a word of the
#: matter, not a place: 楼道, 路灯, 路面, 院子, 城管 (黄河路上 and 和平路边 are named roads).
MATTER_WORDS = {
    "路": "灯边面上旁牙沿况障基肩标牌费段中过",
    "街": "头边灯面上",
    "巷": "子",
    "府": "上里",
    "城": "管区市乡里内中外",
    "站": "牌着在",
    "厂": "房里区家长子",
    "院": "子里内墙落",
    "楼": "道梯顶房体板内里层",
    "门": "面市卫窗锁头外内里",
    "园": "子里内林区",
    "集": "体中团资合训会市",
    "桥": "面栏梁墩体",
}
#: After a village or community (村, 社区), a road named after it (李庄村路, 张楼村东街,
#: 王集社区大道), not a noun of the matter that begins with a road's suffix (路灯, 路面,
#: 路边摊, 街灯: trial9 N06, 陈集社区路灯坏了).
ROAD_AFTER_VILLAGE = (
    rf"(?:[东西南北中](?:路|街)|路(?![{MATTER_WORDS['路']}])|街(?![{MATTER_WORDS['街']}])|"
    r"大道|大街)"
)
#: The end of a village's or community's name (a token ending so before a one-character
#: suffix that begins the matter ends there: 陈集社区|路灯).
VILLAGE_END_RE = re.compile(r"(?:村|社区)$")
#: A road or intersection at the start of the detail.
ROAD_RE = re.compile(
    rf"^(?:{NAME_CH}{{1,10}}?(?:{ROAD_END}|公路|国道|省道|县道|环路)"
    rf"(?:(?:与|和|跟|同|、){NAME_CH}{{1,10}}?{ROAD_END})?"
    r"(?:交叉口|交汇处|交界处|交口|十字路口|丁字路口|路口|口)?"
    r"(?:[0-9一二三四五六七八九十百]+号(?!楼|院))?)"
)
NUM = r"[0-9一二三四五六七八九十百零两]+"
#: A bus line (十路车, 18路公交): a number before 路 is no road when a bus follows.
BUS_LINE_RE = re.compile(rf"{NUM}路(?=车|公交|汽车|专线|班车)")
#: Address-like tokens that continue an address inside a longer message. Each ends at a
#: real boundary: a named road, estate, building, door, landmark or position word; a
#: one-character suffix never takes the first character of the matter (楼道, 路灯, 路面,
#: 院子, 城管), and numbered parts (3号楼, 2单元, 5排) need their number.
DETAIL_KINDS = (
    r"交叉口|交汇处|十字路口|路口|路[东西南北](?![头边侧面角段首])|"
    r"小区|花园|家园|公寓|广场|大厦|中心|市场|集市|超市|商场|医院|卫生院|卫生室|诊所|学校|中学|小学|"
    r"幼儿园|初中部|高中部|小学部|幼儿部|住院部|门诊部|急诊部|急诊科|门诊|急诊|学院|大学|公园|"
    r"车站|加油站|银行|酒店|宾馆|饭店|公司|人民政府|政府|办事处|村委会|居委会|派出所|大桥|"
    r"[东西南北]?门口|门前|东门|西门|南门|北门|大门|旁边|斜?对面|斜?对过|对门|附近|东侧|西侧|"
    r"南侧|北侧|东头|西头|南头|北头|东边|西边|南边|北边|[东西南北]首|楼[下上前后](?![头边面])|"
    r"下穿桥|下穿通道|下穿|地道桥|地道|桥洞|涵洞|立交桥|高架桥|铁路桥|天桥|"
    r"中介|商店|药店|药房|门市部?|小卖部|饭馆|餐馆|餐厅|浴池|营业厅|"
    r"工地|驾校|停车场|景区|厂房|养殖场|养猪场|养鸡场|名都|华庭|公馆|[东西南北中]段|后面|前面|"
    r"里面|后边|前边|[东西][南北]角|村[东西南北](?:头|边|侧|首)?|村[口头]|"
    # a facility or landmark the place is told by (青年路公厕, 人民路公交站牌, 黄河路桥头,
    # 麟州路菜场, 村西头的坑塘): the citizen's words, never dropped (trial13 Q09)
    r"公共厕所|公厕|厕所|茅厕|茅房|站牌|篮球场|足球场|体育场|游乐场|操场|菜场|"
    r"球场|岗亭|报刊亭|凉亭|高速口|收费站|服务区|校区|分校|寺|庙|教堂|健身房|健身馆|健身|会所|"
    r"站台|地下通道|转盘|环岛|"
    # a part of the building the matter is in (和平小区地下车库, 3号楼地下室, 单元门口):
    # kept with the estate or building (trial16)
    r"地下车库|地下停车场|地下室|车库|车棚|储藏室|单元门口?|"
    rf"{ROAD_END}|苑|府|城|站|厂|(?<![住出转])院|楼|门|园|集|"
    rf"(?:往|向)?[东西南北]?{NUM}(?:号楼|号院|号|单元|室|栋|幢|层|排|组|米)"
)
#: Kinds of a spot that is a place only after a level, road or estate (黄河路桥, 李庄村
#: 坑塘, 公厕后头, 门诊楼下面): in words that name no place before them, 水泥板桥, 池塘 or
#: 桌子下面 opens no address.
ATTACHED_KINDS = (
    r"桥[头下上边]?|坑塘|池塘|河堤|大堤|河沿|水渠|外面|外边|[下上]面|[下上]边|[前后里外]头|跟前"
)
DETAIL_TOKEN_RE = re.compile(rf"{NAME_CH}{{0,10}}?(?P<kind>{DETAIL_KINDS}|{ATTACHED_KINDS})")
#: The tokens that may open the words of a place when no level is before them.
OPENING_TOKEN_RE = re.compile(rf"{NAME_CH}{{0,10}}?(?P<kind>{DETAIL_KINDS})")
#: Text that may end with a level (a county, township, village, the city): a space after
#: it goes on with the place (单县 人民医院门口); the gazetteer decides.
LEVEL_END_RE = re.compile(
    r"(?:区|县|镇|乡|街道|办事处|街办|村|社区|庄|集|楼|屯|寨|营|县城|城关|城里|菏泽市?)$"
)
#: Between a level and the estate: how the citizen holds the home (买的, 住的, 租的).
OWN_RE = re.compile(r"(?:买|住|租|开|盖|建)的")
#: The citizen's home named after the spot, beside it (俺住旁边的书香苑, 俺家就在对面的
#: 金色家园, 我住在附近的阳光花园小区, 俺们住的是东方花园): a second place of the message.
HOME_RE = re.compile(
    r"[，,、]?(?:俺|我|咱)们?家?(?:就|也)?(?:住在|住|在)在?(?:的是|的就是|是)?"
    r"(?P<pos>旁边|附近|斜?对面|斜?对过|对门|隔壁|边上)?的?"
)
#: The kinds of a home's estate (花园, 苑, 小区, 家属院 ...).
HOME_KIND_RE = re.compile(r"小区|花园|家园|公寓|苑|府|城|名都|华府|华庭|公馆|家属院|大院|社区")
#: A road told by where it runs (县城往董口镇去的那条路, 从李村到王庄的公路).
ROUTE_RE = re.compile(
    rf"(?:从)?{NAME_CH}{{1,8}}?(?:往|到|至|通往|去往){NAME_CH}{{1,8}}?(?:去|方向)?的?"
    r"(?:那条|这条|那段|这段)?(?:公路|道路|马路|大路|小路|路)"
)
STOP_RE = re.compile(r"[,，.。!！?？;；\n]")
SENTENCE_END_RE = re.compile(r"[.。!！?？;；\n]")
WS_RE = re.compile(r"\s+")
SUFFIX_RE = re.compile(r"区|县|镇|乡|街道|办事处|街办|村|社区|开发区|高新区")


#: What follows a place when the text goes on into the matter: a predicate or a generic
#: object that is not a spot (路灯, 路面, 楼道, 井盖 ...).
MATTER_RE = re.compile(
    r"了|坏|漏|塌|堵|吵|臭|冒|淹|不亮|不通|不热|不转|没水|没电|没人|停水|停电|断水|断电|占道|乱|积水|"
    r"噪音|扰民|投诉|反映|举报|怎么|咋|一直|天天|经常|老是|总是|半夜|有人|"
    r"油烟|施工|有个|有一个|很|太(?:吵|臭|脏|乱|响|多|大)|夜里|晚上|凌晨|每天|"
    r"^的?(?:路灯|路面|路边|路上|楼道|楼梯|井盖|垃圾|污水|下水道|暖气|自来水|水管|电线|树)"
)


ROAD_SEARCH_RE = re.compile(
    r"[\u4e00-\u9fff0-9]{1,10}?(?P<suffix>路|大道|大街|小区|花园|家园|社区|村)"
    r"(?![\u4e00-\u9fff]{0,1}道)"
)
#: Words that open a message before the place (据说长城酒店斜对面, 反映金城花园): two
#: characters each (a look-behind).
OPENERS = "据说|听说|最近|今天|昨天|现在|因为|由于|关于|反映|投诉|举报|请问"
#: An estate, shop or site with its own name of two to six characters (恒大名都, 佳乐家超市,
#: 中达驾校, 中央华府), at the start of a message or after 在/是/到/位于: found in a message
#: that names no Heze place (a name running on from the words before is not taken).
SITE_SUFFIX = (
    "小区|花园|家园|公寓|广场|大厦|商场|商城|超市|市场|书店|酒店|饭店|宾馆|驾校|工地|物流园|名都|"
    "华府|华庭|公馆|家属院"
)
#: A school, hospital or park: a landmark when its door or side is named (人民医院南门对面).
LANDMARK_SUFFIX = (
    r"医院|学院|大学|中学|小学|幼儿园|公园|火车站|汽车站|高铁站|客运站|体育场|体育馆|图书馆"
)
#: A station named by its kind alone, the town's own (火车站北边那个地下通道): a landmark
#: when its side is named, as a school's is (trial16).
_STATION = r"(?:火车站|汽车站|高铁站|客运站|长途汽车站|长途站|公交总站)"
#: The suffixes alone: where to look for a named site (a cheap first pass).
SITE_SUFFIX_RE = re.compile(
    rf"{SITE_SUFFIX}|(?:{LANDMARK_SUFFIX})(?=[东西南北]?门|斜?对面|斜?对过|旁边|附近|[东西南北](?:边|侧|头))"
)
NAMED_SITE_RE = re.compile(
    rf"(?:^|(?<=[在是到])|(?<=位于)|(?<={OPENERS}))(?:{NAME_CH}{{2,6}}?"
    rf"(?:{SITE_SUFFIX}|{LANDMARK_SUFFIX})|{_STATION})"
)
#: A name that is no name: a pronoun or a demonstrative (俺们小区, 这个超市, 附近工地).
GENERIC_NAME_RE = re.compile(
    rf"俺|我|咱|你|他|她|这|那|本|该|某|每|各|附近|周边|一个|一家|家里|对面|隔壁|{OPENERS}"
)


#: An answer to "where?" that is no place: a refusal, not knowing, a control word
#: (匿名, 不清楚, 算了). The dialogue reads what it means; the address never holds it.
NOT_PLACE_RE = re.compile(
    r"(?:(?:具体|详细)?的?(?:位置|地址|地点|门牌号?|在哪儿?|在哪里)?(?:我|俺|我们|俺们)?"
    r"(?:也|都|就|还是)?(?:要|想)?"
    r"(?:匿名|保密|不知道|不晓得|不清楚|不太清楚|说不清楚?|说不上来|记不清|不记得|不确定|"
    r"不方便说|不想说|不说了?|不留了?|不想留|算了|取消|确认|没有|不用了?)"
    r"(?:了|吧|啊|呀|呢|哈|的)*(?:具体|详细)?的?(?:位置|地址|地点|门牌号?|在哪儿?|在哪里)?)+"
)


#: Right before a place: the citizen says it is not the place (不是青菏街道 是磐石街道).
NEGATED_RE = re.compile(r"(?:不是|不在|并非)[，,\s]*$")


#: Words of a request inside what would be a name (的建议…学校): a clause, not a place.
CLAUSE_RE = re.compile(r"建议|要求|希望|请|盼|严打|打击|整治|取缔")


FILLER_END_RE = re.compile(r"(?:的|那边的?|这边的?|那个|这个|(?<=[路街巷])上)$")


#: The county seat named after the county (巨野县城, 鄄城县城里): not a level of its own.
SEAT_RE = re.compile(r"(?:县城|城区|城里|市区|城)(?:里|的)?")


PREFIX_RE = re.compile(r"(?:山东省?)?(?:菏泽市?)?")
TOWN_NEXT = re.compile(r"镇|乡|街道|村")  # 郓城县郓城镇: a township's name, not the county again
PART_RE = re.compile(r"([,，、])")
#: An infix of the official name a citizen leaves out (侯集回族镇 → 侯集镇).
INFIX_RE = re.compile(
    r"(?:回|满|蒙古|壮|苗|彝|藏|维吾尔|朝鲜|土家|畲|瑶|侗|黎|傣|白|土|锡伯|达斡尔)族(?:乡|镇)?$"
)
#: After an office form, a position word makes the office a landmark (办事处门口).
POSITION_RE = re.compile(
    r"门口|门前|大门|院|东|西|南|北|对面|对过|对门|旁边|附近|前面|后面|里面|楼"
)


#: Words that only say where beside a place (东头, 门口, 楼下, 对面): after a space they go
#: on with the place (伯乐大街 东头); a site after a space (楼下饭店) is the matter's subject.
POSITIONS_RE = re.compile(
    r"(?:[东西南北]?门口|门前|[东西南北大]门|旁边|斜?对面|斜?对过|对门|附近|[东西南北](?:侧|头|边|首)|"
    r"楼[下上前后]|[前后里]面|[前后]边|[东西][南北]角)+"
)
