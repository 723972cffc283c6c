"""Router placeholder: filled in by the issue that owns this surface."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
