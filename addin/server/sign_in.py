"""What Prognos checks of a signed-in user on every request, after xlwings Server's own
token validation (``addin/auth/entraid``).

xlwings Server validates an Entra ID token once and then keeps the result for an hour,
keyed by the token (``@cached(ttl=3600)`` on its ``validate_token``): an expired token
would keep working until that entry expires. So on every request, cached or not:

- the token's ``exp`` (and ``nbf``) are compared with the clock: an expired token, or
  one without ``exp``, is refused (401);
- the token must name the user with ``oid`` (Entra ID's object id): Prognos keeps
  uploads and Word reports per user under that id, so a token without one (which would
  otherwise share one store with every other such token) is refused (401).

The refusal carries a Swedish message the request guard and the routes pass on.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import HTTPException, status

EXPIRED = (
    "Inloggningen har gått ut. Stäng aktivitetsfönstret och öppna det igen (eller starta om Excel) "
    "så att du loggas in på nytt, och försök sedan igen."
)
NOT_YET = "Inloggningen gäller inte ännu (datorns klocka går fel?). Kontrollera klockan och försök igen."
NO_USER_ID = (
    "Inloggningen saknar användar-id (oid) och kan inte knytas till en användare. Kontakta den som "
    "förvaltar Prognos: appregistreringen i Entra ID ska ge åtkomsttoken för användare."
)


class SignInRefused(HTTPException):
    """A token xlwings Server accepted (or had accepted) that Prognos refuses, with a
    Swedish ``detail``."""

    def __init__(self, detail: str) -> None:
        super().__init__(status_code=status.HTTP_401_UNAUTHORIZED, detail=detail)


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def checked_user(user: Any, now: float | None = None) -> Any:
    """``user`` (xlwings Server's ``User``, claims included) if its token is valid now and
    names the user; ``SignInRefused`` otherwise."""
    claims = getattr(user, "claims", None) or {}
    now = time.time() if now is None else now
    expires = _seconds(claims.get("exp"))
    if expires is None or expires <= now:
        raise SignInRefused(EXPIRED)
    starts = _seconds(claims.get("nbf"))
    if starts is not None and starts > now:
        raise SignInRefused(NOT_YET)
    oid = claims.get("oid")
    if not isinstance(oid, str) or not oid.strip() or getattr(user, "id", None) != oid:
        raise SignInRefused(NO_USER_ID)
    return user
