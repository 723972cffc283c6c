"""GeoReport's error form: a list of ``(code, description)``, and the HTTP status.

Specification ("Errors"): HTTP 404 for resources that do not exist, 403 for a wrong or
missing ``api_key``, 400 for any other request that cannot be fulfilled; several errors
may be returned at once (the response is an array).
"""

from __future__ import annotations

from collections.abc import Sequence


class GeoReportError(Exception):
    """One or more GeoReport errors; ``status`` is the HTTP status to answer with."""

    def __init__(self, errors: Sequence[tuple[int, str]], *, fmt: str = "json") -> None:
        if not errors:
            raise ValueError("a GeoReportError needs at least one error")
        super().__init__("; ".join(d for _, d in errors))
        self.errors = list(errors)
        self.fmt = fmt  # json | xml: the format the client asked for

    @property
    def status(self) -> int:
        """403 if any error is about the key, else 404 if any names a missing resource,
        else 400."""
        codes = {code for code, _ in self.errors}
        for status in (403, 404):
            if status in codes:
                return status
        return 400

    @classmethod
    def one(cls, code: int, description: str, fmt: str = "json") -> GeoReportError:
        """A single error."""
        return cls([(code, description)], fmt=fmt)
