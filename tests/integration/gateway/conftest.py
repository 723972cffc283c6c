"""The whole gateway on a fresh PostgreSQL database, with unit, centre and agent
credentials: what the API fuzzing and the hostile-request tests run against."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI

from casebridge.keys import demo_centre_key, demo_unit_key
from config.settings import Settings
from gateway.app import create_app
from tests.conftest import POSTGRES_URL, require_service

SECRET = "fuzz-secret-key-0123456789"
ADMIN_PASSWORD = "fuzz-admin-password"
UNIT = "CX-ZJ"


@dataclass(frozen=True)
class Credentials:
    """Who calls which part of the API."""

    unit: dict[str, str]
    centre: dict[str, str]

    def headers_for(self, path: str) -> dict[str, str]:
        """The unit's key on unit and knowledge routes, the centre's elsewhere."""
        if path.startswith(("/api/units", "/api/knowledge")):
            return dict(self.unit)
        return dict(self.centre)


CREDENTIALS = Credentials(
    unit={"Authorization": f"Bearer {demo_unit_key(SECRET, UNIT)}"},
    centre={"X-Centre-Key": demo_centre_key(SECRET)},
)


def api_settings(var_dir: Path, database_url: str) -> Settings:
    return Settings(
        var_dir=var_dir,
        database_url=database_url,
        secret_key=SECRET,
        admin_password=ADMIN_PASSWORD,
        rate_limit_per_minute=100_000,
        log_json=True,
    )


@pytest.fixture(scope="module")
def pg_database() -> Iterator[str]:
    """A PostgreSQL database for the module, dropped afterwards."""
    require_service(POSTGRES_URL, "PostgreSQL")
    import psycopg

    name = f"hotline_api_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def api_app(pg_database: str, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    """The gateway app (its lifespan is started by whoever calls it)."""
    return create_app(api_settings(tmp_path_factory.mktemp("api"), pg_database))
