"""Step 3b: mask secrets in every check before it is stored or exported.

A check carries text from the crawl: the URLs it tried (an API route's URL holds its
key), error messages (a proxy's URL with its password), notes and evidence. This step
passes each through the crawl's ``opdcrawl.secrets.Masker`` before the SQL writer and
Scrapy's feed exports see it, so no secret reaches ``channel_check``, ``post``, the
reports or a ``-O checks.jsonl``.
"""

from __future__ import annotations

from typing import Any

from opdcrawl.items import ChannelCheck
from opdcrawl.secrets import Masker, masker_of

# ChannelCheck fields that hold text from the crawl (the rest are numbers, flags, dates).
TEXT_FIELDS = ("url", "final_url", "redirect_chain", "error_detail", "sources_tried",
               "notes", "evidence")  # fmt: skip
POST_FIELDS = ("url", "title", "raw_date", "evidence_url")


class ScrubSecretsPipeline:
    def __init__(self, masker: Masker) -> None:
        self.masker = masker

    @classmethod
    def from_crawler(cls, crawler: Any) -> ScrubSecretsPipeline:
        return cls(masker_of(crawler))

    def process_item(self, item: ChannelCheck) -> ChannelCheck:
        for name in TEXT_FIELDS:
            setattr(item, name, self.masker.mask_value(getattr(item, name)))
        for post in item.posts:
            for name in POST_FIELDS:
                setattr(post, name, self.masker.mask_value(getattr(post, name)))
        return item
