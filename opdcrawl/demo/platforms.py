"""Loopback imitations of the social platforms, in the shapes of SOCIAL_NOTES.md.

For the social spider's end-to-end tests and the demo: one server answers every
platform's routes under its own path prefix (``OPDCRAWL_SOCIAL_BASE_URLS`` points there),
with the quirks the real platforms have and the adapters must survive: the channel id
only in YouTube's owner metadata (recommended channels name others), an empty feed-level
``yt:channelId``, JSON escaped inside HTML on Instagram's embed page, TikTok video ids as
19-digit strings carrying their time in the high bits and no ``createTime``, Facebook's
HTTP 400 to requests without browser headers, X's bearer token, redirects to login pages,
401 "Please wait a few minutes" and 429 bodies.

This is an imitation for faults and for a crawl through the real spider; the adapters'
parsers are tested on saved responses in the real format (``tests/fixtures/social``).
Each account is an :class:`AccountSpec`: its posts' ages, followers and a status.

Facebook's page itself (``/<page>/``, the browser route) is served as a page whose
timeline only a browser sees: its relay JSON script is written by JavaScript after a
``fetch``, so plain HTTP reads nothing there; the page also asks for a cover image that a
render must never download (resources are blocked). ``AccountSpec.page`` says how the
page answers a browser: ``timeline``, ``login_wall`` (redirect to ``/login/``, the usual
answer to a logged-out datacenter browser) or ``hang`` (never answers).
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any

from opdcrawl.demo.loopback import LoopbackHTTPServer, LoopbackServers, split_target

PREFIXES = {
    "youtube": "/youtube",
    "youtube_api": "/youtube-api",
    "instagram": "/instagram",
    "tiktok": "/tiktok",
    "facebook": "/facebook",
    "x_api": "/x-api",
}
# Statuses an AccountSpec can ask for.
STATUSES = ("ok", "not_found", "private", "login_wall", "rate_limited", "error", "layout_changed")
X_TOKEN = "demo-token"


@dataclass(frozen=True)
class AccountSpec:
    platform: str  # youtube, instagram, tiktok, facebook, x
    handle: str
    ages_days: tuple[float, ...] = ()  # age of each post at "now", newest first
    followers: int = 1200
    status: str = "ok"
    # Facebook only: the page's timeline (every kind of post; None: the reels' ages) and
    # how the page answers a browser (timeline, login_wall, hang).
    page_ages_days: tuple[float, ...] | None = None
    page: str = "timeline"


def channel_id(handle: str) -> str:
    """A stable YouTube-looking channel id for a handle: ``UC`` + 22 characters."""
    digest = hashlib.sha256(handle.encode()).hexdigest()
    return "UC" + digest[:22]


def _stamp(now: datetime, age_days: float) -> datetime:
    return (now - timedelta(days=age_days)).astimezone(UTC).replace(microsecond=0)


@dataclass
class PlatformState:
    accounts: dict[tuple[str, str], AccountSpec]
    now: datetime
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    # (time.monotonic(), path) of every request, so a benchmark can see the pace per platform.
    arrivals: list[tuple[float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    youtube_ids: dict[str, AccountSpec] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        # The feed is asked by channel id: look it up, not hash every handle per request.
        self.youtube_ids = {
            channel_id(spec.handle): spec
            for spec in self.accounts.values()
            if spec.platform == "youtube"
        }

    def account(self, platform: str, handle: str) -> AccountSpec | None:
        return self.accounts.get((platform, handle.lower()))


class _Handler(BaseHTTPRequestHandler):
    server: _PlatformHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        state = self.server.state
        path, query = split_target(self.path)
        with state.lock:
            state.arrivals.append((time.monotonic(), path))
            state.requests.append(
                (path, self.path, {k.lower(): v for k, v in self.headers.items()})
            )
        for platform, prefix in PREFIXES.items():
            if path.startswith(prefix + "/"):
                answer = getattr(self, f"_{platform}")
                answer(path[len(prefix) :], query)
                return
        self._send(404, "text/html", "<html><body>Not Found</body></html>")

    # --- answers -----------------------------------------------------------------------

    def _send(self, status: int, content_type: str, body: str | bytes, **headers: str) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _common_failure(self, spec: AccountSpec | None, *, html_404: str) -> bool:
        """Answers every platform gives alike; True when one was sent."""
        if spec is None or spec.status == "not_found":
            self._send(404, "text/html; charset=utf-8", html_404)
            return True
        if spec.status == "rate_limited":
            self._send(
                429, "text/html; charset=utf-8", "<html><body>Too Many Requests</body></html>"
            )
            return True
        if spec.status == "error":
            self._send(500, "text/html; charset=utf-8", "<html><body>Internal Error</body></html>")
            return True
        return False

    # YouTube: channel page with ytInitialData, and the Atom feed.
    def _youtube(self, rest: str, query: dict[str, str]) -> None:
        state = self.server.state
        if rest.startswith("/@"):
            spec = state.account("youtube", rest[2:].strip("/"))
            if self._common_failure(spec, html_404="<html><title>404 Not Found</title></html>"):
                return
            assert spec is not None
            own = channel_id(spec.handle)
            others = [channel_id(spec.handle + str(n)) for n in range(3)]
            data = {
                "responseContext": {"mainAppWebResponseContext": {"loggedOut": True}},
                "contents": {"recommended": [{"channelId": other} for other in others]},
                "metadata": {"channelMetadataRenderer": {"title": spec.handle, "externalId": own}},
            }
            if spec.status == "layout_changed":
                data.pop("metadata")
            canonical = (
                ""
                if spec.status == "layout_changed"
                else (f'<link rel="canonical" href="https://www.youtube.com/channel/{own}">')
            )
            page = (
                f"<!DOCTYPE html><html><head>{canonical}</head><body>"
                f'<a href="/channel/{others[0]}">Kanal lain</a>'
                f"<script>var ytInitialData = {json.dumps(data)};</script></body></html>"
            )
            self._send(200, "text/html; charset=utf-8", page)
            return
        if rest == "/feeds/videos.xml":
            wanted = query.get("channel_id", "")
            spec = state.youtube_ids.get(wanted)
            if self._common_failure(spec, html_404="<html><body>404</body></html>"):
                return
            assert spec is not None
            entries = "".join(
                f"<entry><id>yt:video:v{n}{wanted[-6:]}</id><yt:videoId>v{n}{wanted[-6:]}"
                f"</yt:videoId><yt:channelId>{wanted}</yt:channelId>"
                f"<title>Video kegiatan {n}</title>"
                f'<link rel="alternate" href="https://www.youtube.com/watch?v=v{n}{wanted[-6:]}"/>'
                f"<published>{_stamp(state.now, age).isoformat()}</published>"
                f"<updated>{_stamp(state.now, max(age - 1, 0)).isoformat()}</updated>"
                f'<media:group><media:community><media:statistics views="{100 + n}"/>'
                f"</media:community></media:group></entry>"
                for n, age in enumerate(spec.ages_days[:15])
            )
            feed = (
                '<?xml version="1.0" encoding="UTF-8"?><feed '
                'xmlns:yt="http://www.youtube.com/xml/schemas/2015" '
                'xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">'
                f"<id>yt:channel:{wanted}</id><yt:channelId></yt:channelId>"
                f"<title>{html.escape(spec.handle)}</title>{entries}</feed>"
            )
            self._send(200, "text/xml; charset=UTF-8", feed)
            return
        self._send(404, "text/html", "<html><body>404</body></html>")

    def _youtube_api(self, rest: str, query: dict[str, str]) -> None:
        self._send(403, "application/json", json.dumps({"error": {"code": 403}}))

    # X: the official API, only with the bearer token.
    def _x_api(self, rest: str, query: dict[str, str]) -> None:
        state = self.server.state
        if self.headers.get("Authorization") != f"Bearer {X_TOKEN}":
            body = {"title": "Unauthorized", "type": "about:blank", "status": 401,
                    "detail": "Unauthorized"}  # fmt: skip
            self._send(401, "application/problem+json", json.dumps(body))
            return
        handle = query.get("usernames", "")
        spec = state.account("x", handle)
        if spec is not None and spec.status == "rate_limited":
            self._send(429, "application/json", json.dumps({"title": "Too Many Requests"}))
            return
        if spec is not None and spec.status == "error":
            body = {"title": "Service Unavailable", "type": "about:blank", "status": 503,
                    "detail": "Service Unavailable"}  # fmt: skip
            self._send(503, "application/problem+json", json.dumps(body))
            return
        if spec is None or spec.status == "not_found":
            body = {"errors": [{"value": handle, "detail": f"Could not find user with usernames: "
                                f"[{handle}].", "title": "Not Found Error",
                                "resource_type": "user", "parameter": "usernames"}]}  # fmt: skip
            self._send(200, "application/json", json.dumps(body))
            return
        user: dict[str, Any] = {
            "id": str(abs(hash(handle)) % 10**18),
            "name": handle,
            "username": handle,
            "protected": spec.status == "private",
            "public_metrics": {"followers_count": spec.followers, "tweet_count": 10},
        }
        if spec.ages_days:
            millis = int(_stamp(state.now, spec.ages_days[0]).timestamp() * 1000)
            user["most_recent_tweet_id"] = str((millis - 1288834974657) << 22)
        self._send(200, "application/json", json.dumps({"data": [user]}))

    # Instagram: the profile embed page, contextJSON escaped inside a script.
    def _instagram(self, rest: str, query: dict[str, str]) -> None:
        state = self.server.state
        if rest.startswith("/api/v1/users/web_profile_info/"):
            self._instagram_profile_info(query.get("username", ""))
            return
        parts = [part for part in rest.split("/") if part]
        if len(parts) != 2 or parts[1] != "embed":
            self._send(404, "text/html", "<html><body>404</body></html>")
            return
        spec = state.account("instagram", parts[0])
        if spec is not None and spec.status == "login_wall":
            self._send(302, "text/html", "", Location=f"{PREFIXES['instagram']}/accounts/login/")
            return
        if spec is not None and spec.status == "rate_limited":
            body = json.dumps({"message": "Please wait a few minutes before you try again.",
                               "require_login": True, "status": "fail"})  # fmt: skip
            self._send(401, "application/json", body)
            return
        if self._common_failure(spec, html_404="<html><body>Sorry, this page isn't available."
                                "</body></html>"):  # fmt: skip
            return
        assert spec is not None
        media = [
            {"shortcode_media": {
                "__typename": "GraphImage", "id": f"37{n:017d}",
                "shortcode": f"C{n}{spec.handle[:6]}",
                "is_video": False,
                "taken_at_timestamp": int(_stamp(state.now, age).timestamp()),
                "edge_media_to_caption": {
                    "edges": [{"node": {"text": f"Kegiatan {n} \U0001f4cc"}}]
                },
            }}
            for n, age in enumerate(spec.ages_days[:6])
        ]  # fmt: skip
        context = {
            "context": {
                "type": "Profile",
                "username": spec.handle,
                "is_private": spec.status == "private",
                "followers_count": spec.followers,
                "graphql_media": [] if spec.status == "private" else media,
            }
        }
        if spec.status == "layout_changed":
            context = {"context": None}
        escaped = json.dumps(json.dumps(context))  # a JSON string inside the script's JSON
        page = (
            '<!DOCTYPE html><html><body><div class="Embed"></div><script>requireLazy('
            '["TimeSliceImpl","ServerJS"],function(TimeSlice,ServerJS){var s=(new ServerJS());'
            's.handle({"require":[["PolarisEmbedSimple","init",[],[{"appID":"936619743392459",'
            f'"isProfileEmbed":true,"contextJSON":{escaped}}}]]]}});}});</script></body></html>'
        )
        self._send(200, "text/html; charset=utf-8", page)

    def _instagram_profile_info(self, handle: str) -> None:
        """The secondary route: ``web_profile_info`` JSON, throttled like the real one."""
        state = self.server.state
        spec = state.account("instagram", handle)
        if self.headers.get("X-IG-App-ID") != "936619743392459":
            self._send(400, "application/json", json.dumps({"status": "fail"}))
            return
        if spec is not None and spec.status in ("rate_limited", "login_wall"):
            body = {"message": "Please wait a few minutes before you try again.",
                    "require_login": True, "status": "fail"}  # fmt: skip
            self._send(401, "application/json", json.dumps(body))
            return
        if spec is None or spec.status == "not_found":
            self._send(404, "application/json", json.dumps({"data": {"user": None}}))
            return
        if spec.status == "error":
            self._send(500, "text/html", "<html><body>Error</body></html>")
            return
        edges = [
            {"node": {"shortcode": f"C{n}{spec.handle[:6]}",
                      "taken_at_timestamp": int(_stamp(state.now, age).timestamp())}}
            for n, age in enumerate(spec.ages_days[:12])
        ]  # fmt: skip
        user = {
            "username": spec.handle,
            "is_private": spec.status == "private",
            "edge_followed_by": {"count": spec.followers},
            "edge_owner_to_timeline_media": {"count": len(spec.ages_days), "edges": edges},
        }
        self._send(200, "application/json", json.dumps({"data": {"user": user}, "status": "ok"}))

    # TikTok: the creator embed, state in __FRONTITY_CONNECT_STATE__; ids carry the time.
    def _tiktok(self, rest: str, query: dict[str, str]) -> None:
        state = self.server.state
        if rest.startswith("/@"):
            self._tiktok_profile(rest[2:].strip("/"))
            return
        if not rest.startswith("/embed/@"):
            self._send(404, "text/html", "<html><body>404</body></html>")
            return
        handle = rest[len("/embed/@") :].strip("/")
        spec = state.account("tiktok", handle)
        if self._common_failure(spec, html_404="<html><body>Couldn't find this account"
                                "</body></html>"):  # fmt: skip
            return
        assert spec is not None
        videos = [
            {"id": str((int(_stamp(state.now, age).timestamp()) << 32) | (0x5A5A5A5A + n)),
             "desc": f"Kegiatan {n}", "playCount": 100 + n}
            for n, age in enumerate(spec.ages_days[:10])
        ]  # fmt: skip
        data = {
            "userInfo": {
                "id": "70" + "1" * 17,
                "uniqueId": spec.handle,
                "followerCount": spec.followers,
                "privateAccount": spec.status == "private",
                "videoCount": len(spec.ages_days),
            },
            "videoList": [] if spec.status == "private" else videos,
            "isError": False,
        }
        frontity = {"router": {"link": f"/embed/@{spec.handle}"},
                    "source": {"data": {f"/embed/@{spec.handle}": data}}}  # fmt: skip
        script = (
            ""
            if spec.status == "layout_changed"
            else (
                '<script id="__FRONTITY_CONNECT_STATE__" type="application/json">'
                f"{json.dumps(frontity)}</script>"
            )
        )
        self._send(200, "text/html; charset=utf-8", f"<html><body>{script}</body></html>")

    def _tiktok_profile(self, handle: str) -> None:
        """The status route: the profile page's rehydration data (no posts from a server)."""
        spec = self.server.state.account("tiktok", handle)
        if spec is not None and spec.status in ("rate_limited", "error"):
            self._common_failure(spec, html_404="")
            return
        code = {None: 10221, "not_found": 10221, "private": 10222}.get(
            None if spec is None else spec.status, 0
        )
        detail: dict[str, Any] = {"statusCode": code, "statusMsg": ""}
        if spec is not None and code == 0:
            detail["userInfo"] = {
                "user": {"uniqueId": spec.handle, "privateAccount": False},
                "stats": {"followerCount": spec.followers, "videoCount": len(spec.ages_days)},
            }
        data = {"__DEFAULT_SCOPE__": {"webapp.user-detail": detail}}
        page = (
            '<html><body><script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" '
            f'type="application/json">{json.dumps(data)}</script></body></html>'
        )
        self._send(200, "text/html; charset=utf-8", page)

    # Facebook: the reels tab, 400 without browser headers, creation_time in relay JSON.
    def _facebook(self, rest: str, query: dict[str, str]) -> None:
        state = self.server.state
        parts = [part for part in rest.split("/") if part]
        if len(parts) == 1 or (len(parts) == 2 and parts[1] in ("timeline.json", "cover.jpg")):
            self._facebook_page(parts)
            return
        if len(parts) != 2 or parts[1] != "reels":
            self._send(404, "text/html", "<html><body>404</body></html>")
            return
        if not self.headers.get("Sec-Fetch-Mode") or not self.headers.get("sec-ch-ua"):
            self._send(400, "text/html", "<html><body>Error</body></html>")
            return
        spec = state.account("facebook", parts[0])
        if spec is not None and spec.status == "login_wall":
            self._send(302, "text/html", "", Location=f"{PREFIXES['facebook']}/login/")
            return
        if self._common_failure(spec, html_404="<html><head><title>Page Not Found</title></head>"
                                "<body></body></html>"):  # fmt: skip
            return
        assert spec is not None
        edges = [
            {"profile_reel_node": {"node": {
                "__typename": "Story", "id": f"S{n}",
                "creation_time": int(_stamp(state.now, age).timestamp()),
                "attachments": [{"media": {
                    "__typename": "Video", "id": f"15{n:014d}",
                    "created_time": int(_stamp(state.now, age).timestamp()),
                }}],
            }}}
            for n, age in enumerate(spec.ages_days[:10])
        ]  # fmt: skip
        relay = {"require": [["ScheduledServerJS", "handle", None, [{"__bbox": {"require": [[
            "RelayPrefetchedStreamCache", "next", [], ["adp_ProfileCometReelsTabContentQuery",
            {"__bbox": {"complete": True, "result": {"data": {"node": {
                "__typename": "User", "id": "100064555123456",
                "all_collections": {"nodes": [{"style_renderer": {"collection": {
                    "aggregated_fb_shorts": {"edges": edges}}}}]}}}}}}]]]}}]]]}  # fmt: skip
        script = (
            ""
            if spec.status == "layout_changed"
            else ('<script type="application/json" data-sjs>' + json.dumps(relay) + "</script>")
        )
        title = html.escape(spec.handle)
        page = f"<html><head><title>{title}</title></head><body>{script}</body></html>"
        self._send(200, "text/html; charset=utf-8", page)

    def _facebook_page(self, parts: list[str]) -> None:
        """The page as a browser gets it: the timeline written in by its script."""
        state = self.server.state
        spec = state.account("facebook", parts[0])
        if spec is None or spec.status == "not_found":
            self._send(404, "text/html", "<html><head><title>Page Not Found</title></head></html>")
            return
        if spec.page == "hang":
            time.sleep(3600)  # accepted, never answered: the render's timeout must end it
            return
        if spec.page == "login_wall":
            self._send(302, "text/html", "", Location=f"{PREFIXES['facebook']}/login/")
            return
        if len(parts) == 2 and parts[1] == "cover.jpg":
            self._send(200, "image/jpeg", b"\xff\xd8\xff\xd9")
            return
        if len(parts) == 2:  # timeline.json, asked by the page's own script
            ages = spec.ages_days if spec.page_ages_days is None else spec.page_ages_days
            edges = [
                {"node": {
                    "__typename": "Story", "post_id": f"10{n:013d}",
                    "comet_sections": {
                        "content": {"story": {
                            "wwwURL": f"https://www.facebook.com/{spec.handle}/posts/10{n:013d}",
                            "message": {"text": f"Kegiatan ke-{n}"},
                        }},
                        "context_layout": {"story": {"comet_sections": {"metadata": [
                            {"story": {"creation_time": int(_stamp(state.now, age).timestamp())}}
                        ]}}},
                    },
                }}
                for n, age in enumerate(ages[:5])
            ]  # fmt: skip
            relay = {"require": [["RelayPrefetchedStreamCache", "next", [], [
                "ProfileCometTimelineFeedRefetchQuery", {"__bbox": {"result": {"data": {
                    "node": {"__typename": "User", "timeline_list_feed_units": {
                        "edges": edges}}}}}}]]]}  # fmt: skip
            self._send(200, "application/json", json.dumps(relay))
            return
        script = (
            "fetch('timeline.json').then(r => r.text()).then(t => {"
            " const s = document.createElement('script');"
            " s.type = 'application/json'; s.setAttribute('data-sjs', '');"
            " s.textContent = t; document.body.appendChild(s); });"
        )
        title = html.escape(spec.handle)
        page = (
            f"<html><head><title>{title}</title></head><body>"
            f'<img src="{PREFIXES["facebook"]}/{spec.handle}/cover.jpg">'
            f"<script>{script}</script></body></html>"
        )
        self._send(200, "text/html; charset=utf-8", page)


