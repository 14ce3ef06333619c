import pytest
from pydantic import ValidationError
from sikerja_runtime import ServiceSettings


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("SIKERJA_DATABASE_URL", "sqlite+aiosqlite:///x.db")
    monkeypatch.setenv("SIKERJA_KAFKA_BOOTSTRAP_SERVERS", "10.0.0.5:9092")
    monkeypatch.setenv("SIKERJA_TOKEN_ISSUERS", '{"https://sso.example.go.id": "https://sso.example.go.id/jwks"}')
    settings = ServiceSettings()
    assert settings.kafka_bootstrap_servers == "10.0.0.5:9092"
    assert settings.token_issuers == {"https://sso.example.go.id": "https://sso.example.go.id/jwks"}
    assert settings.opa_url == "http://127.0.0.1:8181"


def test_database_url_is_required(monkeypatch):
    monkeypatch.delenv("SIKERJA_DATABASE_URL", raising=False)
    with pytest.raises(ValidationError, match="database_url"):
        ServiceSettings()
