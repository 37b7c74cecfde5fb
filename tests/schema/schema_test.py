#!/usr/bin/env python3
"""`werkbaat schema` against a JSON Schema validator (python3-jsonschema): the schema is valid
draft-07, every shipped scenario and data file passes it, and misspelt keys fail it.

Usage: schema_test.py WERKBAAT SOURCE_DIR"""
import glob
import json
import os
import subprocess
import sys

import jsonschema
import yaml


def as_json(node):
    """YAML as JSON sees it: map keys are strings (a cpi year 2025 is "2025")."""
    if isinstance(node, dict):
        return {str(k): as_json(v) for k, v in node.items()}
    if isinstance(node, list):
        return [as_json(v) for v in node]
    return node


def main():
    werkbaat, root = sys.argv[1], sys.argv[2]
    schema = json.loads(subprocess.run([werkbaat, "schema"], check=True, capture_output=True, text=True).stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    files = sorted(glob.glob(os.path.join(root, "scenarios", "*.yaml")) + glob.glob(os.path.join(root, "data", "*.yaml"))
                   + glob.glob(os.path.join(root, "targets", "*-model.yaml")))
    assert len(files) >= 8, files
    failed = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            doc = as_json(yaml.safe_load(f))
        errors = list(validator.iter_errors(doc))
        for e in errors:
            print(f"FAIL {os.path.relpath(path, root)}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        failed += bool(errors)
    # A misspelt key anywhere the format fixes the keys fails: at the top, in a flow, a transition,
    # the simulation, and the wrong type of value.
    with open(os.path.join(root, "scenarios", "ips-epa.yaml"), encoding="utf-8") as f:
        good = as_json(yaml.safe_load(f))
    base = as_json(yaml.safe_load(open(os.path.join(root, "data", "nl-basis.yaml"), encoding="utf-8")))
    flow = next(iter(base["flows"]))
    bad = {
        "top": dict(good, horzion="5 years"),
        "flow": dict(base, flows={flow: dict(base["flows"][flow], in_sate={})}),
        "transition": dict(base, transitions=[dict(base["transitions"][0], probabilty=0.1)]),
        "simulation": dict(good, simulation={"mode": "cohort", "drawz": 10}),
        "mode": dict(good, simulation={"mode": "mikro"}),
        "horizon": dict(good, horizon="5 decades"),
    }
    # A rule's months on a value drawn per client: a distribution passes, a misspelt one fails.
    def with_lasts(lasts):
        changes = {a: [dict(r) for r in rules] for a, rules in base["changes"].items()}
        attribute = next(iter(changes))
        changes[attribute][0] = {k: v for k, v in changes[attribute][0].items()
                                 if k not in ("probability", "leaving", "after", "entering")}
        changes[attribute][0]["lasts"] = lasts
        return dict(base, changes=changes)
    drawn = with_lasts({"gamma": {"mean": "benefit.ww.months_left", "sd": 4}})
    for e in validator.iter_errors(drawn):
        print(f"FAIL lasts drawn per client: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        failed += 1
    bad["lasts"] = with_lasts({"gamma": {"mean": 10, "sdd": 4}})
    bad["lasts distribution"] = with_lasts({"poisson": {"mean": 10}})
    for what, doc in bad.items():
        if validator.is_valid(doc):
            print(f"FAIL a misspelt {what} passes the schema")
            failed += 1
    if failed:
        sys.exit(1)
    print(f"schema: {len(files)} shipped files pass; {len(bad)} misspelt ones fail")


if __name__ == "__main__":
    main()
