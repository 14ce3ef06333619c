"""CloudEvents 1.0 envelope, JSON structured mode, as carried on Sikerja's Kafka topics.

A producer owns its payloads; this library only knows the envelope. Extensions:
``instansi`` (the owning instansi id, for tenant filtering), ``correlationid`` and ``traceparent``.
"""

from sikerja_events.envelope import (
    CONTENT_TYPE,
    CloudEvent,
    InvalidEvent,
    decode_event,
    encode_envelope,
    encode_event,
    event_type,
)

__all__ = ["CONTENT_TYPE", "CloudEvent", "InvalidEvent", "decode_event", "encode_envelope", "encode_event", "event_type"]
