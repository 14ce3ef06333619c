package sikerja.boundary_test

import data.sikerja.boundary

place(instansi, pd, unit) := {"instansi": instansi, "perangkat_daerah": pd, "unit": unit}

test_same_unit if boundary.scope_between(place("i", "pd", "u"), place("i", "pd", "u")) == "dalam_unit_organisasi"

test_lintas_unit if boundary.scope_between(place("i", "pd", "u1"), place("i", "pd", "u2")) == "lintas_unit_organisasi"

test_lintas_pd if boundary.scope_between(place("i", "pd1", "u"), place("i", "pd2", "u")) == "lintas_perangkat_daerah"

test_lintas_instansi if boundary.scope_between(place("i1", "pd", "u"), place("i2", "pd", "u")) == "lintas_instansi"

test_complete_place if boundary.complete_place(place("i", "pd", "u"))

test_incomplete_place if not boundary.complete_place({"instansi": "i", "unit": "u"})

test_scopes_are_ordered_from_narrow_to_wide if boundary.scopes == [
	"dalam_unit_organisasi", "lintas_unit_organisasi",
	"lintas_perangkat_daerah", "lintas_instansi",
]

test_complete_scope_between_complete_places if boundary.complete_scope_between(place("i", "pd1", "u"), place("i", "pd2", "u")) == "lintas_perangkat_daerah"

test_complete_scope_between_undefined_for_incomplete_places if {
	not boundary.complete_scope_between(place("i", "pd", "u"), {"instansi": "i", "unit": "u"})
	not boundary.complete_scope_between(place("i", "pd", 7), place("i", "pd", 7))
}
