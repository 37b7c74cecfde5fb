"""Reads the workbook back with openpyxl and compares its numbers with results.json."""
import json
import math
import sys

import openpyxl

results = json.load(open(sys.argv[1]))
book = openpyxl.load_workbook(sys.argv[2], read_only=True)
assert book.sheetnames == ["Summary", "By category", "Cash flows", "Your own values", "Base per month", "Draws",
                           "Parameters", "Notes"], book.sheetnames


def same(a, b):
    if b is None:
        return a is None
    return a is not None and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)


rows = list(book["Summary"].iter_rows(values_only=True))
assert rows[0][:6] == ("intervention", "against", "party", "investment", "return", "net present value"), rows[0]
# People's names of the parties (the data's labels), every account but the outside one; payback in words.
labels = {l["id"]: l["en"] for l in results["labels"]}
labels["society"] = "Society"
expected = [(c["arm"], a) for c in results["comparisons"] for a in c["accounts"] if a["account"] != "resources"]
assert len(rows) - 1 == len(expected), (len(rows), len(expected))
for row, (arm, a) in zip(rows[1:], expected):
    assert row[0] == labels.get(arm, arm) and row[2] == labels.get(a["account"], a["account"]), row
    assert isinstance(row[10], str) and row[10], row
    assert same(row[3], a["investment"]["mean"]) and same(row[5], a["npv"]["mean"]), (row, a["npv"])
    assert same(row[6], a["npv"]["p2_5"]) and same(row[7], a["npv"]["p97_5"]), row
    assert isinstance(row[5], float), "numbers must be numbers, not text"

# By category: each party's categories add up to its NPV in the summary.
by_cat = {}
for row in list(book["By category"].iter_rows(values_only=True))[1:]:
    by_cat[(row[0], row[2])] = by_cat.get((row[0], row[2]), 0.0) + row[6]
for row in rows[1:]:
    if abs(row[5]) >= 0.5:
        assert math.isclose(by_cat[(row[0], row[2])], row[5], rel_tol=1e-9, abs_tol=1.0), (row, by_cat.get((row[0], row[2])))

cash = list(book["Cash flows"].iter_rows(values_only=True))
for row in cash[1:]:
    values = results["annual_net_by_arm_mean"][row[0]][row[1]]
    assert all(same(x, y) for x, y in zip(row[2:], values)), row

draws = list(book["Draws"].iter_rows(values_only=True))
count = 0
for arm, accounts in results["draws"].items():
    for account, v in accounts.items():
        count += len(v["npv"])
for row in draws[1:]:
    assert same(row[3], results["draws"][row[1]][row[2]]["npv"][int(row[0]) - 1]), row
assert len(draws) - 1 == count, (len(draws), count)

params = list(book["Parameters"].iter_rows(values_only=True))
assert len(params) - 1 == len(results["parameters"])
for row, p in zip(params[1:], results["parameters"]):
    assert row[0] == p["path"] and (row[9] or "") == p["source"] and (row[6] or "") == p["unit"], (row, p)
print(f"workbook matches results.json: {len(rows) - 1} summary rows, {count} draws, {len(params) - 1} parameters")
