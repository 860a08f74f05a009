"""No text from the data reaches a page unescaped, even with the `markup-cell` rule switched off.

Every free-text column of the fixture (string columns that are not keys and have no enum or pattern) gets markup
appended; the rule that would refuse it is switched off for this test only, so the pages are the last line: the
templates escape by default, chart data is escaped for its script element, and the shells escape what they take.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from labkem.commands.build import build
from labkem.core.options import BuildOptions
from labkem.validate import checks

from conftest import PROJECT_DIR, VALID

PLANTED = '<i class="lk-ditanam">x</i>'  # the element a browser would build, were it not escaped
ESCAPED = "&lt;i class=&#34;lk-ditanam&#34;&gt;"  # Jinja2's escaping of its start
DRAWN = "&lt;i class=&quot;lk-ditanam&quot;&gt;"  # the escaping of labkem's own SVG (charts), html.escape's


def free_text_columns(descriptor: dict[str, object]) -> dict[str, list[str]]:
    """Resource path -> the free-text columns of its schema."""
    found: dict[str, list[str]] = {}
    for resource in descriptor["resources"]:  # type: ignore[attr-defined]
        schema = resource.get("schema", {})
        primary = schema.get("primaryKey", [])
        keys = set(primary if isinstance(primary, list) else [primary])
        keys |= {name for fk in schema.get("foreignKeys", []) for name in fk["fields"]}
        columns = [
            field["name"]
            for field in schema.get("fields", [])
            if field.get("type") == "string"
            and not {"enum", "pattern"} & set(field.get("constraints", {}))
            and field["name"] not in keys
        ]
        if columns:
            found[resource["path"]] = columns
    return found


def plant(data: Path) -> int:
    """Append the markup to every non-empty free-text cell under `data`; return how many cells."""
    planted = 0
    for descriptor_path in data.glob("*/datapackage.json"):
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        for path, columns in free_text_columns(descriptor).items():
            table = descriptor_path.parent / path
            rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
            if not rows:
                continue
            for row in rows:
                for column in columns:
                    if row[column]:
                        row[column] += f" {PLANTED}"
                        planted += 1
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            table.write_text(out.getvalue(), encoding="utf-8")
    return planted


@pytest.mark.slow
def test_planted_markup_reaches_no_page_unescaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "datapackages"
    shutil.copytree(VALID, data)
    assert plant(data) > 50
    monkeypatch.setattr(checks, "holds_markup", lambda value: False)
    site = build(data, tmp_path / "build" / "site", BuildOptions(pdf="off", jobs=1), project_dir=PROJECT_DIR).site_dir
    pages = sorted(site.rglob("*.html"))
    reached = [page for page in pages if "lk-ditanam" in page.read_text(encoding="utf-8")]
    unescaped = [page.relative_to(site).as_posix() for page in pages if PLANTED in page.read_text(encoding="utf-8")]
    assert unescaped == []
    # the planted text did reach the pages of every kind: as text, in a chart drawn as SVG, or as JSON in a script
    # element (the catalogue's JSON-LD on the data page)
    kinds = {page.relative_to(site).parts[0] for page in reached}
    assert {"desa", "kecamatan", "kabupaten", "program", "indikator", "data"} <= kinds, kinds
    village = (site / "desa" / "33.26.02.2008" / "index.html").read_text(encoding="utf-8")
    assert ESCAPED in village and DRAWN in village  # a programme's name as text, and in the desil chart's tooltip
