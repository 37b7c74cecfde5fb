#include "io/report/svg_chart.h"
#include "werkbaat/io/text_escape.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace werkbaat::io {
namespace {

constexpr double kWidth = 720, kHeight = 340;
constexpr double kLeft = 86, kRight = 170, kTop = 40, kBottom = 56;
// Okabe & Ito's colour-blind-safe colours (without the yellow, too light on white), then four of
// Paul Tol's; each with its own dash pattern, so that no two series look alike in grey either.
constexpr std::size_t kStyles = 12;
const char* const kPalette[kStyles] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                                       "#882255", "#332288", "#999933", "#44AA99", "#777777", "#AA4499"};
const char* const kEmphasis = "#000000";
const char* const kDashes[kStyles] = {"",      "7 3",     "2 2",       "9 3 2 3", "4 4",     "12 4",
                                      "1 3",   "6 2 1 2", "10 2 2 2 2 2", "3 6",  "14 3 3 3", "5 2"};

// "Nice" ticks (steps of 1, 2 or 5 times a power of ten) covering [lo, hi].
std::vector<double> ticks(double& lo, double& hi) {
  // A range too narrow to step through (equal values, or a width below the doubles' resolution
  // at this size) is widened first, so that the loop below always ends.
  const double size = std::max(std::abs(lo), std::abs(hi));
  if (!(hi - lo > size * 1e-9)) {
    const double pad = std::max(1.0, size * 0.1);
    lo -= pad;
    hi += pad;
  }
  const double raw = (hi - lo) / 5;
  const double mag = std::pow(10, std::floor(std::log10(raw)));
  const double step = raw / mag <= 1 ? mag : raw / mag <= 2 ? 2 * mag : raw / mag <= 5 ? 5 * mag : 10 * mag;
  lo = std::floor(lo / step) * step;
  hi = std::ceil(hi / step) * step;
  std::vector<double> t;
  for (double v = lo; v <= hi + step / 2; v += step) t.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  return t;
}

struct Frame {
  double x0, x1, y0, y1;
  double px(double x) const { return kLeft + (x - x0) / (x1 - x0) * (kWidth - kLeft - kRight); }
  double py(double y) const { return kTop + (y1 - y) / (y1 - y0) * (kHeight - kTop - kBottom); }
};

// A chart title at (x, 22), on two lines (the second smaller, above the plot) when it is too long
// for one: about 8 pixels a character at the title's size.
std::string title_text(const std::string& title, double x) {
  const std::size_t fits = static_cast<std::size_t>((kWidth - x - 10) / 8);
  std::size_t cut = title.size() > fits ? title.rfind(' ', fits) : std::string::npos;
  if (cut == std::string::npos || cut < fits / 3)
    return fmt::format("<text x=\"{}\" y=\"22\" class=\"title\">{}</text>\n", x, xml_escape(title));
  return fmt::format("<text x=\"{0}\" y=\"14\" class=\"title\">{1}<tspan x=\"{0}\" dy=\"16\">{2}</tspan></text>\n", x,
                     xml_escape(title.substr(0, cut)), xml_escape(title.substr(cut + 1)));
}

std::string open_svg(const ChartText& t, const Frame& f) {
  return fmt::format(
             "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" "
             "aria-label=\"{}\" data-x-min=\"{:.17g}\" data-x-max=\"{:.17g}\" data-y-min=\"{:.17g}\" data-y-max=\"{:.17g}\" "
             "data-left=\"{}\" data-top=\"{}\" data-width=\"{}\" data-height=\"{}\">\n",
             kWidth, kHeight, xml_escape(t.title), f.x0, f.x1, f.y0, f.y1, kLeft, kTop, kWidth - kLeft - kRight,
             kHeight - kTop - kBottom) +
         title_text(t.title, kLeft);
}

