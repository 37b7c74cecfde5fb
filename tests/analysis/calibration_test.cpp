// Calibration: the targets' arithmetic by hand, maximum likelihood and MCMC recovering known
// parameters, the posterior against its exact conjugate form, misfits, and the targets file.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <sqlite3.h>

#include "../test_support.h"
#include "werkbaat/analysis/calibration.h"
#include "werkbaat/io/calibration.h"
#include "werkbaat/io/run_store.h"
#include "werkbaat/io/scenario_loader.h"

using namespace werkbaat;

namespace {

// Clients look for work (zoek), find it with find.{arm} a month and lose it with `loss`.
const char* kModel = R"(parties: [gemeente, client]
states: [zoek, werk]
start: zoek
horizon: 36 months
arms: {comparator: c, interventions: [i]}
population: {size: 10, ernst: {licht: 0.5, zwaar: 0.5}}
simulation: {mode: cohort, draws: 5, seed: 3}
transitions:
  - {from: zoek, to: werk, probability: "find.{arm} * factor.{ernst}"}
  - {from: werk, to: zoek, probability: loss}
flows:
  bijstand: {payer: gemeente, payee: client, in_state: {zoek: "norm"}}
parameters:
  find:
    c: {beta: {mean: 0.03, sd: 0.01}, unit: probability/month}
    i: {beta: {mean: 0.06, sd: 0.02}, unit: probability/month}
  factor: {licht: 1, zwaar: 0.5}
  loss: {beta: {mean: 0.02, sd: 0.01}, unit: probability/month}
  norm: {value: 1300, unit: EUR/month, price_year: 2025}
  uren: {normal: {mean: 100, sd: 5}, unit: "1"}  # hours a month in work
effects:
  starts: {unit: jobs, on_transition: {from: zoek, to: werk, amount: 1}}
  hours: {unit: hours, in_state: {werk: "uren"}}
)";

model::Scenario model_with(const std::string& extra = "") {
  io::MemoryFileReader files;
  files.add("model.yaml", kModel);
  files.add("x.yaml", "uses: model.yaml\n" + extra);
  return io::load_scenario("x.yaml", "", files);
}

analysis::CalibrationProblem problem(const model::Scenario& s, const std::string& targets) {
  io::MemoryFileReader files;
  files.add("t.yaml", targets);
  return io::read_calibration(s, "t.yaml", {}, files);
}

// The share in werk at months 1..T of clients finding work with p and losing it with q a month.
std::vector<double> in_work(double p, double q, int months) {
  std::vector<double> out;
  double w = 0;
  for (int t = 1; t <= months; ++t) {
    w = w * (1 - q) + (1 - w) * p;
    out.push_back(w);
  }
  return out;
}

std::string binomial_target(const std::string& name, const std::string& measure, int month, const std::string& arm,
                            long k, long n, const std::string& extra = "") {
  return "  " + name + ": {source: test, measure: " + measure + ", state: werk, month: " + std::to_string(month) +
         ", arm: " + arm + ", observed: {k: " + std::to_string(k) + ", n: " + std::to_string(n) + "}" + extra + "}\n";
}

}  // namespace

