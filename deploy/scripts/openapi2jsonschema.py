#!/usr/bin/env python3
"""Turns Kubernetes' OpenAPI spec and CRD manifests into kubeconform's per-kind JSON schemas.

kubeconform fetches its schemas from GitHub by default, which CI may not reach; this builds the same
layout locally from sources the Go module proxy serves:

  kubernetes  <swagger.json> <outdir>    k8s.io/kubernetes api/openapi-spec/swagger.json
      writes <outdir>/<kind>[-<group>]-<version>.json (group = first label of the API group, none for
      the core group), i.e. kubeconform's `{{ .ResourceKind }}{{ .KindSuffix }}.json`.
  crds <swagger.json> <outdir> <crd.yaml>...   CustomResourceDefinition manifests
      writes <outdir>/<full group>/<kind>_<version>.json, i.e.
      `{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`.

Strict, like kubeconform's own scripts/openapi2jsonschema.py (which handles CRDs only) and the
"-strict" schemas kubeconform downloads by default: every object that lists its properties rejects
any other (`additionalProperties: false`), except where the API says unknown fields are kept
(`x-kubernetes-preserve-unknown-fields`). Two things upstream's CRD script does not do, and that a
strict check needs:
  * CRD schemas rarely declare apiVersion, kind and metadata at their root; they are added here (with
    the real ObjectMeta schema) and the root is closed too, so a typo at the top level or in metadata
    fails instead of passing silently.
  * References are kept as JSON pointers into a `definitions` section holding only what the kind
    reaches, instead of being inlined, so recursive types (JSONSchemaProps) stay finite.
Not checked by any JSON schema: CEL rules (x-kubernetes-validations) and admission webhooks.
"""

import copy
import json
import os
import sys

import yaml

META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"

# YAML 1.1 reads a bare "=" as the "value" tag PyYAML cannot construct (enums of operators in the
# prometheus-operator CRDs have one): keep it a string, as upstream's script does.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Loader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: str(node.value))


def strict(node):
    """Closes every object that lists its properties; int-or-string and quantities as the API takes them."""
    if isinstance(node, list):
        return [strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {
        # A "properties" map names fields: its values are schemas, the map itself is not one (a field
        # may well be called "properties", as in JSONSchemaProps).
        key: {name: strict(sub) for name, sub in value.items()}
        if key in ("properties", "patternProperties", "definitions") and isinstance(value, dict)
        else strict(value)
        for key, value in node.items()
    }
    if node.get("format") == "int-or-string" or node.get("x-kubernetes-int-or-string"):
        node.pop("type", None)
        node.pop("format", None)
        node.pop("anyOf", None)
        node["oneOf"] = [{"type": "string"}, {"type": "integer"}]
    if (
        "properties" in node
        and "additionalProperties" not in node
        and not node.get("x-kubernetes-preserve-unknown-fields")
    ):
        node["additionalProperties"] = False
    return node


def refs(node, found):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/definitions/"):
            found.add(ref[len("#/definitions/"):])
        for value in node.values():
            refs(value, found)
    elif isinstance(node, list):
        for item in node:
            refs(item, found)


def reachable(definitions, start):
    seen, todo = set(), list(start)
    while todo:
        name = todo.pop()
        if name in seen or name not in definitions:
            continue
        seen.add(name)
        found = set()
        refs(definitions[name], found)
        todo.extend(found - seen)
    return {name: definitions[name] for name in sorted(seen)}


def load_definitions(swagger_path):
    with open(swagger_path) as f:
        definitions = json.load(f)["definitions"]
    definitions = {name: strict(schema) for name, schema in definitions.items()}
    # The API server accepts a quantity as a string or a number ("500m", 1, 0.5).
    quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity"
    if quantity in definitions:
        definitions[quantity] = {"oneOf": [{"type": "string"}, {"type": "number"}]}
    return definitions


def write(path, schema):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(schema, f, separators=(",", ":"), sort_keys=True)


def kubernetes(swagger_path, outdir):
    definitions = load_definitions(swagger_path)
    count = 0
    for name, schema in definitions.items():
        for gvk in schema.get("x-kubernetes-group-version-kind", []):
            group, kind, version = gvk["group"], gvk["kind"], gvk["version"]
            # One schema per kind; the meta types (WatchEvent, DeleteOptions, ...) claim every group.
            if name.startswith("io.k8s.apimachinery.pkg.apis.meta.") and group:
                continue
            suffix = f"-{group.split('.')[0]}-{version}" if group else f"-{version}"
            out = copy.deepcopy(schema)
            out["definitions"] = reachable(definitions, _direct_refs(schema))
            write(os.path.join(outdir, f"{kind.lower()}{suffix}.json"), out)
            count += 1
    print(f"openapi2jsonschema: {count} Kubernetes schemas in {outdir}")


def _direct_refs(schema):
    found = set()
    refs(schema, found)
    return found


def crds(swagger_path, outdir, files):
    definitions = load_definitions(swagger_path)
    meta = reachable(definitions, {META})
    count = 0
    for path in files:
        with open(path) as f:
            documents = [d for d in yaml.load_all(f, Loader=Loader) if d]
        for crd in documents:
            if crd.get("kind") != "CustomResourceDefinition":
                continue
            group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
            for version in crd["spec"].get("versions", []):
                schema = (version.get("schema") or {}).get("openAPIV3Schema")
                if schema is None:
                    continue
                schema = strict(copy.deepcopy(schema))
                props = schema.setdefault("properties", {})
                props.setdefault("apiVersion", {"type": "string"})
                props.setdefault("kind", {"type": "string"})
                props["metadata"] = {"$ref": f"#/definitions/{META}"}
                schema["additionalProperties"] = False
                schema.pop("x-kubernetes-preserve-unknown-fields", None)
                schema["definitions"] = meta
                write(os.path.join(outdir, group, f"{kind.lower()}_{version['name']}.json"), schema)
                count += 1
    print(f"openapi2jsonschema: {count} CRD schemas in {outdir}")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "kubernetes":
        kubernetes(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 5 and sys.argv[1] == "crds":
        crds(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(__doc__)
