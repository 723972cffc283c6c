"""Words that are not yet a whole matter (issue 12, trial17): a place alone, a thing alone,
talk about the conversation itself.

* a place word alone (「门口」, 「俺家楼下」, 「村东头」, 「小区门口那块」) says where, not what
  happened: it goes to the place, and the matter is asked for;
* a thing alone (「路灯」, 「井盖」, 「有个坑」, 「那个下水道」) is the matter's subject: given to
  "where?" after a place alone, it joins the matter, never the place;
* a wish to chat (「俺想拉呱拉呱」, 「想跟恁唠唠嗑」), a call for someone there (「有人没」,
  「在不在」) and 「接着说」 / 「还是刚才那个事 没说完」 (the matter under way goes on) are
  about the conversation: answered briefly, never taken down as the matter nor a place.

第十二条 (认真倾听, 一次只问一件事): the citizen is asked for what is missing, one question a
turn. Pure functions of the text (folded, without punctuation: :func:`dialogs.spoken.plain`);
what the intake does with them: :mod:`dialogs.intake_pieces`.
"""

from __future__ import annotations

from nlu.regate import gated

__all__ = ["chatter", "goes_on", "no_place", "place_piece", "thing_piece"]

# who or whose before a place or a thing ("俺家", "俺们村的", "咱小区", "那个")
_OWNER = (
    r"(?:就是|是|在)?(?:那个|这个|那|这)?(?:俺|我|咱|他|她)?(?:们)?(?:家|村|庄|小区|院|楼|单元|厂|"
    r"学校|单位|屯|街|路|胡同|社区)?(?:的)?(?:那个|这个|那|这)?"
)
# a place word: a side of, a spot at, a part of a place
_SPOT = (
    r"(?:门口|门前|大门口|门外|路口|十字路口|路边|路上|道边|街上|街口|楼下|楼上|楼道|楼后|楼前|楼后头|"
    r"院里|院子里|院外|对门|对过|对面|隔壁|后头|前头|后边|前边|后面|前面|旁边|东头|西头|南头|北头|"
    r"东边|西边|南边|北边|村口|村头|村里|庄上|拐角|拐弯|胡同口|桥头|桥下|河边|坑边|地头|"
    r"空地|那块|这块|那片|这片|那边|这边|那里|这里|那儿|这儿)"
)
_TAIL = r"(?:那块|这块|那片|那边|这边|那儿|这儿|那里|这里|那个地方|这个地方)?(?:啊|呀|哈|吧)?"
_PLACE_PIECE = gated(r"^" + _OWNER + r"(?:" + _SPOT + r")+" + _TAIL + r"$")

# things a matter is told about (the subject, nothing of what happened to it)
_THING = (
    r"(?:路灯|灯|红绿灯|信号灯|井盖|窨井盖|下水道|下水井|化粪池|水管子?|自来水|暖气|电线杆?|变压器|"
    r"垃圾|垃圾桶|垃圾箱|树|大树|路|马路|桥|沟|水沟|坑|大坑|窟窿|水坑|广告牌|招牌|电梯|大喇叭|喇叭|"
    r"摊子|小摊|烧烤摊|狗|流浪狗|车|电动车|三轮车|煤气|燃气|天然气|噪音|臭味|油烟|围墙|栏杆|护栏|"
    r"公交|公交车|站牌|健身器材|充电桩|监控|摄像头|墙|房子|厕所|公厕)"
)
# "有个坑", "那个路灯", "俺家门口的下水道": a thing named (its place before it at most)
_THING_PIECE = gated(
    r"^(?:还有|就是)?(?:有|有个|有一个|有两个|有几个|有一?块|有一?处|有一?根|有一?棵)?"
    + _OWNER
    + r"(?:"
    + _SPOT
    + r"的?)?(?:一个|个|那个|这个|那|这|一块|块|一根|根|一棵|棵|一处|处)?(?:大|小|破)?"
    + _THING
    + r"(?:啊|呀|哈|吧)?$"
)

