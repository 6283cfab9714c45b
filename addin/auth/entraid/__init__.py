"""Entra ID sign-in: xlwings Server's own validation, with Prognos' key set source and
Prognos' checks on every request.

xlwings Server imports ``auth.entraid`` from the project directory first and calls its
``validate_token``; its own Entra ID module imports ``auth.entraid.jwks`` from here,
which lets a municipality without internet access from the server give the signing
keys as a file or an internal URL (``jwks.py``). The validation itself is xlwings
Server's, reached through ``addin/server/xlwings_internals.py``; xlwings Server keeps
its result for an hour, so the token's expiry and its user id (``oid``) are checked
here on every request (``addin/server/sign_in.py``).

The internals module is bound as a module (its attributes read at call time): xlwings
Server's Entra ID module imports this package while the internals module is still
importing it, and ``jwks`` must be found here at that moment.
"""

from addin.server import xlwings_internals as _internals
from addin.server.sign_in import checked_user

from . import jwks  # noqa: F401  (xlwings Server: ``from auth.entraid import jwks``)


async def validate_token(token_string: str):
    """The signed-in user for an Entra ID access token (401 when invalid, expired or
    without a user id)."""
    return checked_user(await _internals.validate_token(token_string))
