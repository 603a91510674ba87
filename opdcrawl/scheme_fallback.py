"""A registry address written without http:// or https:// is tried on https, then http.

Operators write ``dinkes.serangkota.go.id`` as often as a full URL, and many small
government sites still answer only on port 80, or on 443 with a broken certificate.
A browser given the bare name would reach them; the crawl should too, and say how.

The fallback is for failures below HTTP only (refused, timed out, TLS, connection cut):
an https server that answers with an HTTP error status has answered, and http would be a
different site. A DNS failure is not retried either, since http asks the same name. An
address the office wrote with a scheme is crawled as written.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from opdcrawl.reachability import ErrorClass, info

# Failures that http cannot fix: the same name, or an answer already given.
NO_FALLBACK: frozenset[ErrorClass] = frozenset(
    {
        ErrorClass.DNS_NOT_FOUND,
        ErrorClass.UNSUPPORTED_URL,
        ErrorClass.REDIRECT_LOOP,
        ErrorClass.TOO_LARGE,
        ErrorClass.INVALID_ENCODING,
    }
)


def http_fallback(url: str, *, scheme_given: bool, error_class: ErrorClass | str) -> str | None:
    """The http:// address to try after ``url`` failed, or None when there is none.

    Only for an https address the registry wrote without a scheme, after a failure
    below HTTP. The port stays as written (a bare ``host:8443`` is tried as
    ``http://host:8443/``); the default https port becomes http's default.
    """
    if scheme_given:
        return None
    parts = urlsplit(url)
    if parts.scheme != "https":
        return None
    try:
        if ErrorClass(error_class) in NO_FALLBACK:
            return None
    except ValueError:
        pass  # a class this module does not know (a newer TLS class): still below HTTP
    return urlunsplit(("http", parts.netloc, parts.path, parts.query, ""))


def fallback_note(error_class: ErrorClass | str, http_url: str) -> str:
    """Why the check was read over http, for the check's notes (Indonesian)."""
    return (
        f"alamat di registri tanpa skema: https gagal ({info(error_class).label}), "
        f"dicoba lewat http: {http_url}"
    )


def both_failed_note(error_class: ErrorClass | str) -> str:
    """The http attempt failed too; the check keeps the https failure as its reason."""
    return f"http juga gagal ({info(error_class).label})"
