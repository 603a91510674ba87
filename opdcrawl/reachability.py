"""Why a website could not be read, in classes an operator can act on.

A site that is down in this run is "Tidak Dapat Diakses", never "Tidak Aktif": the
office cannot judge its publishing if nobody can reach it. Each class carries a fix-it
hint in Bahasa Indonesia and whether it is permanent (not retried within a run), in the
spirit of GSA Site Scanning's error taxonomy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from opdcrawl.social.base import AccountStatus


class ErrorClass(StrEnum):
    DNS_NOT_FOUND = "dns_not_found"
    CONNECTION_REFUSED = "connection_refused"
    TIMEOUT = "timeout"
    TLS_ERROR = "tls_error"
    CONNECTION_LOST = "connection_lost"
    REDIRECT_LOOP = "redirect_loop"
    HTTP_4XX = "http_4xx"
    HTTP_5XX = "http_5xx"
    BLOCKED = "blocked"  # a firewall answers 403 / challenge to the crawler
    PARKED = "parked"  # domain expired or parked at a registrar
    SUSPENDED = "suspended"  # hosting account suspended
    PLACEHOLDER = "placeholder"  # CMS default page, "under construction"
    TOO_LARGE = "too_large"
    INVALID_RESPONSE = "invalid_response"  # garbage bytes, not a web page
    INVALID_ENCODING = "invalid_encoding"  # "Content-Encoding: gzip" on a body that is not gzip
    # A JavaScript-only homepage Chromium could not render, even on a retry. The site
    # answered (the check stays reachable) but was not read, so it cannot be judged.
    RENDER_FAILED = "render_failed"
    UNSUPPORTED_URL = "unsupported_url"
    UNKNOWN = "unknown"
    # The registry URL or a redirect leads to a private, loopback, link-local or cloud
    # metadata address: refused unless OPDCRAWL_ALLOW_PRIVATE_ADDRESSES (opdcrawl.netguard).
    FORBIDDEN_ADDRESS = "forbidden_address"
    # Certificate problems of a site that still answered over HTTPS (opdcrawl.certificates):
    # the crawler read it, visitors' browsers show a warning instead.
    TLS_SELF_SIGNED = "tls_self_signed"
    TLS_EXPIRED = "tls_expired"
    TLS_WRONG_HOST = "tls_wrong_host"
    TLS_INCOMPLETE_CHAIN = "tls_incomplete_chain"
    TLS_UNTRUSTED = "tls_untrusted"
    # Set after the run (opdcrawl.outage): nearly every site failed alike, so the fault is
    # the crawler's network, not the site; such checks never make an OPD unreachable.
    CRAWLER_OUTAGE = "crawler_outage"


@dataclass(frozen=True)
class ErrorInfo:
    label: str  # short Indonesian label for tables
    hint: str  # what the operator can do about it
    permanent: bool


ERRORS: dict[ErrorClass, ErrorInfo] = {
    ErrorClass.DNS_NOT_FOUND: ErrorInfo(
        "Domain tidak ditemukan (DNS)",
        "Nama domain tidak terdaftar di DNS. Periksa ejaan alamat di registri, atau minta "
        "pengelola domain (go.id) memperpanjang/mengaktifkan kembali domain.",
        True,
    ),
    ErrorClass.CONNECTION_REFUSED: ErrorInfo(
        "Koneksi ditolak",
        "Server menolak koneksi: layanan web mati atau port tertutup. Hubungi pengelola "
        "server/hosting OPD.",
        False,
    ),
    ErrorClass.TIMEOUT: ErrorInfo(
        "Waktu habis",
        "Server tidak menjawab dalam batas waktu. Server mungkin kelebihan beban atau "
        "jaringan terputus; periksa kembali pada crawl berikutnya.",
        False,
    ),
    ErrorClass.TLS_ERROR: ErrorInfo(
        "Galat TLS/SSL",
        "Sambungan HTTPS gagal (sertifikat atau konfigurasi TLS rusak). Perbarui "
        "sertifikat SSL atau periksa konfigurasi HTTPS server.",
        True,
    ),
    ErrorClass.CONNECTION_LOST: ErrorInfo(
        "Koneksi terputus",
        "Server memutus koneksi sebelum halaman selesai dikirim. Periksa stabilitas server.",
        False,
    ),
    ErrorClass.REDIRECT_LOOP: ErrorInfo(
        "Pengalihan berulang",
        "Alamat terus dialihkan tanpa akhir. Periksa pengaturan redirect (http/https, www) "
        "di server atau CMS.",
        True,
    ),
    ErrorClass.HTTP_4XX: ErrorInfo(
        "Halaman tidak tersedia (HTTP 4xx)",
        "Server menjawab dengan galat 4xx (mis. 404). Periksa apakah alamat di registri "
        "masih benar.",
        True,
    ),
    ErrorClass.HTTP_5XX: ErrorInfo(
        "Galat server (HTTP 5xx)",
        "Server menjawab dengan galat 5xx. Aplikasi website atau basis datanya bermasalah; "
        "hubungi pengelola website OPD.",
        False,
    ),
    ErrorClass.BLOCKED: ErrorInfo(
        "Diblokir firewall",
        "Firewall/WAF menolak crawler (HTTP 403 atau tantangan bot). Minta pengelola "
        "mengizinkan User-Agent opdcrawl atau alamat IP crawler Diskominfo.",
        True,
    ),
    ErrorClass.PARKED: ErrorInfo(
        "Domain parkir/kedaluwarsa",
        "Domain menampilkan halaman parkir atau kedaluwarsa. Segera perpanjang domain "
        "sebelum diambil pihak lain.",
        True,
    ),
    ErrorClass.SUSPENDED: ErrorInfo(
        "Hosting ditangguhkan",
        "Akun hosting ditangguhkan (suspended). Periksa tagihan atau kuota hosting OPD.",
        True,
    ),
    ErrorClass.PLACEHOLDER: ErrorInfo(
        "Halaman bawaan/dalam perbaikan",
        "Yang tampil hanya halaman bawaan server/CMS atau 'sedang dalam perbaikan'. Website "
        "belum berisi; pastikan CMS terpasang dan konten dipublikasikan.",
        True,
    ),
    ErrorClass.TOO_LARGE: ErrorInfo(
        "Respons terlalu besar",
        "Halaman beranda melebihi batas ukuran unduhan. Periksa apakah server mengirim "
        "berkas yang salah.",
        True,
    ),
    ErrorClass.INVALID_RESPONSE: ErrorInfo(
        "Respons tidak valid",
        "Server mengirim data yang bukan halaman web yang dapat dibaca. Periksa server.",
        True,
    ),
    ErrorClass.INVALID_ENCODING: ErrorInfo(
        "Kompresi rusak",
        "Server menyatakan halaman dikompresi (Content-Encoding: gzip, deflate, br atau "
        "zstd) tetapi isinya bukan data terkompresi yang sah, sehingga browser pun tidak "
        "dapat membukanya. Periksa pengaturan kompresi server web, cache/CDN, atau plugin "
        "kompresi CMS (sering terjadi: halaman dikompresi dua kali atau header tanpa "
        "kompresi).",
        True,
    ),
    ErrorClass.RENDER_FAILED: ErrorInfo(
        "Gagal dirender (JavaScript)",
        "Server menjawab, tetapi beranda hanya berisi JavaScript dan browser crawler gagal "
        "merendernya (mis. waktu muat habis), juga setelah dicoba ulang; keaktifannya belum "
        "dapat dinilai. Periksa kembali pada crawl berikutnya. Bila terus berulang, pastikan "
        "berita tampil tanpa JavaScript (server-side rendering) atau sediakan RSS/sitemap.",
        False,
    ),
    ErrorClass.UNSUPPORTED_URL: ErrorInfo(
        "Alamat tidak didukung",
        "Alamat website di registri bukan alamat http/https yang valid. Perbaiki registri.",
        True,
    ),
    ErrorClass.UNKNOWN: ErrorInfo(
        "Galat lain",
        "Galat yang tidak dikenal; lihat detail galat dan log crawl.",
        False,
    ),
    ErrorClass.FORBIDDEN_ADDRESS: ErrorInfo(
        "Alamat jaringan internal ditolak",
        "Alamat di registri (atau tujuan pengalihannya) mengarah ke jaringan internal: "
        "alamat privat, loopback, link-local atau layanan metadata cloud. Crawler menolaknya "
        "agar registri tidak dapat dipakai untuk mengintip jaringan kantor. Periksa alamat "
        "website di registri; bila situs memang berada di jaringan internal, izinkan "
        "jaringannya lewat OPDCRAWL_ALLOWED_NETWORKS.",
        True,
    ),
    ErrorClass.TLS_SELF_SIGNED: ErrorInfo(
        "Sertifikat buatan sendiri (self-signed)",
        "Sertifikat HTTPS ditandatangani sendiri, bukan oleh penerbit (CA) tepercaya, sehingga "
        "browser pengunjung menampilkan peringatan keamanan. Pasang sertifikat dari CA "
        "tepercaya (mis. Let's Encrypt gratis, atau sertifikat dari pengelola domain go.id).",
        True,
    ),
    ErrorClass.TLS_EXPIRED: ErrorInfo(
        "Sertifikat kedaluwarsa",
        "Masa berlaku sertifikat HTTPS sudah habis (atau belum mulai), sehingga browser "
        "pengunjung menolak membuka situs tanpa peringatan. Segera perpanjang sertifikat dan "
        "aktifkan perpanjangan otomatis.",
        True,
    ),
    ErrorClass.TLS_WRONG_HOST: ErrorInfo(
        "Sertifikat untuk domain lain",
        "Sertifikat HTTPS tidak berlaku untuk nama domain situs ini (mis. sertifikat domain "
        "induk atau hosting bersama). Terbitkan sertifikat yang mencakup nama domain OPD "
        "(termasuk varian www bila dipakai).",
        True,
    ),
    ErrorClass.TLS_INCOMPLETE_CHAIN: ErrorInfo(
        "Rantai sertifikat tidak lengkap",
        "Server tidak mengirim sertifikat perantara (intermediate) dari penerbitnya, sehingga "
        "sebagian browser dan aplikasi tidak dapat memverifikasi situs. Pasang berkas "
        "'fullchain' (sertifikat + perantara) di konfigurasi HTTPS server.",
        True,
    ),
    ErrorClass.TLS_UNTRUSTED: ErrorInfo(
        "Penerbit sertifikat tidak tepercaya",
        "Sertifikat HTTPS diterbitkan oleh CA yang tidak dikenal browser umum. Ganti dengan "
        "sertifikat dari CA tepercaya.",
        True,
    ),
    ErrorClass.CRAWLER_OUTAGE: ErrorInfo(
        "Gangguan di sisi crawler",
        "Hampir semua situs pada crawl ini gagal dengan cara yang sama (mis. DNS atau "
        "jaringan server crawler mati). Bukan kesalahan OPD: periksa jaringan/DNS server "
        "crawler, lalu jalankan ulang crawl.",
        False,
    ),
}

# Certificate problems: the site was still read in full, so its freshness is judged as usual.
CERTIFICATE_PROBLEMS: frozenset[str] = frozenset(
    {
        ErrorClass.TLS_SELF_SIGNED,
        ErrorClass.TLS_EXPIRED,
        ErrorClass.TLS_WRONG_HOST,
        ErrorClass.TLS_INCOMPLETE_CHAIN,
        ErrorClass.TLS_UNTRUSTED,
    }
)

# Kinds of forbidden addresses (opdcrawl.netguard.address_kind), for refusal details.
ADDRESS_KINDS: dict[str, str] = {
    "loopback": "loopback, mesin crawler sendiri",
    "private": "jaringan privat",
    "link-local": "link-local",
    "metadata": "layanan metadata cloud",
    "reserved": "alamat khusus/cadangan",
}


# Statuses of social accounts (opdcrawl.social): none of them is inactivity; each says why
# the account could not be judged in this run, and what the operator can do.
SOCIAL_ERRORS: dict[AccountStatus, ErrorInfo] = {
    AccountStatus.NOT_FOUND: ErrorInfo(
        "Akun tidak ditemukan",
        "Akun tidak ada (dihapus atau ganti nama). Periksa nama akun di registri; bila OPD "
        "membuat akun baru, perbarui kolomnya.",
        True,
    ),
    AccountStatus.PRIVATE: ErrorInfo(
        "Akun privat",
        "Akun dikunci (privat), jadi unggahannya tidak terlihat publik. Minta pengelola akun "
        "membuka akun untuk publik, atau catat manual tanggal unggahan terakhirnya.",
        True,
    ),
    AccountStatus.RESTRICTED: ErrorInfo(
        "Akun dibatasi",
        "Platform membatasi akun ini (usia, wilayah, atau konten dibatasi). Periksa akun saat "
        "masuk (login), atau catat manual.",
        True,
    ),
    AccountStatus.LOGIN_WALL: ErrorInfo(
        "Diminta login",
        "Platform meminta login untuk melihat akun ini dari server crawler. Bukan tanda akun "
        "tidak aktif; coba lagi pada crawl berikutnya atau catat manual.",
        False,
    ),
    AccountStatus.RATE_LIMITED: ErrorInfo(
        "Dibatasi platform (terlalu banyak permintaan)",
        "Platform menolak sementara karena terlalu banyak permintaan. Turunkan laju "
        "(pengaturan per platform) dan jalankan ulang nanti.",
        False,
    ),
    AccountStatus.BOT_CHALLENGE: ErrorInfo(
        "Verifikasi keamanan platform",
        "Platform menampilkan verifikasi keamanan (anti-bot) kepada crawler. Bukan tanda akun "
        "tidak aktif; coba lagi nanti atau catat manual.",
        False,
    ),
    AccountStatus.PLATFORM_OUTAGE: ErrorInfo(
        "Gangguan platform",
        "Banyak akun di platform ini gagal dengan cara yang sama pada crawl ini: gangguan di "
        "sisi platform, bukan akun OPD. Jalankan ulang crawl nanti.",
        False,
    ),
    AccountStatus.LAYOUT_CHANGED: ErrorInfo(
        "Format halaman platform berubah",
        "Jawaban platform tidak lagi berbentuk seperti yang dikenal crawler. Laporkan ke "
        "pengembang opdcrawl (sertakan log crawl).",
        False,
    ),
    AccountStatus.NOT_READABLE: ErrorInfo(
        "Tidak dapat dibaca tanpa API",
        "Platform ini tidak dapat dibaca tanpa kunci/token API resmi (mis. X). Isi token di "
        "lingkungan server, atau catat manual tanggal unggahan terakhir.",
        True,
    ),
    AccountStatus.PARTIAL_EVIDENCE: ErrorInfo(
        "Bukti sebagian",
        "Hanya sebagian unggahan yang terbaca (Facebook: reels saja) dan tidak ada yang baru; "
        "belum cukup untuk menyebut akun tidak aktif. Periksa halaman atau catat manual.",
        False,
    ),
    AccountStatus.UNREACHABLE: ErrorInfo(
        "Platform tidak dapat dihubungi",
        "Permintaan ke platform gagal (jaringan atau galat server platform). Jalankan ulang "
        "crawl nanti.",
        False,
    ),
}


def info(error_class: str | ErrorClass) -> ErrorInfo:
    """The label and hint of a website error class or a social account status."""
    try:
        return ERRORS[ErrorClass(error_class)]
    except ValueError:
        pass
    try:
        return SOCIAL_ERRORS[AccountStatus(error_class)]
    except ValueError:
        return ERRORS[ErrorClass.UNKNOWN]


# Exception names (from Scrapy, Twisted, OpenSSL) -> class. Matched on the class name
# and its bases, so this module does not import Twisted.
_EXCEPTION_NAMES: dict[str, ErrorClass] = {
    "ForbiddenAddressError": ErrorClass.FORBIDDEN_ADDRESS,  # before its base DNSLookupError
    "CannotResolveHostError": ErrorClass.DNS_NOT_FOUND,
    "DNSLookupError": ErrorClass.DNS_NOT_FOUND,
    "DownloadConnectionRefusedError": ErrorClass.CONNECTION_REFUSED,
    "ConnectionRefusedError": ErrorClass.CONNECTION_REFUSED,
    "DownloadTimeoutError": ErrorClass.TIMEOUT,
    "TimeoutError": ErrorClass.TIMEOUT,
    "TCPTimedOutError": ErrorClass.TIMEOUT,
    "UserTimeoutError": ErrorClass.TIMEOUT,
    "SSLError": ErrorClass.TLS_ERROR,
    "ResponseDataLossError": ErrorClass.CONNECTION_LOST,
    # Scrapy cancels a download that outgrows DOWNLOAD_MAXSIZE.
    "DownloadCancelledError": ErrorClass.TOO_LARGE,
    "ConnectionLost": ErrorClass.CONNECTION_LOST,
    "ConnectionDone": ErrorClass.CONNECTION_LOST,
    "ResponseNeverReceived": ErrorClass.CONNECTION_LOST,
    "ResponseFailed": ErrorClass.CONNECTION_LOST,
    "UnsupportedURLSchemeError": ErrorClass.UNSUPPORTED_URL,
    "NotSupported": ErrorClass.UNSUPPORTED_URL,
}

_TLS_HINTS = ("ssl", "tls", "certificate", "handshake", "wrong version number")

# What Scrapy's HttpCompressionMiddleware lets through when a body does not decode as its
# Content-Encoding says: it raises from process_response, so no process_exception (and no
# retry) sees it, and the decoder's own exception reaches the errback unwrapped.
# (module, class name); a name alone for ZstdError (backports.zstd or compression.zstd).
_DECODING_ERRORS: frozenset[tuple[str, str]] = frozenset(
    {
        ("gzip", "BadGzipFile"),  # "Not a gzipped file (b'<h')"
        ("zlib", "error"),  # "Error -3 while decompressing data: invalid block type"
        ("brotli", "error"),
        ("_brotli", "error"),
        ("brotlicffi", "error"),
    }
)
# A gzip stream cut short: "Compressed file ended before the end-of-stream marker was reached".
_TRUNCATED_STREAM = "end-of-stream marker"
_DECODER_FILES = (
    "scrapy/downloadermiddlewares/httpcompression.py",
    "scrapy/utils/_compression.py",
    "scrapy/utils/gz.py",
)


def _decoding_failed(exc: BaseException) -> bool:
    """True when ``exc`` is a response body failing to decompress."""
    for cls in type(exc).__mro__:
        if (cls.__module__, cls.__name__) in _DECODING_ERRORS or cls.__name__ == "ZstdError":
            return True
    if isinstance(exc, EOFError) and _TRUNCATED_STREAM in str(exc):
        return True
    # Anything else raised inside Scrapy's decoders (struct.error on a short gzip header).
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.replace("\\", "/").endswith(_DECODER_FILES):
            return True
        tb = tb.tb_next
    return False


def classify_exception(exc: BaseException) -> tuple[ErrorClass, str]:
    """Error class and a one-line detail for a download exception."""
    detail = f"{type(exc).__name__}: {exc}".strip()[:500]
    text = detail.lower()
    if "max redirections" in text:
        return ErrorClass.REDIRECT_LOOP, detail
    if "maxsize" in text or ("cancelled" in text and "size" in text):
        return ErrorClass.TOO_LARGE, detail
    if _decoding_failed(exc):
        module = type(exc).__module__
        if module != "builtins":  # "zlib.error: …" says more than "error: …"
            detail = f"{module}.{detail}"[:500]
        return ErrorClass.INVALID_ENCODING, detail
    for cls in type(exc).__mro__:
        if cls.__module__.startswith("OpenSSL") or cls.__name__ == "SSLError":
            return ErrorClass.TLS_ERROR, detail
        if cls.__name__ in _EXCEPTION_NAMES:
            found = _EXCEPTION_NAMES[cls.__name__]
            # Twisted reports TLS failures inside ResponseNeverReceived/ConnectionLost.
            if found is ErrorClass.CONNECTION_LOST and any(h in text for h in _TLS_HINTS):
                return ErrorClass.TLS_ERROR, detail
            return found, detail
    if any(h in text for h in _TLS_HINTS):
        return ErrorClass.TLS_ERROR, detail
    if "dns" in text or "name or service not known" in text:
        return ErrorClass.DNS_NOT_FOUND, detail
    if "refused" in text:
        return ErrorClass.CONNECTION_REFUSED, detail
    if "timed out" in text or "timeout" in text:
        return ErrorClass.TIMEOUT, detail
    return ErrorClass.UNKNOWN, detail


def classify_status(status: int) -> ErrorClass | None:
    """Error class for an HTTP status on the homepage; None when the page is usable."""
    if status == 403:
        return ErrorClass.BLOCKED
    if 400 <= status < 500:
        return ErrorClass.HTTP_4XX
    if status >= 500:
        return ErrorClass.HTTP_5XX
    return None


def looks_like_garbage(body: bytes) -> bool:
    """True for bodies no one can read as a page: mostly control or undecodable bytes."""
    if not body:
        return False
    sample = body[:4096]
    if sample.lstrip()[:1] in (b"<", b"{", b"["):
        return False
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        text = sample.decode("latin-1")
        bad = sum(
            1 for ch in text if (ord(ch) < 32 and ch not in "\r\n\t") or 0x7F <= ord(ch) < 0xA0
        )
        return bad / max(1, len(text)) > 0.05 or b"\x00" in sample
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
    return controls / max(1, len(text)) > 0.05
