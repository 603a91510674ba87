"""A DNS stub for crawls that must never leave loopback, even when the guard is broken.

``StubResolver`` is opdcrawl's :class:`~opdcrawl.netguard.GuardedResolver` with two
test-only layers around the guard's check:

* before it, names are answered from ``OPDCRAWL_TEST_DNS`` (JSON ``{name: [address, …]}``;
  the n-th lookup of a name gets the n-th address, the last one repeats, which imitates
  DNS rebinding); IP literals answer themselves; any other name fails as unknown, so no
  real DNS query is ever made;
* after it, the address Twisted will connect to is moved onto loopback: an address in
  ``OPDCRAWL_TEST_CONNECT`` (JSON ``{claimed address: loopback address}``) goes there,
  a 127.x address stays, anything else goes to ``DEAD_LOOPBACK`` where nothing listens.

So the guard sees the claimed answers (10.0.0.5, 169.254.169.254, 8.8.8.8) while every
connection lands on this machine: a guard that fails to refuse shows up as a hit on a
recording server (or a refused connection), never as a request to another host.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from opdcrawl.netguard import GuardedResolver, parse_address

DEAD_LOOPBACK = "127.0.0.254"  # nothing listens here in the tests


def _loopback(address: str) -> bool:
    parsed = parse_address(address)
    return parsed is not None and parsed.is_loopback


class StubResolver(GuardedResolver):
    answers: dict[str, list[str]]
    connect: dict[str, str]

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> StubResolver:
        resolver = super().from_crawler(crawler, reactor)
        answers = json.loads(crawler.settings.get("OPDCRAWL_TEST_DNS") or "{}")
        resolver.answers = {name.lower(): list(addresses) for name, addresses in answers.items()}
        resolver.connect = json.loads(crawler.settings.get("OPDCRAWL_TEST_CONNECT") or "{}")
        for target in resolver.connect.values():
            assert _loopback(target), f"OPDCRAWL_TEST_CONNECT must map onto loopback: {target}"
        resolver.lookups = Counter()
        return resolver  # type: ignore[return-value]

    def lookup(self, name: str, timeout: Sequence[int] = ()) -> Any:
        if parse_address(name) is not None:
            return defer.succeed(name)
        addresses = self.answers.get(name.lower())
        if not addresses:
            return defer.fail(DNSLookupError(f"stub: unknown name {name}"))
        index = min(self.lookups[name.lower()], len(addresses) - 1)
        self.lookups[name.lower()] += 1
        return defer.succeed(addresses[index])

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Any:
        deferred = super().getHostByName(name, timeout)
        deferred.addCallback(self.onto_loopback)
        return deferred

    def onto_loopback(self, address: str) -> str:
        if address in self.connect:
            return self.connect[address]
        return address if _loopback(address) else DEAD_LOOPBACK
