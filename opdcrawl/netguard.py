"""Refusing registry addresses that lead into the crawler's own network.

Anyone in the office can edit the registry, and any website can redirect, so a URL such
as ``http://10.0.0.5/`` or a name that resolves to ``169.254.169.254`` (a cloud
metadata service) would make the crawler a way into the network it runs in. Every
address the crawler connects to is therefore checked where the connection is made, not
where the URL is read:

* :class:`GuardedResolver` (Scrapy's ``TWISTED_DNS_RESOLVER``) checks the address each
  name resolves to right before Twisted connects to it, so redirects and a name that
  answers a public address first and a private one later (DNS rebinding) are covered:
  the address checked is the address used.
* :class:`AddressGuardMiddleware` refuses IP-literal URLs before any connection (also
  when a proxy would resolve them) and turns the resolver's refusal, which Twisted
  reports as "no results for hostname lookup", back into :class:`ForbiddenAddressError`
  with the address and the reason, so the check is stored as ``forbidden_address``.
* :func:`browser_request_allowed` does the same for Chromium's requests (JavaScript-only
  sites render outside Twisted). Chromium resolves names itself, so that check resolves
  the name once more: best effort, documented in the README.

``OPDCRAWL_ALLOW_PRIVATE_ADDRESSES`` switches the refusal off (the demo, the tests and
the benchmarks serve their sites on loopback); ``OPDCRAWL_ALLOWED_NETWORKS`` exempts
named networks (an office's own proxy or mirror) while the rest stay refused.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Cloud metadata services reachable from inside a VM (AWS, GCP, Azure, OpenStack on
# 169.254.169.254; AWS over IPv6; Alibaba Cloud in the shared address space).
METADATA_ADDRESSES: frozenset[IPAddress] = frozenset(
    ipaddress.ip_address(text)
    for text in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200")
)


class ForbiddenAddressError(DNSLookupError):
    """A URL whose host is, or resolves to, an address the crawler must not connect to.

    A ``DNSLookupError`` so that Twisted's resolver adapter treats it as "no address"
    quietly instead of logging a traceback; opdcrawl classifies it by its own name.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def address_kind(address: IPAddress) -> str | None:
    """Why an address is off limits ("loopback", "private", "link-local", "metadata",
    "reserved"), or None for a public address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address in METADATA_ADDRESSES:
        return "metadata"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_private:
        return "private"
    if not address.is_global or address.is_multicast or address.is_unspecified:
        return "reserved"  # shared (100.64/10), documentation, multicast, "this network"
    return None


def parse_address(text: str) -> IPAddress | None:
    """An IP address from a URL host or a resolver answer (brackets and zone dropped)."""
    try:
        return ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses the crawler may connect to in this run."""

    allow_private: bool = False
    allowed_networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_settings(cls, settings: Any) -> AddressPolicy:
        return cls(
            allow_private=settings.getbool("OPDCRAWL_ALLOW_PRIVATE_ADDRESSES"),
            allowed_networks=parse_networks(settings.getlist("OPDCRAWL_ALLOWED_NETWORKS")),
        )

    def problem(self, address: str | IPAddress) -> str | None:
        """The address kind that forbids ``address`` under this policy, or None."""
        if self.allow_private:
            return None
        parsed = parse_address(address) if isinstance(address, str) else address
        if parsed is None:
            return None  # not an address (a name): the resolver checks what it becomes
        if any(parsed in network for network in self.allowed_networks):
            return None
        return address_kind(parsed)

    def refusal(self, host: str, address: str) -> ForbiddenAddressError | None:
        """The error to raise when ``host`` led to ``address`` and that is forbidden."""
        kind = self.problem(address)
        if kind is None:
            return None
        from opdcrawl.reachability import ADDRESS_KINDS

        shown = address if host == address else f"{host} -> {address}"
        return ForbiddenAddressError(
            f"alamat {shown} ({ADDRESS_KINDS[kind]}) ditolak; "
            "OPDCRAWL_ALLOW_PRIVATE_ADDRESSES tidak aktif"
        )


def parse_networks(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    """``OPDCRAWL_ALLOWED_NETWORKS`` entries ("10.1.2.0/24", "192.168.5.9") as networks."""
    networks: list[IPNetwork] = []
    for value in values:
        value = value.strip()
        if not value:
            continue
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise ValueError(
                f"OPDCRAWL_ALLOWED_NETWORKS: {value!r} bukan alamat/jaringan IP "
                "(contoh: 10.1.2.0/24)"
            ) from None
    return tuple(networks)


# The policy of this process's crawl and the refusals the resolver made (name -> error),
# shared by the resolver, the middleware and the browser hook: Scrapy builds the
# resolver once per process, before any crawler component exists.
_POLICY = AddressPolicy()
_REFUSALS: dict[str, ForbiddenAddressError] = {}


def current_policy() -> AddressPolicy:
    return _POLICY


def install_policy(policy: AddressPolicy) -> None:
    global _POLICY
    _POLICY = policy
    _REFUSALS.clear()


def refusal_for(host: str) -> ForbiddenAddressError | None:
    """The resolver's refusal of ``host`` in this process, if it refused it."""
    return _REFUSALS.get(host.lower())


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing answers the address policy forbids.

    Twisted connects to exactly the address this resolver returns, so checking the
    answer here covers every connection: registry URLs, redirects, robots.txt, the
    spiders' inline follow-ups and a proxy named by host. Cached answers are checked
    again on every use.
    """

    policy: AddressPolicy = AddressPolicy()

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> GuardedResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.policy = AddressPolicy.from_settings(crawler.settings)
        install_policy(resolver.policy)
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Any:
        deferred = self.lookup(name, timeout)
        deferred.addCallback(self.vet, name)
        return deferred

    def lookup(self, name: str, timeout: Sequence[int] = ()) -> Any:
        """The DNS answer for ``name`` (Scrapy's cached threaded lookup)."""
        return super().getHostByName(name, timeout)

    def vet(self, address: str, name: str) -> str:
        error = self.policy.refusal(name, address)
        if error is not None:
            _REFUSALS[name.lower()] = error
            raise error
        return address


class AddressGuardMiddleware:
    """Downloader middleware: refuse forbidden IP-literal URLs before connecting, and
    name the resolver's refusals (see the module docstring)."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        return cls(AddressPolicy.from_settings(crawler.settings))

    def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        if parse_address(host) is not None:
            error = self.policy.refusal(host, host)
            if error is not None:
                raise error

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, ForbiddenAddressError):
            return None
        host = urlsplit(request.url).hostname or ""
        error = refusal_for(host)
        if error is not None and _is_lookup_failure(exception):
            raise error
        return None


def _is_lookup_failure(exception: BaseException) -> bool:
    names = {cls.__name__ for cls in type(exception).__mro__}
    return bool(names & {"DNSLookupError", "CannotResolveHostError"})


async def browser_request_allowed(url: str) -> bool:
    """Whether Chromium may fetch ``url`` under this process's policy (resolving its
    name once; Chromium resolves again itself, so a rebinding name can slip through)."""
    policy = current_policy()
    if policy.allow_private:
        return True
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return parts.scheme in ("data", "blob", "about")
    host = parts.hostname
    if parse_address(host) is not None:
        return policy.problem(host) is None
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return True  # Chromium will fail to resolve it too
    return all(policy.problem(str(info[4][0])) is None for info in infos)
