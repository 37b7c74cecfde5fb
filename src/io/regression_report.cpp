#include "werkbaat/io/regression_report.h"

#include "werkbaat/io/text_escape.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace werkbaat::io {
namespace {

using analysis::MetricComparison;
using analysis::Verdict;

std::string num(double x) { return std::isfinite(x) ? fmt::format("{:.10g}", x) : (std::isnan(x) ? "NA" : (x > 0 ? "inf" : "-inf")); }

// z of a deterministic metric (no Monte Carlo error) is not a number of standard errors.
std::string z_text(const MetricComparison& m) { return std::isfinite(m.z) ? fmt::format("{:.2f}", m.z) : "exact"; }

std::string relative(const MetricComparison& m) {
  const double scale = std::max(std::abs(m.old_value), std::abs(m.new_value));
  return scale > 0 && std::isfinite(m.diff) ? fmt::format("{:+.3g}%", 100 * m.diff / std::abs(m.old_value)) : "NA";
}

std::string describe(const MetricComparison& m) {
  return fmt::format("{}: old {}, new {}, difference {} ({}), z {}", analysis::to_string(m.verdict), num(m.old_value),
                     num(m.new_value), num(m.diff), relative(m), z_text(m));
}

const char* scenario_verdict(const ScenarioRegression& s) {
  if (!s.error.empty()) return "error";
  if (!s.has_baseline) return "new";
  return analysis::to_string(analysis::worst(s.metrics));
}

}  // namespace

std::vector<analysis::MetricValue> regression_metrics(const ResultsDoc& doc) {
  std::vector<analysis::MetricValue> out;
  // The base case is deterministic in cohort mode only; in micro mode it is one noisy draw whose
  // error is unknown, so only means (with their MCSE) are compared there.
  const bool exact_base = doc.settings.mode == model::Mode::cohort;
  const auto add = [&](const std::string& key, const StatDoc& st) {
    out.push_back({key + ".mean", st.mean, std::isnan(st.mcse) ? 0.0 : st.mcse, st.n});
    if (exact_base) out.push_back({key + ".base", st.base, 0.0, 0});
  };
  for (const auto& c : doc.comparisons) {
    for (const auto& a : c.accounts) {
      const std::string prefix = c.arm + "/" + a.account + "/";
      add(prefix + "npv", a.npv);
      add(prefix + "investment", a.investment);
      add(prefix + "return", a.ret);
      // From which line: a change that moves money between two lines of one party is a change.
      for (const auto& l : a.lines) add(prefix + "line/" + l.line + "/npv", l.npv);
    }
    for (const auto& e : c.effects) add(c.arm + "/effect/" + e.effect + "/delta_discounted", e.delta_discounted);
  }
  return out;
}

std::string junit_xml(const std::vector<ScenarioRegression>& results) {
  int tests = 0, failures = 0, errors = 0;
  std::string suites;
  for (const auto& s : results) {
    std::string cases;
    int st = 0, sf = 0, se = 0;
    if (!s.error.empty()) {
      cases += fmt::format("    <testcase classname=\"{0}\" name=\"run\">\n      <error message=\"{1}\">{1}</error>\n    </testcase>\n",
                           xml_escape(s.run), xml_escape(s.error));
      ++st;
      ++se;
    } else if (!s.has_baseline) {
      cases += fmt::format("    <testcase classname=\"{0}\" name=\"baseline\">\n      <failure message=\"new: no baseline\" type=\"new\">no baseline for {0}; run regress --update to store one</failure>\n    </testcase>\n",
                           xml_escape(s.run));
      ++st;
      ++sf;
    } else {
      for (const auto& m : s.metrics) {
        ++st;
        if (m.verdict == Verdict::changed) {
          ++sf;
          cases += fmt::format("    <testcase classname=\"{0}\" name=\"{1}\" time=\"0\">\n      <failure message=\"{2}\" type=\"changed\">{2}; the band is {3:.2f} standard errors</failure>\n    </testcase>\n",
                               xml_escape(s.run), xml_escape(m.key), xml_escape(describe(m)), s.band);
        } else {
          cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\">\n      <system-out>{}</system-out>\n    </testcase>\n",
                               xml_escape(s.run), xml_escape(m.key), xml_escape(describe(m)));
        }
      }
    }
    suites += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\">\n{}  </testsuite>\n",
                          xml_escape(s.run), st, sf, se, cases);
    tests += st;
    failures += sf;
    errors += se;
  }
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"werkbaat regress\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n{}</testsuites>\n",
                     tests, failures, errors, suites);
}

std::string markdown_summary(const std::vector<ScenarioRegression>& results, const analysis::RegressionOptions& o) {
  std::string out = fmt::format("## werkbaat regression: {} scenarios\n\n", results.size());
  int bad = 0;
  for (const auto& s : results) bad += std::string(scenario_verdict(s)) != "identical" &&
                                       std::string(scenario_verdict(s)) != "within noise";
  out += fmt::format("**Verdict: {}**\n\n", bad == 0 ? "nothing changed beyond Monte Carlo noise"
                                                      : fmt::format("{} of {} scenarios changed, new or failed", bad,
                                                                    results.size()));
  if (o.k > 0)
    out += fmt::format("Noise: within {:g} Monte Carlo standard errors per metric, or a relative difference up to "
                       "{:g}, or {:g} EUR.\n\n",
                       o.k, o.rel_tol, o.abs_tol);
  else
    out += fmt::format("Noise: all metrics of the run are judged together, so that an unchanged model is flagged in "
                       "at most {:g}% of runs (Bonferroni over the metrics, Student t with the draws' degrees of "
                       "freedom): a metric changed when it moved by more than the band below, which is also the "
                       "smallest change, in standard errors, that this run can detect. Deterministic metrics must "
                       "agree to a relative {:g} or {:g} EUR.\n\n",
                       100 * o.false_alarm, o.rel_tol, o.abs_tol);
  out += "| scenario | verdict | metrics changed | band (standard errors) |\n|---|---|---|---:|\n";
  std::vector<std::pair<std::string, MetricComparison>> changed;
  for (const auto& s : results) {
    int n = 0;
    for (const auto& m : s.metrics)
      if (m.verdict == Verdict::changed) {
        ++n;
        changed.emplace_back(s.run, m);
      }
    const bool compared = s.error.empty() && s.has_baseline;
    out += fmt::format("| {} | {} | {} | {} |\n", s.run, scenario_verdict(s), compared ? std::to_string(n) : "-",
                       compared ? fmt::format("{:.2f}", s.band) : "-");
  }
  if (changed.empty())
    return out + (bad == 0 ? "\nNothing changed beyond Monte Carlo noise.\n"
                           : "\nNo metric changed; the scenarios above that failed or have no baseline were not compared.\n");
  std::stable_sort(changed.begin(), changed.end(), [](const auto& a, const auto& b) {
    const double za = std::isnan(a.second.z) ? INFINITY : std::abs(a.second.z);
    const double zb = std::isnan(b.second.z) ? INFINITY : std::abs(b.second.z);
    return za > zb;
  });
  out += "\n### Changed, biggest first\n\n| scenario | metric | old | new | difference | relative | z |\n"
         "|---|---|---:|---:|---:|---:|---:|\n";
  for (const auto& [run, m] : changed)
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", run, m.key, num(m.old_value), num(m.new_value),
                       num(m.diff), relative(m), z_text(m));
  return out;
}

}  // namespace werkbaat::io
