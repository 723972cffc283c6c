"""One "case" per adapter (and mode): how the provider signs a request and what send hits.

The contract suite (test_adapters.py) runs every test over every case. Where an official
library can play the provider it signs the requests: wechatpy's ``WeChatCrypto`` encrypts
safe-mode pushes, twilio's ``RequestValidator`` signs Twilio webhooks.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from wechatpy.crypto import WeChatCrypto

from channels.base import ChannelAdapter, RawRequest
from channels.messages import OutboundMessage

TOKEN = "hotline-token"
APP_ID = "wx1234567890abcdef"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
PUBLIC = "https://hotline.example.gov.cn"


@dataclass
class Case:
    """How to drive one adapter as its provider would."""

    id: str
    build: Callable[[str], ChannelAdapter]  # provider base URL -> adapter
    text_request: Callable[[str, str], RawRequest]  # (text, message id) -> signed request
    forge: Callable[[RawRequest], RawRequest]  # a signed request -> one with a bad signature
    strip_signature: Callable[[RawRequest], RawRequest]
    signed_body: Callable[[bytes], RawRequest] | None  # arbitrary body, genuinely signed
    recipient: str
    send_suffix: str
    media_request: Callable[[str], RawRequest] | None = None  # provider base URL -> request
    media_suffix: str = ""
    one_message_per_reply: bool = False  # SMS: a long reply is shortened, never split
    # (text, message id, sender) -> a signed request from that citizen
    from_sender: Callable[[str, str, str], RawRequest] | None = None


def _now() -> str:
    return str(int(time.time()))


def _sha1(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


# -- WeChat, plain and safe mode --------------------------------------------------------
def wechat_build(base: str, *, aes: bool = False) -> ChannelAdapter:
    from channels.wechat import WeChatAdapter, WeChatSettings

    settings = WeChatSettings(
        token=TOKEN,
        app_id=APP_ID,
        app_secret="secret",
        aes_key=AES_KEY if aes else None,
        api_base_url=base + "/cgi-bin/",
        http_timeout_seconds=0.5,
    )
    return WeChatAdapter(settings)


def wechat_xml(msg_type: str, body: str, msg_id: str, sender: str = "oCitizen1") -> str:
    return (
        f"<xml><ToUserName><![CDATA[gh_12345]]></ToUserName>"
        f"<FromUserName><![CDATA[{sender}]]></FromUserName>"
        f"<CreateTime>{_now()}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>"
        f"{body}<MsgId>{msg_id}</MsgId></xml>"
    )


def _nonce() -> str:
    """A fresh nonce, as the providers send (each (timestamp, nonce) serves one body)."""
    return str(secrets.randbelow(10**9))


def wechat_plain_request(xml: bytes, *, nonce: str | None = None) -> RawRequest:
    ts = _now()
    nonce = nonce or _nonce()
    query = {"signature": _sha1(TOKEN, ts, nonce), "timestamp": ts, "nonce": nonce, "openid": "o"}
    return RawRequest("POST", f"{PUBLIC}/webhooks/wechat?{urlencode(query)}", {}, query, xml)


def wechat_aes_request(xml: bytes, *, nonce: str | None = None, app_id: str = APP_ID) -> RawRequest:
    ts = _now()
    nonce = nonce or _nonce()
    crypto = WeChatCrypto(TOKEN, AES_KEY, app_id)
    envelope = crypto.encrypt_message(xml, nonce, ts)
    # encrypt_message renders a reply envelope; a push carries Encrypt and ToUserName
    import defusedxml.ElementTree as ET

    root = ET.fromstring(envelope)
    encrypt = root.findtext("Encrypt") or ""
    signature = root.findtext("MsgSignature") or ""
    body = (
        "<xml><ToUserName><![CDATA[gh_12345]]></ToUserName>"
        f"<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
    )
    query = {
        "signature": _sha1(TOKEN, ts, nonce),
        "timestamp": ts,
        "nonce": nonce,
        "openid": "oCitizen1",
        "encrypt_type": "aes",
        "msg_signature": signature,
    }
    return RawRequest(
        "POST", f"{PUBLIC}/webhooks/wechat?{urlencode(query)}", {}, query, body.encode()
    )


def _replace_query(req: RawRequest, **changes: str | None) -> RawRequest:
    query = dict(req.query)
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return RawRequest(req.method, req.url, req.headers, query, req.body)


def _flip(sig: str) -> str:
    if not sig:
        return "x"
    return sig[:-1] + ("0" if sig[-1] != "0" else "1")


def _wechat_text(text: str, msg_id: str, aes: bool, sender: str = "oCitizen1") -> RawRequest:
    xml = wechat_xml("text", f"<Content><![CDATA[{text}]]></Content>", msg_id, sender).encode()
    return wechat_aes_request(xml) if aes else wechat_plain_request(xml)


def _wechat_image(aes: bool) -> RawRequest:
    xml = wechat_xml(
        "image",
        "<PicUrl><![CDATA[http://x/p.jpg]]></PicUrl><MediaId><![CDATA[M1]]></MediaId>",
        "77",
    ).encode()
    return wechat_aes_request(xml) if aes else wechat_plain_request(xml)


def _wechat_case(aes: bool) -> Case:
    sig = "msg_signature" if aes else "signature"
    return Case(
        id="wechat-aes" if aes else "wechat",
        build=lambda base: wechat_build(base, aes=aes),
        text_request=lambda text, mid: _wechat_text(text, mid, aes),
        forge=lambda r: _replace_query(r, **{sig: _flip(r.query[sig])}),
        strip_signature=lambda r: _replace_query(r, **{sig: None}),
        signed_body=(lambda b: wechat_aes_request(b))
        if aes
        else (lambda b: wechat_plain_request(b)),
        recipient="oCitizen1",
        send_suffix="/message/custom/send",
        media_request=lambda base: _wechat_image(aes),
        media_suffix="/media/get",
        from_sender=lambda text, mid, who: _wechat_text(text, mid, aes, who),
    )


# -- Twilio SMS/MMS -----------------------------------------------------------------------
TWILIO_SID = "AC0123456789abcdef0123456789abcdef"
TWILIO_TOKEN = "twilio-auth-token"
CITIZEN_PHONE = "+8613800138000"
OUR_NUMBER = "+8653012345"


def twilio_settings(base: str) -> dict[str, Any]:
    return {
        "account_sid": TWILIO_SID,
        "auth_token": TWILIO_TOKEN,
        "api_base_url": base + "/",
        "from_number": OUR_NUMBER,
        "http_timeout_seconds": 0.5,
    }


def sms_build(base: str) -> ChannelAdapter:
    from channels.sms import SmsAdapter, TwilioSettings

    return SmsAdapter(TwilioSettings(**twilio_settings(base)))


def twilio_signed(path: str, pairs: list[tuple[str, str]], *, query: str = "") -> RawRequest:
    """A form POST signed the way Twilio signs it, with twilio's RequestValidator."""
    from twilio.request_validator import RequestValidator

    url = f"{PUBLIC}{path}" + (f"?{query}" if query else "")
    params: dict[str, str] = dict(pairs)
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
    body = urlencode(pairs).encode()
    headers = {"x-twilio-signature": signature, "content-type": "application/x-www-form-urlencoded"}
    from urllib.parse import parse_qsl

    return RawRequest("POST", url, headers, dict(parse_qsl(query)), body)


