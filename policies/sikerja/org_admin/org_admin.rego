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

# An allowed decision is explained by the rule that allowed it, a refusal by what is missing; only the set that
# applies is evaluated.
reasons := explanations if allow

else := refusals

default allow := false

allow if {
	input.action == "instansi.register"
	actor_is_platform_admin
	profile_is_known
}

actor_is_platform_admin if "platform_admin" in input.actor.roles

profile_is_known if data.sikerja.profiles[input.resource.regulation_profile]

allow if {
	input.action == "organisation.import"
	actor_administers_the_instansi
}

# Correcting a pegawai's record or ending a placement is organisation administration like an import.
allow if {
	input.action in {"pegawai.update", "placement.end"}
	actor_administers_the_instansi
}

allow if {
	input.action == "kedudukan.set"
	actor_administers_the_instansi
	actor_holds_kedudukan_authority
}

actor_administers_the_instansi if {
	"admin_instansi" in input.actor.roles
	input.actor.instansi == input.resource.instansi_id
}

# The profile names who fixes kedudukan (Bupati, Wali Kota or Pejabat Pembina Kepegawaian).
kedudukan_authority := data.sikerja.profiles[input.resource.regulation_profile].kedudukan.decided_by

actor_holds_kedudukan_authority if kedudukan_authority.role in input.actor.roles

allow if {
	input.action == "organisation.read"
	actor_reads_the_instansi
}

actor_reads_the_instansi if input.actor.instansi == input.resource.instansi_id

actor_reads_the_instansi if actor_is_platform_admin

# A new consumer (another service, the provincial SPBE layer) rebuilds its read model from the event history.
allow if {
	input.action == "events.replay"
	some role in input.actor.roles
	role in {"platform_admin", "integration"}
}

known_actions := {
	"instansi.register", "organisation.import", "kedudukan.set", "organisation.read", "events.replay",
	"pegawai.update", "placement.end",
}

refusals contains {
	"code": "org_admin.unknown_action",
	"message": sprintf("Tindakan %v tidak dikenal oleh kebijakan administrasi organisasi.", [object.get(input, "action", "")]),
	"source": "Sikerja: tolak bila tidak ada aturan yang mengizinkan",
} if {
	not object.get(input, "action", "") in known_actions
}

refusals contains {
	"code": "org_admin.not_platform_admin",
	"message": "Hanya administrator platform yang dapat mendaftarkan instansi.",
	"source": "Sikerja: pendaftaran instansi adalah operasi platform",
} if {
	input.action == "instansi.register"
	not actor_is_platform_admin
}

refusals contains {
	"code": "org_admin.unknown_profile",
	"message": sprintf("Profil regulasi %v tidak dikenal.", [object.get(input.resource, "regulation_profile", "")]),
	"source": "Sikerja: setiap instansi menganut satu profil regulasi yang terdaftar",
} if {
	input.action == "instansi.register"
	not profile_is_known
}

explanations contains {
	"code": "org_admin.allowed",
	"message": "Diizinkan: administrator platform mendaftarkan instansi dengan profil regulasi yang dikenal.",
	"source": "Sikerja: pendaftaran instansi adalah operasi platform",
} if {
	input.action == "instansi.register"
	allow
}

refusals contains {
	"code": "org_admin.other_instansi",
	"message": "Hanya admin instansi yang bersangkutan yang dapat mengubah organisasinya.",
	"source": "Sikerja: satu instansi tidak mengubah data instansi lain",
} if {
	input.action in {"organisation.import", "kedudukan.set", "pegawai.update", "placement.end"}
	not actor_administers_the_instansi
}

refusals contains {
	"code": "org_admin.not_kedudukan_authority",
	"message": sprintf("Kedudukan ditetapkan oleh %v; pengguna tidak memegang kewenangan tersebut.", [object.get(kedudukan_authority, "role", "pejabat yang berwenang")]),
	"source": object.get(kedudukan_authority, "source", "profil regulasi tidak dikenal"),
} if {
	input.action == "kedudukan.set"
	not actor_holds_kedudukan_authority
}

explanations contains {
	"code": "org_admin.kedudukan_authority",
	"message": sprintf("Diizinkan: kedudukan ditetapkan oleh %v.", [kedudukan_authority.role]),
	"source": kedudukan_authority.source,
} if {
	input.action == "kedudukan.set"
	allow
}

explanations contains {
	"code": "org_admin.organisation_admin",
	"message": "Diizinkan: admin instansi mengubah organisasi instansinya sendiri.",
	"source": "Sikerja: hanya admin instansi sendiri yang mengubah organisasinya",
} if {
	input.action in {"organisation.import", "pegawai.update", "placement.end"}
	allow
}

refusals contains {
	"code": "org_admin.read_other_instansi",
	"message": "Data organisasi instansi lain hanya dapat dibaca sebatas pertukaran yang memerlukannya.",
	"source": "Sikerja: satu instansi tidak membaca data instansi lain di luar pertukaran",
} if {
	input.action == "organisation.read"
	not actor_reads_the_instansi
}

explanations contains {
	"code": "org_admin.read_own_instansi",
	"message": "Diizinkan: membaca organisasi instansi sendiri.",
	"source": "Sikerja: pegawai dan admin membaca organisasi instansinya sendiri",
} if {
	input.action == "organisation.read"
	allow
}

refusals contains {
	"code": "org_admin.replay_not_allowed",
	"message": "Riwayat peristiwa hanya dapat diputar ulang oleh layanan integrasi atau administrator platform.",
	"source": "Sikerja: riwayat peristiwa memuat data seluruh instansi",
} if {
	input.action == "events.replay"
	not allow
}

explanations contains {
	"code": "org_admin.replay_allowed",
	"message": "Diizinkan: pemutaran ulang riwayat peristiwa untuk membangun read model.",
	"source": "Sikerja: konsumen baru membangun read model dari riwayat peristiwa",
} if {
	input.action == "events.replay"
	allow
}
