import gc

import pytest
from pydantic import ValidationError
from sikerja_runtime import ServiceSettings
from sikerja_runtime.runtime import tune_garbage_collection


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


def test_garbage_collection_is_tuned_for_a_long_running_service(monkeypatch):
    monkeypatch.setenv("SIKERJA_DATABASE_URL", "sqlite+aiosqlite:///x.db")
    assert ServiceSettings().gc_young_threshold == 20_000
    monkeypatch.setenv("SIKERJA_GC_YOUNG_THRESHOLD", "100")
    with pytest.raises(ValidationError, match="gc_young_threshold"):
        ServiceSettings()

    before, frozen_before = gc.get_threshold(), gc.get_freeze_count()
    try:
        loaded = [[] for _ in range(3)]  # containers loaded before start: frozen with the rest
        tune_garbage_collection(12_345)
        assert gc.get_threshold() == (12_345, *before[1:])
        assert gc.get_freeze_count() >= frozen_before + len(loaded)
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
