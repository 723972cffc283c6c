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
