#include "werkbaat/io/xlsx_workbook.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "io/format.h"
#include "werkbaat/io/atomic_file.h"
#include "werkbaat/model/error.h"

namespace werkbaat::io {
namespace {

// A sheet with a header row, tracking column widths as cells are written.
class Sheet {
 public:
  Sheet(lxw_workbook* wb, const char* name, const std::vector<std::string>& header, lxw_format* bold)
      : ws_(workbook_add_worksheet(wb, name)) {
    for (std::size_t c = 0; c < header.size(); ++c) text(0, c, header[c], bold);
    worksheet_freeze_panes(ws_, 1, 0);
  }
  ~Sheet() {
    for (std::size_t c = 0; c < width_.size(); ++c)
      worksheet_set_column(ws_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), std::min(60.0, width_[c] + 2), nullptr);
  }
  void text(std::size_t row, std::size_t col, const std::string& s, lxw_format* f = nullptr) {
    worksheet_write_string(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), s.c_str(), f);
    fit(col, static_cast<double>(s.size()));
  }
  void number(std::size_t row, std::size_t col, double x, lxw_format* f = nullptr) {
    if (!std::isfinite(x)) {
      worksheet_write_blank(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), f);
      return;
    }
    worksheet_write_number(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), x, f);
    fit(col, 4 + std::log10(std::max(1.0, std::abs(x))) * 1.4);
  }

 private:
  void fit(std::size_t col, double w) {
    if (width_.size() <= col) width_.resize(col + 1, 8.0);
    width_[col] = std::max(width_[col], w);
  }
  lxw_worksheet* ws_;
  std::vector<double> width_;
};

}  // namespace

void write_xlsx(const ResultsDoc& doc, const std::string& path) {
  if (!doc.has_draws())
    throw InputError({doc.scenario.name, 0, 0}, "draws",
                     "not a werkbaat results.json with per-draw results (write one with run --out)");
  check_file_target(path);
  const std::string tmp = path + ".tmp." + std::to_string(::getpid()) + ".xlsx";
  lxw_workbook* wb = workbook_new(tmp.c_str());
  if (!wb) throw std::runtime_error("cannot write " + tmp);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* euro = workbook_add_format(wb);
  format_set_num_format(euro, "\"€\" #,##0;[Red]-\"€\" #,##0");
  lxw_format* share = workbook_add_format(wb);
  format_set_num_format(share, "0%");
  lxw_format* ratio = workbook_add_format(wb);
  format_set_num_format(ratio, "0.00");
  const std::string& comparator = doc.arms[0];
  {
    Sheet s(wb, "Summary", {"arm", "comparator", "account", "investment", "return", "npv_mean", "npv_p2_5", "npv_p97_5",
                            "p_npv_positive", "roi", "payback_month"}, bold);
    std::size_t row = 1;
    for (const auto& c : doc.comparisons)
      for (const auto& a : c.accounts) {
        s.text(row, 0, c.arm);
        s.text(row, 1, comparator);
        s.text(row, 2, a.account);
        s.number(row, 3, a.investment.mean, euro);
        s.number(row, 4, a.ret.mean, euro);
        s.number(row, 5, a.npv.mean, euro);
        s.number(row, 6, a.npv.p2_5, euro);
        s.number(row, 7, a.npv.p97_5, euro);
        s.number(row, 8, a.npv.p_positive, share);
        s.number(row, 9, a.roi_of_means, ratio);
        s.number(row, 10, a.payback.median);
        ++row;
      }
  }
  {
    const auto& by_arm = doc.annual_net_by_arm_mean;
    const std::size_t years = by_arm.at(comparator).begin()->second.size();
    std::vector<std::string> header = {"arm", "account"};
    for (std::size_t y = 1; y <= years; ++y) header.push_back("year_" + std::to_string(y));
    Sheet s(wb, "Cash flows", header, bold);
    std::size_t row = 1;
    for (const auto& arm : doc.arms)
      for (const auto& [account, values] : by_arm.at(arm)) {
        s.text(row, 0, arm);
        s.text(row, 1, account);
        for (std::size_t y = 0; y < values.size(); ++y) s.number(row, 2 + y, values[y], euro);
        ++row;
      }
  }
  {
    Sheet s(wb, "Draws", {"draw", "arm", "account", "npv", "payback_month"}, bold);
    std::size_t row = 1;
    for (const auto& [arm, accounts] : *doc.draws)
      for (const auto& [account, v] : accounts)
        for (std::size_t d = 0; d < v.npv.size(); ++d) {
          s.number(row, 0, static_cast<double>(d + 1));
          s.text(row, 1, arm);
          s.text(row, 2, account);
          s.number(row, 3, v.npv[d], euro);
          s.number(row, 4, v.payback_month[d]);
          ++row;
        }
  }
  {
    Sheet s(wb, "Parameters", {"path", "distribution", "a", "b", "c", "mean", "unit", "price_year", "index_factor",
                               "source", "label", "set_at"}, bold);
    std::size_t row = 1;
    for (const auto& p : doc.parameters) {
      s.text(row, 0, p.path);
      s.text(row, 1, p.distribution);
      s.number(row, 2, p.a);
      s.number(row, 3, p.b);
      s.number(row, 4, p.c);
      s.number(row, 5, p.mean);
      s.text(row, 6, p.unit);
      s.number(row, 7, p.price_year ? static_cast<double>(*p.price_year) : std::nan(""));
      s.number(row, 8, p.index_factor);
      s.text(row, 9, p.source);
      s.text(row, 10, p.label);
      s.text(row, 11, p.set_at);
      ++row;
    }
  }
  {
    Sheet s(wb, "Notes", {"note"}, bold);
    std::size_t row = 1;
    for (const auto& n : run_notes(doc, Lang::en)) s.text(row++, 0, n);
  }
  if (workbook_close(wb) != LXW_NO_ERROR) {
    std::filesystem::remove(tmp);
    throw std::runtime_error("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace werkbaat::io
