"""An independent implementation of the five-state benchmark model (shared/bench/five-state-model.md)
in plain Python, at the parameters' means, checked against werkbaat's cohort-mode base case.

Usage: five_state_reference.py WERKBAAT_EXE SCENARIO
"""
import json
import math
import subprocess
import sys

exe, scenario = sys.argv[1], sys.argv[2]
out = subprocess.run([exe, "run", scenario, "--mode", "cohort", "--draws", "0", "--json"],
                     check=True, capture_output=True, text=True).stdout
results = json.loads(out)

S = ["InCare", "Trajectory", "Employed", "Relapse", "Exit"]
alpha = {"InCare": {"InCare": 927, "Trajectory": 60, "Employed": 10, "Exit": 3},
         "Trajectory": {"InCare": 30, "Trajectory": 902, "Employed": 50, "Relapse": 15, "Exit": 3},
         "Employed": {"Employed": 978, "Relapse": 20, "Exit": 2},
         "Relapse": {"InCare": 80, "Trajectory": 40, "Employed": 10, "Relapse": 865, "Exit": 5}}
p = {r: {c: a / sum(row.values()) for c, a in row.items()} for r, row in alpha.items()}   # Dirichlet means
groups = {"mild": (0.40, 1.3, 0.8, 0.8), "moderate": (0.35, 1.0, 1.0, 1.0), "severe": (0.25, 0.6, 1.4, 1.5)}
# The relative risks at their point estimates: the specification's values (lognormal around log(value)).
rr = {"regular": (1, 1, 1), "IPS": (1.8, 1.3, 0.8), "WabZ": (1.4, 1.2, 0.9)}
cost = {"health_insurer": [1000, 800, 300, 1500, 0], "municipality": [1200, 1150, 150, 1200, 0]}
es = {"regular": [0, 150, 25, 0, 0], "IPS": [0, 450, 150, 50, 0], "WabZ": [0, 350, 100, 25, 0]}
utility = [0.60, 0.65, 0.78, 0.50, 0]


def matrix(arm, m_emp, m_rel, m_exit):
    r_emp, r_traj, r_loss = rr[arm]
    P = [[0.0] * 5 for _ in range(5)]
    P[0][1] = p["InCare"]["Trajectory"] * r_traj * m_emp
    P[0][2] = p["InCare"]["Employed"] * r_emp * m_emp
    P[0][4] = p["InCare"]["Exit"] * m_exit
    P[1][0] = p["Trajectory"]["InCare"]
    P[1][2] = p["Trajectory"]["Employed"] * r_emp * m_emp
    P[1][3] = p["Trajectory"]["Relapse"] * m_rel
    P[1][4] = p["Trajectory"]["Exit"] * m_exit
    P[2][3] = p["Employed"]["Relapse"] * r_loss * m_rel
    P[2][4] = p["Employed"]["Exit"] * m_exit
    P[3][0] = p["Relapse"]["InCare"]
    P[3][1] = p["Relapse"]["Trajectory"] * r_traj * m_emp
    P[3][2] = p["Relapse"]["Employed"] * r_emp * m_emp
    P[3][4] = p["Relapse"]["Exit"] * m_exit
    for r in range(4):
        P[r][r] = 1 - sum(P[r])
    P[4][4] = 1
    return P


def per_person(arm):
    totals = {"health_insurer": 0.0, "municipality": 0.0, "employment_servs": 0.0, "qaly": 0.0}
    for share, m_emp, m_rel, m_exit in groups.values():
        P = matrix(arm, m_emp, m_rel, m_exit)
        x = [1.0, 0, 0, 0, 0]
        for k in range(1, 121):
            x = [sum(x[i] * P[i][j] for i in range(5)) for j in range(5)]
            dc, de = math.exp(-0.04 * k / 12), math.exp(-0.015 * k / 12)
            for payer in cost:
                totals[payer] += share * dc * sum(x[s] * cost[payer][s] for s in range(5))
            totals["employment_servs"] += share * dc * sum(x[s] * es[arm][s] for s in range(5))
            totals["qaly"] += share * de * sum(x[s] * utility[s] / 12 for s in range(5))
    return totals


base = per_person("regular")
population = results["population"]["size"]
worst = 0.0
for comparison in results["comparisons"]:
    mine = per_person(comparison["arm"])
    for account in comparison["accounts"]:
        if account["account"] in base:  # a payer's NPV is minus its extra cost
            expected = -(mine[account["account"]] - base[account["account"]]) * population
            got = account["npv"]["base"]
            worst = max(worst, abs(got - expected) / max(1.0, abs(expected)))
            print(f'{comparison["arm"]:5} {account["account"]:17} werkbaat {got:16.4f} reference {expected:16.4f}')
    qaly = next(e for e in comparison["effects"] if e["effect"] == "qaly")
    expected = (mine["qaly"] - base["qaly"]) * population
    worst = max(worst, abs(qaly["delta_discounted"]["base"] - expected) / abs(expected))
    print(f'{comparison["arm"]:5} {"QALY":17} werkbaat {qaly["delta_discounted"]["base"]:16.6f} reference {expected:16.6f}')
print(f"largest relative difference: {worst:.2e}")
sys.exit(0 if worst < 1e-9 else 1)
