"""Third-party loggers never write personal data: twilio's HTTP client logs request
bodies (the citizen's number and text) at INFO, httpx the URL with its query; they are
held at WARNING whatever the root level."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from gateway.logging import THIRD_PARTY, configure_logging


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    before = (root.level, list(root.handlers))
    levels = {n: logging.getLogger(n).level for n in THIRD_PARTY}
    stream = io.StringIO()
    configure_logging("DEBUG")
    handler = next(h for h in root.handlers if getattr(h, "_hotline", False))
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    yield stream
    root.removeHandler(handler)
    root.setLevel(before[0])
    for n, level in levels.items():
        logging.getLogger(n).setLevel(level)


@pytest.mark.parametrize(
    "name", ["twilio.http_client", "twilio.async_http_client", "httpx", "httpx2", "httpcore"]
)
def test_library_info_lines_are_not_written_even_at_debug(captured: io.StringIO, name: str) -> None:
    logger = logging.getLogger(name)
    logger.info("POST Request: https://api.twilio.com/Messages.json To=+8613953001234")
    logger.debug("Body=我叫张三丰 电话13953001234")
    assert captured.getvalue() == ""
    assert not logger.isEnabledFor(logging.INFO)


def test_their_warnings_still_pass_the_mask(captured: io.StringIO) -> None:
    logging.getLogger("twilio.http_client").warning("retrying To=+86 139 5300 1234")
    line = captured.getvalue()
    assert "retrying" in line
    assert "5300" not in line


def test_our_own_info_lines_still_go_out(captured: io.StringIO) -> None:
    logging.getLogger("hotline.webhooks").info("accepted")
    assert "accepted" in captured.getvalue()