// The opening of a chart with a horizontal value axis (rows of bars): the svg, its title, and a
// grid line and tick label per tick value down to `bottom`.
std::string open_horizontal(const ChartText& t, double height, double x0, double x1, double left, double right,
                            double bottom, const std::vector<double>& xt) {
  const auto px = [&](double x) { return left + (x - x0) / (x1 - x0) * (right - left); };
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\" "
      "data-x-min=\"{:.17g}\" data-x-max=\"{:.17g}\" data-left=\"{}\" data-width=\"{}\">\n",
      kWidth, height, xml_escape(t.title), x0, x1, left, right - left);
  out += title_text(t.title, 10);
  for (const double x : xt) {
    out += fmt::format("<line x1=\"{0:.2f}\" y1=\"{1}\" x2=\"{0:.2f}\" y2=\"{2}\" class=\"grid{3}\"/>\n", px(x), kTop,
                       bottom, x == 0 ? " zero" : "");
    out += fmt::format("<text x=\"{:.2f}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{}</text>\n", px(x),
                       bottom + 16, tick_label(x, t.decimal_comma));
  }
  return out;
}

std::string axes(const ChartText& t, const Frame& f, const std::vector<double>& xt, const std::vector<double>& yt,
                 bool x_numeric) {
  std::string out;
  const double bottom = kHeight - kBottom, right = kWidth - kRight;
  for (const double y : yt) {
    out += fmt::format("<line x1=\"{}\" y1=\"{:.2f}\" x2=\"{}\" y2=\"{:.2f}\" class=\"grid{}\"/>\n", kLeft, f.py(y), right,
                       f.py(y), y == 0 ? " zero" : "");
    out += fmt::format("<text x=\"{}\" y=\"{:.2f}\" class=\"tick\" text-anchor=\"end\">{}</text>\n", kLeft - 6,
                       f.py(y) + 4, tick_label(y, t.decimal_comma));
  }
  if (x_numeric)
    for (const double x : xt)
      out += fmt::format("<text x=\"{:.2f}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{}</text>\n", f.px(x),
                         bottom + 16, tick_label(x, t.decimal_comma));
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" class=\"axis\"/>\n", kLeft, bottom, right);
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" class=\"axis\"/>\n", kLeft, kTop, bottom);
  out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"label\" text-anchor=\"middle\">{}</text>\n", (kLeft + right) / 2,
                     kHeight - 14, xml_escape(t.x_label));
  out += fmt::format("<text x=\"16\" y=\"{0}\" class=\"label\" text-anchor=\"middle\" transform=\"rotate(-90 16 {0})\">{1}</text>\n",
                     (kTop + bottom) / 2, xml_escape(t.y_label));
  return out;
}

std::size_t style_of(const ChartSeries& s, std::size_t i) { return s.style >= 0 ? static_cast<std::size_t>(s.style) : i; }
const char* colour_of(const ChartSeries& s, std::size_t i) { return s.emphasis ? kEmphasis : chart_colour(style_of(s, i)); }
const char* dash_of(const ChartSeries& s, std::size_t i) { return s.emphasis ? "" : chart_dash(style_of(s, i)); }

std::string legend(const std::vector<ChartSeries>& series, bool bars) {
  std::string out;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const double y = kTop + 8 + 18.0 * static_cast<double>(i);
    const double x = kWidth - kRight + 14;
    if (bars)
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"10\" fill=\"{}\"/>\n", x, y - 8,
                         colour_of(series[i], i));
    else
      out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\" stroke-dasharray=\"{}\"/>\n",
                         x, y - 3, x + 18, y - 3, colour_of(series[i], i), series[i].emphasis ? 3.5 : 2.5,
                         dash_of(series[i], i));
    const std::string& name = series[i].name;
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>\n", x + 24, y + 1, xml_escape(name));
  }
  return out;
}

void extend(double& lo, double& hi, double v) {
  if (!std::isfinite(v)) return;
  lo = std::min(lo, v);
  hi = std::max(hi, v);
}

}  // namespace

const char* chart_colour(std::size_t i) { return kPalette[i % kStyles]; }
const char* chart_dash(std::size_t i) { return kDashes[i % kStyles]; }

