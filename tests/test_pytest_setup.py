"""The test set-up itself: frozen clocks leave pytest's timing alone; the slow rule holds."""

from __future__ import annotations

import time
from datetime import datetime
from types import BuiltinFunctionType

import _pytest.timing

from tests.conftest import SLOW_NAMES


def test_a_frozen_clock_leaves_pytest_timing_real(frozen_now: datetime) -> None:
    """``--durations`` reads ``_pytest.timing``; under freezegun it used to read the frozen
    clock (0 s, or decades for a fixture that froze it). The test itself stays frozen."""
    assert time.time() == frozen_now.timestamp()
    assert datetime.now().astimezone() == frozen_now
    # freezegun's stand-ins are Python functions; the real clocks are built-ins.
    assert not isinstance(time.time, BuiltinFunctionType)
    assert isinstance(_pytest.timing.time, BuiltinFunctionType)
    assert isinstance(_pytest.timing.perf_counter, BuiltinFunctionType)
    start = _pytest.timing.Instant()
    time.sleep(0.02)
    assert start.elapsed().seconds >= 0.02


def test_the_names_that_make_a_module_slow_exist() -> None:
    """conftest marks a module slow when it uses one of these; a rename must not make
    crawl tests quietly fast."""
    from opdcrawl.crawl import crawl_command, run_crawl
    from opdcrawl.demo.hostile import HostileServer
    from opdcrawl.demo.server import DemoServer
    from opdcrawl.web.server import BackgroundServer
    from tests.alert_receivers import SmtpReceiver, WebhookReceiver
    from tests.replay import ReplayServer

    found = {crawl_command, run_crawl, HostileServer, DemoServer, ReplayServer}
    found |= {BackgroundServer, SmtpReceiver, WebhookReceiver}
    assert {thing.__name__ for thing in found} == SLOW_NAMES
