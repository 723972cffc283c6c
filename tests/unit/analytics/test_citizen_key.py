"""Who counts as "the same citizen" (诉求人) for supervision and analytics (第二十二条(三))."""

import hashlib

from casebridge.analytics.load import citizen_key
from casebridge.intake import ANONYMOUS_SENDER


def test_no_identity_gives_no_key() -> None:
    assert citizen_key("open311", ANONYMOUS_SENDER) is None
    assert citizen_key("open311", "") is None
    assert citizen_key("web", None) is None
    # the form Open311 stored for anonymous requests before ANONYMOUS_SENDER
    old = "open311:" + hashlib.sha256(b"anonymous").hexdigest()[:24]
    assert citizen_key("open311", old) is None


def test_a_channel_sender_identifies() -> None:
    a = citizen_key("wechat", "openid-x")
    assert a is not None
    assert a == citizen_key("wechat", "openid-x")
    assert citizen_key("wechat", "openid-y") != a
    assert citizen_key("sms", "openid-x") != a
    assert citizen_key("open311", "open311:abc") != citizen_key("open311", "open311:abd")