std::string tick_label(double v, bool decimal_comma) {
  const double a = std::abs(v);
  std::string s = a >= 1e12 ? fmt::format("{:.2g}", v) : a >= 1e6 ? fmt::format("{:.1f}M", v / 1e6) : a >= 1e4 ? fmt::format("{:.0f}k", v / 1e3)
                  : a >= 100 || v == std::floor(v) ? fmt::format("{:.0f}", v) : fmt::format("{:.2g}", v);
  if (decimal_comma) std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string line_chart(const ChartText& t, const std::vector<ChartSeries>& series) {
  double x0 = INFINITY, x1 = -INFINITY, y0 = 0, y1 = 0;
  for (const auto& s : series) {
    for (const double x : s.x) extend(x0, x1, x);
    for (const double y : s.y) extend(y0, y1, y);
    for (const double y : s.band_lo) extend(y0, y1, y);
    for (const double y : s.band_hi) extend(y0, y1, y);
  }
  if (!std::isfinite(x0)) x0 = 0, x1 = 1;
  const auto xt = ticks(x0, x1), yt = ticks(y0, y1);
  const Frame f{x0, x1, y0, y1};
  std::string out = open_svg(t, f) + axes(t, f, xt, yt, true);
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& s = series[i];
    if (!s.band_x.empty()) {
      std::string pts;
      for (std::size_t k = 0; k < s.band_x.size(); ++k) pts += fmt::format("{:.2f},{:.2f} ", f.px(s.band_x[k]), f.py(s.band_hi[k]));
      for (std::size_t k = s.band_x.size(); k-- > 0;) pts += fmt::format("{:.2f},{:.2f} ", f.px(s.band_x[k]), f.py(s.band_lo[k]));
      out += fmt::format("<polygon class=\"band\" data-series=\"{}\" points=\"{}\" fill=\"{}\" fill-opacity=\"0.10\"/>\n",
                         xml_escape(s.name), pts, colour_of(s, i));
    }
    std::string pts;
    for (std::size_t k = 0; k < s.x.size(); ++k)
      if (std::isfinite(s.y[k])) pts += fmt::format("{:.3f},{:.3f} ", f.px(s.x[k]), f.py(s.y[k]));
    out += fmt::format("<polyline class=\"series\" data-series=\"{}\" points=\"{}\" fill=\"none\" stroke=\"{}\" "
                       "stroke-width=\"{}\" stroke-dasharray=\"{}\"/>\n",
                       xml_escape(s.name), pts, colour_of(s, i), s.emphasis ? 3.5 : 2, dash_of(s, i));
  }
  return out + legend(series, false) + "</svg>\n";
}

std::string bar_chart(const ChartText& t, const std::vector<std::string>& categories,
                      const std::vector<ChartSeries>& series) {
  double y0 = 0, y1 = 0;
  for (const auto& s : series)
    for (const double y : s.y) extend(y0, y1, y);
  const auto yt = ticks(y0, y1);
  const double n = static_cast<double>(categories.size());
  const Frame f{0, n, y0, y1};
  std::string out = open_svg(t, f) + axes(t, f, {}, yt, false);
  const double group = (kWidth - kLeft - kRight) / std::max(1.0, n);
  const double bar = group * 0.8 / std::max<double>(1, static_cast<double>(series.size()));
  for (std::size_t c = 0; c < categories.size(); ++c)
    out += fmt::format("<text x=\"{:.2f}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{}</text>\n",
                       f.px(static_cast<double>(c) + 0.5), kHeight - kBottom + 16, xml_escape(categories[c]));
  for (std::size_t i = 0; i < series.size(); ++i) {
    for (std::size_t c = 0; c < series[i].y.size(); ++c) {
      const double v = series[i].y[c];
      if (!std::isfinite(v)) continue;
      const double x = f.px(static_cast<double>(c)) + group * 0.1 + bar * static_cast<double>(i);
      const double top = std::min(f.py(v), f.py(0)), h = std::abs(f.py(v) - f.py(0));
      out += fmt::format("<rect class=\"bar\" data-series=\"{}\" data-category=\"{}\" data-value=\"{:.17g}\" x=\"{:.2f}\" "
                         "y=\"{:.3f}\" width=\"{:.2f}\" height=\"{:.3f}\" fill=\"{}\"/>\n",
                         xml_escape(series[i].name), xml_escape(categories[c]), v, x, top, bar * 0.95, h, colour_of(series[i], i));
    }
  }
  return out + legend(series, true) + "</svg>\n";
}

