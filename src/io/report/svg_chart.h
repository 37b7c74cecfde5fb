#pragma once
// Inline SVG charts for the HTML report: axes with units, legends, and a colour-blind-safe palette
// (Okabe & Ito) with dash patterns as a second cue. Each chart's <svg> carries its data-to-pixel
// mapping as data- attributes (data-x-min, data-x-max, data-y-min, data-y-max, data-left,
// data-top, data-width, data-height) and each plotted series its name (data-series), so that a
// test can map the plotted points back to the data.
#include <string>
#include <vector>

namespace werkbaat::io {

struct ChartSeries {
  std::string name;
  std::vector<double> x, y;
  std::vector<double> band_x, band_lo, band_hi;  // optional 95% band
  bool emphasis = false;                          // drawn in black, thicker (e.g. society)
  int style = -1;  // palette colour and dash pattern (a party keeps its own in every chart); -1: by position
};

struct ChartText {
  std::string title, x_label, y_label;
  bool decimal_comma = false;  // Dutch number format
  std::string legend_low, legend_high;  // tornado: what the two bar colours mean
};

std::string line_chart(const ChartText& t, const std::vector<ChartSeries>& series);
// Grouped bars: one group per category (e.g. year), one bar per series in it.
std::string bar_chart(const ChartText& t, const std::vector<std::string>& categories,
                      const std::vector<ChartSeries>& series);
// Histogram of values (equal-width bins).
std::string histogram_chart(const ChartText& t, const std::vector<double>& values, int bins);
// Horizontal bars from the base value to the value at the low and at the high end of each input.
struct TornadoRow {
  std::string label;
  double at_low = 0.0, at_high = 0.0;
};
std::string tornado_chart(const ChartText& t, double base, const std::vector<TornadoRow>& rows);
// Horizontal bars per row (e.g. a party) stacked from zero: negative parts to the left, positive
// parts to the right, one colour per segment (e.g. a category); a black mark at each row's net.
struct StackedSegment {
  std::string name;
  int style = 0;               // palette colour
  std::vector<double> values;  // per row, signed
};
std::string stacked_bar_chart(const ChartText& t, const std::vector<std::string>& rows,
                              const std::vector<StackedSegment>& segments, const std::vector<double>& net,
                              const std::string& net_label);

// The palette colour and dash pattern of style i (12 distinct of each, then they repeat).
const char* chart_colour(std::size_t i);
const char* chart_dash(std::size_t i);
// A number for axis ticks: thousands separated, k / M for large values.
std::string tick_label(double v, bool decimal_comma);

}  // namespace werkbaat::io
