#!/usr/bin/python3
"""The five-state benchmark model (shared/bench/five-state-model.md) as a researcher would write it
in NumPy: the peer werkbaat is timed against in scripts/bench. Written from the specification
alone, not from werkbaat's code, with NumPy's own random numbers.

  five_state.py --mode cohort --draws 10000
  five_state.py --mode micro --draws 100 --clients 10000

Prints, as JSON, the PSA mean of the discounted cost per person of each payer and of the
discounted QALYs per person, per strategy (the specification's 3 x 4 table); each strategy against
regular (what each payer saves, the QALYs gained) with its Monte Carlo standard error; and the
seconds the simulation took (parameter draws included, start-up of Python and NumPy not).
"""
import argparse
import json
import sys
import time

import numpy as np

STRATEGIES = ["regular", "IPS", "WabZ"]
PAYERS = ["health_insurer", "municipality", "employment_servs"]
N_STATES, EXIT, MONTHS = 5, 4, 120
SHARES = np.array([0.40, 0.35, 0.25])  # mild, moderate, severe
M_EMP = np.array([1.3, 1.0, 0.6])
M_REL = np.array([0.8, 1.0, 1.4])
M_EXIT = np.array([0.8, 1.0, 1.5])
P_REF = np.array([
    [0.927, 0.060, 0.010, 0.000, 0.003],
    [0.030, 0.902, 0.050, 0.015, 0.003],
    [0.000, 0.000, 0.978, 0.020, 0.002],
    [0.080, 0.040, 0.010, 0.865, 0.005],
])
RR = {"emp": ([1.0, 1.8, 1.4], 0.15), "traj": ([1.0, 1.3, 1.2], 0.10), "loss": ([1.0, 0.8, 0.9], 0.10)}
COST_HI = np.array([1000.0, 800.0, 300.0, 1500.0, 0.0])
COST_MUN = np.array([1200.0, 1150.0, 150.0, 1200.0, 0.0])
COST_ES = np.array([[0.0, 150.0, 25.0, 0.0, 0.0], [0.0, 450.0, 150.0, 50.0, 0.0], [0.0, 350.0, 100.0, 25.0, 0.0]])
UTILITY = np.array([0.60, 0.65, 0.78, 0.50, 0.0])
UTILITY_SD = np.array([0.03, 0.03, 0.03, 0.04])
R_COSTS, R_QALYS = 0.04, 0.015


def gamma(rng, mean, sd, size):
    shape = (mean / sd) ** 2
    return rng.gamma(shape, mean / shape, size=size)


def draw_parameters(rng, S):
    """Per sample: transition matrices [S, strategy, group, 5, 5], costs [S, strategy, payer, 5]
    and monthly QALY weights [S, 5]."""
    p = np.zeros((S, N_STATES, N_STATES))
    for r in range(4):
        nz = P_REF[r] > 0
        g = rng.gamma(1000 * P_REF[r, nz], size=(S, int(nz.sum())))
        p[:, r, nz] = g / g.sum(axis=1, keepdims=True)
    rr = {}
    for k, (values, sdlog) in RR.items():
        rr[k] = np.ones((S, 3))
        for st in (1, 2):
            rr[k][:, st] = rng.lognormal(np.log(values[st]), sdlog, size=S)
    P = np.zeros((S, 3, 3, N_STATES, N_STATES))
    for st in range(3):
        for g in range(3):
            q = P[:, st, g]
            emp, traj, loss = rr["emp"][:, st] * M_EMP[g], rr["traj"][:, st] * M_EMP[g], rr["loss"][:, st]
            q[:, 0, 1] = p[:, 0, 1] * traj
            q[:, 0, 2] = p[:, 0, 2] * emp
            q[:, 0, 4] = p[:, 0, 4] * M_EXIT[g]
            q[:, 1, 0] = p[:, 1, 0]
            q[:, 1, 2] = p[:, 1, 2] * emp
            q[:, 1, 3] = p[:, 1, 3] * M_REL[g]
            q[:, 1, 4] = p[:, 1, 4] * M_EXIT[g]
            q[:, 2, 3] = p[:, 2, 3] * loss * M_REL[g]
            q[:, 2, 4] = p[:, 2, 4] * M_EXIT[g]
            q[:, 3, 0] = p[:, 3, 0]
            q[:, 3, 1] = p[:, 3, 1] * traj
            q[:, 3, 2] = p[:, 3, 2] * emp
            q[:, 3, 4] = p[:, 3, 4] * M_EXIT[g]
            for r in range(4):
                q[:, r, r] = 0.0
                q[:, r, r] = 1.0 - q[:, r].sum(axis=1)
            q[:, EXIT, EXIT] = 1.0
    cost = np.zeros((S, 3, 3, N_STATES))
    hi = np.stack([gamma(rng, m, 0.2 * m, S) if m > 0 else np.zeros(S) for m in COST_HI], axis=1)
    mun = np.stack([gamma(rng, m, 0.1 * m, S) if m > 0 else np.zeros(S) for m in COST_MUN], axis=1)
    for st in range(3):
        cost[:, st, 0] = hi
        cost[:, st, 1] = mun
        cost[:, st, 2] = COST_ES[st] * gamma(rng, 1.0, 0.2, S)[:, None]
    u = np.zeros((S, N_STATES))
    for k in range(4):
        m, sd = UTILITY[k], UTILITY_SD[k]
        common = m * (1 - m) / sd**2 - 1
        u[:, k] = rng.beta(m * common, (1 - m) * common, size=S)
    return P, cost, u / 12.0