std::string histogram_chart(const ChartText& t, const std::vector<double>& values, int bins) {
  double lo = INFINITY, hi = -INFINITY;
  for (const double v : values) extend(lo, hi, v);
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  const double size = std::max(std::abs(lo), std::abs(hi));
  if (!(hi - lo > size * 1e-9)) {  // all values equal (to the doubles' resolution): one visible bar
    const double pad = std::max(1.0, size * 0.01);
    lo -= pad;
    hi += pad;
  }
  std::vector<double> count(bins, 0.0);
  for (const double v : values) {
    if (!std::isfinite(v)) continue;
    const double at = (v - lo) / (hi - lo) * bins;  // in [0, bins]; clamped before it becomes an index
    count[at >= bins ? bins - 1 : at <= 0 ? 0 : static_cast<int>(at)] += 1;
  }
  double y0 = 0, y1 = *std::max_element(count.begin(), count.end());
  double x0 = lo, x1 = hi;
  const auto xt = ticks(x0, x1), yt = ticks(y0, y1);
  const Frame f{x0, x1, y0, y1};
  std::string out = open_svg(t, f) + axes(t, f, xt, yt, true);
  const double w = (hi - lo) / bins;
  for (int b = 0; b < bins; ++b) {
    const double a = lo + w * b;
    out += fmt::format("<rect class=\"bar\" data-count=\"{}\" x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"{}\"/>\n",
                       count[b], f.px(a), f.py(count[b]), f.px(a + w) - f.px(a), f.py(0) - f.py(count[b]),
                       a + w <= 0 ? chart_colour(5) : chart_colour(0));
  }
  out += fmt::format("<line x1=\"{0:.2f}\" y1=\"{1}\" x2=\"{0:.2f}\" y2=\"{2}\" class=\"axis zero\"/>\n", f.px(0),
                     kTop, kHeight - kBottom);
  return out + "</svg>\n";
}

std::string tornado_chart(const ChartText& t, double base, const std::vector<TornadoRow>& rows) {
  double x0 = base, x1 = base;
  for (const auto& r : rows) {
    extend(x0, x1, r.at_low);
    extend(x0, x1, r.at_high);
  }
  const auto xt = ticks(x0, x1);
  const double row_h = 22, height = kTop + kBottom + row_h * static_cast<double>(std::max<std::size_t>(1, rows.size()));
  const double left = 250, right = kWidth - 40;
  const auto px = [&](double x) { return left + (x - x0) / (x1 - x0) * (right - left); };
  std::string out = open_horizontal(t, height, x0, x1, left, right, height - kBottom, xt);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double y = kTop + row_h * static_cast<double>(i);
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"tick\" text-anchor=\"end\">{}</text>\n", left - 8, y + 15,
                       xml_escape(rows[i].label));
    const std::pair<double, const char*> ends[] = {{rows[i].at_low, chart_colour(0)}, {rows[i].at_high, chart_colour(1)}};
    for (const auto& [v, colour] : ends)
      out += fmt::format("<rect class=\"bar\" data-series=\"{}\" data-value=\"{:.17g}\" x=\"{:.2f}\" y=\"{}\" width=\"{:.2f}\" "
                         "height=\"{}\" fill=\"{}\"/>\n",
                         xml_escape(rows[i].label), v, std::min(px(v), px(base)), y + 3, std::abs(px(v) - px(base)), row_h - 6,
                         colour);
  }
  out += fmt::format("<line x1=\"{0:.2f}\" y1=\"{1}\" x2=\"{0:.2f}\" y2=\"{2}\" class=\"axis\"/>\n", px(base), kTop - 4,
                     height - kBottom);
  out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"label\" text-anchor=\"middle\">{}</text>\n", (left + right) / 2,
                     height - 14, xml_escape(t.x_label));
  out += fmt::format("<rect x=\"{}\" y=\"8\" width=\"12\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"17\" class=\"legend\">{}</text>\n",
                     right - 230, chart_colour(0), right - 214, xml_escape(t.legend_low));
  out += fmt::format("<rect x=\"{}\" y=\"8\" width=\"12\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"17\" class=\"legend\">{}</text>\n",
                     right - 110, chart_colour(1), right - 94, xml_escape(t.legend_high));
  return out + "</svg>\n";
}

