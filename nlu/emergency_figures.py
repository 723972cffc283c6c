"""Words that only sound like an emergency (第十三条(一), tenth round): figures of speech,
corrections, cooking fumes and public property found stolen.

* :func:`literal` blanks similes and hyperbole before the detector reads a text
  ("冷得跟冰窖似的", "像冰窟窿一样", "脑袋要炸了", "电话被打爆了", "群里炸锅了"): the danger word
  describes how the citizen feels, nothing is in the water, on fire or exploding; and words
  about the conversation ("俺刚才说的坑", a supplement's "还有 …", trial12 P01 P02);
* :func:`reframe` turns concepts into the frame they make together: a kitchen's or a
  grill's fumes (油烟, 烧烤; an eatery's smoke told as a smell or a habit) with nothing
  alight is a nuisance (``fumes``); public property found
  stolen, the theft not going on and nobody hurt, is a repair to ask for
  (``public_loss``); a stove's gas run out ("是不是没气了", nobody named) is an outage
  (``gas_out``); all drop the danger concepts their words carried;
* :func:`silenced_rule` says which matches of the regular-expression floor those frames
  and a bare cry for help over a lasting nuisance ("救命啊 楼上天天漏水") silence.

A correction of what was said ("刚才号码说错了一位") is the concept ``correction``; the
model's bar reads it (:func:`nlu.emergency.model_threshold`). A long letter addressed to an
official (:func:`is_letter`: "尊敬的领导：您好", "王厅长：") tells its danger words as the
history of a grievance: an alarm in it is told as the safety line, never a transfer.
Pure functions: no I/O.
"""

from __future__ import annotations

import re

#: A comparison with a thing whose danger is only a figure of cold, heat or din
#: ("跟冰窖似的", "像冰窟窿一样", "热得跟火炉似的", "吵得跟打仗一样"), or "冷得像 …"; a
#: comparison that tells a danger ("说话像交代后事一样") is kept.
_SIMILE = re.compile(
    r"(?:好像|就像|像|跟|和|如同|好比)(?:个|是)?(?:冰窖|冰窟窿|冰窟|冰库|冰柜|冰箱|冰棍|冰块"
    r"|火炉子?|炉子|蒸笼|火焰山|桑拿房?|烤箱|澡堂子?|打仗|炸了锅|炸锅)(?:似的|一样|一般)?"
    r"|(?<=[冷冻热凉])得(?:像|跟)[^\s，,。！!？?；;]{1,5}"
)
#: Intensity told by danger words: a head or lungs "bursting", a phone "blown up" by calls,
#: a chat group "exploding", cold or noise "to death".
_HYPERBOLE = re.compile(
    r"(?:脑袋|脑瓜子?|脑子|头|肺|心)[都快真]?(?:要|快)?(?:被)?(?:气)?炸(?:了|开了|裂了)?"
    r"|(?<![煤燃然化沼])气炸了?|炸了?锅(?!炉)了?|炸开了?锅|(?:群|网上|网)里?[都也]?炸了"
    r"|(?:电话|手机|热线|号码?)[^\s，,。！!？?]{0,4}打爆了?|打爆了?(?:电话|手机)"
    r"|(?<=[冷冻热吵烦累臭熏挤闷晒])得要命"
)


#: Words about the conversation itself (trial12 P01, P02): what the citizen said before
#: ("俺刚才说的坑", "刚说的那个路灯", "前面反映的事"), whose 刚才 is no moment of a danger; and a
#: supplement's opening connective ("还有 俺叫王建设", "另外 路灯杆子也歪了"), which is no
#: "里面还有人". The words after it are read as they are.
_DISCOURSE = re.compile(
    r"(?:刚才|刚刚|刚|方才|前面|上面|先前|之前)(?:跟恁|跟你|和你|给恁|给你)?"
    r"(?:说|讲|提|反映|问|打听)(?:过)?(?:的|了的)"
    r"|^\s*(?:还有就是|还有|另外|再就是|再有|补充一下|补充|对了)(?=[\s，,：:、。；;])"
)


