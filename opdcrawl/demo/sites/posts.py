"""Posts: a seeded schedule and Indonesian words, so every run writes the same news.

Each site counts its posts backwards from a ``now`` given at start-up along a schedule
seeded by its code: the same titles and gaps every run, only the calendar moves.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from opdcrawl.demo.sites.dates import JAKARTA


@dataclass(frozen=True)
class Theme:
    """The words one office writes about; titles and bodies are drawn from these."""

    org: str
    actors: tuple[str, ...]
    topics: tuple[str, ...]
    places: tuple[str, ...]
    officials: tuple[str, ...]


# (headline form, body form): Indonesian headlines drop the meN- prefix.
VERBS = (
    ("Gelar", "menggelar"),
    ("Sosialisasikan", "menyosialisasikan"),
    ("Luncurkan", "meluncurkan"),
    ("Dampingi", "mendampingi"),
    ("Evaluasi", "mengevaluasi"),
    ("Perkuat", "memperkuat"),
    ("Tinjau", "meninjau"),
    ("Percepat", "mempercepat"),
)

TITLE_TEMPLATES = (
    "{actor} {verb} {topic} di {place}",
    "{actor} {verb} {topic}",
    "Tingkatkan Pelayanan, {actor} {verb} {topic}",
    "Warga {place} Antusias Ikuti {topic}",
    "{topic} di {place} Berjalan Lancar",
    "{actor} {verb} {topic} Tahap Berikutnya",
)

OPENINGS = (
    "KOTA DEMO — {actor} {verb} {topic} di {place}. Kegiatan ini diikuti sekitar {n} "
    "peserta dari unsur perangkat wilayah, kader, dan tokoh masyarakat.",
    "{actor} kembali {verb} {topic}. Kali ini kegiatan dipusatkan di {place} dan mendapat "
    "sambutan positif dari warga setempat.",
    "Bertempat di {place}, {actor} {verb} {topic} yang dihadiri {n} orang peserta dan "
    "perwakilan perangkat daerah terkait.",
)
MIDDLES = (
    "Dalam sambutannya, {official} menyampaikan bahwa {topic} merupakan bagian dari program "
    "prioritas pemerintah daerah. “Kami ingin manfaatnya benar-benar dirasakan langsung oleh "
    "masyarakat,” ujarnya.",
    "Menurut {official}, kegiatan serupa akan dilakukan secara bertahap ke seluruh wilayah. "
    "Ia juga mengajak masyarakat aktif memberi masukan melalui kanal pengaduan resmi.",
    "{official} menjelaskan, pelaksanaan {topic} melibatkan lintas perangkat daerah agar "
    "hasilnya terukur dan tepat sasaran.",
)
CLOSINGS = (
    "Ke depan, hasil kegiatan ini akan dievaluasi secara berkala dan dilaporkan kepada "
    "pimpinan daerah sebagai bahan pengambilan kebijakan.",
    "Masyarakat yang membutuhkan informasi lebih lanjut dapat menghubungi kantor kami pada "
    "jam kerja atau melalui media sosial resmi.",
    "Kegiatan ditutup dengan sesi tanya jawab serta foto bersama seluruh peserta.",
    "Seluruh rangkaian kegiatan berjalan tertib dan lancar hingga selesai.",
)

KELURAHAN = (
    "Kelurahan Sukamaju",
    "Kelurahan Cibeureum",
    "Kecamatan Sukajadi",
    "Kelurahan Mekarsari",
    "Kelurahan Pasirkaliki",
    "Kecamatan Cilimus",
)


@dataclass(frozen=True)
class DemoPost:
    """One demo publication; ``number`` is stable across runs (1 = oldest)."""

    number: int
    slug: str
    title: str
    published_at: datetime
    paragraphs: tuple[str, ...]
    author: str
    views: int

    @property
    def excerpt(self) -> str:
        first = self.paragraphs[0]
        return first if len(first) <= 160 else first[:157].rsplit(" ", 1)[0] + "…"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _lower_phrase(phrase: str) -> str:
    """Lower-case a headline phrase for running text, keeping acronyms (ASN, UMKM, K3)."""
    words = []
    for word in phrase.split():
        keep = word.isupper() or any(ch.isdigit() for ch in word) or "-" in word[1:2]
        words.append(word if keep else word.lower())
    return " ".join(words)


@dataclass(frozen=True)
class Schedule:
    """Days between posts, counted back from the crawl day (all in calendar days)."""

    first_days_ago: tuple[int, int]
    gap_days: tuple[int, int]
    span_days: int


def schedule_dates(
    seed: str, today: date, schedule: Schedule, first: int | None = None
) -> list[datetime]:
    """Post times, newest first, all on days before ``today`` (so never after now).

    The gaps come from a generator seeded by the site code alone, so the pattern is the
    same on every run; only ``first`` (used by the year-less-badge trap) depends on today.
    """
    rng = random.Random(f"{seed}/schedule")
    drawn = rng.randint(*schedule.first_days_ago)  # drawn either way: gaps stay the same
    days_ago = drawn if first is None else first
    span = schedule.span_days + (0 if first is None else first)
    moments = []
    while days_ago <= span:
        minute = rng.randint(7 * 60 + 30, 16 * 60 + 30)
        clock = time(minute // 60, minute % 60, rng.randint(0, 59))
        moments.append(datetime.combine(today - timedelta(days=days_ago), clock, JAKARTA))
        days_ago += rng.randint(*schedule.gap_days)
    return moments


def make_posts(seed: str, theme: Theme, moments: list[datetime]) -> list[DemoPost]:
    """Give each scheduled moment a plausible, varied Indonesian news item."""
    rng = random.Random(f"{seed}/words")
    posts: list[DemoPost] = []
    seen: set[str] = set()
    for index, moment in enumerate(reversed(moments)):  # oldest first: numbers stay put
        actor = rng.choice(theme.actors)
        verb, verb_body = rng.choice(VERBS)
        topic = rng.choice(theme.topics)
        place = rng.choice(theme.places)
        title = rng.choice(TITLE_TEMPLATES).format(actor=actor, verb=verb, topic=topic, place=place)
        slug = slugify(title)
        if slug in seen:
            slug = f"{slug}-{index + 1}"
        seen.add(slug)
        words = {
            "actor": actor,
            "verb": verb_body,
            "topic": _lower_phrase(topic),
            "place": place,
            "official": rng.choice(theme.officials),
            "n": rng.randint(25, 180),
        }
        paragraphs = (
            rng.choice(OPENINGS).format(**words),
            rng.choice(MIDDLES).format(**words),
            rng.choice(CLOSINGS),
        )
        posts.append(
            DemoPost(
                number=index + 1,
                slug=slug,
                title=title,
                published_at=moment,
                paragraphs=paragraphs,
                author=rng.choice(("Admin", "Humas", "Redaksi", "Operator Web")),
                views=rng.randint(40, 2500),
            )
        )
    posts.reverse()  # newest first, like every news list
    return posts