def sms_pairs(
    text: str, sid: str, media: list[tuple[str, str]] | None = None
) -> list[tuple[str, str]]:
    pairs = [
        ("ToCountry", "CN"),
        ("SmsMessageSid", "SM" + sid),
        ("NumMedia", str(len(media or []))),
        ("SmsSid", "SM" + sid),
        ("Body", text),
        ("To", OUR_NUMBER),
        ("NumSegments", "1"),
        ("MessageSid", "SM" + sid),
        ("AccountSid", TWILIO_SID),
        ("From", CITIZEN_PHONE),
        ("ApiVersion", "2010-04-01"),
    ]
    for i, (url, mime) in enumerate(media or []):
        pairs += [(f"MediaUrl{i}", url), (f"MediaContentType{i}", mime)]
    return pairs


def _sms_body(body: bytes) -> RawRequest:
    from urllib.parse import parse_qsl

    from twilio.request_validator import RequestValidator

    url = f"{PUBLIC}/webhooks/sms"
    params = dict(parse_qsl(body.decode("utf-8", errors="replace")))
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
    return RawRequest("POST", url, {"x-twilio-signature": signature}, {}, body)


def _header_change(req: RawRequest, name: str, value: str | None) -> RawRequest:
    headers = dict(req.headers)
    if value is None:
        headers.pop(name, None)
    else:
        headers[name] = value
    return RawRequest(req.method, req.url, headers, req.query, req.body)


