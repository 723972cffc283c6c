"""Compatibility name: the Heze gazetteer moved to :mod:`nlu.address`."""

from __future__ import annotations

from nlu.address import Gazetteer, find_address, locate, parse_address

__all__ = ["Gazetteer", "find_address", "locate", "parse_address"]
