#!/usr/bin/env python3
"""The run store as its users meet it (docs/run-store.md), read back with Python's sqlite3.

Usage: store_test.py WERKBAAT SOURCE_DIR WORK_DIR

- a run stored with --store holds the numbers of its results.json and CSVs, to the bit;
- --reuse reads a stored run back instead of running it again;
- shards merged land as one run; two batches writing one store at once lose no run;
- a batch killed with SIGKILL at random moments leaves no half-stored run;
- bad --store and --reuse use exit 2 with a message.
"""
import csv
import json
import math
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

werkbaat, source, work = sys.argv[1:4]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
scenario = os.path.join(source, "scenarios", "ips-epa-regio.yaml")
small = [os.path.join(source, "scenarios", f) for f in ("five-state-bench.yaml", "ips-licht.yaml", "ips-epa.yaml")]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def run(*args, expect=0, cwd=None):
    p = subprocess.run([werkbaat, *args], capture_output=True, text=True, cwd=cwd, timeout=120)
    check(p.returncode == expect, f"werkbaat {' '.join(args)}: exit {p.returncode}, expected {expect}\n{p.stderr}")
    return p


def at(name):
    return os.path.join(work, name)


def number(text):
    return None if text == "NA" else float(text)


# 1. One run: the store holds what results.json and the CSVs hold.
store = at("runs.sqlite")
run("run", scenario, "--draws", "20", "-q", "--out", at("out"), "--store", store)
db = sqlite3.connect(store)
rows = db.execute("SELECT id, scenario, variant, mode, draws, seed, version FROM runs").fetchall()
results = json.load(open(at("out/results.json")))
check(len(rows) == 1, f"one run stored, got {len(rows)}")
run_id, name, variant, mode, draws, seed, version = rows[0]
check(name == results["scenario"]["name"], "scenario name")
check((mode, draws, seed) == (results["settings"]["mode"], 20, results["settings"]["seed"]), "settings")
check(version == results["werkbaat_version"], "version")
stored_json = db.execute("SELECT results_json FROM documents WHERE run_id = ?", (run_id,)).fetchone()[0]
check(stored_json == open(at("out/results.json")).read(), "the stored results.json is the file's, byte for byte")
for table in ("summary", "annual", "draws", "lines", "budgets", "groups"):
    with open(at(f"out/{table}.csv"), newline="") as f:
        file_rows = list(csv.reader(f))
    header = file_rows[0]
    cols = ", ".join(f'"{c}"' for c in header)
    got = db.execute(f'SELECT {cols} FROM "{table}" WHERE run_id = ? ORDER BY rowid', (run_id,)).fetchall()
    check(len(got) == len(file_rows) - 1, f"{table}: {len(got)} rows stored, {len(file_rows) - 1} in the CSV")
    for stored, written in zip(got, file_rows[1:]):
        for c, (x, y) in enumerate(zip(stored, written)):
            if isinstance(x, (int, float)) or x is None:
                want = number(y)
                same = (x is None and want is None) or (x is not None and want is not None and (x == want or (math.isnan(x) and math.isnan(want))))
            else:
                same = x == y
            if not same:
                check(False, f"{table} {header[c]}: stored {x!r}, written {y!r}")
                break
# Per-draw NPVs against results.json itself.
for arm, accounts in results["draws"].items():
    for account, series in accounts.items():
        got = [r[0] for r in db.execute("SELECT npv FROM draws WHERE run_id = ? AND arm = ? AND account = ? ORDER BY draw",
                                        (run_id, arm, account))]
        check(got == series["npv"], f"draws of {arm}/{account}")
db.close()

# 2. --reuse: read back, not run again; the files are the same.
p = run("run", scenario, "--draws", "20", "-q", "--out", at("again"), "--store", store, "--reuse")
check(p.stderr == "", "quiet reuse says nothing")
p = run("run", scenario, "--draws", "20", "--out", at("again"), "--store", store, "--reuse")
check("reused run 1 of" in p.stderr, "reuse says which run: " + p.stderr)
check(open(at("again/summary.csv")).read() == open(at("out/summary.csv")).read(), "reused files are the run's")
check(sqlite3.connect(store).execute("SELECT count(*) FROM runs").fetchone()[0] == 1, "reuse stores nothing new")
run("run", scenario, "--draws", "21", "-q", "--store", store, "--reuse")  # other settings: a new run
check(sqlite3.connect(store).execute("SELECT count(*) FROM runs").fetchone()[0] == 2, "other settings are run")