SMS_CASE = Case(
    id="sms",
    build=sms_build,
    text_request=lambda text, mid: twilio_signed("/webhooks/sms", sms_pairs(text, mid)),
    forge=lambda r: _header_change(
        r, "x-twilio-signature", "AAAA" + r.headers["x-twilio-signature"][4:]
    ),
    strip_signature=lambda r: _header_change(r, "x-twilio-signature", None),
    signed_body=_sms_body,
    recipient=CITIZEN_PHONE,
    send_suffix="/Messages.json",
    media_request=lambda base: twilio_signed(
        "/webhooks/sms",
        sms_pairs(
            "照片",
            "MM1",
            [(f"{base}/2010-04-01/Accounts/{TWILIO_SID}/Messages/MM1/Media/one.jpg", "image/jpeg")],
        ),
    ),
    media_suffix="/Media/one.jpg",
    one_message_per_reply=True,
    from_sender=lambda text, mid, who: twilio_signed(
        "/webhooks/sms", [(k, who if k == "From" else v) for k, v in sms_pairs(text, mid)]
    ),
)

# -- Telegram ----------------------------------------------------------------------------
TG_TOKEN = "123456:ABC-test-token"
TG_SECRET = "tg-webhook-secret_1"
TG_CHAT = 4242


def telegram_build(base: str) -> ChannelAdapter:
    from channels.telegram import TelegramAdapter, TelegramSettings

    return TelegramAdapter(
        TelegramSettings(
            bot_token=TG_TOKEN, secret=TG_SECRET, api_base_url=base + "/", http_timeout_seconds=0.5
        )
    )


def telegram_update(update_id: int, chat: int = TG_CHAT, **message: Any) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private"},
            "from": {"id": chat, "is_bot": False, "first_name": "市民"},
            **message,
        },
    }


def telegram_request(body: bytes, secret: str | None = TG_SECRET) -> RawRequest:
    headers = {"content-type": "application/json"}
    if secret is not None:
        headers["x-telegram-bot-api-secret-token"] = secret
    return RawRequest("POST", f"{PUBLIC}/webhooks/telegram", headers, {}, body)


TELEGRAM_CASE = Case(
    id="telegram",
    build=telegram_build,
    text_request=lambda text, mid: telegram_request(as_json(telegram_update(int(mid), text=text))),
    forge=lambda r: _header_change(r, "x-telegram-bot-api-secret-token", "wrong-secret"),
    strip_signature=lambda r: _header_change(r, "x-telegram-bot-api-secret-token", None),
    signed_body=telegram_request,
    recipient=str(TG_CHAT),
    send_suffix="/sendMessage",
    media_request=lambda base: telegram_request(
        as_json(
            telegram_update(
                9001, photo=[{"file_id": "PH1", "file_unique_id": "u1", "width": 90, "height": 90}]
            )
        )
    ),
    media_suffix="/photos/file_1.jpg",
    from_sender=lambda text, mid, who: telegram_request(
        as_json(telegram_update(int(mid), int(who), text=text))
    ),
)

# -- Weibo -------------------------------------------------------------------------------
WEIBO_SECRET = "weibo-app-secret"
WEIBO_UID = "2489518277"


def weibo_build(base: str) -> ChannelAdapter:
    from channels.weibo import WeiboAdapter, WeiboSettings

    return WeiboAdapter(
        WeiboSettings(
            app_secret=WEIBO_SECRET,
            access_token="weibo-access",
            api_base_url=base + "/2/",
            upload_base_url=base + "/upload/2/",
            http_timeout_seconds=0.5,
        )
    )


def weibo_created_at(offset: int = 0) -> str:
    from datetime import datetime, timedelta, timezone

    t = datetime.now(timezone(timedelta(hours=8))) - timedelta(seconds=offset)
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return f"{days[t.weekday()]} {months[t.month - 1]} {t.day:02d} {t:%H:%M:%S} +0800 {t.year}"


def weibo_push(
    kind: str, text: str, data: dict[str, Any], offset: int = 0, sender: str = WEIBO_UID
) -> dict[str, Any]:
    return {
        "type": kind,
        "receiver_id": 1902538057,
        "sender_id": int(sender),
        "created_at": weibo_created_at(offset),
        "text": text,
        "data": data,
    }