#: The citizen's own call or chat cut off (issue 11 kind 1: "俺刚才那个电话断了 接着说",
#: "掉线了", "没信号了", "打不通12345"): the line, never a danger; whose 断 is no broken
#: bone and whose 刚才 no moment of one. Another person's phone not answering ("孩子电话
#: 打不通") is kept: it may be someone missing.
_LINE = re.compile(
    r"(?<![他她娘爹妈爸儿女子孩哥姐弟妹婆公爷奶人])"
    r"(?:电话|手机|通话|(?<!电)网络?|信号|视频|语音)(?:刚才|刚|又|突然|一下子?|咋|怎么|就|给)*"
    r"(?:断了|断线了?|掉线了?|挂断了?|中断了?|断开了?|没信号了?|没声音?了?|卡住?了)"
    r"|(?:断|掉)线了?|断网了?|没(?:有)?信号了?|信号(?:不好|太?差|不行|时有时无)"
    r"|打不(?:通|进来|进去)(?:12345|热线|你们(?:的|这)?(?:电话|热线)?)"
    r"|(?:12345|热线)(?:电话)?(?:一直|老是|总是|咋)?(?:打不通|打不进来|占线|没人接)"
    r"|(?:咱|俺|我)?接着(?:刚才的?)?说|(?:再|重新)说一遍|(?:还)?(?:能)?听(?:得)?见(?:俺|我)?(?:说话)?吗"
)
#: A name told (issue 11 kind 2: "俺闺女姓韩", "俺爹叫孙血"): a surname, or a name of two
#: or three characters after 叫 / 名叫 / 名字是 said of the citizen or kin, ending the
#: clause. Never the dialect's passive 叫 (俺叫人打了, 孩子叫车撞了, 叫狗咬了): its agent
#: (a person, a vehicle, an animal, fire, water, power) never begins a name here, and a name
#: never holds an aspect particle.
_NAME = (
    r"(?![人车狗猫狼蛇蜂马牛驴猪羊鸡鹅他她它俺我你恁咱电火水开贼偷救医警不唤喊门窗墙树砖石机])"
    r"[\u4e00-\u9fff](?:(?![了着过呢啊吧呀])[\u4e00-\u9fff]){1,2}"
)
#: Where a name told ends: the clause, or its age, its being, its home.
_NAME_END = r"(?=$|[\s，,。.！!？?；;、]|今年|是|住)"
_NAMED = re.compile(
    r"(?<![百])姓[\u4e00-\u9fff]{1,2}?(?=$|[\s，,。.！!？?；;、]|的|叫|名|是)"
    # the name after the surname ("姓刘 叫刘大伤")
    r"(?:[\s，,]*叫" + _NAME + _NAME_END + r")?"
    r"|(?:(?:(?<=[我俺他她])|(?<=闺女|女儿|儿子|孩子|小孩|老伴|媳妇|老婆|对象|男人|丈夫|老公|孙子|孙女)"
    r"|(?<=[爹爸娘妈哥姐弟妹]))叫|名字(?:叫|是|就是))" + _NAME + _NAME_END + r"|名叫" + _NAME
)


def unnamed(text: str) -> str:
    """``text`` with a name told blanked ("俺爹叫孙血", "俺闺女姓韩": each character a
    space), so that a danger word in a name is read by no rule, concept or model."""
    return _NAMED.sub(lambda m: " " * len(m.group(0)), text) if _NAMED.search(text) else text


def literal(text: str) -> str:
    """``text`` with similes, hyperbole, words about the conversation and about the line
    itself blanked (each character a space), so that their danger words are read by no
    rule, concept or model; unchanged otherwise."""
    out = text
    line = _LINE.search(text) is not None
    for pattern in (_SIMILE, _HYPERBOLE, _DISCOURSE, _LINE):
        if pattern.search(out):
            out = pattern.sub(lambda m: " " * len(m.group(0)), out)
    if line:
        # the line named, a clause's bare "刚才断了" is the call again ("信号不好 刚才断了")
        out = _CUT.sub(lambda m: " " * len(m.group(0)), out)
    return out


#: A clause that is only the call cut off again, read once the line was named.
_CUT = re.compile(
    r"(?:^|(?<=[\s，,。！!？?；;]))(?:刚才|刚刚|刚|又|突然|一下子?)*(?:断了|断线了|掉线了|断开了)"
    r"(?=$|[\s，,。！!？?；;])"
)


#: What makes a kitchen's smoke a fire, or a person gravely ill whatever the smoke.
_NOT_FUMES = (
    "blaze",
    "alight",
    "immobile",
    "gas_name",
    "in_water",
    "buried",
    "violence",
    "menace",
    "crime",
)
#: Danger concepts of smoke or breath that a kitchen's fumes carry.
_FUMES_DANGER = ("fire", "smoke", "smoke_filled", "smoke_now", "bodily", "leaking", "harm")
#: What a theft of public property going on, just seen or found ("刚发现"), or someone
#: hurt by its loss, carries.
_NOT_OVER = (
    "ongoing",
    "just",
    "stranger",
    "theft_now",
    "taking",
    "harm",
    "immobile",
    "bodily",
    "in_water",
    "fall",
    "buried",
    "beneath",
    "shocked",
    "help",
    "vulnerable",
    "alight",
)
#: Danger concepts of a theft.
_THEFT = ("crime", "stolen")
#: Someone named or ill beside "没气了": a person's breath, not the stove's gas.
_SOMEONE_ILL = ("person", "vulnerable", "bodily", "help", "symptom", "in_water", "drank_poison")