# a wish to chat, nothing to report ("俺想拉呱拉呱", "就想跟恁唠唠嗑", "聊会儿天")
_CHAT = (
    r"拉拉呱|拉呱拉呱|拉呱|拉拉|唠唠嗑|唠嗑|唠唠|唠会儿?|聊聊天|聊天|聊聊|聊会儿?天?|闲聊|说说话|"
    r"说会儿?话|扯扯|扯会儿?|侃侃|侃大山|谝谝|喷喷|喷会儿?"
)
_CHAT_WISH = gated(
    r"^(?:喂|哎|那个|嗯)*(?:[我俺咱]们?)?(?:就|还|也)?(?:想|要|寻思|打算)?(?:来)?"
    r"(?:跟|和|找|给|同)?(?:[你恁您]们?|(?:一?个)?人)?(?:" + _CHAT + r")+(?:一会儿?|会儿?|一下|下)?"
    r"(?:天)?(?:呗|吧|啊|呀|行不|中不|行吗|可以不|可以吗)?$"
)
# a matter announced in a dialect verb of telling, nothing of it yet ("俺想说道说道")
_TELL_WISH = gated(
    r"^(?:[我俺咱]们?)?(?:就|还)?(?:想|要|寻思|得)(?:跟|和|给)?(?:[你恁您]们?)?"
    r"(?:说道说道|说道|掰扯掰扯|掰扯|念叨念叨|念叨|反映反映|说说|讲讲|唠叨唠叨)(?:吧|呗|啊|呀)?$"
)
# a wait, someone asked first ("稍等", "等一下", "我问问俺家人", "我找找单子")
_WAIT = gated(
    r"^(?:好的?|行|嗯)?(?:[你您恁]们?)?(?:先)?(?:等一下|等会儿?|等一会儿?|等等|稍等|稍等一下|等下)"
    r"(?:啊|哈|呀|吧)?(?:[我俺](?:问问|看看|找找|查查)[\u4e00-\u9fff]{0,6})?$|"
    r"^(?:好的?|行|嗯)?[我俺](?:先|得|再)?(?:去)?(?:问问|问一下|打听打听|看看|找找|查查|翻翻)"
    r"(?:俺家人|家里人|家人|俺家里|俺老伴|俺孩子|俺儿子|俺闺女|邻居|单子|本子|手机|门牌|地址|"
    r"在哪|是哪)?(?:啊|哈|吧|再说|再告诉你)?$"
)
# someone there? ("有人没", "有人吗", "在不在", "人呢", "有没有人")
_HERE = gated(
    r"^(?:喂+|哎|你好|您好|恁好)*(?:有人吗|有人没有?|有人不|有人在吗|有人在不|有没有人|有人在没|"
    r"在吗|在不在|在不|在没|人呢|人在吗|还在吗|还在不|有人接吗|"
    r"(?:[你您恁]们?)?(?:忙不忙|忙吗|忙不|有空吗|有空没|有空不|方便吗|方便不))(?:啊|呀|哈|喂)*$"
)
# the matter under way goes on ("接着说", "还是刚才那个事 没说完", "接着刚才说", "刚才没说完")
_BACK = (
    r"(?:还是|就是)?(?:刚才|刚刚|刚|前面|之前|上面|方才)?(?:说的|讲的|的)?(?:那个|这个)?"
    r"(?:事儿?|事情|问题|话)?"
)
_GO_ON = gated(
    r"^(?:(?:[我俺咱]们?)?"
    + _BACK
    + r"(?:[我俺咱]们?)?(?:还)?(?:没说完|没讲完|没说完呢|还没说完|没说完哩)(?:呢|哩)?|"
    + r"(?:[我俺咱]们?)?(?:再)?(?:接着|继续|接茬)(?:刚才|刚刚|前面|上面|方才)?(?:的|那个)?"
    r"(?:事儿?|话)?(?:说|讲|往下说|往下讲)(?:吧|啊|呀|呗|哈)?|"
    + _BACK
    + r"(?:[我俺咱]们?)?(?:接着|继续)(?:说|讲)?)"
    r"(?:[，,\s]*(?:[我俺咱]们?)?(?:接着|继续)(?:说|讲)?)?(?:吧|啊|呀|呗|哈)?$"
)


