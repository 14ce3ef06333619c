from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sikerja_events import CloudEvent, InvalidEvent, decode_event, encode_envelope, encode_event, event_type


def _event(**overrides):
    fields = {
        "source": "/sikerja/org-registry",
        "type": event_type("org", "instansi_registered"),
        "subject": "instansi/abc",
        "instansi": "abc",
        "data": {"name": "Pemerintah Kabupaten Sumenep"},
    }
    return CloudEvent(**(fields | overrides))


def test_round_trip_keeps_every_attribute():
    event = _event(correlationid="corr-1")
    decoded = decode_event(encode_event(event))
    assert decoded == event
    assert decoded.specversion == "1.0"


def test_encoded_form_is_structured_cloudevent_json():
    raw = encode_event(_event())
    assert b'"specversion":"1.0"' in raw
    assert b'"datacontenttype":"application/json"' in raw
    assert b"correlationid" not in raw  # absent extensions are omitted, not null


@pytest.mark.parametrize(
    "raw, fragment",
    [
        (b"not json", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"specversion": "1.0"}', "source"),
        (b'{"specversion": "0.3", "id": "1", "source": "s", "type": "id.sikerja.org.x.v1", "data": {}}', "specversion"),
    ],
)
def test_rejects_what_is_not_a_valid_envelope(raw, fragment):
    with pytest.raises(InvalidEvent, match=fragment):
        decode_event(raw)


def test_rejects_unversioned_type():
    with pytest.raises(ValueError, match="type"):
        _event(type="instansi_registered")
    with pytest.raises(ValueError):
        event_type("org", "Instansi Registered")


def test_rejects_naive_time():
    with pytest.raises(ValueError, match="timezone"):
        _event(time=datetime(2026, 1, 1))


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"correlationid": "corr-1", "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},
        {"subject": None, "instansi": None, "data": {"name": "Dinas Pendidikan — Bidang Ketenagaan", "n": None,
                                                     "list": [1, True, {"x": 1.5}]}},
        {"time": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)},  # no microseconds
        {"time": datetime(2026, 1, 2, 3, 4, 5, 120, tzinfo=timezone(timedelta(hours=7)))},  # WIB
    ],
)
def test_encode_envelope_gives_the_bytes_of_encode_event(overrides):
    event = _event(**overrides)
    raw = encode_envelope(id=event.id, source=event.source, type=event.type, time=event.time, data=event.data,
                          subject=event.subject, instansi=event.instansi, correlationid=event.correlationid,
                          traceparent=event.traceparent)
    assert raw == encode_event(event)
    assert decode_event(raw) == event


def test_encode_envelope_writes_dates_in_data_as_iso_strings():
    raw = encode_envelope(id="1", source="/s", type=event_type("org", "x_happened"),
                          time=datetime(2026, 1, 2, tzinfo=UTC), data={"start": date(2025, 1, 2)})
    assert decode_event(raw).data == {"start": "2025-01-02"}
