"""Outbound address policy for every feed fetch (SSRF guard): the I/O edge under fetch.py.

A feed URL is chosen by an admin in a chat, and every feed can redirect anywhere, so the bot
must not become a way into the network it runs in. :class:`GuardedBackend` is an httpcore
network backend: each time the connection pool opens a TCP connection (the first request to an
origin, and every redirect to a new origin), it

1. resolves the host name itself (``getaddrinfo``; this also reads every spelling of an IPv4
   address the C library accepts: ``2130706433``, ``0x7f000001``, ``127.1``...),
2. refuses the connection when ANY resolved address is not allowed by the :class:`AddressPolicy`
   (loopback, private, link-local including the cloud metadata address ``169.254.169.254``,
   shared CGNAT, unique-local ``fc00::/7``, unspecified ``0.0.0.0`` / ``::``, multicast,
   broadcast, reserved; IPv6 forms that embed an IPv4 address are judged by that address),
3. connects to the checked IP address itself, never to the name again, so a DNS answer cannot
   change between the check and the connection (DNS rebinding).

The URL is untouched, so the ``Host`` header and TLS (SNI and certificate check) still use the
original name, and the connection pool keeps one pool entry per name. A refusal raises
:class:`BlockedAddress` (an ``httpcore.ConnectError``, which httpx reports as
``httpx.ConnectError``): to the user it looks exactly like a connection that failed.

``MALIWATCH_ALLOW_PRIVATE_FEEDS=1`` (:attr:`AddressPolicy.allow_private`) lets loopback and
private addresses through (feeds inside a private network; tests on loopback); link-local,
multicast, unspecified and reserved addresses stay refused. ``allowed_sockets`` lets exact
``(ip, port)`` pairs through (``maliwatch demo`` allows its own loopback server this way).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import anyio
import httpcore
import httpx

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]

_SHARED_CGNAT = ipaddress.ip_network("100.64.0.0/10")


class BlockedAddress(httpcore.ConnectError):
    """A connection refused by the address policy; ``str()`` names the address (logs only)."""


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Which addresses feed fetches may connect to (global unicast only, by default)."""

    allow_private: bool = False
    allowed_sockets: frozenset[tuple[str, int]] = field(default_factory=frozenset)

    def refusal(self, address: str, port: int) -> str | None:
        """Why connecting to ``address:port`` is refused, or ``None`` when it is allowed."""
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
        except ValueError:
            return f"{address!r} is not an IP address"
        if (str(ip), port) in self.allowed_sockets:
            return None
        kind = address_kind(ip)
        if kind is None:
            return None
        if self.allow_private and kind in {"loopback", "private"}:
            return None
        return f"{ip} is a {kind} address"


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-mapped, 6to4 or IPv4-compatible IPv6 address."""
    if isinstance(ip, ipaddress.IPv4Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if int(ip) >> 32 == 0 and int(ip) > 1:  # ::a.b.c.d, the deprecated IPv4-compatible form
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_kind(ip: IPAddress) -> str | None:
    """``None`` for a global unicast address, else what it is ("loopback", "private"...)."""
    inner = embedded_ipv4(ip)
    if inner is not None:
        kind = address_kind(inner)
        if kind is not None:
            return kind
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED_CGNAT:
        return "private"
    if ip.is_private:
        # 10/8, 172.16/12, 192.168/16, fc00::/7 and the documentation / benchmark blocks
        return "private" if _is_rfc1918_or_ula(ip) else "reserved"
    if ip.is_reserved or not ip.is_global:
        return "reserved"
    return None


def _is_rfc1918_or_ula(ip: IPAddress) -> bool:
    networks: Iterable[str] = (
        ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
        if isinstance(ip, ipaddress.IPv4Address)
        else ("fc00::/7",)
    )
    return any(ip in ipaddress.ip_network(net) for net in networks)


async def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``getaddrinfo`` gives for ``host`` (TCP), in its order, without repeats."""
    infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves, checks every address, then connects to a checked address (see the module)."""

    def __init__(
        self,
        policy: AddressPolicy,
        *,
        inner: httpcore.AsyncNetworkBackend | None = None,
        resolver: Resolver = system_resolver,
    ) -> None:
        self.policy = policy
        self.inner = inner or httpcore.AnyIOBackend()
        self.resolver = resolver

    async def checked_addresses(self, host: str, port: int, timeout: float | None) -> list[str]:
        """The addresses to try for ``host``; raises :class:`BlockedAddress` or ConnectError."""
        try:
            with anyio.fail_after(timeout):
                addresses = await self.resolver(host.strip("[]"), port)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from None
        except OSError as exc:  # socket.gaierror: no such name, no DNS
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}: no address")
        for address in addresses:
            problem = self.policy.refusal(address, port)
            if problem is not None:
                log.warning("feed connection refused: %s:%d → %s", host, port, problem)
                raise BlockedAddress(f"refused {host}:{port}: {problem}")
        return addresses

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self.checked_addresses(host, port, timeout)
        failure: Exception | None = None
        for address in addresses:  # connect to the checked IP, never to the name
            try:
                return await self.inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddress("unix sockets are not used for feeds")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport (same exceptions, same pool options) on a :class:`GuardedBackend`.

    httpx calls the transport once per request, redirects included; the pool opens a new
    connection (and so resolves and checks again) for every origin it has no connection to.
    """

    def __init__(
        self,
        policy: AddressPolicy,
        *,
        limits: httpx.Limits,
        backend: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        super().__init__(limits=limits)
        self.backend = backend or GuardedBackend(policy)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=self.backend,
        )