TEST_CASE("calibration targets: shares, ever and months in a state, per arm and group, by hand") {
  const auto s = model_with();
  const auto p = problem(s, R"(fit: [find.*, loss]
targets:
  ever_i: {source: a, measure: ever, state: werk, month: 10, arm: i, observed: {k: 3, n: 10}}
  at_c: {source: b, measure: share, state: werk, month: 24, arm: c, where: {ernst: zwaar}, observed: {k: 3, n: 10}}
  mean_diff: {source: c, measure: share, state: werk, months: [6, 12], arm: i, minus: c, observed: {estimate: 0.1, se: 0.05}}
  months_i: {source: d, measure: months, state: werk, month: 12, arm: i, where: {ernst: licht}, observed: {estimate: 2, ci95: [1, 3]}}
  starts_c: {source: e, measure: effect, effect: starts, month: 18, arm: c, where: {ernst: zwaar}, observed: {estimate: 0.5, se: 0.1}}
)");
  REQUIRE(p.params.size() == 3);
  CHECK(p.params[0].path == "find.c");
  CHECK(p.params[2].path == "loss");
  CHECK(p.targets[3].se == doctest::Approx(1 / 1.959963984540054));
  analysis::TargetModel m(p);
  const double fc = 0.04, fi = 0.08, q = 0.03;
  const auto got = m.predict({fc, fi, q});
  // Ever in werk by month 10, both groups: 1 - (1 - p)^10 per group, averaged.
  CHECK(got[0] == doctest::Approx(0.5 * (1 - std::pow(1 - fi, 10)) + 0.5 * (1 - std::pow(1 - fi / 2, 10))).epsilon(1e-12));
  CHECK(got[1] == doctest::Approx(in_work(fc / 2, q, 24)[23]).epsilon(1e-12));
  double diff = 0;
  for (int t = 6; t <= 12; ++t)
    diff += 0.5 * (in_work(fi, q, 12)[t - 1] + in_work(fi / 2, q, 12)[t - 1]) -
            0.5 * (in_work(fc, q, 12)[t - 1] + in_work(fc / 2, q, 12)[t - 1]);
  CHECK(got[2] == doctest::Approx(diff / 7).epsilon(1e-12));
  double months = 0;
  for (const double w : in_work(fi, q, 12)) months += w;
  CHECK(got[3] == doctest::Approx(months).epsilon(1e-12));
  // Jobs started by month 18, per zwaar client: each month the share looking times its chance.
  double starts = 0;
  const auto w = in_work(fc / 2, q, 18);
  for (int t = 1; t <= 18; ++t) starts += (1 - (t > 1 ? w[t - 2] : 0.0)) * fc / 2;
  CHECK(got[4] == doctest::Approx(starts).epsilon(1e-12));
  // Binomial log-likelihood without its coefficient; normal with its constant.
  CHECK(p.targets[0].log_likelihood(0.2) == doctest::Approx(3 * std::log(0.2) + 7 * std::log(0.8)));
  CHECK(p.targets[2].z(0.05) == doctest::Approx(1.0));
}

TEST_CASE("maximum likelihood recovers known parameters from targets the model made; the standard errors are the binomial's") {
  const auto s = model_with();
  const double fc = 0.035, fi = 0.07, q = 0.025;
  io::MemoryFileReader none;
  // The truth's own predictions, as counts of 100,000 clients.
  auto truth = problem(s, "fit: [find.*, loss]\ntargets:\n" + binomial_target("ever_c", "ever", 24, "c", 1, 2) +
                              binomial_target("ever_i", "ever", 24, "i", 1, 2) +
                              binomial_target("at_i", "share", 36, "i", 1, 2));
  const auto exact = analysis::TargetModel(truth).predict({fc, fi, q});
  const long n = 100000;
  std::string targets = "fit: [find.*, loss]\ntargets:\n";
  const char* names[] = {"ever_c", "ever_i", "at_i"};
  const char* kinds[] = {"ever", "ever", "share"};
  const int month[] = {24, 24, 36};
  const char* arm[] = {"c", "i", "i"};
  for (int t = 0; t < 3; ++t)
    targets += binomial_target(names[t], kinds[t], month[t], arm[t], std::lround(exact[t] * n), n);
  const auto p = problem(s, targets);
  const auto mle = analysis::maximum_likelihood(p);
  REQUIRE(mle.identified);
  const double want[] = {fc, fi, q};
  for (int k = 0; k < 3; ++k) {
    CHECK(std::abs(mle.values[k] - want[k]) < 0.05 * mle.se[k] + 1e-7);  // counts rounded to whole clients
    CHECK(mle.se[k] > 0);
  }
  for (const auto& f : mle.targets) {
    CHECK(std::abs(f.z) < 0.05);
    CHECK_FALSE(f.misfit);
  }
  // ever_c depends on find.c alone: its standard error is the binomial one, by the delta method.
  const double e = exact[0], dedp = 0.5 * 24 * std::pow(1 - fc, 23) + 0.5 * 0.5 * 24 * std::pow(1 - fc / 2, 23);
  CHECK(mle.se[0] == doctest::Approx(std::sqrt(e * (1 - e) / n) / dedp).epsilon(0.01));
  CHECK(mle.deviance < 1e-3);
}

