"""Logs never carry phone or ID numbers in clear."""

from __future__ import annotations

import json
import logging

from gateway.logging import JsonFormatter, MaskingTextFormatter


def _format(msg: str, **extra: object) -> dict[str, object]:
    record = logging.LogRecord("t", logging.INFO, __file__, 1, msg, (), None)
    for k, v in extra.items():
        setattr(record, k, v)
    out: dict[str, object] = json.loads(JsonFormatter().format(record))
    return out


def test_message_and_extra_fields_are_masked() -> None:
    line = _format(
        "市民 13812345678 身份证 37170219900101123X 来电",
        detail={"phone": "+86 139-1234-5678", "ids": ["110101199003077777"]},
        landline="0530-5612345",
    )
    text = json.dumps(line, ensure_ascii=False)
    for clear in (
        "13812345678",
        "37170219900101123X",
        "139-1234-5678",
        "110101199003077777",
        "5612345",
    ):
        assert clear not in text
    assert "138****5678" in text
    assert line["level"] == "INFO"


def test_exceptions_are_masked() -> None:
    try:
        raise ValueError("bad phone 13812345678")
    except ValueError:
        import sys

        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "x", (), sys.exc_info())
    assert "13812345678" not in JsonFormatter().format(record)


def test_the_plain_text_formatter_masks_message_arguments_and_exceptions() -> None:
    """Development logs (HOTLINE_LOG_JSON=false) are masked like the JSON lines."""
    try:
        raise ValueError("bad id 37170219900101123X")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "t", logging.ERROR, __file__, 1, "市民 %s 来电", ("13812345678",), sys.exc_info()
        )
    line = MaskingTextFormatter("%(name)s %(message)s").format(record)
    assert "13812345678" not in line
    assert "37170219900101123X" not in line
    assert "138****5678" in line
    assert "ValueError" in line  # the exception itself stays readable


def _line(name: str, msg: str, *args: object) -> str:
    record = logging.LogRecord(name, logging.INFO, __file__, 1, msg, args, None)
    return JsonFormatter().format(record)


def test_no_query_string_in_any_logger_line() -> None:
    token = "vb5c6a35494472da89557.3c1ce37457d7de9b98c1cc2e98912ea4"
    lines = [
        # uvicorn's websocket accept line (uvicorn.error, not the access logger)
        _line(
            "uvicorn.error",
            '%s - "WebSocket %s" [accepted]',
            "127.0.0.1:1",
            f"/chat/ws?token={token}",
        ),
        _line(
            "uvicorn.error", '%s - "WebSocket %s" 403', "127.0.0.1:1", f"/chat/ws?token={token}&x=1"
        ),
        _line(
            "gateway.x", f"connect failed for ws://127.0.0.1:8000/chat/ws?token={token}: refused"
        ),
        _line("gateway.x", f"redirect to '/chat?token%3D{token}'"),
        _line("gateway.x", f"GET /api/x?q=a%20b%20{token} 200"),
        _line("other", f"params ?token={token}"),
        _line(
            "uvicorn.access",
            '%s - "%s %s HTTP/%s" %d',
            "1.2.3.4:5",
            "GET",
            f"/a?t={token}",
            "1.1",
            200,
        ),
    ]
    for line in lines:
        assert token not in line, line
        assert "token=" not in line, line
    assert "/chat/ws" in lines[0]
    assert "[accepted]" in lines[0]
    assert "refused" in lines[2]


def test_question_marks_in_prose_are_kept() -> None:
    assert "是否办结?" in _line("t", "市民问：是否办结? 回复 ok")


def test_ids_in_a_path_are_masked_in_the_access_log() -> None:
    for path in (
        "/open311/v2/requests/幺三九五三零零七七七七.json",
        "/open311/v2/requests/%E5%B9%BA%E4%B8%89%E4%B9%9D%E4%BA%94%E4%B8%89%E9%9B%B6%E9%9B%B6"
        "%E4%B8%83%E4%B8%83%E4%B8%83%E4%B8%83.json",
        "/open311/v2/requests/wx13953007777.json",
    ):
        line = _line(
            "uvicorn.access", '%s - "%s %s HTTP/%s" %d', "1.2.3.4:5", "GET", path, "1.1", 404
        )
        assert "139****7777" in line, line
        assert "五三零零" not in line
        assert "5300" not in line


def test_the_exact_address_and_named_staff_are_masked_in_logs() -> None:
    """trial3 F37: a citizen's words in a log line (the abuse flag's detail) kept the house,
    building, unit and room numbers; logs are masked like public answers."""
    line = _format(
        "conversation outcome",
        action={"detail": "我叫王小明 家住长江路88号3号楼2单元501室 窗口的工作人员李秀英骂人"},
    )
    text = json.dumps(line, ensure_ascii=False)
    for clear in ("88号", "501", "小明", "秀英"):
        assert clear not in text
    assert "长江路" in text
