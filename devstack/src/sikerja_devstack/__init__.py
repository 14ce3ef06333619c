"""Run and test the Sikerja platform on a machine without Docker.

``scripts/sikerja up`` provisions what is missing into ``.cache/`` (Kafka jars from Maven Central, OPA via
``go install``), starts Kafka (KRaft, single node), OPA with ``policies/``, a dev token issuer and the four
services, and stops everything on Ctrl-C. ``scripts/sikerja test`` runs every test suite against real parts.
"""
