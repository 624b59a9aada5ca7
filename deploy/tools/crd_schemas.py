"""Lay out JSON schemas for kubeconform from sources that ship them as packages.

- Kubernetes kinds: the strict schemas inside the `kubernetes-validate` wheel (generated from
  the Kubernetes OpenAPI). Each has an `$id` under https://kubernetes.io/api/ and refers to
  its shared definitions as `/api/_definitions.json`; kubeconform loads schemas from files,
  so the `$id` is dropped and the reference made relative to the file.
- Custom resources (KEDA): the `openAPIV3Schema` of each CRD served version, made strict the
  way kubeconform's own openapi2jsonschema does it (no unknown fields where the CRD lists
  properties and does not say `x-kubernetes-preserve-unknown-fields`).

Layout, for kubeconform's `-schema-location`:
  kubernetes/v<version>-standalone-strict/<kind>-<group>-<apiversion>.json
  crd/<group>/<kind>_<apiversion>.json
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

import yaml

DEFINITIONS_REF = '"/api/_definitions.json#'


def kubernetes_schemas(version: str, out: Path) -> int:
    import kubernetes_validate  # the tools venv has it

    source = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"
    source = source / f"v{version}-local-strict"
    if not source.is_dir():
        raise SystemExit(f"kubernetes-validate has no schemas for Kubernetes {version}")
    target = out / "kubernetes" / f"v{version}-standalone-strict"
    target.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in source.glob("*.json"):
        schema = json.loads(
            path.read_text(encoding="utf-8").replace(DEFINITIONS_REF, '"_definitions.json#')
        )
        schema.pop("$id", None)
        (target / path.name).write_text(json.dumps(schema), encoding="utf-8")
        count += 1
    return count


def strict(schema: Any) -> Any:
    if isinstance(schema, dict):
        result = {key: strict(value) for key, value in schema.items()}
        if (
            "properties" in result
            and "additionalProperties" not in result
            and not result.get("x-kubernetes-preserve-unknown-fields")
        ):
            result["additionalProperties"] = False
        return result
    if isinstance(schema, list):
        return [strict(item) for item in schema]
    return schema


def crd_schemas(crd_dir: Path, out: Path) -> int:
    count = 0
    for path in sorted(crd_dir.glob("*.yaml")):
        for crd in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if not crd or crd.get("kind") != "CustomResourceDefinition":
                continue
            group = crd["spec"]["group"]
            kind = crd["spec"]["names"]["kind"].lower()
            for version in crd["spec"]["versions"]:
                schema = strict(version["schema"]["openAPIV3Schema"])
                schema["properties"]["apiVersion"]["enum"] = [f"{group}/{version['name']}"]
                schema["properties"]["kind"]["enum"] = [crd["spec"]["names"]["kind"]]
                target = out / "crd" / group / f"{kind}_{version['name']}.json"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(json.dumps(schema, indent=1), encoding="utf-8")
                count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kubernetes-version", required=True)
    parser.add_argument("--crds", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    kinds = kubernetes_schemas(args.kubernetes_version, args.out)
    crds = crd_schemas(args.crds, args.out)
    print(f"{kinds} Kubernetes schemas, {crds} custom resource schemas in {args.out}")


if __name__ == "__main__":
    main()
