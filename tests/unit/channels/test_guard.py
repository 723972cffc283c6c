"""The one guard for provider input (channels/guard.py) and the media URL rules
(channels/fetch.py): every hostile value is a 4xx-class error, never an exception of
another kind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from channels import guard
from channels.errors import PayloadError, VerificationError
from channels.fetch import on_hosts, under_base
from channels.messages import Attachment, AttachmentKind, InboundMessage, Location, MessageKind

LIMITS = guard.InputLimits(max_body_bytes=1024, max_form_fields=5, max_depth=4)


@pytest.mark.parametrize(
    "value", ["9" * 400, "-1", "1.5", "1e3", "", " ", "０１", "0x10", True, None, 10**30]
)
def test_bounded_int_refuses_what_is_not_a_small_integer(value: object) -> None:
    with pytest.raises(PayloadError):
        guard.bounded_int(value, "n", lo=0, hi=10**12)


def test_bounded_int_reads_digits_and_ints() -> None:
    assert guard.bounded_int(" 42 ", "n") == 42
    assert guard.bounded_int(7, "n", hi=10) == 7


@pytest.mark.parametrize("value", ["1e400", "nan", "inf", "-inf", "x", "1" * 40, None, "91"])
def test_finite_float_refuses_overflow_nan_and_range(value: object) -> None:
    with pytest.raises(PayloadError):
        guard.finite_float(value, "lat", lo=-90, hi=90)


@pytest.mark.parametrize("value", ["99999999999999", "-1", "4102444801"])
def test_epoch_outside_1970_2100_is_400(value: str) -> None:
    with pytest.raises(PayloadError):
        guard.epoch(value, "CreateTime")


def test_epoch_reads_provider_seconds() -> None:
    assert guard.epoch("123456789", "CreateTime") == datetime(1973, 11, 29, 21, 33, 9, tzinfo=UTC)


def test_year_9999_is_400_whatever_the_offset() -> None:
    late = datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-8)))
    with pytest.raises(PayloadError):
        guard.in_years(late, "created_at")


@pytest.mark.parametrize("value", [None, "", "9" * 400, "12a", "-5", "１２３"])
def test_signature_time_is_403_when_not_plausible(value: str | None) -> None:
    with pytest.raises(VerificationError):
        guard.signature_time(value)


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000 + b"]" * 100_000, b"[[[[[1]]]]]", b'{"a": NaN}', b"[Infinity]", b"\xff", b"x"],
)
def test_load_json_refuses_deep_nan_and_garbage(body: bytes) -> None:
    with pytest.raises(PayloadError):
        guard.load_json(body, guard.InputLimits(max_body_bytes=10**6, max_depth=4))


@pytest.mark.parametrize(
    "body",
    [
        '<?xml version="1.0" encoding="gbk"?><xml><a>你好</a></xml>'.encode("gbk"),
        b'<?xml version="1.0" encoding="x-nonsense"?><xml/>',
        b"<xml>" + b"<a>" * 10 + b"</a>" * 10 + b"</xml>",
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml>&e;</xml>',
        b"<xml",
    ],
)
def test_load_xml_refuses_foreign_encodings_depth_and_entities(body: bytes) -> None:
    with pytest.raises(PayloadError):
        guard.load_xml(body, LIMITS)


def test_load_xml_reads_utf8() -> None:
    root = guard.load_xml(
        '<?xml version="1.0" encoding="UTF-8"?><xml><a>好</a></xml>'.encode(), LIMITS
    )
    assert root.findtext("a") == "好"


def test_precheck_counts_fields_and_bytes_before_parsing() -> None:
    with pytest.raises(PayloadError) as info:
        guard.precheck(b"a=&b=&c=&d=&e=&f=", LIMITS, form=True)
    assert info.value.status_code == 413
    with pytest.raises(PayloadError) as info:
        guard.precheck(b"x" * 2000, LIMITS)
    assert info.value.status_code == 413
    guard.precheck(b"a=1&b=2", LIMITS, form=True)


def _msg(**kw: object) -> InboundMessage:
    fields: dict[str, object] = {
        "channel": "sms",
        "account": "+8653012345",
        "external_id": "SM1",
        "sender": "+8613800138000",
        "kind": MessageKind.TEXT,
        "text": "路灯\x00坏了\x07\n第二行",
    }
    fields.update(kw)
    return InboundMessage.model_validate(fields)


def test_admit_strips_controls_from_text_and_refuses_them_in_ids() -> None:
    (clean,) = guard.admit([_msg()], LIMITS)
    assert clean.text == "路灯坏了\n第二行"
    for field in ("sender", "account", "external_id"):
        with pytest.raises(PayloadError):
            guard.admit([_msg(**{field: "a\x00b"})], LIMITS)
    with pytest.raises(PayloadError):
        guard.admit([_msg(sender="1" * 401)], LIMITS)


def test_media_url_rules() -> None:
    hosts = frozenset({"mmbiz.qpic.cn"})
    assert on_hosts("http://mmbiz.qpic.cn/a", hosts)
    assert on_hosts("https://x.mmbiz.qpic.cn/a", hosts)
    assert not on_hosts("https://mmbiz.qpic.cn.evil.example/a", hosts)
    assert not on_hosts("http://127.0.0.1:8080/x", hosts)
    base = "http://127.0.0.1:9000/cgi-bin/"
    assert under_base("http://127.0.0.1:9000/cgi-bin/media/get", base)
    assert not under_base("http://127.0.0.1:9000/x", base)
    assert not under_base("http://127.0.0.1:9001/cgi-bin/x", base)
    assert not under_base("http://user@127.0.0.1:9000/cgi-bin/x", base)


def _admitted_by_copy(m: InboundMessage) -> InboundMessage:
    """What ``admit`` answered before it kept unchanged messages: always a cleaned copy."""
    atts = tuple(
        a.model_copy(
            update={
                k: None if getattr(a, k) is None else guard.clean_text(getattr(a, k))
                for k in ("filename", "transcript", "source_id", "source_url", "mime")
            }
        )
        for a in m.attachments
    )
    loc = m.location
    if loc is not None and loc.label is not None:
        loc = loc.model_copy(update={"label": guard.clean_text(loc.label)})
    return m.model_copy(
        update={
            "text": guard.clean_text(m.text),
            "event": None if m.event is None else guard.clean_text(m.event),
            "contact_phone": None if m.contact_phone is None else guard.clean_text(m.contact_phone),
            "attachments": atts,
            "location": loc,
        }
    )


@pytest.mark.parametrize("dirty", ["", "\x07", "\x00\x1b"])
@pytest.mark.parametrize(
    "where", ["text", "event", "contact_phone", "filename", "transcript", "mime", "label"]
)
def test_admit_keeps_a_clean_message_and_cleans_every_field_as_a_copy_would(
    dirty: str, where: str
) -> None:
    att = Attachment(
        kind=AttachmentKind.AUDIO,
        source_id="m1",
        filename="语音" + (dirty if where == "filename" else ""),
        transcript="路灯坏了" + (dirty if where == "transcript" else ""),
        mime="audio/amr" + (dirty if where == "mime" else ""),
    )
    m = InboundMessage(
        channel="wechat",
        external_id="1",
        sender="o1",
        kind=MessageKind.VOICE,
        text="路灯\n坏了" + (dirty if where == "text" else ""),
        event="click:menu" + (dirty if where == "event" else ""),
        contact_phone="13812345678" + (dirty if where == "contact_phone" else ""),
        attachments=(att,),
        location=Location(
            latitude=35.2, longitude=115.4, label="曹县" + (dirty if where == "label" else "")
        ),
    )
    [admitted] = guard.admit([m], guard.DEFAULT_LIMITS)
    assert admitted == _admitted_by_copy(m)
    assert "\x07" not in repr(admitted.model_dump())
    assert "\x00" not in repr(admitted.model_dump())
    assert (admitted is m) == (dirty == "")  # nothing to clean: the message itself
    assert admitted.text.startswith("路灯\n坏了")  # newlines kept
