"""What an operator is told when the database cannot be used, in Bahasa Indonesia.

``opdcrawl report``, ``opdcrawl db`` and ``opdcrawl social`` all reach the database the
same way, so they explain failures the same way: which database (password hidden), where
its address came from, the driver's own reason on one line, and what to do about it.
Never a traceback: an operator cannot act on one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

MESSAGES = {
    "missing_file": (
        "Basis data tidak ditemukan: {path}\n"
        "  (alamat {url}, {source})\n"
        "  Jalankan perintah ini di folder tempat crawl dijalankan, atau tunjuk basis "
        "datanya dengan --url atau DATABASE_URL (mis. sqlite:////srv/opdcrawl/opdcrawl.db "
        "atau postgresql://pengguna:sandi@host:5432/opdcrawl)."
    ),
    "unreachable": (
        "Basis data tidak dapat dihubungi: {url}\n  (alamat {source})\n  alasan: {reason}\n  {hint}"
    ),
    "bad_url": (
        "Alamat basis data tidak sah: {url} ({source}): {reason}\n"
        "  Contoh: sqlite:///opdcrawl.db, postgresql://pengguna:sandi@host:5432/opdcrawl"
    ),
}

SOURCES = {
    "option": "dari --url",
    "env": "dari variabel lingkungan DATABASE_URL",
    "default": "bawaan, karena --url dan DATABASE_URL tidak diisi",
}

# (fragment of the driver's message, lower case) -> what to do, first match wins
HINTS: tuple[tuple[str, str], ...] = (
    ("password authentication failed", "Nama pengguna atau sandi salah; periksa alamatnya."),
    ('role "', "Pengguna (role) tidak ada di server PostgreSQL; buat dulu atau perbaiki alamat."),
    ("does not exist", "Basis data belum dibuat di server; buat dengan 'createdb' dulu."),
    ("could not translate host name", "Nama host server tidak dikenal; periksa ejaannya."),
    ("name or service not known", "Nama host server tidak dikenal; periksa ejaannya."),
    ("connection refused", "Server basis data tidak berjalan atau port salah."),
    ("timeout", "Server tidak menjawab: periksa jaringan, firewall, dan alamat host."),
    ("timed out", "Server tidak menjawab: periksa jaringan, firewall, dan alamat host."),
    ("unable to open database file", "Folder berkas SQLite tidak ada atau tidak dapat ditulis."),
    ("readonly database", "Berkas SQLite hanya-baca; periksa izin berkas dan foldernya."),
    ("disk i/o error", "Berkas SQLite tidak dapat dibaca atau ditulis; periksa disk dan izin."),
    ("file is not a database", "Berkas itu bukan basis data SQLite; periksa alamatnya."),
    ("database is locked", "Basis data sedang dikunci proses lain terlalu lama; coba lagi."),
)
DEFAULT_HINT = "Periksa alamat (--url atau DATABASE_URL) dan apakah server basis data berjalan."


def url_source(option: str | None) -> str:
    """Where the database address came from: --url, DATABASE_URL, or the default."""
    if option:
        return SOURCES["option"]
    if os.environ.get("DATABASE_URL"):
        return SOURCES["env"]
    return SOURCES["default"]


def safe_url(url: str) -> str:
    """The URL without its password, for printing; the text itself when unparsable."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def missing_file(url: str, path: Path, source: str) -> str:
    return MESSAGES["missing_file"].format(path=path, url=safe_url(url), source=source)


def _reason(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return " ".join(lines[:2])[:300] or type(original).__name__


def connection_problem(url: str, error: BaseException, source: str) -> str:
    """The message for an error met while connecting to (or reading) the database."""
    from sqlalchemy.exc import ArgumentError

    reason = _reason(error)
    if isinstance(error, (ArgumentError, ModuleNotFoundError)):
        return MESSAGES["bad_url"].format(url=safe_url(url), source=source, reason=reason)
    lowered = reason.lower()
    hint = next((advice for fragment, advice in HINTS if fragment in lowered), DEFAULT_HINT)
    return MESSAGES["unreachable"].format(
        url=safe_url(url), source=source, reason=reason, hint=hint
    )


class DatabaseProblem(NamedTuple):
    """Why a command cannot use its database, in words, and the exit code it ends with
    (README "Kode keluar"): the operator's argument (2: a report database that is not
    there) or a database that cannot be used: an address it cannot open, a server that
    does not answer, refuses the login or does not know the database (7)."""

    message: str
    exit_code: int


def database_problem(url: str, option: str | None, *, must_exist: bool) -> DatabaseProblem | None:
    """What stops a command from using the database at ``url``, or None when it answers.

    ``must_exist``: a command that only reads (``opdcrawl report``) must not create an
    empty SQLite file where the operator ran it by mistake; it names the full path it
    looked for instead. ``option`` is the ``--url`` value, to say where the address came
    from.
    """
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from opdcrawl.db.engine import make_engine, sqlite_file
    from opdcrawl.run_end import ExitCode

    source = url_source(option)
    argument, unreachable = int(ExitCode.ARGUMEN_SALAH), int(ExitCode.BASIS_DATA_TIDAK_TERJANGKAU)
    try:
        path = sqlite_file(url)
    except ArgumentError as error:
        return DatabaseProblem(connection_problem(url, error, source), unreachable)
    if must_exist and path is not None and not path.is_file():
        return DatabaseProblem(missing_file(url, path, source), argument)
    try:
        engine = make_engine(url)
    except (ArgumentError, ModuleNotFoundError, OSError) as error:
        return DatabaseProblem(connection_problem(url, error, source), unreachable)
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as error:
        return DatabaseProblem(connection_problem(url, error, source), unreachable)
    finally:
        engine.dispose()
    return None


def unreachable_message(url: str, exc: BaseException, option: str | None = None) -> str:
    """``connection_problem`` on one line (for a crawl's log and a
    command's single line): the same words, password hidden."""
    lines = connection_problem(url, exc, url_source(option)).splitlines()
    return " ".join(line.strip() for line in lines if line.strip())
