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


# --- a body that does not decode as its Content-Encoding says (issue 8, defect 10) -------


def _decoder_exception(encoding: bytes, body: bytes) -> Exception:
    """What Scrapy's own HttpCompressionMiddleware raises for ``body``, as the errback gets it."""
    from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    middleware = HttpCompressionMiddleware.from_crawler(get_crawler())
    url = "http://dinkes.example.go.id/"
    response = HtmlResponse(url, body=body, headers={"Content-Encoding": encoding})
    with pytest.raises(Exception) as raised:  # any decoder error will do
        middleware.process_response(Request(url), response)
    return raised.value


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        (b"gzip", b"<!DOCTYPE html><html><body>tidak dikompresi</body></html>"),  # BadGzipFile
        (b"gzip", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"),  # header only: EOFError
        (b"gzip", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xff" * 32),  # zlib.error
        (b"x-gzip", b"bukan gzip"),
        (b"deflate", b"\x00\x01bukan deflate" * 4),  # zlib.error
        (b"br", b"bukan brotli sama sekali"),  # brotli.error
        (b"zstd", b"bukan zstd sama sekali"),  # ZstdError
    ],
)
def test_broken_compression_is_invalid_encoding(encoding, body):
    exc = _decoder_exception(encoding, body)
    error_class, detail = classify_exception(exc)
    assert error_class is ErrorClass.INVALID_ENCODING, (type(exc), exc)
    assert type(exc).__name__ in detail
    assert info(error_class).label == "Kompresi rusak"
    assert info(error_class).permanent  # the same bytes come back on a retry


@pytest.mark.parametrize(
    "exc",
    [
        OSError("Not a gzipped file (b'<h')"),  # a bare OSError is not a gzip failure
        EOFError("unexpected end of input"),
        ValueError("error"),
    ],
)
def test_other_errors_are_not_invalid_encoding(exc):
    assert classify_exception(exc)[0] is not ErrorClass.INVALID_ENCODING


def test_invalid_encoding_detail_names_the_decoder():
    import zlib

    try:
        zlib.decompress(b"bukan zlib")
    except zlib.error as exc:
        error_class, detail = classify_exception(exc)
    assert error_class is ErrorClass.INVALID_ENCODING
    assert detail.startswith("zlib.error: Error -3")


def test_render_failure_is_a_class_of_its_own():
    """A JavaScript page that could not be rendered: retried within the run, and worded for
    an operator as "not rendered", not as a dead site."""
    render = info(ErrorClass.RENDER_FAILED)
    assert ErrorClass.RENDER_FAILED.value == "render_failed"
    assert not render.permanent
    assert "JavaScript" in render.label and "dinilai" in render.hint
