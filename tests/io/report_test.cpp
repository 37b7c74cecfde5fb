// Golden checks of the report's SVG: the plotted points map back to the data.
#include <doctest/doctest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "../test_support.h"
#include "werkbaat/analysis/evaluate.h"
#include "werkbaat/io/html_report.h"
#include "werkbaat/io/table_printer.h"

using namespace werkbaat;

namespace {

std::string attr(const std::string& tag, const std::string& name) {
  const std::regex re(name + "=\"([^\"]*)\"");
  std::smatch m;
  REQUIRE(std::regex_search(tag, m, re));
  return m[1];
}
double attr_num(const std::string& tag, const std::string& name) { return std::stod(attr(tag, name)); }

// The n-th <svg ...> chart of the page, whole.
std::string nth_svg(const std::string& html, int n) {
  std::size_t at = 0;
  for (int i = 0; i <= n; ++i) {
    at = html.find("<svg", at + (i > 0 ? 1 : 0));
    REQUIRE(at != std::string::npos);
  }
  return html.substr(at, html.find("</svg>", at) - at);
}

struct Mapping {
  double x0, x1, y0, y1, left, top, width, height;
  explicit Mapping(const std::string& svg)
      : x0(attr_num(svg, "data-x-min")), x1(attr_num(svg, "data-x-max")), y0(attr_num(svg, "data-y-min")),
        y1(attr_num(svg, "data-y-max")), left(attr_num(svg, "data-left")), top(attr_num(svg, "data-top")),
        width(attr_num(svg, "data-width")), height(attr_num(svg, "data-height")) {}
  double x(double px) const { return x0 + (px - left) / width * (x1 - x0); }
  double y(double py) const { return y1 - (py - top) / height * (y1 - y0); }
  double py(double v) const { return top + (y1 - v) / (y1 - y0) * height; }
};

}  // namespace

TEST_CASE("report SVG: the plotted points are the data") {
  auto s = io::load_scenario(test::source_path("scenarios/five-state-bench.yaml"));
  s.simulation.mode = model::Mode::cohort;
  s.simulation.draws = 25;
  const auto e = analysis::evaluate(s);
  const auto& sum = e.summary;
  const std::string html = io::html_report(io::results_doc(s, e), {"en", "today"});
  CHECK(html.find("<script") == std::string::npos);  // self-contained, no scripts
  CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));  // no external resources

  // Chart 0: cumulative NPV per party of the first intervention.
  const std::string svg = nth_svg(html, 0);
  const Mapping m(svg);
  const std::regex line("<polyline class=\"series\" data-series=\"health_insurer\" points=\"([^\"]*)\"");
  std::smatch hit;
  REQUIRE(std::regex_search(svg, hit, line));
  std::istringstream pts(hit[1].str());
  std::string pair;
  std::vector<double> xs, ys;
  while (pts >> pair) {
    const auto comma = pair.find(',');
    xs.push_back(m.x(std::stod(pair.substr(0, comma))));
    ys.push_back(m.y(std::stod(pair.substr(comma + 1))));
  }
  const auto& expected = sum.comparisons[0].accounts[s.party_index("health_insurer")].cumulative_mean;
  REQUIRE(xs.size() == expected.size() + 1);
  const double tol_x = 0.002 / m.width * (m.x1 - m.x0), tol_y = 0.002 / m.height * (m.y1 - m.y0);
  CHECK(std::abs(xs[0]) <= tol_x);
  CHECK(std::abs(ys[0]) <= tol_y);
  for (std::size_t k = 0; k < expected.size(); ++k) {
    CHECK(std::abs(xs[k + 1] - static_cast<double>(k + 1)) <= tol_x);
    CHECK(std::abs(ys[k + 1] - expected[k]) <= tol_y);
  }

  // Chart 1: annual budget impact; each bar's value and height are the data.
  const std::string bars = nth_svg(html, 1);
  const Mapping b(bars);
  const std::regex rect("<rect class=\"bar\" data-series=\"municipality\" data-category=\"year 3\"[^>]*>");
  REQUIRE(std::regex_search(bars, hit, rect));
  const std::string tag = hit[0];
  const double value = sum.comparisons[0].accounts[s.party_index("municipality")].annual[2].mean;
  CHECK(attr_num(tag, "data-value") == doctest::Approx(value).epsilon(1e-15));
  CHECK(attr_num(tag, "height") == doctest::Approx(std::abs(b.py(value) - b.py(0))).epsilon(1e-3));
}

TEST_CASE("report: huge and equal values give a readable page, not a crash or an endless axis") {
  auto s = io::load_scenario(test::source_path("scenarios/five-state-bench.yaml"));
  analysis::EvaluateOptions o;
  o.overrides.draws = 5;
  o.overrides.mode = model::Mode::cohort;
  auto doc = io::results_doc(s, analysis::evaluate(s, o));
  for (auto& c : doc.comparisons)
    for (auto& a : c.accounts) {
      a.npv.mean = 1e308;
      a.npv.sd = 1;
      for (auto& x : a.cumulative_npv_mean) x = 1e13;
    }
  for (auto& [arm, accounts] : *doc.draws)
    for (auto& [account, series] : accounts) std::fill(series.npv.begin(), series.npv.end(), 1e13);
  for (const char* lang : {"en", "nl"}) {
    const std::string html = io::html_report(doc, {lang, "today"});
    CHECK(html.find(std::string(lang) == "en" ? "\u20ac1e+308" : "\u20ac\u00a01e+308") != std::string::npos);
  }
  CHECK(io::format_money(1e308) == "1e+308");
  CHECK(io::format_money(-2.5e15) == "-2.5e+15");
  CHECK(io::format_money(999999999999999.0) == "999,999,999,999,999");
}
