"""Settings: defaults, malformed values named by variable, production guards."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.settings import ConfigError, load_settings


def test_defaults_are_the_embedded_ones(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    s = load_settings()
    assert s.redis_url is None
    assert s.effective_database_url.startswith("sqlite:///")
    assert s.effective_database_url.endswith("var/hotline.db")
    assert s.max_body_bytes == 1024 * 1024


def test_malformed_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOTLINE_MAX_BODY_BYTES", "a lot")
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert "HOTLINE_MAX_BODY_BYTES" in str(err.value)


def test_out_of_range_port_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOTLINE_PORT", "70000")
    with pytest.raises(ConfigError, match="HOTLINE_PORT"):
        load_settings()


def test_production_refuses_default_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOTLINE_ENV", "production")
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert "HOTLINE_SECRET_KEY" in str(err.value)
    assert "HOTLINE_ADMIN_PASSWORD" in str(err.value)


def test_production_starts_with_real_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOTLINE_ENV", "production")
    monkeypatch.setenv("HOTLINE_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("HOTLINE_ADMIN_PASSWORD", "a-long-unique-passphrase")
    assert load_settings().env == "production"


@pytest.mark.parametrize("given", ["/srv/hotline/hotline.db", "var/hotline.db", "hotline.db"])
def test_a_plain_file_path_as_database_url_names_the_variable_and_the_form(
    monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    monkeypatch.setenv("HOTLINE_DATABASE_URL", given)
    with pytest.raises(ConfigError) as err:
        load_settings()
    message = str(err.value)
    assert "HOTLINE_DATABASE_URL" in message
    assert "sqlite:///" in message
    assert "postgresql://" in message


@pytest.mark.parametrize(
    "given", ["sqlite:////srv/hotline/hotline.db", "postgresql://u@127.0.0.1:5432/test"]
)
def test_database_urls_are_taken_as_given(monkeypatch: pytest.MonkeyPatch, given: str) -> None:
    monkeypatch.setenv("HOTLINE_DATABASE_URL", given)
    assert load_settings().effective_database_url == given