std::string stacked_bar_chart(const ChartText& t, const std::vector<std::string>& rows,
                              const std::vector<StackedSegment>& segments, const std::vector<double>& net,
                              const std::string& net_label) {
  double x0 = 0, x1 = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    double neg = 0, pos = 0;
    for (const auto& seg : segments) (seg.values[r] < 0 ? neg : pos) += seg.values[r];
    extend(x0, x1, neg);
    extend(x0, x1, pos);
  }
  const auto xt = ticks(x0, x1);
  std::vector<std::string> names;  // of the legend: each segment name once, then the net
  for (const auto& seg : segments)
    if (std::find(names.begin(), names.end(), seg.name) == names.end()) names.push_back(seg.name);
  const double row_h = 26, legend_h = 18.0 * static_cast<double>((names.size() + 3) / 3);
  const double left = 190, right = kWidth - 30, plot_bottom = kTop + row_h * static_cast<double>(rows.size());
  const double height = plot_bottom + 56 + legend_h;
  const auto px = [&](double x) { return left + (x - x0) / (x1 - x0) * (right - left); };
  std::string out = open_horizontal(t, height, x0, x1, left, right, plot_bottom, xt);
  out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"label\" text-anchor=\"middle\">{}</text>\n", (left + right) / 2,
                     plot_bottom + 34, xml_escape(t.x_label));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double y = kTop + row_h * static_cast<double>(r);
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"tick\" text-anchor=\"end\">{}</text>\n", left - 8, y + 17,
                       xml_escape(rows[r]));
    double neg = 0, pos = 0;
    for (const auto& seg : segments) {
      const double v = seg.values[r];
      if (!std::isfinite(v) || v == 0) continue;
      double& at = v < 0 ? neg : pos;
      const double a = px(at), b = px(at + v);
      at += v;
      out += fmt::format("<rect class=\"bar\" data-row=\"{}\" data-series=\"{}\" data-value=\"{:.17g}\" x=\"{:.2f}\" "
                         "y=\"{}\" width=\"{:.2f}\" height=\"{}\" fill=\"{}\"><title>{}: {}</title></rect>\n",
                         xml_escape(rows[r]), xml_escape(seg.name), v, std::min(a, b), y + 4, std::abs(b - a), row_h - 8,
                         chart_colour(static_cast<std::size_t>(seg.style)), xml_escape(seg.name),
                         tick_label(v, t.decimal_comma));
    }
    if (r < net.size() && std::isfinite(net[r]))
      out += fmt::format("<rect class=\"net\" data-row=\"{}\" data-value=\"{:.17g}\" x=\"{:.2f}\" y=\"{}\" width=\"4\" "
                         "height=\"{}\" fill=\"#000\"/>\n",
                         xml_escape(rows[r]), net[r], px(net[r]) - 2, y + 1, row_h - 2);
  }
  // Legend under the axis label, three to a line, each segment name once.
  const double ly = plot_bottom + 56;
  std::size_t n = 0;
  const auto slot = [&](std::size_t i) {
    return std::pair{20 + 235.0 * static_cast<double>(i % 3), ly + 18.0 * static_cast<double>(i / 3)};
  };
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (std::any_of(segments.begin(), segments.begin() + static_cast<std::ptrdiff_t>(i),
                    [&](const StackedSegment& s) { return s.name == segments[i].name; }))
      continue;
    const auto [x, y] = slot(n++);
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" "
                       "class=\"legend\">{}</text>\n",
                       x, y - 9, chart_colour(static_cast<std::size_t>(segments[i].style)), x + 20, y,
                       xml_escape(segments[i].name));
  }
  const auto [nx, ny] = slot(n);
  out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"4\" height=\"12\" fill=\"#000\"/><text x=\"{}\" y=\"{}\" "
                     "class=\"legend\">{}</text>\n",
                     nx + 5, ny - 10, nx + 20, ny, xml_escape(net_label));
  return out + "</svg>\n";
}

}  // namespace werkbaat::io
