from org_registry.adapters.csv_import import read_csv_directory
from org_registry.service_layer.bulk_import import ImportDocument


def test_csv_sections_become_an_import_document(tmp_path):
    (tmp_path / "units.csv").write_text("code,pd,parent,name\nDINKES,DINKES,,Dinas Kesehatan\n"
                                        "YANKES,DINKES,DINKES,Bidang Pelayanan Kesehatan\n")
    (tmp_path / "positions.csv").write_text(
        "code,unit,title,kind,jenjang,kelas_jabatan,leads_unit\n"
        "KABID,YANKES,Kepala Bidang,administrator,,,true\n"
        "ANALIS,YANKES,Analis Kebijakan,fungsional,ahli_muda,,false\n"
        "PENGADM,YANKES,Pengadministrasi Perkantoran,pelaksana,,6,false\n")
    (tmp_path / "pegawai.csv").write_text(
        "nip,name,status,competencies,kinerja,talent_pool\n"
        "198501012010011001,Rina Saputri,PNS,analisis kebijakan;statistik,2024:Baik;2025:Sangat Baik,ya\n",
        encoding="utf-8")
    seen = []
    document = read_csv_directory(tmp_path, lambda section, n: seen.append((section, n)))
    parsed = ImportDocument.model_validate(document)
    assert [u.parent for u in parsed.units] == [None, "DINKES"]
    assert [p.leads_unit for p in parsed.positions] == [True, False, False]
    assert parsed.positions[2].kelas_jabatan == 6 and parsed.positions[1].jenjang == "ahli_muda"
    pegawai = parsed.pegawai[0]
    assert pegawai.competencies == ["analisis kebijakan", "statistik"]
    assert pegawai.kinerja == {"2024": "Baik", "2025": "Sangat Baik"} and pegawai.talent_pool is True
    assert parsed.kedudukan == [] and ("positions", 3) in seen
