from __future__ import annotations

from sikerja_inbox import define_inbox_table
from sikerja_outbox import define_outbox_table
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from assignment.adapters.letter_numbers import define_letter_sequence_table

metadata = MetaData()


def decided_step_columns() -> list[Column]:
    """Who took a step, when, and the policy decision that allowed it (id, reasons, obligations), with what the
    actor supplied: the columns that make a history an audit trail."""
    return [
        Column("actor_nip", String(18), nullable=False),
        Column("actor_instansi_id", String(36), nullable=True),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("decision_id", String(64), nullable=True),
        Column("reasons", JSON, nullable=False),
        Column("obligations", JSON, nullable=False),
        Column("payload", JSON, nullable=False),
    ]

# Read model of org-registry's instansi: the profile decides which penugasan rules apply.
instansi_rules = Table(
    "instansi_rules",
    metadata,
    Column("instansi_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("regulation_profile", String(64), nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("code", String(32), nullable=True),  # the instansi's short code; it numbers its letters
    # when org-registry last committed an organisation import (facts on other topics may still be on their way)
    Column("organisation_imported_at", DateTime(timezone=True), nullable=True),
)

# Read model of org-registry's organisation (topics sikerja.org.structure and sikerja.org.pegawai), from which
# assignment builds the facts of its policy inputs. No foreign keys: the topics are not ordered against each other,
# so a placement may arrive before its unit. Column sizes are generous: the producer owns the contract.
org_perangkat_daerah = Table(
    "org_perangkat_daerah",
    metadata,
    Column("pd_id", String(36), primary_key=True),
    Column("instansi_id", String(36), nullable=False, index=True),
    Column("code", String(64), nullable=False),
    Column("name", String(300), nullable=False),
    Column("pd_type", String(40), nullable=False),
    Column("parent_pd_id", String(36), nullable=True),
    Column("kedudukan_pattern", String(64), nullable=True),
)

org_units = Table(
    "org_units",
    metadata,
    Column("unit_id", String(36), primary_key=True),
    Column("instansi_id", String(36), nullable=False),
    Column("pd_id", String(36), nullable=False, index=True),
    Column("parent_id", String(36), nullable=True),
    Column("code", String(64), nullable=False),
    Column("name", String(300), nullable=False),
    Column("level", Integer, nullable=False),
)

org_pegawai = Table(
    "org_pegawai",
    metadata,
    Column("nip", String(18), primary_key=True),
    Column("instansi_id", String(36), nullable=False, index=True),
    Column("version", Integer, nullable=False),  # org-registry's version of the record; an older one is not applied
    Column("name", String(200), nullable=False),
    Column("status", String(8), nullable=False),
    Column("pendidikan", String(20), nullable=True),
    Column("pangkat_golongan", String(20), nullable=True),
    Column("talent_pool", Boolean, nullable=False),
    Column("competencies", JSON, nullable=False),
    Column("kinerja", JSON, nullable=False),
)

org_placements = Table(
    "org_placements",
    metadata,
    Column("nip", String(18), primary_key=True),
    Column("position_id", String(36), primary_key=True),
    Column("start_date", Date, primary_key=True),
    Column("end_date", Date, nullable=True),
    Column("instansi_id", String(36), nullable=False),
    Column("position_title", String(300), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("jenjang", String(30), nullable=True),
    Column("pd_id", String(36), nullable=False, index=True),
    Column("unit_id", String(36), nullable=False, index=True),
    Column("tugas_tambahan", Boolean, nullable=False),
    Column("leads_unit", Boolean, nullable=False),
)

# Declared kedudukan: from start_date the pegawai's atasan langsung and Pejabat Penilai Kinerja is penilai_nip; a
# later kedudukan of the same pegawai replaces it (org-registry ends the earlier one the day before).
org_kedudukan = Table(
    "org_kedudukan",
    metadata,
    Column("nip", String(18), primary_key=True),
    Column("start_date", Date, primary_key=True),
    Column("instansi_id", String(36), nullable=False),
    Column("penilai_nip", String(18), nullable=False, index=True),
    Column("decided_by", String(40), nullable=False),
    Column("basis_document", String(300), nullable=True),
)

org_role_appointments = Table(
    "org_role_appointments",
    metadata,
    Column("nip", String(18), primary_key=True),
    Column("role", String(64), primary_key=True),
    Column("unit_key", String(36), primary_key=True),  # the unit id, or "instansi" for an instansi-wide role
    Column("start_date", Date, primary_key=True),
    Column("instansi_id", String(36), nullable=False, index=True),
    Column("unit_id", String(36), nullable=True),
    Column("end_date", Date, nullable=True),
    Column("basis_document", String(300), nullable=True),
)

org_delegations = Table(
    "org_delegations",
    metadata,
    Column("from_nip", String(18), primary_key=True),
    Column("to_nip", String(18), primary_key=True),
    Column("scope", String(40), primary_key=True),
    Column("start_date", Date, primary_key=True),
    Column("instansi_id", String(36), nullable=False),
    Column("end_date", Date, nullable=True),
    Column("reason", String(300), nullable=False),
)

# Bumped in the same transaction as every org event applied: a process may keep answers of the read model for as
# long as the generation it read them at is current (see adapters.org_directory.OrgDirectoryCache).
org_read_model_generation = Table(
    "org_read_model_generation",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("generation", Integer, nullable=False),
)

# A penugasan request and its workflow: the steps taken so far, what comes next, and the version that guards it.
penugasan_requests = Table(
    "penugasan_requests",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("instansi_id", String(36), nullable=False, index=True),  # the pemilik kinerja's: its profile applies
    Column("profile", String(64), nullable=False),
    Column("mechanism", String(24), nullable=False),
    Column("form", String(16), nullable=False),
    Column("scope", String(32), nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("pemilik_kinerja_nip", String(18), nullable=False),
    Column("pemilik_kinerja_place", JSON, nullable=False),
    Column("pegawai_nip", String(18), nullable=True, index=True),
    Column("pegawai_place", JSON, nullable=False),
    Column("pegawai_instansi_id", String(36), nullable=False, index=True),
    Column("contents", JSON, nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("respond_by", Date, nullable=False),
    Column("next_steps", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Every transition with the decision that allowed it: the history of a request is its audit trail.
penugasan_transitions = Table(
    "penugasan_transitions",
    metadata,
    Column("request_id", String(36), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("step_id", String(64), nullable=False),
    Column("action", String(24), nullable=False),
    *decided_step_columns(),
    Column("letter_id", String(36), nullable=True),
)

# Who is expected to act next on which request: rebuilt on every transition, read by "my pending actions".
pending_actions = Table(
    "pending_actions",
    metadata,
    Column("request_id", String(36), primary_key=True),
    Column("step_id", String(64), primary_key=True),
    Column("nip", String(18), primary_key=True),
    Column("action", String(24), nullable=False),
    Column("role", String(64), nullable=False),
    Index("ix_pending_actions_nip", "nip"),
)

letters = Table(
    "letters",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("request_id", String(36), nullable=False, index=True),
    Column("step_id", String(64), nullable=False),
    Column("instansi_id", String(36), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("number", String(64), nullable=False, unique=True),
    Column("issued_on", Date, nullable=False),
    Column("record", JSON, nullable=False),  # the structured letter; HTML and PDF are rendered from it
)

letter_sequences = define_letter_sequence_table(metadata)

# A retried request with the same Idempotency-Key gets the first answer, not a second transition.
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("key", String(128), primary_key=True),
    Column("actor_nip", String(18), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("response", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# --- Tim Kerja (migration 0004) ---

# The kelas jabatan of a placement's position (org-registry's pegawai_placed carries it since 0004): Ketua Tim
# criteria read it (workflows.md §3.4). Declared here, beside the Tim Kerja tables that need it.
org_placements.append_column(Column("kelas_jabatan", Integer, nullable=True))

# A Tim Kerja: its owner (the unit pemilik kinerja), kind, purpose, scope and status, and the version that guards it.
tim_kerja_teams = Table(
    "tim_kerja_teams",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("instansi_id", String(36), nullable=False, index=True),  # the owner's: its profile applies
    Column("profile", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("purpose", String(24), nullable=False),
    Column("name", String(300), nullable=False),
    Column("scope", String(32), nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("owner_place", JSON, nullable=False),  # {instansi, perangkat_daerah, unit, pd_type}
    Column("owner_pd_id", String(36), nullable=False, index=True),  # counts the squads of a Unit Organisasi
    Column("owner_nip", String(18), nullable=False),
    Column("contents", JSON, nullable=False),
    Column("period_start", Date, nullable=True),
    Column("period_end", Date, nullable=True),
    Column("tahun_anggaran", Integer, nullable=True),
    Column("law_requires_keputusan", Boolean, nullable=False),
    Column("koordinator_nip", String(18), nullable=True),
    Column("version", Integer, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Who is on which team in which role; read for the team and for a pegawai's memberships (caps, the policy input).
tim_kerja_members = Table(
    "tim_kerja_members",
    metadata,
    Column("team_id", String(36), primary_key=True),
    Column("nip", String(18), primary_key=True),
    Column("instansi_id", String(36), nullable=False),
    Column("place", JSON, nullable=False),
    Column("role", String(16), nullable=False),
    Column("since_seq", Integer, nullable=False),
    Index("ix_tim_kerja_members_nip", "nip"),
)

# Every step with the decision that allowed it: the history of a team is its audit trail.
tim_kerja_transitions = Table(
    "tim_kerja_transitions",
    metadata,
    Column("team_id", String(36), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("action", String(24), nullable=False),
    *decided_step_columns(),
    Column("letter_id", String(36), nullable=True),
)

# --- pelaksanaan and pertanggungjawaban (migration 0005) ---

# The accountability ledger of one piece of work (an active individual penugasan, or a Tim Kerja): its version
# guards every report, request, escalation and result step on the work, so one of two concurrent actors wins.
# ``team`` holds a Tim Kerja registered for pelaksanaan ({ketua_tim, owner_unit_id, members}) until the Tim Kerja
# module provides the team itself.
pelaksanaan_works = Table(
    "pelaksanaan_works",
    metadata,
    Column("work_kind", String(16), primary_key=True),
    Column("work_id", String(36), primary_key=True),
    Column("instansi_id", String(36), nullable=False, index=True),
    Column("team", JSON, nullable=True),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# A report, a report request, an escalation (one problem, raised level by level) or a result on its chain.
pelaksanaan_records = Table(
    "pelaksanaan_records",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("work_kind", String(16), nullable=False),
    Column("work_id", String(36), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("opened_by", String(18), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("data", JSON, nullable=False),  # per kind: recipients, chain and position, levels raised…
    Index("ix_pelaksanaan_records_work", "work_kind", "work_id"),
)

# Every action on a record with the decision that allowed it: the audit trail of pertanggungjawaban.
pelaksanaan_history = Table(
    "pelaksanaan_history",
    metadata,
    Column("record_id", String(36), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("action", String(24), nullable=False),
    Column("actor_nip", String(18), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("to_nips", JSON, nullable=False),
    Column("level", Integer, nullable=True),
    Column("status", String(16), nullable=False),
    Column("decision_id", String(64), nullable=True),
    Column("reasons", JSON, nullable=False),
    Column("obligations", JSON, nullable=False),
    Column("payload", JSON, nullable=False),
)

# Open report requests and results waiting for someone, in the shape of pending_actions ("my pending actions");
# request_id is synthetic: "report_request:<id>" or "result:<id>".
pelaksanaan_pending_actions = Table(
    "pelaksanaan_pending_actions",
    metadata,
    Column("request_id", String(64), primary_key=True),
    Column("step_id", String(64), primary_key=True),
    Column("nip", String(18), primary_key=True),
    Column("action", String(24), nullable=False),
    Column("role", String(64), nullable=False),
    Column("work_kind", String(16), nullable=False),
    Column("work_id", String(36), nullable=False),
    Index("ix_pelaksanaan_pending_actions_nip", "nip"),
)

inbox = define_inbox_table(metadata)
outbox = define_outbox_table(metadata)
