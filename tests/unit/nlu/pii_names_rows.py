"""The evaluation table of names read from the words around them in public text
(trial10 N04): sentences naming a person with no cue word (叫/是/a role word), in varied
positions, and sentences with look-alikes (Heze places with a surname character, public
figures, ordinary words that open with a surname character) that name no one.

Scored by :func:`score` (recall over the names, precision over every masked run);
``bench/pii_names_eval.py`` prints the figures, ``test_pii_names_table.py`` holds floors.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from nlu.pii_names import COMPOUND_SURNAMES

#: (sentence, the names in it). Each name is masked to its surname and ``*`` per given
#: character.
NAMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # after where the person lives (俺们村, 俺庄上, 隔壁, 楼上, 对门, 同村的)
    ("俺们村孙二柱天天往沟里倒剩饭", ("孙二柱",)),
    ("俺们村的郭老四把村里的路给占了", ("郭老四",)),
    ("俺庄上魏老三天天在路边烧树叶", ("魏老三",)),
    ("咱村焦红旗把机井给锁了 浇不了地", ("焦红旗",)),
    ("俺村的董老六天天在河边电鱼", ("董老六",)),
    ("同村的贺金锁把俺家的地占了一半", ("贺金锁",)),
    ("隔壁柳青山家的鸡天天跑到俺院里", ("柳青山",)),
    ("对门杨柳青家的车天天堵着俺家门口", ("杨柳青",)),
    ("楼上龚秀芝天天半夜拖凳子", ("龚秀芝",)),
    ("楼下贾大海家的空调管子往俺窗户上滴水", ("贾大海",)),
    ("对门石玉凤家养了十几只鸽子", ("石玉凤",)),
    ("隔壁单元的姚红霞天天在楼道里堆纸箱子", ("姚红霞",)),
    ("楼上的严志强装修也不打声招呼", ("严志强",)),
    ("对门马玉莲家装修砸墙 震得俺家墙裂了", ("马玉莲",)),
    ("隔壁白雪梅家门口堆满了杂物", ("白雪梅",)),
    ("隔壁周小燕家孩子天天半夜哭", ("周小燕",)),
    # after whom the citizen told or whose staff (物业的, 村委会的, 居委会的)
    ("跟村委会的鲁长江说了也不管", ("鲁长江",)),
    ("找过居委会的汤桂英好几回了", ("汤桂英",)),
    ("物业的程建国说下个礼拜来修", ("程建国",)),
    ("俺们组的殷长贵把排水沟填了", ("殷长贵",)),
    ("俺们胡同的詹玉林天天往下水道里倒油", ("詹玉林",)),
    ("我们院的林志勇天天喝醉了骂人", ("林志勇",)),
    ("村西头的雷长海在路边盖猪圈", ("雷长海",)),
    ("邻村的方振华把渣土倒在俺地里了", ("方振华",)),
    # who the citizen is, the spouse
    ("俺是后街的庞秀云 下水道堵了好几天", ("庞秀云",)),
    ("俺家那口子孟繁军天天不着家", ("孟繁军",)),
    # before 家, 反映, 说, 天天, 欠 (the text's start, after a space or punctuation)
    ("常玉兰反映的那个路灯到现在还没修", ("常玉兰",)),
    ("高建军说这事归城管管", ("高建军",)),
    ("路口的垃圾堆 田秀梅反映过好几次了", ("田秀梅",)),
    ("韩大壮天天把三轮车停在楼道口", ("韩大壮",)),
    ("张桂香天天在小区门口摆摊卖菜", ("张桂香",)),
    ("上个月，熊大勇家翻盖房子占了路", ("熊大勇",)),
    ("钱广发欠俺工钱三年了", ("钱广发",)),
    ("曾凡海天天开着拖拉机半夜过", ("曾凡海",)),
    ("金凤英天天在楼道里烧香", ("金凤英",)),
    ("莫德华家的狗见人就咬", ("莫德华",)),
    # lists
    ("村里的霍长林、谢桂荣两家为地边子吵架", ("霍长林", "谢桂荣")),
    ("吕春燕和宁海涛两家共用一堵墙", ("吕春燕", "宁海涛")),
    ("齐秀兰、葛长顺、陶金凤三家都不交物业费", ("齐秀兰", "葛长顺", "陶金凤")),
    # two-character names
    ("隔壁苏强家天天放鞭炮", ("苏强",)),
    ("楼上邵敏装修到半夜", ("邵敏",)),
    ("俺们村武刚天天开着三轮车拉土", ("武刚",)),
)

#: Sentences that name no one: Heze places with a surname character (config/data/units.yaml),
#: public figures, words that open with a surname character, a person context with no name.
LOOKALIKES: tuple[str, ...] = (
    # Heze townships and street offices
    "王浩屯镇的路灯坏了好几天了",
    "马岭岗镇到市里的公交车太少",
    "孙老家镇天天停电",
    "俺是岳程街道的 路灯不亮",
    "何楼街道说是要拆迁",
    "朱洪庙乡的学校没有暖气",
    "安才楼镇的麦子被水淹了",
    "梁堤头镇说要修路",
    "常乐集镇天天有人烧秸秆",
    "郑庄街道反映的问题没人管",
    "俺们村宋集家家户户都停水了",
    "隔壁王庄天天放炮",
    "对门张楼村的人把路堵了",
    "吴店镇说好的补贴还没发",
    # public figures
    "就像马克思说的 劳动最光荣",
    "孔子说三人行必有我师",
    "鲁迅说过 世上本没有路",
    "曹操说曹操到",
    "诸葛亮说过 谋事在人",
    "雷锋家喻户晓 可这事没人管",
    # ordinary words that open with a surname character
    "马上说好的事又变卦了",
    "黄河天天涨水 堤坝不牢",
    "白天说好的事 晚上就变了",
    "常年反映没人管",
    "周末天天有人在广场跳舞到半夜",
    "于是说好了明天来修",
    "黄瓜天天涨价",
    "房价说涨就涨",
    "林业站说不归他们管",
    "连续说了好几回了",
    "关注说明了问题",
    "苗木家家户户都种",
    "石榴家家都有 卖不出去",
    "夏天天天停电 热得受不了",
    "任意说改就改",
    "申请说批不下来",
    "解释说没钱修",
    "高兴说明不了问题",
    "钟表天天慢十分钟",
    # a person context with no name after it
    "隔壁商店天天放音乐",
    "楼上邻居天天装修",
    "对门的老两口天天吵架",
    "隔壁那家天天半夜唱歌",
    "楼下超市天天卸货",
    "隔壁杨树林里天天有人倒垃圾",
    "楼下柳树天天掉絮",
    "俺们村杨树长虫了",
    "楼上高压线天天嗡嗡响",
    "俺村马路天天有人占道摆摊",
    "隔壁江边天天有人钓鱼",
)


def expected(text: str, names: tuple[str, ...]) -> str:
    """``text`` with each name's given characters masked, the surname kept."""
    for name in names:
        surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
        text = text.replace(name, surname + "*" * (len(name) - len(surname)))
    return text


@dataclass(frozen=True)
class Score:
    """Names found (all given characters masked), names in the table, masked runs
    that are no name's given characters."""

    found: int
    names: int
    false: int

    @property
    def recall(self) -> float:
        return self.found / self.names if self.names else 1.0

    @property
    def precision(self) -> float:
        return self.found / (self.found + self.false) if self.found + self.false else 1.0


_RUN_RE = re.compile(r"\*+")


def score(mask: Callable[[str], str]) -> Score:
    """The table scored with ``mask`` (a public text's masking)."""
    found = total = false = 0
    rows = [(t, n) for t, n in NAMES] + [(t, ()) for t in LOOKALIKES]
    for text, names in rows:
        out = mask(text)
        want = expected(text, names)
        total += len(names)
        for name in names:
            surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
            at = want.find(surname + "*" * (len(name) - len(surname)))
            found += out[at : at + len(name)] == want[at : at + len(name)]
        for run in _RUN_RE.finditer(out):
            false += "*" not in want[run.start() : run.end()]
    return Score(found, total, false)
