"""MkDocs hook: the theme's navigation is rendered once for the pages that share it, not once per page.

Loaded through `hooks:` in the MkDocs configuration labkem writes for a build. Every page carries the site's
navigation (Material's `partials/nav.html`), and on a generated site almost no page is in it: the village,
district and indicator pages are reached from their index pages. For such a page nothing in the navigation is
active, so the only thing that changes from page to page is where its links point, relative to the page.

So the navigation is rendered for a page while every `url` filter call is noted, input and output. Another page
outside the navigation gets the same HTML when every one of those inputs gives it the same output; otherwise the
navigation is rendered for it, and noted, in turn. A page in the navigation is always rendered as usual. Pages
are compared only with the pages of the same folder (all the villages under `desa/`), which share their links.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context

NAV_TEMPLATE = "partials/nav.html"


@dataclass(frozen=True)
class Rendered:
    """The navigation as rendered for one page, with the links (`url` inputs and outputs) it was made of."""

    links: tuple[tuple[str, str], ...]
    html: str


class NavCache:
    """Rendered navigations by folder, for one navigation (one build)."""

    def __init__(self, url: Callable[[Context, Any], str]) -> None:
        self.url = url
        self.nav: Any = None
        self.by_folder: dict[str, list[Rendered]] = {}
        self.noted: list[tuple[str, str]] | None = None

    def noting_url(self, context: Context, value: Any) -> str:
        """The `url` filter, noting what it was asked and what it answered while a navigation renders."""
        result = self.url(context, value)
        if self.noted is not None:
            self.noted.append((str(value), result))
        return result

    def render(self, render: Callable[[Context], Iterator[str]], context: Context) -> Iterator[str]:
        """The navigation for the page of `context`: from the cache where that is exact, else rendered."""
        nav, page = context.get("nav"), context.get("page")
        if nav is None or page is None or self.noted is not None or any(item.active for item in nav.items):
            yield from render(context)  # a page in the navigation: its own entry is marked
            return
        if nav is not self.nav:
            self.nav, self.by_folder = nav, {}
        folder = posixpath.dirname(str(page.url).rstrip("/"))
        candidates = self.by_folder.setdefault(folder, [])
        for rendered in candidates:
            if all(self.url(context, value) == result for value, result in rendered.links):
                yield rendered.html
                return
        self.noted = []
        try:
            html = "".join(render(context))
            candidates.append(Rendered(tuple(dict.fromkeys(self.noted)), html))
        finally:
            self.noted = None
        yield html


def on_env(env: Environment, config: Any, files: Any) -> Environment:
    """Route the navigation template and the `url` filter through a `NavCache`."""
    cache = NavCache(env.filters["url"])

    @pass_context
    def url(context: Context, value: Any) -> str:
        return cache.noting_url(context, value)

    env.filters["url"] = url
    template = env.get_template(NAV_TEMPLATE)
    render = template.root_render_func
    template.root_render_func = lambda context: cache.render(render, context)
    return env
