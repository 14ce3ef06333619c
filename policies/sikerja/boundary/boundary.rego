# METADATA
# title: Boundaries between two places in the government
# description: |
#   The scope between two places (a place is {instansi, perangkat_daerah, unit}, the unit being the
#   working unit org-registry reports for a pegawai). Every domain policy uses these names, the same
#   ones org-registry's scope query returns.
package sikerja.boundary

# METADATA
# title: Scope between two places
# description: dalam_unit_organisasi, lintas_unit_organisasi, lintas_perangkat_daerah or lintas_instansi.
scope_between(a, b) := "lintas_instansi" if {
	a.instansi != b.instansi
} else := "lintas_perangkat_daerah" if {
	a.perangkat_daerah != b.perangkat_daerah
} else := "lintas_unit_organisasi" if {
	a.unit != b.unit
} else := "dalam_unit_organisasi"

scopes := ["dalam_unit_organisasi", "lintas_unit_organisasi", "lintas_perangkat_daerah", "lintas_instansi"]

# A place is complete when it names all three levels.
complete_place(place) if {
	is_string(place.instansi)
	is_string(place.perangkat_daerah)
	is_string(place.unit)
}

# METADATA
# title: Scope between two complete places
# description: |
#   scope_between for two places that both name all three levels by string; undefined otherwise. The decision
#   tables' keys use it: an input with an incomplete place takes the full rules, which refuse it.
complete_scope_between(a, b) := scope_between(a, b) if {
	is_string(a.instansi)
	is_string(a.perangkat_daerah)
	is_string(a.unit)
	is_string(b.instansi)
	is_string(b.perangkat_daerah)
	is_string(b.unit)
}
