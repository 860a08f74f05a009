"""MkDocs hook: when a shard is named in the environment, build only the files the shard plan gives it.

Loaded through `hooks:` in the generated MkDocs configuration. Every shard sees the whole docs folder, so links
to pages of other shards are still checked and get the same relative URLs as in one build; the files of other
shards are marked excluded, which MkDocs neither renders nor copies. Without the environment variables this
hook changes nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from mkdocs.structure.files import Files, InclusionLevel

PLAN_ENV = "LABKEM_SHARD_PLAN"
INDEX_ENV = "LABKEM_SHARD"


def on_files(files: Files, config: Any) -> Files:
    """Exclude every file that belongs to another shard (files missing from the plan belong to shard 0)."""
    plan = os.environ.get(PLAN_ENV)
    if not plan:
        return files
    index = int(os.environ[INDEX_ENV])
    owner: dict[str, int] = json.loads(Path(plan).read_text(encoding="utf-8"))["owner"]
    for file in files:
        if owner.get(file.src_uri, 0) != index:
            file.inclusion = InclusionLevel.EXCLUDED
    return files
