#!/usr/bin/python3
"""The workbook's own-values sheet recomputes the base case as the engine would.

Writes the workbook of the five-state model, changes a price (municipality's costs +20% in
every arm) and the discount rate in it with openpyxl, lets LibreOffice recalculate every
formula (headless), and compares each party's net per year and NPV with the engine's base
case of the scenario with those parameters changed. Then the Dutch model's workbook, unchanged
and recalculated, must give the engine's base case too (split payers, one-off flows), with each
split flow's shares adding up to 100%. Usage: recalc_test.py WERKBAAT SOURCE_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl

werkbaat, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
work = tempfile.mkdtemp(prefix="werkbaat-workbook-")
bench = os.path.join(source, "scenarios", "five-state-bench.yaml")
RATE, FACTOR = 0.05, 1.2


def run(scenario, out, xlsx=None):
    cmd = [werkbaat, "run", scenario, "--mode", "cohort", "--draws", "0", "--out", out, "-q"]
    if xlsx:
        cmd += ["--xlsx", xlsx]
    subprocess.run(cmd, check=True)
    with open(os.path.join(out, "results.json"), encoding="utf-8") as f:
        return json.load(f)


def recalculate(book, name):
    """The workbook's own-values sheet after LibreOffice computed every formula, as rows of values."""
    profile = "file://" + os.path.join(work, "lo-profile")
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to",
                    "xlsx", "--outdir", os.path.join(work, name), book],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = os.path.join(work, name, os.path.basename(book))
    return list(openpyxl.load_workbook(out, data_only=True)["Zelf rekenen"].iter_rows(values_only=True))


def compare(rows, expected):
    """Each comparison's block (a title "ARM tegenover ...", a header, a row per party) against the engine."""
    checked, worst = 0, 0.0
    for c in expected["comparisons"]:
        title = next(i for i, r in enumerate(rows) if isinstance(r[0], str) and r[0].startswith(f"{c['arm']} tegenover"))
        header = rows[title + 1]
        years = [i for i, h in enumerate(header) if isinstance(h, str) and h.startswith("jaar")]
        npv_col = header.index("netto contante waarde")
        by_party = {r[0]: r for r in rows[title + 2:title + 2 + len(c["accounts"])] if r[0]}
        for a in c["accounts"]:
            if a["account"] == "resources":
                continue
            got = by_party[a["account"]]
            pairs = [(got[npv_col], a["npv"]["base"])]
            pairs += [(got[col], a["annual_budget_impact"][y]["base"]) for y, col in enumerate(years)]
            for sheet_value, engine_value in pairs:
                diff = abs(sheet_value - engine_value)
                worst = max(worst, diff)
                assert diff <= 1e-6 * max(1.0, abs(engine_value)), (c["arm"], a["account"], sheet_value, engine_value)
                checked += 1
    return checked, worst


try:
    book = os.path.join(work, "book.xlsx")
    run(bench, os.path.join(work, "base"), book)
    # The same change, made in the scenario: municipality's costs 20% higher, discount rate 5%.
    changed = os.path.join(work, "changed.yaml")
    with open(changed, "w", encoding="utf-8") as f:
        f.write(f"werkbaat: 1\nname: changed\nuses: {bench}\ndiscount: {{costs: {RATE}}}\nset:\n")
        for state, mean in {"InCare": 1200, "Trajectory": 1150, "Employed": 150, "Relapse": 1200}.items():
            f.write(f"  cost.municipality.{state}: {mean * FACTOR!r}\n")
    expected = run(changed, os.path.join(work, "changed"))

    wb = openpyxl.load_workbook(book)
    ws = wb["Zelf rekenen"]
    ws["B3"] = RATE
    prices = 0
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
        if row[0].value == "municipality_costs" and isinstance(row[2].value, (int, float)) and row[3].value is None:
            row[2].value = FACTOR
            prices += 1
    assert prices == 3, f"expected a price per arm for municipality_costs, found {prices}"
    edited = os.path.join(work, "edited.xlsx")
    wb.save(edited)  # without cached values: LibreOffice computes every formula on load
    checked, worst = compare(recalculate(edited, "recalc"), expected)
    print(f"five-state model, a price and the discount rate changed: {checked} values agree with the engine "
          f"(largest difference {worst:.3g} EUR)")

    dutch = os.path.join(work, "dutch.xlsx")
    base = run(os.path.join(source, "scenarios", "ips-epa-regio.yaml"), os.path.join(work, "dutch"), dutch)
    wb = openpyxl.load_workbook(dutch)
    wb.save(dutch)  # drop the cached values, so that LibreOffice computes
    rows = recalculate(dutch, "dutch-recalc")
    checked, worst = compare(rows, base)
    totals = [r[2] for r in rows if r[1] == "samen"]
    assert totals and all(abs(t - 1) < 1e-12 for t in totals), totals
    print(f"Dutch model as written: {checked} values agree with the engine (largest difference {worst:.3g} EUR); "
          f"{len(totals)} split flows' shares add up to 100%")

finally:
    shutil.rmtree(work, ignore_errors=True)
