"""What the bot asked last, and what a correction names: the terms the readers of one
message's facts (:mod:`dialogs.facts`) are given."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

Expecting = Literal["none", "matter", "place", "since", "contact", "confirm", "amend"]
Target = Literal["place", "phone", "name", "since", "matter"]
Words = Callable[[str], tuple[str, ...]]
