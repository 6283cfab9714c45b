"""Entra ID sign-in: xlwings Server's own validation, with Prognos' key set source.

xlwings Server imports ``auth.entraid`` from the project directory first; this
package re-exports its ``validate_token`` unchanged and supplies ``jwks``
(``auth/entraid/jwks.py``), which lets a municipality without internet access from
the server give the signing keys as a file or an internal URL.
"""

from xlwings_server.auth.entraid import get_key_set, validate_token  # noqa: F401