# 3. Stored runs as the baseline of regress, compared, exported, reported.
p = run("regress", "--baseline", f"{store}:1", "--draws", "20", scenario)
check("identical" in p.stdout, "regress against the stored run: " + p.stdout)
run("runs", "--store", store, "diff", "1", "2")
p = run("runs", "--store", store, "show", "1")
check("nl-basis.yaml" in p.stdout and "gemeente" in p.stdout, "show: provenance and the table\n" + p.stdout)
run("runs", "--store", store, "export", "1", at("exported"))
check(open(at("exported/draws.csv")).read() == open(at("out/draws.csv")).read(), "export gives the run's files")
run("report", f"{store}:1", "--report", at("report.html"))
check(os.path.getsize(at("report.html")) > 10000, "report of a stored run")
p = run("runs", "--store", store, "list")
check(p.stdout.count("\n") == 3, "list: a header and two runs\n" + p.stdout)

# 4. Shards merged land as one run.
shards = at("shards.sqlite")
for k in (1, 2):  # named by a relative path, as a job script would
    run("run", "scenarios/ips-epa-regio.yaml", "--draws", "64", "-q", "--shard", f"{k}/2", "--out", at(f"part{k}"),
        cwd=source)
run("merge", at("part1"), at("part2"), "-q", "--store", shards)
run("run", scenario, "--draws", "64", "-q", "--out", at("whole"))
got = sqlite3.connect(shards).execute("SELECT count(*), max(draws) FROM runs").fetchone()
check(got == (1, 64), f"a merged run is one stored run of 64 draws, got {got}")
merged = (sqlite3.connect(shards).execute("SELECT results_json FROM documents").fetchone() or ["{}"])[0]
check(json.loads(merged).get("draws") == json.load(open(at("whole/results.json")))["draws"],
      "the merged run's draws are the whole run's")

# 5. Two batches writing one store at once.
both = at("both.sqlite")
procs = [subprocess.Popen([werkbaat, "batch", *small, "--draws", "5", "-q", "--out", at(f"batch{i}"), "--store", both],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for i in (1, 2)]
for p in procs:
    check(p.wait() == 0, "a concurrent batch: " + p.stderr.read().decode())
db = sqlite3.connect(both)
check(db.execute("SELECT count(*) FROM runs").fetchone()[0] == 6, "two batches of three runs store six")
check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity after concurrent writers")
db.close()

# 6. SIGKILL at random moments: every stored run is whole, none is half there.
killed = at("killed.sqlite")
random.seed(20261202)
kills = 0
for i in range(10):
    p = subprocess.Popen([werkbaat, "batch", *small, "--draws", "40", "-q", "--out", at(f"k{i}"), "--store", killed],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(random.uniform(0.05, 1.5))
    if p.poll() is None:
        p.send_signal(signal.SIGKILL)
        kills += 1
    p.wait()
if os.path.exists(killed):
    db = sqlite3.connect(killed)
    check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity after SIGKILL")
    ids = [r[0] for r in db.execute("SELECT id FROM runs")]
    for run_id in ids:
        for table in ("documents", "summary", "draws", "budgets"):
            n = db.execute(f"SELECT count(*) FROM {table} WHERE run_id = ?", (run_id,)).fetchone()[0]
            check(n > 0, f"run {run_id} has no rows in {table}: half stored")
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        if table in ("runs", "werkbaat_schema") or table.startswith("calibration"):
            continue  # calibrations are keyed by calibration_id
        orphans = db.execute(f'SELECT count(*) FROM "{table}" WHERE run_id NOT IN (SELECT id FROM runs)').fetchone()[0]
        check(orphans == 0, f"{table} has rows of no run")
    print(f"SIGKILL: {kills} of 10 batches killed; {len(ids)} runs stored whole")
    db.close()
run("runs", "--store", killed, "list")  # the store opens again after the kills

# 7. Bad input: exit 2, saying why.
p = run("run", scenario, "--draws", "2", "-q", "--store", work, expect=2)
check("a run store is a file; this path is not a regular file" in p.stderr, p.stderr)
p = run("run", scenario, "--draws", "2", "-q", "--reuse", expect=2)
check("--reuse reads a stored run: give --store too" in p.stderr, p.stderr)
p = run("runs", "--store", at("nowhere.sqlite"), "list", expect=2)
check("no run store here yet" in p.stderr and not os.path.exists(at("nowhere.sqlite")), p.stderr)
p = run("report", f"{store}:99", "--report", at("x.html"), expect=2)
check("the run store has no run 99" in p.stderr, p.stderr)

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("run store: all checks passed")