def reframe(found: set[str]) -> None:
    """Add the tenth round's frames to ``found`` (in place), dropping the danger concepts
    their words carried: ``fumes`` (a kitchen's smoke, nothing alight, nobody lying still)
    and ``public_loss`` (public property found stolen, the theft over, nobody hurt)."""
    told = not found.isdisjoint(("smoke", "smell"))
    habit = not found.isdisjoint(("hypo", "chronic", "nuisance"))
    fumes = told and ("fume_source" in found or ("eatery" in found and ("smell" in found or habit)))
    if fumes and found.isdisjoint(_NOT_FUMES):
        found.difference_update(_FUMES_DANGER)
        found.update(("fumes", "nuisance"))
    if (
        "no_gas" in found
        and not found.isdisjoint(("gas_name", "gas_source"))
        and found.isdisjoint(_SOMEONE_ILL)
    ):
        # "煤气灶打不着火了 是不是没气了": the stove's gas ran out, nobody's breath stopped
        found.difference_update(("immobile", "harm"))
        found.update(("outage", "gas_out"))
    if "infra" in found and not found.isdisjoint(_THEFT) and found.isdisjoint(_NOT_OVER):
        found.difference_update((*_THEFT, "now"))
        found.update(("public_loss", "fix"))


#: Concepts that only build the frames above: never features of the model, so that the
#: learned detector reads the frames and not the words that make them.
HELPERS = frozenset(
    {"fume_source", "eatery", "smell", "blaze", "ongoing", "no_gas", "gas_out"}
    | {"battery", "swelling", "overheat"}  # issue 11: the parts of battery_hot
)
#: Rule matches a fumes frame silences (smoke, breath, coughing).
_FUMES_WORDS = re.compile(r"烟|喘|憋|呛|咳|气")
#: Rule matches a public-loss frame silences (a theft's words).
_THEFT_WORDS = re.compile(r"偷|盗|撬|拿走|割走")
#: Rule matches a gas supply run out silences ("没气了").
_NO_GAS_WORDS = re.compile(r"没(?:有)?了?气")
#: A bare cry for help.
_CRY = re.compile(r"^(?:救命|救救.?|快来人.?)$")
#: Frames of a lasting nuisance or a neglected repair.
_LASTING = ("hypo", "neglect", "nuisance", "chronic", "fix")


def silenced_rule(found: frozenset[str], matched: str, danger: bool) -> bool:
    """True when a regular-expression rule's ``matched`` words are silenced by the frame
    of ``found``: smoke or breath in a kitchen's fumes, a theft's words in a public loss,
    a bare cry for help ("救命") beside a lasting nuisance when no danger is named
    (``danger``: :func:`nlu.emergency.has_danger`)."""
    if "fumes" in found and _FUMES_WORDS.search(matched):
        return True
    if "public_loss" in found and _THEFT_WORDS.search(matched):
        return True
    if "gas_out" in found and _NO_GAS_WORDS.search(matched):
        return True  # the stove's gas ran out (reframe): no breath stopped
    return bool(_CRY.match(matched)) and not danger and not found.isdisjoint(_LASTING)


#: A letter is at least this long (a call for help is short, even a voice transcript).
LETTER_MIN_CHARS = 200
#: Where a letter names whom it is addressed to.
LETTER_HEAD = 120
_OFFICIAL = r"(?:领导|书记|市长|县长|区长|局长|厅长|处长|主任|部长|省长|镇长|乡长|主席|同志)"
_SALUTATION = re.compile(
    r"(?:尊敬的|敬爱的)[^，,。！!？?]{0,20}(?:[：:，,！!]|您好|你好)"
    rf"|{_OFFICIAL}们?\s*[：:，,]?\s*(?:您们?好|你们?好)|{_OFFICIAL}\s*[：:]"
)


def is_letter(text: str) -> bool:
    """True when ``text`` is a letter: at least :data:`LETTER_MIN_CHARS` characters and
    addressed to an official in its head ("尊敬的领导：", "陈书记：你好")."""
    return len(text) >= LETTER_MIN_CHARS and _SALUTATION.search(text[:LETTER_HEAD]) is not None
