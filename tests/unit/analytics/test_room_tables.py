"""Each room owns its tables (issue 10): no casebridge module names a gateway table."""

from __future__ import annotations

from pathlib import Path

import casebridge
import gateway.kb.store  # noqa: F401  (registers the knowledge-base model)
from gateway.db import Base


def test_casebridge_reads_no_gateway_table() -> None:
    names = set(Base.metadata.tables)
    assert "kb_entry_versions" in names
    root = Path(casebridge.__file__).resolve().parent
    offenders = [
        (str(p.relative_to(root)), name)
        for p in root.rglob("*.py")
        for name in names
        if f'"{name}"' in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