def place_piece(p: str) -> bool:
    """``p`` is a place word alone ("门口", "俺家楼下", "村东头那块"): where, not what."""
    return 2 <= len(p) <= 12 and _PLACE_PIECE.match(p) is not None


def thing_piece(p: str) -> bool:
    """``p`` names a thing alone ("路灯", "有个坑", "俺家门口的下水道"): nothing of what
    happened to it, and not a place."""
    return 1 <= len(p) <= 14 and _THING_PIECE.match(p) is not None


def goes_on(p: str) -> bool:
    """ "接着说", "还是刚才那个事 没说完": the matter under way goes on (nothing new)."""
    return 2 <= len(p) <= 20 and _GO_ON.match(p) is not None


def chatter(p: str) -> str | None:
    """The wording key that answers talk about the conversation itself, else None:
    ``chatter_chat`` (a wish to chat), ``chatter_here`` (anyone there?), ``chatter_tell``
    (a matter announced in dialect, "俺想说道说道"), ``chatter_wait`` (a wait, someone asked first),
    ``chatter_go_on`` (the matter goes on)."""
    if not p or len(p) > 20:
        return None
    if _CHAT_WISH.match(p) is not None:
        return "chatter_chat"
    if _HERE.match(p) is not None:
        return "chatter_here"
    if _TELL_WISH.match(p) is not None:
        return "chatter_tell"
    if _WAIT.match(p) is not None:
        return "chatter_wait"
    if goes_on(p):
        return "chatter_go_on"
    return None


# no answer to "where?" in any words: a question back ("你是谁", "吃了吗"), laughter, a wait
# ("稍等", "等一下"), someone else asked first ("我问问俺家人")
_NO_PLACE = gated(
    r"^(?:"
    r"(?:[你您恁]们?|这|那)?(?:是)?(?:谁|啥|什么|干啥的|哪位)(?:啊|呀|呢)?|"
    r"[\u4e00-\u9fff]{0,6}(?:吗|么|嘛)|"
    r"(?:吃了|吃饭了|睡了|忙着|干啥呢|在干啥|在干嘛)(?:吗|没|呢)?|"
    r"(?:[哈呵嘿嘻]){2,}|"
    r"(?:你|您|恁)?(?:先)?(?:等一下|等会儿?|等一会儿?|等等|稍等|稍等一下|等下)(?:啊|哈|呀|吧)?|"
    r"[我俺](?:先|得)?(?:去)?(?:问问|问一下|打听打听|看看|找找)[\u4e00-\u9fff]{0,6}"
    r")$"
)


# a thing with nothing about where it is ("路灯", "有个坑", "那个井盖"); "小区门口的公厕" is a place
_BARE_THING = gated(
    r"^(?:有|有个|有一个|那个|这个|就是)?(?:大|小|破)?" + _THING + r"(?:啊|呀|吧)?$"
)


_SITE = gated(r"路(?!灯)|桥|沟|房子|墙|厕所|公厕|公交|站牌|电梯|河")


def no_place(p: str) -> bool:
    """``p`` answers "where?" with no place: talk about the conversation, a question back,
    laughter, a wait, a bare thing ("路灯"), never an address for the unit."""
    if _NO_PLACE.match(p) is not None or chatter(p) is not None:
        return True
    # a site one can stand at ("公厕", "桥", "马路") may be where it is
    return _BARE_THING.match(p) is not None and _SITE.search(p) is None
