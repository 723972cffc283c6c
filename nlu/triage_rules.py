"""The closed rules of 第十三条 triage (:mod:`nlu.triage`): a floor of plain wordings.

Emergencies (110/119/120/122) with the contexts that make an emergency word a past,
habitual, told or administrative matter rather than a call for help now; then legal
channels, secrets and personal information, unlawful requests and unacceptable matters.

Rules are ordered; the first emergency that matches wins (fire and gas before medical,
medical before police, police before traffic), since the citizen is transferred at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlu.regate import Matcher, gated
from nlu.types import TriageOutcome

_GAS = r"(?:煤气|燃气|天然气|液化气|沼气|气罐)"


@dataclass(frozen=True)
class Rule:
    """One triage pattern with the reason told to the citizen and kept on record."""

    outcome: TriageOutcome
    pattern: Matcher
    reason: str
    service: str | None = None
    also: tuple[str, ...] = ()


def _r(
    outcome: TriageOutcome,
    pattern: str,
    reason: str,
    service: str | None = None,
    also: tuple[str, ...] = (),
) -> Rule:
    return Rule(outcome, gated(pattern, re.IGNORECASE), reason, service, also)


E = TriageOutcome.EMERGENCY
# The floor under the learned detector (nlu.emergency): plain wordings of each situation.
# Rules are ordered; the first that matches gives the number told first (fire and gas
# before medical, medical before police, police before traffic); every matching rule adds
# its number (a fight with an injured person: 120 and 110).
EMERGENCY_RULES: tuple[Rule, ...] = (
    _r(
        E,
        r"(?<!打不)(?<!点不)着火|著火|失火|起火|点着了|火灾|烧起来|烧着了|火(?:很|特别|越来越)大|火苗|火光|浓烟|冒火|"
        r"(?:屋|家|楼|房|车|厨房)[里内子]?(?:在)?冒(?:黑)?烟|大火|救火|灭火器不管用|"
        r"着(?:了|得).{0,3}(?:大|一大片)",
        "涉及火情，属于119消防救援事项，已为您转接119",
        "119",
    ),
    _r(
        E,
        _GAS
        + r".{0,6}(?:泄漏|泄露|漏气|漏了|跑气|冒气|味(?:很|特别|道很|道特别|太)?(?:大|浓|重|冲)"
        r"|爆炸|着了|爆了)"
        r"|(?:闻到|有|一股|满屋子?都?是?).{0,4}"
        + _GAS
        + r"味|"
        + _GAS
        + r"管(?:道|子)?.{0,4}(?:挖(?:破|断)|破了|断了|爆了)|爆炸|炸了.{0,4}(?:人|房|楼|罐)",
        "疑似燃气泄漏或爆炸，请立即关闭气阀、开窗通风、不要开关电器，已为您转接119",
        "119",
    ),
    _r(
        E,
        r"带电.{0,10}(?:不动|倒|电到|打了)|(?:困|关|卡)在电梯|电梯.{0,4}(?:困|关|卡)(?:住|了)?(?:人|着人)|电梯里出不来|被困(?!扰)"
        r"|掉(?:进|到)(?:井|窨井|河|坑|水|沟|地窖)里|落水|溺水|淹(?:着|住|到)了?(?:一个|个)?(?:人|孩子|小孩)|沉下去|"
        r"房子?塌了|塌方|坍塌|(?:顶子?|屋顶|房顶|顶棚|楼板|房梁|墙)(?:塌|倒)(?:了|下来)|塌(?:了|下来).{0,6}(?:人|压|埋|砸)|"
        r"(?:人|孩子|工人|老人|车).{0,4}(?:被)?埋|埋(?:住|着)了?.{0,2}(?:人|个)|压(?:住|在)了?.{0,3}人"
        r"|(?:高压线|电线).{0,6}(?:断|掉).{0,8}(?:火花|带电)",
        "有人员被困或遇险，属于119救援事项，已为您转接119",
        "119",
    ),
    _r(
        E,
        r"晕倒|昏倒|昏迷|晕过去|不省人事|叫不醒|喊不(?:醒|应)|没(?:有)?了?(?:呼吸|意识|心跳|气了)|"
        r"心脏病(?:犯|发作)|心梗|脑梗|中风|抽搐|抽风|口吐白沫|吐血|大出血|"
        r"流(?:了)?(?:很多|好多|一地|不少)?血|血(?:流不止|止不住)|出血了|满(?:头|脸|身)是血"
        r"|受伤了|(?<!没)(?<!没有)有人受伤|人员受伤|受了(?:重)?伤|受重伤|摔伤|摔倒.{0,4}(?:起不来|不动)|骨折|喘不(?:上|过|动)气|上不来气|呼吸困难|快不行了"
        r"|一动不动|动不了|起不来"
        r"|叫(?:个)?救护车|派(?:个)?救护车|中毒|喝(?:了)?(?:农药|药|敌敌畏|百草枯)|服毒|"
        r"吃了.{0,4}(?:安眠药|老鼠药)|喝了.{0,4}(?:消毒液|洗衣液|假酒|汽油)|误(?:吃|服|喝)|"
        r"扎(?:穿|进|伤)|溅到眼睛|眼睛(?:看不见|睁不开)了?|噎住|卡(?:住)?嗓子|割腕|触电|被电(?:到|打)|要生了|羊水破了|烫伤|烧伤|"
        r"撞伤|伤得很重|生命危险|"
        r"(?:从|打).{0,8}(?:楼|房顶|屋顶|梯子|架子|窗户|阳台|塔吊|桥).{0,6}(?:掉|摔|栽|坠)(?:下来|下去|了)",
        "有人员伤病，需要紧急医疗救护，已为您转接120",
        "120",
    ),
    _r(
        E,
        r"抢劫|打劫|抢.{0,3}(?:钱|包|手机|东西|项链)|(?:被|让)(?:人)?抢了|抢走了|持刀|拿(?:着)?刀|"
        r"救命|救救(?:我|他|她|孩子|俺)(?!们)|快来人(?:啊|呀|救|$)|拿(?:着)?棍|砍人|捅人|杀人|要杀|杀了(?:他|她|我|你|人)|弄死我"
        r"|行凶|打人了|(?:正在|有人)(?:在)?(?:打架|打人|斗殴)|群殴|斗殴|打群架|打架|打起来了|"
        r"绑架|绑走|拐(?:卖|走)|抢孩子|孩子(?:丢|不见)了(?!身份证|户口|证|钱包|手机|东西|卡)|找不(?:到|着)(?:孩子|老人|小孩|闺女|儿子)|(?<!防)走失|走丢|"
        r"没(?:回家|到家|回来).{0,10}(?:打不通|找不到|联系不上|找遍)|放学.{0,8}没(?:回|到)家|"
        r"(?:有人|正在|小偷|贼)(?:在)?偷(?!偷|菜|接)|被偷了|被盗(?!刷|挖|用|号)了?|进(?:了)?(?:小偷|贼)|保险柜.{0,4}撬|抓小偷|入室|"
        r"撬.{0,4}(?:门|锁|窗)|(?:门|锁).{0,3}被撬|家暴|被打了|打我(?!电话|手机|的电话)"
        r"|非礼|强奸|猥亵|跳楼|跳河|自杀|轻生|不想活了|寻死|想死|跟踪我|威胁要?(?:杀|砍|炸)|"
        r"炸(?:了|掉)(?:你们|单位|政府)|有人闹事.{0,4}(?:打|砸)|打砸|砸(?:店|车|门)|"
        r"安全账户|(?:正在|刚|在|让我|要我|还让我).{0,6}(?:转账|汇款|打款|转钱)|"
        r"冒充(?:公安|警察|检察|法院|客服|领导)|解冻费|(?:去|到)银行.{0,4}(?:转|汇)|"
        r"(?:充钱|充值|投进去).{0,12}(?:提现|还让|继续)|屏幕共享|验证码告诉|(?:在)?吸毒|贩毒|卖毒品|"
        r"[买卖]粉|溜冰|关起来|(?:人|我|俺|他|她|孩子|弟弟|妹妹|们)被?(?:人|黑中介)?扣(?:在|住)|扣住(?:我|俺|人)|不放人|不让(?:我)?走|往.{0,6}(?:树林|车上|车里)(?:拖|拽)",
        "涉及人身或财产安全的警情，已为您转接110报警",
        "110",
    ),
    _r(
        E,
        r"车祸|撞车|撞倒|撞伤|撞飞|被.{0,6}车.{0,3}(?:撞|刮倒|碾)|撞人|撞了(?:人|车)|追尾|翻车|"
        r"侧翻|交通事故|肇事逃逸|撞(?:完|了人)就跑|连环撞|两车相撞|车撞(?:了|到)|"
        r"撞(?:一块|到一起|在一起)|逆行|醉驾|刹车失灵|出(?:了)?事故|(?:把|将)人(?:碾|撞)|碾(?:了|到|压)|"
        r"高速(?:公路)?上.{0,3}(?:有人|有行人|有个人|人在走)|(?:人堆|人群)里.{0,4}(?:冲|撞)|乱冲",
        "发生交通事故或道路上有正在发生的危险，已为您转接122",
        "122",
    ),
)
# An emergency word inside these contexts is a past, habitual or administrative matter
# (工伤认定, 理赔, 经常有人打架, 建议装减速带 ...), not a call for help now.
PAST_CONTEXT = gated(
    r"工伤|认定|鉴定|理赔|报销|赔偿|起诉|判决|上诉|一审|二审|官司|开庭|去年|前年|几年前|上个月|上周|隐患|演练|宣传|排查|"
    r"经常|老是|总是|建议|投诉|处理不公|不认账|处分|申诉|逍遥法外|找回来|锦旗|感谢|咨询|"
    r"保险|收费|多少钱|怎么办理|培训|听说|怎么处罚|太多了|整治|以前|当时|那次|做手术|医疗事故|"
    r"半年|破案|万一|热线|电话是多少|体罚|防走失|防溺水|防诈|消防栓|灭火器(?:过期|没|坏|空|该|配|放|压力|检测|充装|年检|被)|没有?灭火器|没看到|没发现|"
    r"不确定|不知道是不是|"
    # more past markers; quoted, imagined or taught; over or negated; procedural; figurative
    r"上回|上礼拜|上个礼拜|前几天|前两天|前段时间|几个月前|调解|处理完|了?以后(?:的|我们|什么|一直|到现在)|"
    r"电视|新闻|电影|小说|作文|梦见|做梦|传说|网上传|是真的吗|题目|安全课|怎么逃生|怎么救|"
    r"怎么处理|在哪里?办|快处快赔|处理.{0,4}太?慢|没事了|已经灭了|已经散了|人散了|没(?:有)?人受伤|"
    r"见义勇为|申请|急得|压得|抢钱一样|贵得|参观|讲讲|"
    # a law or policy suggestion, neglect, a long-lasting matter, a drill
    r"刑法|刑罚|法律|立法|判刑|处罚|没人清理|没人修|好几年|多年了|演习|模拟|"
    r"捞不上来|帮着?捞|[几两三四五六七八九十多]年了|瘫在床上|卧床|瘫痪|"
    # a habit: "被偷了三回了", "好几次" ("没人管" is not a frame here: 按铃没人管)
    r"好几[回次趟]|[两三四五六几]回了|[两三四五六几]次了|一旦|后果不堪设想|"
    # a money dispute over an old injury, a school's or an employer's conduct
    r"包工头|不给钱|医药费|医疗费|工钱|欠薪|拖欠|讨个说法|要个说法|老师打|"
    r"一分钱[也都]?(?:不给|没给|没赔|不赔)|(?:老板|厂里|厂长|公司|车主|窑主|工头|东家)不给|"
    r"看病钱|治疗费|掉下来过|摔过|"
    # the citizen's own plan against someone (an unlawful intent, not a danger now)
    r"(?:俺|我)就找(?:几个)?人|(?:俺|我)(?:打算|准备|想)把(?:他|她)|看他还(?:不还|敢不敢)|"
    # a worry: "怕着火", "容易出事"
    r"怕(?:着火|起火|失火|出事|爆炸|漏电|砸|被偷)|容易(?:着火|起火|出事)|"
    # over (the people left), rumours, an old injury in a benefit matter, a donation, a worry
    r"现在(?:已经)?人?走了|后来都?(?:走|散)了|早就走了|都散了|反映下?一?下?治安|加强巡逻|前几年|前些年|"
    r"早些年|住院|不给赔|不赔|谣言|谣传|辟谣|造谣|传言|都在传|删帖|捐|渠道|怕进|防小偷|自己弄好了|"
    # a hazard people now avoid (trial7 F15: "桥塌了一半 人都不敢走了"): nobody is in it
    r"(?:人|车|大伙|大家)都不敢(?:走|过|从|上|开|骑)|绕着走|绕道走|"
    # a past event behind a request for improvement (issue 11 kind 4: "起火那会儿消防车进不
    # 来 想让拓宽"): the background of an appeal, not a call for help now
    r"(?:那会儿?|那阵子?|那一?回|那年|当年|之前|早先|上一?回|上次)"
    r"(?=.{0,25}(?:想让|想叫|希望|建议|要求|能不能|能否|盼着|请求|得修|该修|应该))"
)

#: The part of :data:`PAST_CONTEXT` that still silences a present danger (see
#: :func:`nlu.danger.present_danger`): told, shown or imagined, over or negated, a drill,
#: a law suggestion. The rest (a habit, a complaint, neglect, a money dispute, the past)
#: gives way when the text carries present-danger evidence.
NEGATED_CONTEXT = gated(
    r"电视|新闻|电影|小说|作文|梦见|做梦|传说|网上传|是真的吗|题目|安全课|怎么逃生|怎么救|听说|"
    r"没事了|已经灭了|已经散了|人散了|没(?:有)?人受伤|没看到|没发现|不确定|不知道是不是|"
    r"演练|演习|模拟|培训|刑法|刑罚|法律|立法|判刑|万一|一旦|后果不堪设想|防走失|防溺水|防诈|"
    r"谣言|谣传|辟谣|造谣|传言|删帖"
)

L = TriageOutcome.LEGAL_CHANNEL
S = TriageOutcome.SECRET_PRIVACY
U = TriageOutcome.UNLAWFUL
X = TriageOutcome.UNACCEPTABLE
_OTHER = (
    r"(?:他人|别人|某人|邻居|前妻|前夫|老公|老婆|丈夫|妻子|对象|女朋友|男朋友|这个人|那个人|"
    r"对方|他|她|同事|老板)"
)
OTHER_RULES: tuple[Rule, ...] = (
    _r(
        L,
        r"政府信息公开|依申请公开|申请公开.{0,6}信息",
        "政府信息公开申请请通过政府信息公开渠道依法提出",
    ),
    _r(
        S,
        r"(?:查|查询|查一下|调取|提供|告诉我|给我|打听).{0,10}"
        + _OTHER
        + r"的?.{0,6}(?:手机号|电话号码|电话|住址|家庭住址|地址|身份证|开房记录|行踪|定位|通话"
        r"记录|聊天记录"
        r"|户籍|个人信息|银行流水|存款|房产信息)",
        "涉及他人个人信息，依法不能向您提供，请您理解；如有纠纷可通过司法途径依法调取",
    ),
    _r(
        S,
        r"国家秘密|机密文件|涉密|军事机密|绝密|商业秘密|招标底价|标底",
        "涉及国家秘密或商业秘密，热线无法提供，请您理解",
    ),
    _r(
        U,
        r"(?:怎么|哪里|哪儿|去哪|帮我|帮忙|能不能|能否|可以|想|要|有没有|谁能).{0,6}"
        r"(?:办假证|做假证|假证|假文凭|买枪|弄把枪|买毒品|买冰毒|找小姐|嫖娼|代孕|代开发票|虚开"
        r"发票|假发票|洗钱|套现(?!房)"
        r"|替考|代考|作弊器|买答案|偷税|逃税|骗保|骗取.{0,4}补贴|买卖?(?:器官|身份证|银行卡)|赌"
        r"博|赌球|下注"
        r"|色情|黄色(?:网站|视频)|成人(?:网站|视频))",
        "该请求违反法律法规或公序良俗，热线不能办理；相关行为须承担相应法律责任，请遵守法律规定",
    ),
    _r(
        X,
        r"(?:修改|废除|制定|废止)(?:宪法|法律|刑法|民法典)",
        "立法事项不属于热线受理范围，可依法向人大常委会提出立法建议",
    ),
)
