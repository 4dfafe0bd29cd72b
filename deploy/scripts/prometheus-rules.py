#!/usr/bin/env python3
"""Writes the rule groups of every PrometheusRule in rendered manifests as one Prometheus rules file,
so that promtool can check the alert expressions as Prometheus itself would load them.

  prometheus-rules.py rendered.yaml... > rules.yaml
"""
import sys

import yaml

groups = []
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        for doc in yaml.safe_load_all(handle):
            if doc and doc.get("kind") == "PrometheusRule":
                groups.extend(doc["spec"]["groups"])
if not groups:
    sys.exit("prometheus-rules: no PrometheusRule in " + " ".join(sys.argv[1:]))
yaml.safe_dump({"groups": groups}, sys.stdout, sort_keys=False)
