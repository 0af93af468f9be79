"""Story URLs (PURE): one canonical web link per article, and stable ids for entries without
one. Only http(s) links with a host are links; anything else (``javascript:``, ``tag:``, a port
out of range, a broken IPv6 host) is not, and nothing here raises on a bad URL.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from feeds.model.web import WEB_SCHEMES

TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid",
        "mc_cid", "mc_eid", "xtor", "xts", "ref", "ref_src", "ref_url", "cmpid", "cmp", "ocid",
        "_ga", "_gl", "spm", "smid", "sr_share", "ito", "ns_mchannel", "ns_source",
        "ns_campaign", "ns_linkname", "ns_fee", "sara_ecid", "feature", "rss", "from_rss",
        "traffic_source", "xtref", "xtcr", "ico", "icid", "mkt_tok", "_hsenc", "_hsmi",
        "mbid", "soc_src", "soc_trk", "wt.mc_id", "wt_mc", "s_cid", "guccounter", "oly_enc_id",
        "oly_anon_id", "vero_id", "rss_source", "dicbo",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
NON_LINK_PREFIX = "urn:maliwatch:"  # story ids for entries with no web link (never a link)


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str, *, base: str | None = None) -> str | None:
    """Lower-case scheme and host, no default port or fragment, no tracking parameters.

    The remaining query parameters are kept and sorted, so one article has one URL whatever
    campaign it was shared from. Relative links are resolved against ``base``. ``None`` when
    ``url`` is no web link: another scheme (``javascript:``, ``tag:``, ``mailto:``...), no
    host, or unparseable (a port out of range, a broken IPv6 host). Never raises.
    """
    try:
        return _canonical_web_url(url, base)
    except ValueError:
        return None


def _canonical_web_url(url: str, base: str | None) -> str | None:
    url = url.strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in WEB_SCHEMES or not host:
        return None
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal keeps its brackets
    port = parts.port  # ValueError when out of range
    if port and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    if parts.username:
        host = f"{parts.username}@{host}"
    path = parts.path or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = sorted((k, v) for k, v in query if not is_tracking_param(k))
    return urlunsplit((scheme, host, path, urlencode(kept), ""))


def non_link_id(feed_url: str, guid: str) -> str:
    """A stable story id for an entry without a web link: the same guid in the same feed gives
    the same id on every poll, two feeds never share one, and it is never shown as a link."""
    digest = hashlib.sha256(f"{feed_url}\n{guid}".encode()).hexdigest()[:32]
    return f"{NON_LINK_PREFIX}{digest}"
