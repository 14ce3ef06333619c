import pytest
from sikerja_devstack import provision


def test_configured_kafka_home_without_jars_is_refused_clearly(monkeypatch, tmp_path):
    monkeypatch.setenv("KAFKA_HOME", str(tmp_path))
    with pytest.raises(provision.ProvisioningError, match="kafka_2.13"):
        provision.kafka_classpath()


def test_configured_kafka_home_is_used_as_is(monkeypatch, tmp_path):
    (tmp_path / "libs").mkdir()
    (tmp_path / "libs" / "kafka_2.13-4.3.1.jar").touch()
    monkeypatch.setenv("KAFKA_HOME", str(tmp_path))
    assert provision.kafka_classpath() == f"{tmp_path}/libs/*"


def test_opa_on_path_must_be_version_1(monkeypatch, tmp_path):
    fake = tmp_path / "opa"
    fake.write_text("#!/bin/sh\necho 'Version: 0.70.0'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("SIKERJA_OPA", str(fake))
    monkeypatch.setenv("PATH", str(tmp_path))
    assert provision.opa_binary() != str(fake)  # an OPA 0.x is not used; the cached 1.x build is


def test_explicit_postgres_bin_dir_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("SIKERJA_PG_BIN", str(tmp_path))
    assert provision.postgres_bin_dir() == tmp_path
