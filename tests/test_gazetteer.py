"""The gazetteer import: integrity check and the mapping from the npm tables to our resources."""

from __future__ import annotations

from labkem.data import gazetteer


def test_integrity_is_npm_style_sha512() -> None:
    assert gazetteer.integrity_of(b"") == (
        "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=="
    )


def test_rows_keep_only_the_wanted_province_and_derive_kinds() -> None:
    tables = {
        "provinces": [{"code": "33", "name": "Jawa Tengah"}, {"code": "34", "name": "DI Yogyakarta"}],
        "regencies": [
            {"code": "33.26", "province_code": "33", "name": "Kabupaten Pekalongan"},
            {"code": "33.75", "province_code": "33", "name": "Kota Pekalongan"},
            {"code": "34.01", "province_code": "34", "name": "Kabupaten Kulon Progo"},
        ],
        "districts": [{"code": "33.26.02", "regency_code": "33.26", "name": "Paninggaran"}],
        "villages": [
            {"code": "33.26.02.2008", "district_code": "33.26.02", "name": "Botosari"},
            {"code": "33.26.08.1016", "district_code": "33.26.08", "name": "Kajen"},
        ],
    }
    rows = gazetteer.wilayah_rows(tables, ["33"])
    assert [r["kode"] for r in rows["provinsi"]] == ["33"]
    assert [(r["kode"], r["jenis"]) for r in rows["kabupaten"]] == [("33.26", "kabupaten"), ("33.75", "kota")]
    assert [(r["nama"], r["jenis"]) for r in rows["desa"]] == [("Botosari", "desa"), ("Kajen", "kelurahan")]
