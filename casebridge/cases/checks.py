"""The checks every action of the case service runs on what it is given (a unit's
lifecycle action after the order's state allowed it, so 409 comes before 422:
:mod:`casebridge.cases.unit_actions`): texts (:func:`clean`: present, not too long,
with words), materials and attachments (:func:`check_materials`: the one link
policy), and the one answer for an order the actor may not see (:func:`order_not_found`).
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError

from casebridge.cases.requests import Material
from casebridge.errors import InvalidInput, NotFound
from casebridge.inputs import has_words, link_url
from casebridge.schemas import ATTACHMENT, ATTACHMENT_KEYS, Attachment


def clean(text: str | None, what: str, *, required: bool = True, limit: int = 5000) -> str | None:
    """``text`` stripped; :class:`InvalidInput` (HTTP 422, nothing changed) when over
    ``limit``, or when required and empty or without words: a reply, reason or report
    of punctuation, whitespace, emoji or emoticon codes alone (``。。。``, ``……``,
    ``[微笑]``) says nothing (:func:`casebridge.inputs.has_words`). An optional note
    is kept as written."""
    t = (text or "").strip()
    if not t:
        if required:
            raise InvalidInput(f"请填写{what}")
        return None
    if len(t) > limit:
        raise InvalidInput(f"{what}过长（最多{limit}字）")
    if required and not has_words(t):
        raise InvalidInput(f"{what}须有文字内容，不能只有标点、空格或表情")
    return t


def order_not_found(number: str) -> NotFound:
    """THE answer for an order the actor may not see, whether it exists or not: one
    404 with one wording (the number as stored: upper case, no spaces), so that a unit
    cannot tell another unit's order from a number never issued (docs/casebridge.md)."""
    return NotFound(f"未找到工单 {number.strip().upper()}")


def check_materials(
    items: Sequence[Attachment | Material] | None, *, required: bool
) -> list[Attachment]:
    """Attachments or supporting materials as stored: each names a url, blob_key, name or
    text (:class:`InvalidInput` otherwise, or when ``required`` and there are none). A
    :class:`Material` body keeps the fields it sent; a mapping, its known keys."""
    out: list[Attachment] = []
    for m in items or ():
        if isinstance(m, Material):
            given = m.model_dump(exclude_none=True)
        else:
            given = {k: v for k, v in m.items() if k in ATTACHMENT_KEYS}
        try:
            out.append(ATTACHMENT.validate_python(given))
        except ValidationError:
            raise InvalidInput("材料格式不正确") from None
    if required and not out:
        raise InvalidInput("请提供相关证明材料")
    for a in out:
        if not (a.get("url") or a.get("blob_key") or a.get("text") or a.get("name")):
            raise InvalidInput("材料须包含 url、blob_key、name 或 text")
        if a.get("url") is not None:
            try:  # the one link policy, whoever calls (API, console, CLI)
                link_url(str(a["url"]))
            except ValueError as exc:
                raise InvalidInput(f"材料 url：{exc}") from None
    return out
