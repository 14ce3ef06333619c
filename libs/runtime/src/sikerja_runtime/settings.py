from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Settings every service reads from its environment (``SIKERJA_*``); a service may subclass to add its own."""

    model_config = SettingsConfigDict(env_prefix="SIKERJA_", extra="ignore")

    database_url: str = Field(description="SQLAlchemy async URL: sqlite+aiosqlite:///file.db or postgresql+asyncpg://…")
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    opa_url: str = "http://127.0.0.1:8181"
    opa_timeout_seconds: float = 0.5
    token_issuers: dict[str, str] = Field(
        default_factory=dict, description='Trusted issuers and their JWKS URLs, JSON: {"https://idp": "https://idp/jwks"}'
    )
    token_audience: str = "sikerja"
    migrate_on_start: bool = True
    outbox_poll_seconds: float = 0.5
    outbox_linger_seconds: float = Field(
        default=0.01, ge=0, description="How long a relay round woken by a commit waits for more commits to join it")
    gc_young_threshold: int = Field(
        default=20_000, ge=700,
        description="Allocations between collections of the youngest generation (CPython's default is 700); "
                    "see sikerja_runtime.runtime.tune_garbage_collection")
    log_level: str = "INFO"
