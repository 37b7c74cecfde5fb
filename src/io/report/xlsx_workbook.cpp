#include "werkbaat/io/xlsx_workbook.h"

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <vector>

#include "io/format.h"
#include "io/report/report_parts.h"
#include "io/report/xlsx_parts.h"
#include "werkbaat/io/atomic_file.h"
#include "werkbaat/model/accounts.h"
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
  void landscape() {
    worksheet_set_landscape(ws_);
    worksheet_set_paper(ws_, 9);  // A4
    worksheet_fit_to_pages(ws_, 1, 0);
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

void write_xlsx(const ResultsDoc& doc, const std::string& path, const std::string& language) {
  const Lang lang = language == "en" ? Lang::en : Lang::nl;
  if (!doc.has_draws())
    throw InputError({doc.scenario.name, 0, 0}, "draws",
                     "not a werkbaat results.json with per-draw results (write one with run --out)");
  check_file_target(path);
  if (const std::filesystem::path dir = std::filesystem::path(path).parent_path(); !dir.empty())
    std::filesystem::create_directories(dir);  // as write_file_atomic does for --report
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
  lxw_format* input_share = workbook_add_format(wb);
  format_set_num_format(input_share, "0.0%");
  format_set_bg_color(input_share, 0xFFF2A8);
  lxw_format* input_rate = workbook_add_format(wb);
  format_set_num_format(input_rate, "0.00%");
  format_set_bg_color(input_rate, 0xFFF2A8);
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 13);
  const std::string& comparator = doc.arms[0];
  const bool nl = lang == Lang::nl, psa = doc.settings.draws > 0;
  {
    Sheet s(wb, nl ? "Samenvatting" : "Summary",
            nl ? std::vector<std::string>{"interventie", "vergeleken met", "partij", "investering", "opbrengst",
                                          "netto contante waarde", "95%-interval van", "tot", "kans NCW > 0",
                                          "rendement (ROI)", "terugverdiend"}
               : std::vector<std::string>{"intervention", "against", "party", "investment", "return", "net present value",
                                          "95% interval from", "to", "P(NPV > 0)", "ROI", "payback"},
            bold);
    std::size_t row = 1;
    const auto pick = [&](const StatDoc& x) { return psa ? x.mean : x.base; };
    for (const auto& c : doc.comparisons)
      for (const auto& a : c.accounts) {
        if (a.account == model::kResources) continue;
        s.text(row, 0, display_name(doc, c.arm, lang));
        s.text(row, 1, display_name(doc, comparator, lang));
        s.text(row, 2, display_name(doc, a.account, lang));
        s.number(row, 3, pick(a.investment), euro);
        s.number(row, 4, pick(a.ret), euro);
        s.number(row, 5, pick(a.npv), euro);
        s.number(row, 6, a.npv.p2_5, euro);
        s.number(row, 7, a.npv.p97_5, euro);
        s.number(row, 8, a.npv.p_positive, share);
        s.number(row, 9, psa ? a.roi_of_means : a.roi.base, ratio);
        s.text(row, 10, payback_words(a, psa, lang));
        ++row;
      }
    s.landscape();
  }
  {
    // Each party's result by category: where its investment goes and its return comes from.
    Sheet s(wb, nl ? "Per categorie" : "By category",
            nl ? std::vector<std::string>{"interventie", "vergeleken met", "partij", "categorie", "investering",
                                          "opbrengst", "netto contante waarde", "95%-interval van", "tot"}
               : std::vector<std::string>{"intervention", "against", "party", "category", "investment", "return",
                                          "net present value", "95% interval from", "to"},
            bold);
    std::size_t row = 1;
    const auto pick = [&](const StatDoc& x) { return psa ? x.mean : x.base; };
    for (const auto& c : doc.comparisons)
      for (const auto& a : c.accounts) {
        if (a.account == model::kResources) continue;
        for (const auto& k : a.categories) {
          if (std::abs(pick(k.investment)) < 0.5 && std::abs(pick(k.ret)) < 0.5) continue;
          s.text(row, 0, display_name(doc, c.arm, lang));
          s.text(row, 1, display_name(doc, comparator, lang));
          s.text(row, 2, display_name(doc, a.account, lang));
          s.text(row, 3, category_name(doc, k.category, lang));
          s.number(row, 4, pick(k.investment), euro);
          s.number(row, 5, pick(k.ret), euro);
          s.number(row, 6, pick(k.npv), euro);
          s.number(row, 7, k.npv.p2_5, euro);
          s.number(row, 8, k.npv.p97_5, euro);
          ++row;
        }
      }
    s.landscape();
  }
  {
    const auto& by_arm = doc.annual_net_by_arm_mean;
    const std::size_t years = by_arm.at(comparator).begin()->second.size();
    std::vector<std::string> header = {"arm", nl ? "partij" : "account"};
    for (std::size_t y = 1; y <= years; ++y) header.push_back((nl ? "jaar_" : "year_") + std::to_string(y));
    Sheet s(wb, nl ? "Kasstromen" : "Cash flows", header, bold);
    std::size_t row = 1;
    for (const auto& arm : doc.arms)
      for (const auto& [account, values] : by_arm.at(arm)) {
        s.text(row, 0, arm);
        s.text(row, 1, account);
        for (std::size_t y = 0; y < values.size(); ++y) s.number(row, 2 + y, values[y], euro);
        ++row;
      }
  }
  if (!doc.lines.empty() && doc.base_line_months)
    own_values_sheets(wb, doc, lang, {bold, euro, share, ratio, input_share, input_rate, title});
  {
    Sheet s(wb, nl ? "Trekkingen" : "Draws",
            {nl ? "trekking" : "draw", "arm", nl ? "partij" : "account", nl ? "ncw" : "npv",
             nl ? "terugverdiend_maand" : "payback_month"},
            bold);
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
    Sheet s(wb, nl ? "Aannames" : "Parameters",
            nl ? std::vector<std::string>{"pad", "verdeling", "a", "b", "c", "gemiddelde", "eenheid", "prijsjaar",
                                          "indexfactor", "bron", "label", "gezet_in"}
               : std::vector<std::string>{"path", "distribution", "a", "b", "c", "mean", "unit", "price_year",
                                          "index_factor", "source", "label", "set_at"},
            bold);
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
    Sheet s(wb, nl ? "Toelichting" : "Notes", {nl ? "opmerking" : "note"}, bold);
    std::size_t row = 1;
    for (const auto& n : run_notes(doc, lang)) s.text(row++, 0, n);
  }
  if (workbook_close(wb) != LXW_NO_ERROR) {
    std::filesystem::remove(tmp);
    throw std::runtime_error("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace werkbaat::io
