"""Read a built site's catalogue the way a Satu Data portal does, and check it against the standards.

Runs in the interop environment (`make interop`: CKAN, ckanext-dcat, pyshacl and the Project Open Data schema,
in a virtual environment of their own so that their pins never touch labkem's), not in labkem's:

    build/interop/bin/python tests/interop/harvest.py build/site [--shapes FILE]

Prints one JSON object:
- `harvested`: each dataset as ckanext-dcat's RDF parser makes it, run as its DCATRDFHarvester runs it
  (`RDFParser().parse(content, _format="json-ld")`, with the default profile): name-free CKAN dicts with the
  licence id, the landing page, the harvest identifier (`uri`) and every resource's URL, format and media type;
- `shacl`: whether pyshacl finds the DCAT catalogue conforms to the shapes (tests/interop/dcat-ap-3.0.1-shapes.ttl
  by default), with every violation's focus node, path and message;
- `pod`: every error of data.json against Project Open Data 1.1's schema for non-federal publishers, as shipped
  by ckanext-datajson.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SHAPES = HERE / "dcat-ap-3.0.1-shapes.ttl"
SH = "http://www.w3.org/ns/shacl#"


def harvested(catalogue: str) -> list[dict[str, Any]]:
    from ckanext.dcat.processors import RDFParser

    parser = RDFParser()
    parser.parse(catalogue, _format="json-ld")
    found = []
    for dataset in parser.datasets():
        extras = {extra["key"]: extra["value"] for extra in dataset.get("extras", [])}
        found.append(
            {
                "title": dataset.get("title"),
                "license_id": dataset.get("license_id"),
                "url": dataset.get("url"),
                "extras": extras,
                "resources": [
                    {
                        "name": resource.get("name"),
                        "url": resource.get("url"),
                        "format": resource.get("format"),
                        "mimetype": resource.get("mimetype"),
                        "license": resource.get("license"),
                    }
                    for resource in dataset.get("resources", [])
                ],
            }
        )
    return found


def shacl(catalogue: str, shapes: Path) -> dict[str, Any]:
    import pyshacl
    import rdflib

    data = rdflib.Graph().parse(data=catalogue, format="json-ld")
    conforms, report, _text = pyshacl.validate(data, shacl_graph=str(shapes), inference="none", advanced=True)
    violations = []
    for result in report.subjects(rdflib.RDF.type, rdflib.URIRef(SH + "ValidationResult")):

        def value(name: str, result: Any = result) -> str:
            found = report.value(result, rdflib.URIRef(SH + name))
            return "" if found is None else str(found)

        violations.append({"focus": value("focusNode"), "path": value("resultPath"), "message": value("resultMessage")})
    return {"conforms": bool(conforms), "triples": len(data), "violations": sorted(violations, key=str)}


def pod(data_json: Path) -> list[str]:
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    folder = resources.files("ckanext.datajson") / "pod_schema" / "non-federal-v1.1"
    schemas = {name: json.loads((folder / name).read_text(encoding="utf-8")) for name in ("catalog.json",)}
    schemas["dataset-non-federal.json"] = json.loads((folder / "dataset-non-federal.json").read_text(encoding="utf-8"))
    base = "https://project-open-data.cio.gov/v1.1/schema/"
    registry: Registry[Any] = Registry().with_resources(
        (base + name, Resource.from_contents(schema, default_specification=DRAFT4)) for name, schema in schemas.items()
    )
    validator = jsonschema.Draft4Validator(
        schemas["catalog.json"], registry=registry, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    document = json.loads(data_json.read_text(encoding="utf-8"))
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site (with dcat.jsonld and data.json at its root)")
    parser.add_argument("--shapes", type=Path, default=SHAPES, help="SHACL shapes (default: %(default)s)")
    args = parser.parse_args()
    catalogue = (args.site / "dcat.jsonld").read_text(encoding="utf-8")
    report = {
        "harvested": harvested(catalogue),
        "shacl": shacl(catalogue, args.shapes),
        "pod": pod(args.site / "data.json"),
    }
    json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
