# METADATA
# title: Administration of the organisation registry
# description: |
#   Who may register an instansi and edit its organisation. Registering an instansi is a platform
#   operation (role platform_admin) and its regulation profile must be one the platform knows.
package sikerja.org_admin

# METADATA
# title: Decision
# description: The structured decision for an org administration action.
# entrypoint: true
decision := {
	"allow": allow,
	"reasons": reasons,
	"obligations": {},
}

default allow := false

allow if {
	input.action == "instansi.register"
	actor_is_platform_admin
	profile_is_known
}

actor_is_platform_admin if "platform_admin" in input.actor.roles

profile_is_known if data.sikerja.profiles[input.resource.regulation_profile]

known_actions := {"instansi.register"}

reasons contains {
	"code": "org_admin.unknown_action",
	"message": sprintf("Tindakan %v tidak dikenal oleh kebijakan administrasi organisasi.", [object.get(input, "action", "")]),
	"source": "Sikerja: tolak bila tidak ada aturan yang mengizinkan",
} if {
	not object.get(input, "action", "") in known_actions
}

reasons contains {
	"code": "org_admin.not_platform_admin",
	"message": "Hanya administrator platform yang dapat mendaftarkan instansi.",
	"source": "Sikerja: pendaftaran instansi adalah operasi platform",
} if {
	input.action == "instansi.register"
	not actor_is_platform_admin
}

reasons contains {
	"code": "org_admin.unknown_profile",
	"message": sprintf("Profil regulasi %v tidak dikenal.", [object.get(input.resource, "regulation_profile", "")]),
	"source": "Sikerja: setiap instansi menganut satu profil regulasi yang terdaftar",
} if {
	input.action == "instansi.register"
	not profile_is_known
}

reasons contains {
	"code": "org_admin.allowed",
	"message": "Diizinkan: administrator platform mendaftarkan instansi dengan profil regulasi yang dikenal.",
	"source": "Sikerja: pendaftaran instansi adalah operasi platform",
} if {
	allow
}