TEST_CASE("maximum likelihood of a parameter on the real line, far from zero (a normal prior)") {
  // Hours worked a month in a job: 100 +- 5 a priori; the target says 112 a month in work.
  const auto s = model_with();
  const auto base = problem(s, "fit: [uren]\ntargets:\n  h: {source: x, measure: effect, effect: hours, month: 12, arm: i, "
                               "observed: {estimate: 1, se: 0.01}}\n");
  const double months = analysis::TargetModel(base).predict({1.0})[0];  // months in work per client
  auto p = base;
  p.targets[0].estimate = 112 * months;
  p.targets[0].se = 0.1 * months;
  const auto mle = analysis::maximum_likelihood(p);
  CHECK(mle.values[0] == doctest::Approx(112).epsilon(1e-6));
  CHECK(mle.se[0] == doctest::Approx(0.1).epsilon(1e-3));
  CHECK(mle.map_values[0] > 111.9);  // the prior's pull is small against se 0.1
  CHECK(mle.map_values[0] < 112);
}

TEST_CASE("on a flat prior the posterior mode is the maximum likelihood") {
  const auto s = model_with("set: {find.c: {uniform: {min: 0, max: 1}}, find.i: {uniform: {min: 0, max: 1}}}\n");
  const auto p = problem(s, "fit: [find.*]\ntargets:\n" + binomial_target("ever_c", "ever", 12, "c", 30, 200) +
                              binomial_target("ever_i", "ever", 12, "i", 70, 200));
  const auto mle = analysis::maximum_likelihood(p);
  for (int k = 0; k < 2; ++k) CHECK(mle.map_values[k] == doctest::Approx(mle.values[k]).epsilon(1e-4));
  // And on an informative prior it is pulled toward the prior.
  const auto informative = analysis::maximum_likelihood(problem(model_with(), "fit: [find.c]\ntargets:\n" +
                                                                                  binomial_target("ever_c", "ever", 12, "c", 120, 200)));
  CHECK(informative.map_values[0] < informative.values[0]);
}

TEST_CASE("a target the model cannot reach is reported as a misfit, and the two that pull apart are named") {
  const auto s = model_with();
  // find.i is not fitted (the prior mean 0.06 stays): 95% ever employed by month 3 is out of reach.
  const auto p = problem(s, "fit: [find.c]\ntargets:\n" + binomial_target("ever_c", "ever", 12, "c", 60, 200) +
                              binomial_target("ever_i", "ever", 3, "i", 950, 1000) +
                              binomial_target("ever_c_high", "ever", 12, "c", 150, 200));
  const auto mle = analysis::maximum_likelihood(p);
  CHECK(mle.targets[1].misfit);
  CHECK(mle.targets[1].z > 50);
  // ever_c and ever_c_high ask find.c for opposite things; ever_i does not depend on find.c.
  REQUIRE(mle.pulls.size() == 1);
  CHECK(mle.pulls[0].a == 0);
  CHECK(mle.pulls[0].b == 2);
  CHECK(mle.pulls[0].cosine == doctest::Approx(-1.0));
}

