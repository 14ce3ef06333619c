import pytest
from org_registry.domain import events
from org_registry.domain.model import Instansi, InstansiKind, InvalidInstansi


def test_registering_an_instansi_records_the_event():
    instansi = Instansi.register(
        code="KAB-SUMENEP", name=" Pemerintah Kabupaten Sumenep ", kind=InstansiKind.KABUPATEN,
        regulation_profile="perbup-sumenep-9-2024",
    )
    assert instansi.name == "Pemerintah Kabupaten Sumenep"
    assert instansi.version == 1
    assert instansi.pending_events == [
        events.InstansiRegistered(
            instansi_id=instansi.id, code="KAB-SUMENEP", name="Pemerintah Kabupaten Sumenep", kind="kabupaten",
            regulation_profile="perbup-sumenep-9-2024",
        )
    ]


@pytest.mark.parametrize(
    "field, overrides",
    [
        ("code", {"code": "kab sumenep"}),
        ("name", {"name": "   "}),
        ("regulation_profile", {"regulation_profile": "Perbup Sumenep"}),
    ],
)
def test_invalid_registration_names_the_field(field, overrides):
    values = {"code": "KAB-SUMENEP", "name": "Pemerintah Kabupaten Sumenep", "kind": InstansiKind.KABUPATEN,
              "regulation_profile": "perbup-sumenep-9-2024"} | overrides
    with pytest.raises(InvalidInstansi) as invalid:
        Instansi.register(**values)
    assert invalid.value.field == field
