"""Who is calling: bearer tokens verified against the JWKS of the issuers a service trusts.

Claims: ``sub`` (the person's NIP), ``instansi`` (their instansi id), ``roles`` (platform roles).
Verification fails closed: an issuer whose JWKS cannot be fetched makes the request fail with 503, an invalid
token with 401. :mod:`sikerja_auth.dev_issuer` mints tokens for the local demo and the tests.
"""

from sikerja_auth.verifier import InvalidToken, IssuerUnavailable, Principal, TokenVerifier

__all__ = ["InvalidToken", "IssuerUnavailable", "Principal", "TokenVerifier"]
