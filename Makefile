# The two commands that matter (see README.md): `make run` and `make test`.
.PHONY: run run-detached stop status test provision asyncapi policy-tables

run:            ## provision what is missing, start the whole platform, Ctrl-C stops it
	scripts/sikerja up

run-detached:   ## the same in the background
	scripts/sikerja up --detach

stop:           ## stop a background platform
	scripts/sikerja down

status:
	scripts/sikerja status

test:           ## every test suite against real Kafka, OPA, SQLite and PostgreSQL
	scripts/sikerja test

provision:
	scripts/sikerja provision

asyncapi:       ## regenerate each service's committed asyncapi.yaml
	scripts/regenerate-asyncapi

policy-tables:  ## recompute policies/sikerja/tables/ (penugasan, lintas_instansi, pelaksanaan, kinerja, tim_kerja) after changing a profile or a rule
	scripts/regenerate-policy-tables
