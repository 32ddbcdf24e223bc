"""Public pages other areas keep about a campaign (考察预告, 任前公示): the public announcement page lists
them under 公示与预告. An area registers ``links(campaign) -> [(label, url), …]`` (only what is published);
campaigns never imports the areas that come after it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PublicLinks = Callable[[Any], list[tuple[str, str]]]

_LINKS: list[PublicLinks] = []


def register_public_links(links: PublicLinks) -> None:
    if links not in _LINKS:
        _LINKS.append(links)


def public_links(campaign: Any) -> list[tuple[str, str]]:
    return [link for links in _LINKS for link in links(campaign)]
