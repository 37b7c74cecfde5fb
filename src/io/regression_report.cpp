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

std::string describe(const MetricComparison& m) {
  return fmt::format("{}: old {}, new {}, difference {}, z {}", analysis::to_string(m.verdict), num(m.old_value),
                     num(m.new_value), num(m.diff), num(m.z));
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
    out.push_back({key + ".mean", st.mean, std::isnan(st.mcse) ? 0.0 : st.mcse});
    if (exact_base) out.push_back({key + ".base", st.base, 0.0});
  };
  for (const auto& c : doc.comparisons) {
    for (const auto& a : c.accounts) {
      const std::string prefix = c.arm + "/" + a.account + "/";
      add(prefix + "npv", a.npv);
      add(prefix + "investment", a.investment);
      add(prefix + "return", a.ret);
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
          cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n      <failure message=\"{}\" type=\"changed\"/>\n    </testcase>\n",
                               xml_escape(s.run), xml_escape(m.key), xml_escape(describe(m)));
        } else {
          cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n      <system-out>{}</system-out>\n    </testcase>\n",
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
  out += fmt::format("Noise: within {} Monte Carlo standard errors, or a relative difference up to {:g}, or {:g} EUR.\n\n",
                     o.k, o.rel_tol, o.abs_tol);
  out += "| scenario | verdict | metrics changed |\n|---|---|---|\n";
  std::vector<std::pair<std::string, MetricComparison>> changed;
  for (const auto& s : results) {
    int n = 0;
    for (const auto& m : s.metrics)
      if (m.verdict == Verdict::changed) {
        ++n;
        changed.emplace_back(s.run, m);
      }
    out += fmt::format("| {} | {} | {} |\n", s.run, scenario_verdict(s), n);
  }
  if (changed.empty()) return out + "\nNothing changed beyond Monte Carlo noise.\n";
  std::stable_sort(changed.begin(), changed.end(), [](const auto& a, const auto& b) {
    const double za = std::isnan(a.second.z) ? INFINITY : std::abs(a.second.z);
    const double zb = std::isnan(b.second.z) ? INFINITY : std::abs(b.second.z);
    return za > zb;
  });
  out += "\n### Changed, biggest first\n\n| scenario | metric | old | new | difference | z |\n|---|---|---:|---:|---:|---:|\n";
  for (const auto& [run, m] : changed)
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", run, m.key, num(m.old_value), num(m.new_value), num(m.diff), num(m.z));
  return out;
}

}  // namespace werkbaat::io
