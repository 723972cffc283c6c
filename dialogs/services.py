"""A public service wanted for oneself or for a family member (我要办居住证,
想给孩子办户口, 俺想替俺娘申请低保, 我要给老人办张老年卡): a question of how it is done,
answered online first (第十二条), never "where did it happen?". A trouble with it
(派出所不给办, 跑了好几趟) is a matter.
"""

from __future__ import annotations

from dialogs.reading import Reading
from nlu.regate import gated

__all__ = ["service_wanted"]

# the family members a service is done for
_FOR = (
    r"(?:给|替|帮|为)(?:我|俺|咱)?(?:家|们家|家的|家里)?的?"
    r"(?:孩子|小孩|孩儿|儿子|闺女|女儿|妮儿|小子|孙子|孙女|外孙|外孙女|老人|父母|爹娘|爹|娘|"
    r"爸爸|爸|妈妈|妈|老爹|老娘|老伴|老伴儿|媳妇|老婆|老公|丈夫|妻子|对象|爱人|爷爷|奶奶|姥姥|"
    r"姥爷|外公|外婆|公公|婆婆|岳父|岳母|哥哥|哥|姐姐|姐|弟弟|弟|妹妹|妹|家人|家里人|残疾人|"
    r"宝宝|新生儿|二胎|俺家那口子)"
)
_DO = r"(?:去)?(?:办|办理|补办|上|落|报|换|换领|申请|申领|领|开|开具|续|续交|交|迁|转|登记|入)"
_THING = (
    r"(?:一?[个张份本下])?[^，。,\s]{0,6}?"
    r"(?:证|卡|户口|户籍|出生证明|出生医学证明|身份证|执照|公积金|社保|医保|养老|保险|低保|补贴|"
    r"补助|津贴|救助|待遇|证明|护照|驾照|手续|档案|学籍|入学|转学|疫苗|新农合|公租房|廉租房|保障房)"
)
# for oneself too ("我要办居住证", "俺想补办个身份证"): how it is done, not where it happened
_SERVICE = gated(
    r"(?:我|俺|本人|咱)?(?:要|想|想要|打算|准备|需要|得)(?:" + _FOR + ")?" + _DO + _THING
)
# a trouble with the service: the appeal is about how it went, a matter to file
_TROUBLE = gated(
    r"不给|不让|不予|没给|不办|办不了|不受理|拖|卡着|刁难|推诿|踢皮球|跑了|好几趟|好几次|一直|"
    r"还没|至今|到现在|乱收费|收费|要钱|态度|被取消|取消了|停了|扣了|不批|没批"
)


def service_wanted(r: Reading) -> bool:
    """A service wanted for oneself or a family member, no trouble told with it, no place."""
    return (
        _SERVICE.search(r.plain) is not None
        and _TROUBLE.search(r.plain) is None
        and r.place is None
        and r.order_number is None
    )
