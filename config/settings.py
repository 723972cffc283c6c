"""Gateway settings from ``HOTLINE_*`` environment variables (and a ``.env`` file).

Channel-specific variables (``HOTLINE_WECHAT_TOKEN`` ...) are read by each channel's own
settings class in ``channels/<name>/``, so that adding a channel is adding one folder.
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET_KEY = "dev-insecure-secret-key-change-me"  # noqa: S105 - the known default
DEFAULT_ADMIN_PASSWORD = "hotline12345"  # noqa: S105 - the demo password; production refuses it
DATA_DIR = Path(__file__).resolve().parent / "data"
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message names the environment variable."""


def proxy_addresses(value: str) -> str:
    """``HOTLINE_FORWARDED_ALLOW_IPS`` / ``--forwarded-allow-ips`` checked and normalised:
    IP addresses or CIDR networks, comma separated (``*``, every peer, only on a private
    network). :class:`ValueError` naming the item otherwise."""
    items = [item.strip() for item in value.split(",") if item.strip()]
    for item in items:
        if item == "*":
            continue
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise ValueError(
                f"{item!r} is not an IP address or CIDR network: list the reverse "
                "proxy's own address, e.g. 127.0.0.1 or 172.28.0.10"
            ) from None
    return ",".join(items)


class Settings(BaseSettings):
    """Every gateway-wide setting. Field ``foo`` is read from ``HOTLINE_FOO``."""

    model_config = SettingsConfigDict(
        env_prefix="HOTLINE_", env_file=".env", extra="ignore", validate_default=True
    )

    env: Literal["development", "test", "production"] = "development"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)  # gateway processes of `hotline serve`
    public_base_url: str = "http://127.0.0.1:8000"
    var_dir: Path = Path("var")
    database_url: str = ""  # empty: a SQLite file under var_dir
    # PostgreSQL connection pool of each process (SQLite uses one file, no pool)
    db_pool_size: int = Field(default=10, ge=1, le=1000)
    db_max_overflow: int = Field(default=20, ge=0, le=1000)
    # seconds a transaction waits for a pooled connection before it fails
    db_pool_timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    # citizen messages worked on at once per process; the rest wait in arrival order
    pipeline_concurrency: int = Field(default=64, ge=1, le=10000)
    redis_url: str | None = None
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET_KEY)
    admin_password: SecretStr = SecretStr(DEFAULT_ADMIN_PASSWORD)

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool = True

    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_upload_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    session_ttl_seconds: int = Field(default=3600, ge=60)
    dedup_ttl_seconds: int = Field(default=2 * 24 * 3600, ge=60)
    rate_limit_per_minute: int = Field(default=30, ge=1)
    # the Heze demo configuration: units, catalogue and wording under config/data
    centre_config_dir: Path = DATA_DIR

    nlu_backend: Literal["embedded", "rasa"] = "embedded"
    nlu_model_dir: Path | None = None  # default: var_dir/nlu (trained there at first start)
    rasa_url: str | None = None
    worker_in_process: bool = True
    # hosts, addresses or CIDR networks (comma separated) that units' webhook endpoints
    # may use although not public https, e.g. "127.0.0.1,localhost" for local tests
    webhook_allow_hosts: str = ""
    # addresses or CIDR networks (comma separated) of the reverse proxies whose
    # X-Forwarded-For / X-Forwarded-Proto name the client (`hotline serve`; docs/deploy.md);
    # empty: none, the peer of the connection is the client. Only the proxy's own address.
    forwarded_allow_ips: str = ""

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _forwarded_allow_ips_form(cls, value: str) -> str:
        return proxy_addresses(value)

    @field_validator("database_url")
    @classmethod
    def _database_url_form(cls, value: str) -> str:
        # a bare path would reach SQLAlchemy as an unparsable URL; say what is expected
        value = value.strip()
        if value and not _URL_SCHEME.match(value):
            raise ValueError(
                "expected a database URL, not a file path: sqlite:////absolute/path/hotline.db "
                "(sqlite:///relative/path.db) or postgresql://user:password@host:5432/dbname; "
                "leave it empty for var/hotline.db"
            )
        return value

    @model_validator(mode="after")
    def _production_guards(self) -> Settings:
        if self.env == "production":
            bad = []
            if self.secret_key.get_secret_value() == DEFAULT_SECRET_KEY:
                bad.append("HOTLINE_SECRET_KEY")
            if self.admin_password.get_secret_value() == DEFAULT_ADMIN_PASSWORD:
                bad.append("HOTLINE_ADMIN_PASSWORD")
            if bad:
                raise ValueError(
                    "production mode refuses the default secrets; set " + ", ".join(bad)
                )
        return self

    @property
    def effective_database_url(self) -> str:
        """The SQLAlchemy URL, defaulting to a SQLite file in ``var_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.var_dir / 'hotline.db').resolve()}"

    @property
    def effective_nlu_model_dir(self) -> Path:
        """Where the trained NLU model is kept."""
        return self.nlu_model_dir or self.var_dir / "nlu"

    @property
    def blob_dir(self) -> Path:
        """Where uploaded and fetched media are kept."""
        return self.var_dir / "blobs"


def describe_validation_error(exc: ValidationError, prefix: str = "HOTLINE_") -> str:
    """Turn a pydantic error into lines that name the environment variables."""
    lines = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p != "__root__"]
        name = prefix + "_".join(loc).upper() if loc else "settings"
        lines.append(f"{name}: {err.get('msg', 'invalid value')}")
    return "invalid configuration:\n  " + "\n  ".join(lines)


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment; raise :class:`ConfigError` naming bad variables."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(exc)) from exc
