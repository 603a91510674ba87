import pytest
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)

from opdcrawl.middlewares import backoff_delay
from opdcrawl.reachability import (
    ERRORS,
    ErrorClass,
    classify_exception,
    classify_status,
    info,
    looks_like_garbage,
)


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (CannotResolveHostError("dinkes.example.go.id"), ErrorClass.DNS_NOT_FOUND),
        (DownloadConnectionRefusedError("refused"), ErrorClass.CONNECTION_REFUSED),
        (DownloadTimeoutError("took longer than 20 seconds"), ErrorClass.TIMEOUT),
        (IgnoreRequest("max redirections reached"), ErrorClass.REDIRECT_LOOP),
        (RuntimeError("SSL routines: wrong version number"), ErrorClass.TLS_ERROR),
        (RuntimeError("something odd"), ErrorClass.UNKNOWN),
    ],
)
def test_classify_exception(exc, expected):
    error_class, detail = classify_exception(exc)
    assert error_class is expected
    assert type(exc).__name__ in detail


def test_permanent_errors_are_dns_and_tls_not_timeouts():
    assert info(ErrorClass.DNS_NOT_FOUND).permanent
    assert info(ErrorClass.TLS_ERROR).permanent
    assert not info(ErrorClass.TIMEOUT).permanent
    assert not info(ErrorClass.HTTP_5XX).permanent
    assert info("not-a-class") is ERRORS[ErrorClass.UNKNOWN]


def test_every_class_has_an_indonesian_hint():
    assert set(ERRORS) == set(ErrorClass)
    for error in ERRORS.values():
        assert error.hint and error.label


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (200, None),
        (301, None),
        (403, ErrorClass.BLOCKED),
        (404, ErrorClass.HTTP_4XX),
        (503, ErrorClass.HTTP_5XX),
    ],
)
def test_classify_status(status, expected):
    assert classify_status(status) is expected


def test_garbage_detection():
    assert looks_like_garbage(bytes(range(256)) * 10)
    assert not looks_like_garbage(b"<!doctype html><html><body>Berita</body></html>")
    assert not looks_like_garbage(b"Berita terbaru Dinas Kesehatan")
    assert not looks_like_garbage(b"")


def test_backoff_doubles_and_caps():
    assert [backoff_delay(n, base=2, maximum=5) for n in (0, 1, 2, 3)] == [0, 2, 4, 5]
