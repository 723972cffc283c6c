"""Fourteenth emergency round (第十三条(一), issue 11): the kinds blind8 (a dev set now)
showed, fixed by kind and tested on fresh paraphrases (no blind line).

Emergencies told by what is seen: a person on a ledge, a sill or a crane (even over unpaid
wages); a crowd crushing; a field or forest fire moving toward homes; a levee or a dam
broken; someone inside a lift that fell or stopped; a knife or an axe in hand today at home;
someone locked in and beaten, or a child hung up and beaten; a child without food and
without a grown-up; an old person who does not know the way home; stroke signs (half the
face drooping, speech slurred); a cry for help typed with homophones (着伙, 就命).

Ordinary appeals that sound like one: locked out (a locksmith), a pet up high, a question
about a medicine, paper burnt by custom, an emergency line busy, a scam told as a tip-off,
a car impounded, nobody directing the traffic, a stove whose gas ran out, an electric box
left open, a fall behind a fixture still unrepaired, an elder found again, a dog bite
already treated, a roof leaking, a branch on a wire sparking when it rains.
"""

from __future__ import annotations

import pytest

from nlu.engine import EmbeddedEngine
from tests.unit.nlu.told import assert_no_number, numbers_told


@pytest.mark.parametrize(
    ("text", "first"),
    [
        # a person on a ledge, a sill or a crane
        ("楼上有个小伙子蹲在阳台外边的护栏上 喊他也不理", "110"),
        ("工地塔吊上爬上去一个人 说老板不结账他就不下来", "110"),
        ("俺邻居家三岁的娃爬到窗台上了 窗户还开着", "110"),
        # a crowd crushing
        ("庙会上人挤人 前头有人被踩了", "110"),
        ("地铁口出站的人太多了 挤倒了好几个老人", "110"),
        ("商场搞活动 门一开挤倒了一片人", "110"),
        # someone held, told in the passive
        ("去要工钱 让老板锁在仓库里了 手机也给收了", "110"),
        # a field or forest fire moving toward homes
        ("麦地着了 火借着风往村里烧 快点来", "119"),
        ("后山的林子烧起来了 火线越来越长", "119"),
        # a levee or a dam broken
        ("大堤冲开了个口子 水往地里灌", "119"),
        ("上游水库溃坝了 水下来了", "119"),
        # someone inside a lift that fell or stopped
        ("俺在电梯里 电梯一下子掉了一截 停在半空不动了", "119"),
        ("电梯卡在半截了 俺爹在电梯里头 喊他听不太清", "119"),
        # a weapon in hand today at home
        ("俺男人喝了酒 今天拎着刀满院子追俺", "110"),
        ("他这会儿拿着菜刀在门口堵着 俺和孩子不敢出去", "110"),
        # locked in and beaten; a child hung up and beaten
        ("俺嫂子让俺哥锁屋里打 哭喊声听得清清楚楚", "110"),
        ("隔壁男的把孩子吊起来打 孩子都没声了", "110"),
        # a child without food and without a grown-up
        ("对门家大人不在家 俩孩子没吃东西 饿得直哭", "110"),
        # an old person who does not know the way home
        ("俺姥爷快九十了 自己溜达出去了 他不认得路 外头下着大雪", "110"),
        ("公交站有个老大爷 问他住哪说不上来 一直在那转悠", "110"),
        # stroke signs
        ("俺爹吃着饭突然半边脸耷拉下来 话也说不清了", "120"),
        # a cry for help typed with homophones
        ("着伙了 就命啊 在中华路", "119"),
    ],
)
def test_an_emergency_of_these_kinds_gets_its_number_first(
    engine: EmbeddedEngine, text: str, first: str
) -> None:
    told = numbers_told(engine.parse(text))
    assert told is not None, text
    assert told[0] == first, (text, told)


@pytest.mark.parametrize(
    "text",
    [
        # locked out: a locksmith
        "钥匙锁屋里了 人在门外进不去 哪里有开锁的",
        # a pet up high
        "俺家的猫爬到树上下不来了 叫了半天",
        # a question about a medicine
        "俺爸血压高 平时吃啥药好",
        # paper burnt by custom
        "清明节有人在楼道里烧纸 烟熏得慌",
        # an emergency line busy
        "打110半天没人接 你们热线给反映反映",
        # a scam told as a tip-off
        "有人挨家挨户推销理财 俺觉得是骗子 想问问怎么举报",
        # a car impounded
        "交警把我的车扣了 都二十天了也不给个说法",
        # nobody directing the traffic
        "学校门口早上没人指挥交通 乱糟糟的",
        # a stove whose gas ran out
        "燃气灶打不着火 是不是家里没气了",
        # an electric box left open
        "配电箱门坏了一直开着 小孩一伸手就能摸到",
        # a fall behind a fixture still unrepaired
        "前天有个老人掉进井里了 就是那个井盖丢了 到现在也没人盖",
        # an elder found again
        "家里老人上个月走失过一回 找回来了 想办个防走失的手环",
        # a dog bite already treated
        "孩子前两天被狗咬了 已经打了狂犬疫苗 想问问狗主人该不该赔",
        # a roof leaking
        "楼顶漏水好几个月了 一下雨屋里就滴水",
        # a branch on a wire sparking when it rains
        "树杈压着电线 一刮风就打火花 能不能找人修剪",
    ],
)
def test_an_ordinary_appeal_of_these_kinds_gets_no_number(
    engine: EmbeddedEngine, text: str
) -> None:
    assert_no_number(engine.parse(text), text)
