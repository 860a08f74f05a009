"""The navigation hook: a navigation shared by pages outside it is rendered once, and every page stays the same."""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jinja2 import DictLoader, Environment, pass_context
from jinja2.runtime import Context

from labkem import nav_hook
from labkem.publish import NAV_HOOK, read_config


@dataclass
class Page:
    url: str


@dataclass
class Item:
    url: str
    active: bool = False


@dataclass
class Nav:
    items: list[Item] = field(default_factory=list)


@pass_context
def _url(context: Context, value: Any) -> str:
    """Like MkDocs' filter: the address of `value` relative to the page's folder."""
    page = context["page"]
    here = page.url if page.url.endswith("/") else posixpath.dirname(page.url) + "/"
    return posixpath.relpath(str(value) or ".", here.rstrip("/") or ".") + "/"


def _environment(renders: list[str]) -> Environment:
    templates = {
        nav_hook.NAV_TEMPLATE: '{{ note() }}{% for item in nav.items %}<a href="{{ item.url | url }}"'
        "{% if item.active %} class=active{% endif %}></a>{% endfor %}",
        "page.html": "<main>{{ page.url }}</main>{% include 'partials/nav.html' %}",
    }
    env = Environment(loader=DictLoader(templates))
    env.filters["url"] = _url
    env.globals["note"] = lambda: renders.append("nav") or ""
    return env


def test_pages_of_a_folder_outside_the_navigation_share_one_rendering() -> None:
    nav = Nav([Item("kabupaten/"), Item("desa/33.26.01.2001/"), Item("tentang/")])
    pages = [Page(url) for url in ("desa/33.26.01.2002/", "desa/33.26.01.2003/", "kabupaten/33.26/", "desa/x/")]
    pages.append(Page("desa/33.26.01.2001/"))  # in the navigation: its own entry is marked, never shared
    renders: list[str] = []
    plain = _environment([])
    cached = nav_hook.on_env(_environment(renders), {}, None)
    for page in pages:
        for item in nav.items:
            item.active = item.url == page.url
        expected = plain.get_template("page.html").render(page=page, nav=nav)
        assert cached.get_template("page.html").render(page=page, nav=nav) == expected, page.url
    # desa/33.26.01.2002/ is rendered; 2003 and x share it; kabupaten/33.26/ is another folder; the page in the
    # navigation is rendered as usual
    assert len(renders) == 3


def test_a_page_whose_links_differ_is_rendered_for_itself() -> None:
    """Two pages of one folder get different links when one of them holds a navigation target."""
    nav = Nav([Item("desa/a/b/")])
    renders: list[str] = []
    cached = nav_hook.on_env(_environment(renders), {}, None)
    plain = _environment([])
    for url in ("desa/a/", "desa/c/"):
        expected = plain.get_template("page.html").render(page=Page(url), nav=nav)
        assert cached.get_template("page.html").render(page=Page(url), nav=nav) == expected
    assert len(renders) == 2


def test_the_sample_site_is_the_same_without_the_hook(sample_site: Path, tmp_path: Path) -> None:
    """MkDocs over the sample's generated docs without the navigation hook gives every page byte for byte."""
    build_dir = sample_site.parent
    config = read_config(build_dir / "mkdocs.yml")
    assert str(NAV_HOOK) in config["hooks"]
    config["hooks"] = [hook for hook in config["hooks"] if hook != str(NAV_HOOK)]
    config["docs_dir"] = str((build_dir / config["docs_dir"]).resolve())
    config["theme"]["custom_dir"] = str((build_dir / config["theme"]["custom_dir"]).resolve())
    plain_config = tmp_path / "mkdocs.yml"
    plain_config.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    site = tmp_path / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain_config), "-d", str(site)]
    result = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 0, result.stderr
    expected = {path.relative_to(site): path for path in site.rglob("*.html")}
    published = {path.relative_to(sample_site): path for path in sample_site.rglob("*.html")}
    assert len(expected) > 1_000
    assert set(expected) <= set(published)
    different = [str(name) for name, path in expected.items() if path.read_bytes() != published[name].read_bytes()]
    assert different == []


def test_a_page_inside_an_active_section_is_rendered_for_itself() -> None:
    """A page of a section in the navigation marks the section, although its links equal a neighbour's."""
    section = Item("panduan/")
    nav = Nav([Item("kabupaten/"), section])
    renders: list[str] = []
    cached = nav_hook.on_env(_environment(renders), {}, None)
    plain = _environment([])
    for url, active in (("panduan/a/", False), ("panduan/b/", True)):
        section.active = active
        expected = plain.get_template("page.html").render(page=Page(url), nav=nav)
        assert cached.get_template("page.html").render(page=Page(url), nav=nav) == expected, url
    assert len(renders) == 2