def weibo_request(
    body: bytes, *, method: str = "POST", extra: dict[str, str] | None = None
) -> RawRequest:
    ts = str(int(time.time() * 1000))
    nonce = _nonce()
    query = {
        "signature": _sha1(WEIBO_SECRET, ts, nonce),
        "timestamp": ts,
        "nonce": nonce,
        **(extra or {}),
    }
    return RawRequest(method, f"{PUBLIC}/webhooks/weibo?{urlencode(query)}", {}, query, body)


WEIBO_CASE = Case(
    id="weibo",
    build=weibo_build,
    text_request=lambda text, mid: weibo_request(as_json(weibo_push("text", text, {}, int(mid)))),
    forge=lambda r: _replace_query(r, signature=_flip(r.query["signature"])),
    strip_signature=lambda r: _replace_query(r, signature=None),
    signed_body=weibo_request,
    recipient=WEIBO_UID,
    send_suffix="/messages/reply.json",
    media_request=lambda base: weibo_request(
        as_json(weibo_push("image", "发了一张图片", {"vfid": 821804459, "tovfid": 821804469}))
    ),
    media_suffix="/mss/msget",
    from_sender=lambda text, mid, who: weibo_request(
        as_json(weibo_push("text", text, {}, int(mid), who))
    ),
)

# -- Twilio voice ----------------------------------------------------------------------------
CALL_SID = "CA0123456789abcdef0123456789abcdef"


def voice_build(base: str) -> ChannelAdapter:
    from channels.voice import VoiceAdapter, VoiceSettings

    return VoiceAdapter(VoiceSettings(**twilio_settings(base)))


def voice_pairs(**fields: str) -> list[tuple[str, str]]:
    return [
        ("AccountSid", TWILIO_SID),
        ("CallSid", CALL_SID),
        ("From", CITIZEN_PHONE),
        ("To", OUR_NUMBER),
        ("CallStatus", "in-progress"),
        ("Direction", "inbound"),
        ("ApiVersion", "2010-04-01"),
        *fields.items(),
    ]


def voice_signed(
    sub: str, step: int | None = None, caller: str = CITIZEN_PHONE, **fields: str
) -> RawRequest:
    path = "/webhooks/voice" + (f"/{sub}" if sub else "")
    pairs = [(k, caller if k == "From" else v) for k, v in voice_pairs(**fields)]
    return twilio_signed(path, pairs, query=f"step={step}" if step is not None else "")


def _voice_body(body: bytes) -> RawRequest:
    from urllib.parse import parse_qsl

    from twilio.request_validator import RequestValidator

    url = f"{PUBLIC}/webhooks/voice/gather"
    params = dict(parse_qsl(body.decode("utf-8", errors="replace")))
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
    return RawRequest("POST", url, {"x-twilio-signature": signature}, {}, body)


VOICE_CASE = Case(
    id="voice",
    build=voice_build,
    text_request=lambda text, mid: voice_signed(
        "gather", int(mid) % 1000, SpeechResult=text, Confidence="0.87"
    ),
    forge=lambda r: _header_change(
        r, "x-twilio-signature", "AAAA" + r.headers["x-twilio-signature"][4:]
    ),
    strip_signature=lambda r: _header_change(r, "x-twilio-signature", None),
    signed_body=_voice_body,
    recipient=CITIZEN_PHONE,
    send_suffix="/Messages.json",
    media_request=lambda base: voice_signed(
        "recording",
        1,
        RecordingUrl=f"{base}/2010-04-01/Accounts/{TWILIO_SID}/Recordings/RE1",
        RecordingSid="RE1",
        RecordingDuration="12",
    ),
    media_suffix="/Recordings/RE1",
    one_message_per_reply=True,  # later answers go by SMS
    from_sender=lambda text, mid, who: voice_signed(
        "gather", int(mid) % 1000, who, SpeechResult=text, Confidence="0.87"
    ),
)

CASES: list[Case] = [
    VOICE_CASE,
    _wechat_case(False),
    _wechat_case(True),
    SMS_CASE,
    TELEGRAM_CASE,
    WEIBO_CASE,
]


def outbound_for(case: Case, text: str = "您好，已收到您的诉求。") -> OutboundMessage:
    name = case.id.split("-")[0]
    return OutboundMessage(channel=name, recipient=case.recipient, text=text, idempotency_key="k1")


def as_json(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode()
