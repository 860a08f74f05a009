"""How a build runs: the options of `labkem build`, in one object every stage reads from."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def default_jobs() -> int:
    """One process per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class BuildOptions:
    """The options of a build; each says which stage reads it."""

    lang: str = "id"  # messages of the validation: "id" or "en"
    pdf: str = "auto"  # the guide's PDF: "auto" when Chromium is found, "on" required, "off" skipped
    chart_images: bool = False  # also every chart as SVG and PNG (render; cached)
    jobs: int = field(default_factory=default_jobs)  # processes side by side, in every stage that starts them
    full: bool = False  # render and publish everything again, as if no earlier build had been kept
    generator: str = "mkdocs"  # the site generator of the hand-written pages and the shells (publish)
    site_url: str = ""  # the published site's address, over situs.yml's `url` (catalogue, links; render, publish)
