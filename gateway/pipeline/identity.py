"""The citizen's own identification is not what the matter is about.

「我是王建军，身份证372901…」 in a complaint about a window clerk once sent the order to
the police (政法/户籍证件): the word 身份证 of the self-identification decided the
category. Before the category is read, the spans that only say who the citizen is and how
to reach them are cut out: a self-introduction with the name the NLU found (我是/我叫/本人
…), an ID, phone or contact label followed by its number (身份证号…, 电话…, 手机号…), and
bare phone or ID numbers. Words about a document that is the matter (身份证丢了) stay:
only a label followed by a number is cut. Pure text functions; no personal data is kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from nlu.regate import gated

_DIGITS = r"[0-9*＊\s\-]"
_LABELLED = gated(
    r"(?:我的|本人的?|俺的?)?"
    r"(?:身份证(?:号码|号)?|证件(?:号码|号)?|电话(?:号码|号)?|手机(?:号码|号)?|联系电话|联系方式|"
    r"联系手机|手机号码|微信号?)"
    r"\s*(?:是|为)?\s*[:：]?\s*"
    rf"(?:\+?86)?{_DIGITS}{{5,}}[0-9Xx*]"
)
_BARE = gated(
    r"(?<![0-9])(?:[1-9][0-9]{16}[0-9Xx]|[1-9][0-9]{14}|(?:\+?86[\s\-]?)?1[3-9][0-9](?:[\s\-]?[0-9]){8}"
    r"|0[1-9][0-9]{1,2}-?[2-9][0-9]{6,7})(?![0-9])"
)
_CUE = r"(?:我是|我叫|俺是|俺叫|本人是?|本人叫|我的名字(?:是|叫)|我姓名|姓名|联系人|投诉人|反映人)"
_CUED = re.compile(_CUE)  # no self-introduction, no pattern built for a name (issue 16)


def without_identity(text: str, names: Iterable[str] = ()) -> str | None:
    """``text`` without the citizen's self-identification and contact spans, or None
    when it has none (nothing to cut).

    ``names``: the person names the NLU found in ``text``; each is cut with the
    self-introduction before it (我是王建军), never elsewhere (a named staff member stays).
    Digits are NFKC-folded first, so full-width numbers are cut too. The result may be
    empty: the text only said who the citizen is.
    """
    folded = unicodedata.normalize("NFKC", text)
    out = folded
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        if name in out and _CUED.search(out):  # compiled per name only when it can match
            out = re.sub(rf"{_CUE}\s*[:：]?\s*{re.escape(name)}", "", out)
    out = _LABELLED.sub("", out)
    out = _BARE.sub("", out)
    if out == folded:
        return None
    return re.sub(r"([，,。；;、\s])[，,。；;、\s]+", r"\1", out).strip(" ，,。；;、")
