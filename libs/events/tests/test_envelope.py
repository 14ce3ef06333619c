from datetime import datetime

import pytest
from sikerja_events import CloudEvent, InvalidEvent, decode_event, encode_event, event_type


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
