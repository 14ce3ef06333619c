"""Client for the OPA sidecar.

Every Sikerja decision entrypoint returns ``{allow, reasons: [{code, message, source}], obligations}``.
:meth:`PolicyClient.decide` turns that into a :class:`Decision`. It fails closed: a transport error or a
timeout raises :class:`PolicyUnavailable` (the service answers 503), and an undefined or malformed result is a
refusal, never an allow.
"""

from sikerja_policy_client.client import Decision, PolicyClient, PolicyDenied, PolicyUnavailable, Reason
from sikerja_policy_client.inputs import Officiate, Place, PolicyActor, decision_input

__all__ = ["Decision", "Officiate", "Place", "PolicyActor", "PolicyClient", "PolicyDenied", "PolicyUnavailable",
           "Reason", "decision_input"]
