from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from faststream.kafka import KafkaBroker
from sikerja_auth import TokenVerifier
from sikerja_database import Database, upgrade_to_head
from sikerja_inbox import EventConsumer, subscribe
from sikerja_outbox import OutboxRelay
from sikerja_policy_client import PolicyClient
from sqlalchemy import Table

from sikerja_runtime.settings import ServiceSettings

log = logging.getLogger("sikerja.runtime")


class ServiceRuntime:
    """Everything one service process talks to, started and stopped together."""

    def __init__(
        self,
        name: str,
        settings: ServiceSettings,
        *,
        migrations: Path,
        outbox: Table | None = None,
    ) -> None:
        self.name = name
        self.settings = settings
        self.migrations = migrations
        self.database = Database(settings.database_url)
        self.broker = KafkaBroker(
            settings.kafka_bootstrap_servers,
            client_id=f"sikerja-{name}",
            enable_idempotence=True,
            graceful_timeout=10.0,
            logger=logging.getLogger(f"sikerja.{name}.kafka"),
        )
        self.policy = PolicyClient(settings.opa_url, timeout=settings.opa_timeout_seconds)
        self.tokens = TokenVerifier(settings.token_issuers, audience=settings.token_audience)
        self.relay = (
            OutboxRelay(self.database.sessions, outbox, self.publish_record, poll_interval=settings.outbox_poll_seconds)
            if outbox is not None
            else None
        )
        self.consumers: list[EventConsumer] = []

    async def publish_record(self, topic: str, key: bytes | None, payload: bytes, headers: dict[str, str]) -> None:
        """Publish one record and return once Kafka acknowledged it (idempotent producer, acks=all)."""
        await self.broker.publish(payload, topic, key=key, headers=headers)

    def consume(self, consumer_name: str, inbox: Table, handlers, *topics: str, group_id: str) -> EventConsumer:
        """Apply ``handlers`` (event type → handler) to the events on ``topics``, once each, as ``group_id``."""
        consumer = EventConsumer(consumer_name, self.database.sessions, inbox, handlers, self.publish_record)
        subscribe(self.broker, consumer, *topics, group_id=group_id)
        self.consumers.append(consumer)
        return consumer

    async def start(self) -> None:
        if self.settings.migrate_on_start:
            await asyncio.to_thread(upgrade_to_head, self.migrations, self.settings.database_url)
        await self.policy.start()
        await self.broker.start()
        if self.relay is not None:
            self.relay.start()
        log.info("%s started", self.name)

    async def stop(self) -> None:
        if self.relay is not None:
            await self.relay.stop()
        await self.broker.stop()
        await self.policy.close()
        await self.tokens.close()
        await self.database.dispose()
        log.info("%s stopped", self.name)

    async def kafka_ready(self) -> None:
        if not await self.broker.ping(timeout=1.0):
            raise ConnectionError("Kafka broker does not answer")

    async def opa_ready(self) -> None:
        if not await self.policy.healthy():
            raise ConnectionError("OPA sidecar does not answer")

    def readiness_checks(self) -> dict[str, object]:
        return {"database": self.database.ping, "kafka": self.kafka_ready, "opa": self.opa_ready}
