"""Feed URLs as they may be shown (PURE): credentials and secret-looking query values masked.

A private feed's URL often carries its key: ``https://user:pass@host/rss`` or
``https://host/rss?apikey=...``. The URL is stored and fetched as given; every place that shows
it to people (chat replies, the digest, the command line, logs) shows :func:`mask_url` instead:

* ``user:password@`` becomes ``***@`` (a user name alone is masked too: it is often a token);
* the value of each query parameter whose name looks secret (``apikey``, ``api_key``, ``key``,
  ``token``, ``access_token``, ``secret``, ``password``, ``passwd``, ``pwd``, ``sig``,
  ``signature``, ``auth``, ``authorization``, ``session``, ``sid``, ``credential``, or a name
  ending in ``key``, ``token``, ``secret`` or ``password``) becomes ``***``.

The rest of the URL is left as it was written (no re-encoding), so the masked form still says
which feed it is.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urlsplit

MASK = "***"
_SECRET_NAMES = frozenset(
    {
        "key", "apikey", "api_key", "api-key", "token", "access_token", "auth_token", "auth",
        "authorization", "secret", "client_secret", "password", "passwd", "pwd", "pass", "sig",
        "signature", "session", "sessionid", "sid", "credential", "credentials", "private_token",
        "x-amz-signature", "x-amz-credential", "x-amz-security-token",
    }
)  # fmt: skip
_SECRET_SUFFIX = re.compile(r"(?:key|token|secret|password|passwd|signature)$")
_USERINFO = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*://)([^/?#@]*@)")


def is_secret_name(name: str) -> bool:
    """True for a query parameter name that usually carries a secret."""
    lowered = unquote_plus(name).strip().lower()
    return lowered in _SECRET_NAMES or bool(_SECRET_SUFFIX.search(lowered))


def mask_url(url: str) -> str:
    """``url`` with its credentials and secret query values replaced by ``***``."""
    masked = _USERINFO.sub(lambda m: f"{m.group(1)}{MASK}@", url, count=1)
    try:
        query = urlsplit(masked).query
    except ValueError:  # not parseable as a URL: mask what looks like a query all the same
        query = masked.partition("?")[2].partition("#")[0]
    if not query:
        return masked
    pairs = []
    for part in query.split("&"):
        name, sep, value = part.partition("=")
        pairs.append(f"{name}={MASK}" if sep and value and is_secret_name(name) else part)
    start = masked.index("?") + 1
    return masked[:start] + "&".join(pairs) + masked[start + len(query) :]