class _PlatformHTTPServer(LoopbackHTTPServer):
    # Every platform shares this one socket: a burst of new connections must not overflow
    # the listen backlog (socketserver's default is 5; a dropped SYN costs a 1 s retry).
    request_queue_size = 128

    def __init__(self, state: PlatformState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


class PlatformServer(LoopbackServers[_PlatformHTTPServer]):
    """``with PlatformServer(accounts, now) as platforms:`` then crawl with
    ``OPDCRAWL_SOCIAL_BASE_URLS = platforms.base_urls``."""

    def __init__(self, accounts: list[AccountSpec], now: datetime) -> None:
        super().__init__()
        self.state = PlatformState({(a.platform, a.handle.lower()): a for a in accounts}, now)

    def bind(self) -> None:
        server = _PlatformHTTPServer(self.state)
        host, port = server.server_address[:2]
        self.serve("platforms", server, f"http://{host}:{port}", thread="platforms")

    @property
    def base_urls(self) -> dict[str, str]:
        root = self.url_for("platforms")
        return {key: root + prefix for key, prefix in PREFIXES.items()}

    @property
    def requests(self) -> list[tuple[str, str, dict[str, str]]]:
        with self.state.lock:
            return list(self.state.requests)

    @property
    def arrivals(self) -> list[tuple[float, str]]:
        """``(time.monotonic(), path)`` of every request so far, in arrival order."""
        with self.state.lock:
            return list(self.state.arrivals)