TEST_CASE("MCMC: the posterior of a share observed at month 1 is the conjugate beta, and concentrates as n grows") {
  // With one month, ever in werk is find.c itself for the licht clients: a beta(a, b) prior and k of n give the
  // posterior beta(a + k, b + n - k) exactly.
  const auto s = model_with("set: {find.c: {beta: {alpha: 3, beta: 60}}}\n");
  analysis::McmcOptions o;
  o.warmup = 600;
  o.samples = 1500;
  o.seed = 11;
  std::vector<double> sds;
  for (const long n : {100L, 10000L}) {
    const long k = n / 20;
    const auto p = problem(s, "fit: [find.c]\ntargets:\n" +
                                  binomial_target("ever_c", "ever", 1, "c", k, n, ", where: {ernst: licht}"));
    const auto mle = analysis::maximum_likelihood(p);
    const auto post = analysis::sample_posterior(p, mle.map_values, o);
    CHECK(post.converged);
    const double a = 3.0 + static_cast<double>(k), b = 60.0 + static_cast<double>(n - k);
    const double mean = a / (a + b), sd = std::sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
    const auto& pp = post.params[0];
    MESSAGE("n " << n << ": posterior mean " << pp.mean << " (exact " << mean << "), sd " << pp.sd << " (exact " << sd
                 << "), R-hat " << pp.rhat << ", ESS " << pp.ess);
    CHECK(std::abs(pp.mean - mean) < 4 * sd / std::sqrt(pp.ess));
    CHECK(pp.sd == doctest::Approx(sd).epsilon(0.1));
    CHECK(pp.rhat < 1.01);
    sds.push_back(pp.sd);
  }
  CHECK(sds[1] < sds[0] / 5);
}

TEST_CASE("MCMC: the same seed gives the same draws on one thread and on two") {
  const auto p = problem(model_with(), "fit: [find.*]\ntargets:\n" + binomial_target("ever_c", "ever", 12, "c", 40, 200) +
                                           binomial_target("ever_i", "ever", 12, "i", 90, 200));
  analysis::McmcOptions o;
  o.warmup = 200;
  o.samples = 200;
  o.threads = 1;
  const auto one = analysis::sample_posterior(p, {0.03, 0.06}, o);
  o.threads = 2;
  const auto two = analysis::sample_posterior(p, {0.03, 0.06}, o);
  CHECK(one.draws == two.draws);
  o.seed = 2;
  CHECK(analysis::sample_posterior(p, {0.03, 0.06}, o).draws != one.draws);
}

TEST_CASE("split R-hat and effective sample size") {
  // Independent uniform draws (a fixed LCG): R-hat about 1, ESS about the number of draws; an
  // AR(1) chain with phi 0.8 has ESS about N (1 - phi) / (1 + phi); chains that disagree fail.
  std::uint64_t x = 12345;
  const auto u = [&] {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(x >> 11) * 0x1p-53;
  };
  std::vector<std::vector<double>> iid(4), ar(4), apart(4);
  for (int c = 0; c < 4; ++c) {
    double y = 0;
    for (int i = 0; i < 4000; ++i) {
      iid[c].push_back(u());
      y = 0.8 * y + (u() - 0.5);
      ar[c].push_back(y);
      apart[c].push_back(u() + c);
    }
  }
  const auto d_iid = analysis::diagnose(iid), d_ar = analysis::diagnose(ar), d_apart = analysis::diagnose(apart);
  CHECK(d_iid.rhat < 1.005);
  CHECK(d_iid.ess == doctest::Approx(16000).epsilon(0.15));
  CHECK(d_ar.ess == doctest::Approx(16000 * 0.2 / 1.8).epsilon(0.25));
  CHECK(d_apart.rhat > 1.5);
}