def discount(rate):
    return np.exp(-rate * np.arange(1, MONTHS + 1) / 12.0)


def cohort(P, cost, qaly):
    """Expected occupancy of one person per group, 120 matrix products vectorised over samples,
    strategies and groups."""
    S = P.shape[0]
    occ = np.zeros((S, 3, 3, N_STATES))
    occ[..., 0] = 1.0
    dc, dq = discount(R_COSTS), discount(R_QALYS)
    costs = np.zeros((S, 3, 3))
    qalys = np.zeros((S, 3))
    for k in range(MONTHS):
        occ = np.einsum("sagi,sagij->sagj", occ, P)
        pooled = np.einsum("sagj,g->saj", occ, SHARES)
        costs += dc[k] * np.einsum("saj,sapj->sap", pooled, cost)
        qalys += dq[k] * np.einsum("saj,sj->sa", pooled, qaly)
    return costs, qalys


def group_sizes(n):
    mild, moderate = round(n * 0.40), round(n * 0.35)
    return [mild, moderate, n - mild - moderate]


def micro(P, cost, qaly, n, rng):
    """Individuals simulated month by month, vectorised over the individuals of one sample and
    strategy: each draws a uniform number and moves by the cumulative row of its state."""
    S = P.shape[0]
    group = np.repeat(np.arange(3), group_sizes(n))
    dc, dq = discount(R_COSTS), discount(R_QALYS)
    costs = np.zeros((S, 3, 3))
    qalys = np.zeros((S, 3))
    for s in range(S):
        for a in range(3):
            cum = np.cumsum(P[s, a], axis=2)  # [group, from, to]
            cum[..., -1] = 1.0
            state = np.zeros(n, dtype=np.int64)
            c = np.zeros(3)
            q = 0.0
            for k in range(MONTHS):
                u = rng.random(n)
                state = (u[:, None] >= cum[group, state]).sum(axis=1)
                counts = np.bincount(state, minlength=N_STATES)
                c += dc[k] * cost[s, a] @ counts
                q += dq[k] * qaly[s] @ counts
            costs[s, a] = c / n
            qalys[s, a] = q / n
    return costs, qalys


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", choices=["cohort", "micro"], default="cohort")
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=20261125)
    args = ap.parse_args()
    t0 = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    P, cost, qaly = draw_parameters(rng, args.draws)
    if args.mode == "cohort":
        costs, qalys = cohort(P, cost, qaly)
    else:
        costs, qalys = micro(P, cost, qaly, args.clients, rng)
    seconds = time.perf_counter() - t0
    table = {st: {**{p: float(costs[:, a, i].mean()) for i, p in enumerate(PAYERS)}, "qaly": float(qalys[:, a].mean())}
             for a, st in enumerate(STRATEGIES)}

    def estimate(values):  # PSA mean and its Monte Carlo standard error
        return {"mean": float(values.mean()), "mcse": float(values.std(ddof=1) / np.sqrt(len(values)))}

    # Each strategy against regular, per person: what each payer saves, and the QALYs gained.
    delta = {st: {**{p: estimate(costs[:, 0, i] - costs[:, a, i]) for i, p in enumerate(PAYERS)},
                  "qaly": estimate(qalys[:, a] - qalys[:, 0])}
             for a, st in enumerate(STRATEGIES) if a > 0}
    json.dump({"mode": args.mode, "draws": args.draws, "clients": args.clients if args.mode == "micro" else None,
               "seconds": seconds, "mean_per_person": table, "saving_vs_regular_per_person": delta}, sys.stdout,
              indent=1)
    print()


if __name__ == "__main__":
    main()