TEST_CASE("calibrate writes a posterior that a scenario uses: and samples jointly") {
  const auto dir = test::fresh_dir("calibrate");
  test::write(dir / "model.yaml", kModel);
  test::write(dir / "t.yaml", "fit: [find.*]\ntargets:\n" + binomial_target("ever_c", "ever", 12, "c", 40, 200) +
                                  binomial_target("ever_i", "ever", 12, "i", 90, 200));
  const auto s = io::load_scenario((dir / "model.yaml").string());
  const auto p = io::read_calibration(s, (dir / "t.yaml").string());
  analysis::McmcOptions o;
  o.warmup = 500;
  o.samples = 1000;
  const auto mle = analysis::maximum_likelihood(p);
  const auto post = analysis::sample_posterior(p, mle.map_values, o);
  REQUIRE(post.converged);
  io::CalibrationRun run{"model.yaml", "t.yaml", "test", &mle, &post, o, 1.0, 10};
  io::write_calibration((dir / "fit").string(), p, run);
  test::write(dir / "x.yaml", "uses: [model.yaml, fit/calibrated.yaml]\n");
  const auto fitted = io::load_scenario((dir / "x.yaml").string());
  const int c = fitted.parameter_index("find.c");
  REQUIRE(fitted.params[c].joint >= 0);
  CHECK(fitted.joint_draws[fitted.params[c].joint].rows == 4000);
  CHECK(fitted.params[c].dist.mean() == doctest::Approx(post.params[0].mean).epsilon(1e-12));
  CHECK(fitted.params[fitted.parameter_index("loss")].joint == -1);
  // At most mcmc.rows rows: every 4th draw of each chain here.
  run.mcmc.rows = 1000;
  io::write_calibration((dir / "thin").string(), p, run);
  test::write(dir / "y.yaml", "uses: [model.yaml, thin/calibrated.yaml]\n");
  const auto thinned = io::load_scenario((dir / "y.yaml").string());
  const auto& j = thinned.joint_draws[thinned.params[c].joint];
  CHECK(j.rows == 1000);
  CHECK(j.values[0] == post.value(0, 3, 0));  // row 0: chain 1's 4th draw
  CHECK(j.values[2 * 2 + 1] == post.value(2, 3, 1));  // row 2: chain 3's 4th draw (the chains interleaved)
  CHECK(j.values[5 * 2] == post.value(1, 7, 0));  // row 5: chain 2's 8th
  // An unconverged run leaves no posterior behind, not even an earlier one.
  analysis::Posterior bad = post;
  bad.converged = false;
  run.posterior = &bad;
  io::write_calibration((dir / "fit").string(), p, run);
  CHECK_FALSE(std::filesystem::exists(dir / "fit" / "posterior.csv"));
  CHECK_FALSE(std::filesystem::exists(dir / "fit" / "calibrated.yaml"));
  CHECK(std::filesystem::exists(dir / "fit" / "fit.json"));

  // Kept in a run store: the calibration's row, its documents and its tables, read back.
  run.posterior = &post;
  const auto files = io::write_calibration((dir / "fit").string(), p, run);
  const std::string store_path = (dir / "runs.sqlite").string();
  std::int64_t id = 0;
  {
    io::RunStore store(store_path);
    io::StoredCalibration stored{"model.yaml", "model.yaml", "t.yaml", WERKBAAT_VERSION, "mcmc", "a", "b", o.seed,
                            o.chains, o.warmup, o.samples, true, 10};
    id = store.save_calibration(stored, s.resolved, "targets", files.fit_json, io::calibration_tables(p, run, files));
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(store_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  const auto one = [&](const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    double v = NAN;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
      v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
  };
  CHECK(one("SELECT converged FROM calibrations WHERE id = " + std::to_string(id)) == 1);
  CHECK(one("SELECT posterior_mean FROM calibration_parameters WHERE parameter = 'find.i' AND calibration_id = 1") ==
        post.params[1].mean);
  CHECK(one("SELECT count(*) FROM calibration_draws WHERE calibration_id = 1") == 1000 * 2);  // run.mcmc.rows, as posterior.csv
  CHECK(one("SELECT k FROM calibration_targets WHERE target = 'ever_i'") == 90);
  CHECK(one("SELECT length(fit_json) FROM calibration_documents") == static_cast<double>(files.fit_json.size()));
  sqlite3_close(db);
}

TEST_CASE("targets file: bad input is refused at its line and column") {
  const auto s = model_with();
  const auto message = [&](const std::string& targets) { return test::input_error([&] { problem(s, targets); }); };
  const std::string fit = "fit: [find.*]\ntargets:\n";
  CHECK(message(fit + "  a: {source: x, measure: ever, state: wrek, month: 3, arm: c, observed: {k: 1, n: 2}}\n") ==
        "t.yaml:3:40: targets.a.state: unknown state 'wrek' (did you mean 'zoek'?); known: zoek, werk");
  CHECK(message(fit + "  a: {source: x, measure: share, state: werk, month: 3, arm: i, minus: c, observed: {k: 1, n: 2}}\n") ==
        "t.yaml:3:75: targets.a.observed: a difference between arms is an estimate: give estimate: with se: or ci95: [low, high]");
  CHECK(message(fit + "  a: {source: x, measure: share, state: werk, month: 40, arm: c, observed: {k: 1, n: 2}}\n")
        == "t.yaml:3:54: targets.a.month: must lie in [1, 36], got 40");
  CHECK(message(fit + "  a: {source: x, measure: share, state: werk, month: 3, arm: c, observed: {estimate: 0.5, ci95: [0.6, 0.9]}}\n") ==
        "t.yaml:3:97: targets.a.observed.ci95: the estimate 0.5 lies outside its interval [0.6, 0.9]");
  CHECK(message(fit + "  a: {source: x, measure: share, state: werk, month: 3, arm: c, observed: {k: 3, n: 2}}\n")
        == "t.yaml:3:79: targets.a.observed.k: must lie in [0, 2], got 3");
  CHECK(message("fit: [finding.*]\ntargets:\n  a: {source: x, measure: ever, state: werk, month: 3, arm: c, observed: {k: 1, n: 2}}\n") ==
        "t.yaml:1:7: fit[0]: 'finding.*' names no parameter of the scenario");
  CHECK(message("fit: [norm]\ntargets:\n  a: {source: x, measure: ever, state: werk, month: 3, arm: c, observed: {k: 1, n: 2}}\n") ==
        "t.yaml:1:7: fit[0]: 'norm' cannot be fitted: it has no distribution to be its prior (it is fixed at 1300, set at model.yaml:19)");
  CHECK(message(fit + "  a: {source: x, measure: ever, state: werk, month: 3, arm: c, observd: {k: 1, n: 2}}\n")
            .find("t.yaml:3:64: targets.a.observd: unknown key 'observd' (did you mean 'observed'?)") == 0);
  CHECK(message("fit: [find.*]\ntargets: {}\n") == "t.yaml:2:10: targets: no targets: name at least one");
  CHECK(message(fit + "  a: {source: x, measure: share, month: 3, arm: c, observed: {k: 1, n: 2}}\n") ==
        "t.yaml:3:3: targets.a: give the state the clients are counted in (state:), or what they hold (holding:)");
  CHECK(message(fit + "  a: {source: x, measure: share, month: 3, arm: c, holding: {ernst: []}, observed: {k: 1, n: 2}}\n") ==
        "t.yaml:3:52: targets.a.holding: no client group holds these values, so the target would count no one");
  // A target no value of the fitted parameters can give: every client starts in zoek, so "ever in
  // zoek by month 3" is 1 whatever find.c is, and 1 of 2 rules it out.
  CHECK(test::input_error([&] {
          analysis::maximum_likelihood(problem(s, fit + "  a: {source: x, measure: ever, state: zoek, month: 3, arm: c, observed: {k: 1, n: 2}}\n"));
        }) == "t.yaml:3:3: targets.a: the model gives 1 here for every value of the fitted parameters tried, which rules out "
              "the observed 1 of 2: does the target count what was meant?");
  CHECK(message(fit + "  a: {source: x, measure: ever, state: werk, month: 3, arm: c, where: {ernst: [zwaar]}, holding: {ernst: licht}, observed: {k: 1, n: 2}}\n")
        == "t.yaml:3:89: targets.a.holding: measure ever counts a state; holding: is for share and months");
}

TEST_CASE("a prepared run gives simulate's bits as its parameters change") {
  auto s = io::load_scenario(test::source_path("scenarios/ips-licht.yaml"));
  auto sim = s.simulation;
  sim.draws = 3;
  sim.threads = 1;
  engine::PreparedRun prepared(s, sim);
  const int p = s.parameter_index("hazard.job.ips.licht.early");
  REQUIRE(p >= 0);
  for (const double v : {0.05, 0.11}) {
    s.params[p].point = v;
    const auto a = prepared.run(), b = engine::simulate(s, sim);
    CHECK(a.base.line_disc == b.base.line_disc);
    CHECK(a.psa.line_disc == b.psa.line_disc);
    CHECK(a.base_monthly.effect == b.base_monthly.effect);
    CHECK(a.psa.effect_undisc == b.psa.effect_undisc);
  }
}

TEST_CASE("MCMC: 95% posterior intervals cover the parameter that made the data in 95% of repeated fits" *
          doctest::test_suite("slow")) {
  // The parameter drawn from its prior, the count drawn from the model's prediction; then the
  // Bayesian interval covers the truth with exactly its stated probability.
  const auto s = model_with("set: {find.c: {beta: {alpha: 3, beta: 60}}}\n");
  std::uint64_t x = 2026;
  const auto u = [&] {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return (static_cast<double>(x >> 11) + 0.5) * 0x1p-53;
  };
  analysis::McmcOptions o;
  o.warmup = 1000;
  o.samples = 2500;
  const int fits = 200;
  int covered = 0, converged = 0;
  for (int f = 0; f < fits; ++f) {
    const double truth = s.params[s.parameter_index("find.c")].dist.quantile(u());
    auto p = problem(s, "fit: [find.c]\ntargets:\n" + binomial_target("ever_c", "ever", 12, "c", 0, 80));
    const double predicted = analysis::TargetModel(p).predict({truth})[0];
    long k = 0;
    for (int i = 0; i < 80; ++i) k += u() < predicted;
    p.targets[0].k = static_cast<double>(k);
    o.seed = static_cast<std::uint64_t>(f + 1);
    const auto post = analysis::sample_posterior(p, analysis::maximum_likelihood(p).map_values, o);
    converged += post.converged;
    covered += post.params[0].q025 <= truth && truth <= post.params[0].q975;
  }
  MESSAGE(covered << " of " << fits << " intervals cover the truth; " << converged << " fits converged");
  CHECK(converged == fits);
  CHECK(covered >= 182);  // 95% of 200 is 190, with a binomial standard deviation of 3.1
  CHECK(covered <= 198);
}

TEST_CASE("the shipped Dutch calibration is what calibrate makes of the shipped targets, to the bit" *
          doctest::test_suite("slow")) {
  const auto s = io::load_scenario(test::source_path("targets/nl-epa-model.yaml"));
  const auto p = io::read_calibration(s, test::source_path("targets/nl-ips.yaml"));
  const auto mle = analysis::maximum_likelihood(p);
  const auto post = analysis::sample_posterior(p, mle.map_values);
  REQUIRE(post.converged);
  const auto dir = test::fresh_dir("shipped-calibration");
  io::CalibrationRun run{"targets/nl-epa-model.yaml", "targets/nl-ips.yaml", "test", &mle, &post, {}, 0, 0};
  io::write_calibration(dir.string(), p, run);
  CHECK(test::slurp(dir / "posterior.csv") == test::slurp(test::source_path("data/calibrated-epa/posterior.csv")));
  CHECK(test::slurp(dir / "calibrated.yaml") == test::slurp(test::source_path("data/calibrated-epa/calibrated.yaml")));
}
