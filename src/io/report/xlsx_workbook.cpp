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

// An A1 reference: column letters and 1-based row, $-anchored where asked.
std::string cell(std::size_t row, std::size_t col, bool abs_row = false, bool abs_col = false) {
  std::string letters;
  for (std::size_t c = col + 1; c > 0; c = (c - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return fmt::format("{}{}{}{}", abs_col ? "$" : "", letters, abs_row ? "$" : "", row + 1);
}

struct Formats {
  lxw_format *bold, *euro, *share, *ratio, *input_share, *input_rate, *title;
};

// A sheet that recomputes the base case live: the engine's amount per line, arm and month (a sheet
// of values) times an editable price (as a share of the base price) and, for a split flow, the
// payer's editable share over its base share; per party the net per year and the NPV at an
// editable discount rate, with SUMIFS and SUMPRODUCT, so that Excel or LibreOffice redo every
// total when a number changes. At the base values the sheet gives the engine's base case exactly.
void own_values_sheets(lxw_workbook* wb, const ResultsDoc& doc, Lang lang, const Formats& f) {
  const bool nl = lang == Lang::nl;
  const std::string own = nl ? "Zelf rekenen" : "Your own values", base_name = nl ? "Basis per maand" : "Base per month";
  lxw_worksheet* ws = workbook_add_worksheet(wb, own.c_str());
  lxw_worksheet* bs = workbook_add_worksheet(wb, base_name.c_str());
  const auto text = [](lxw_worksheet* w, std::size_t r, std::size_t c, const std::string& t, lxw_format* fm = nullptr) {
    worksheet_write_string(w, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), t.c_str(), fm);
  };
  const auto number = [](lxw_worksheet* w, std::size_t r, std::size_t c, double x, lxw_format* fm = nullptr) {
    worksheet_write_number(w, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), std::isfinite(x) ? x : 0.0, fm);
  };
  const auto formula = [](lxw_worksheet* w, std::size_t r, std::size_t c, const std::string& fx, double value,
                          lxw_format* fm = nullptr) {
    worksheet_write_formula_num(w, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), fx.c_str(), fm,
                                std::isfinite(value) ? value : 0.0);
  };
  const std::string bref = "'" + base_name + "'!";
  const std::size_t T = doc.settings.horizon_months, years = (T + 11) / 12;
  const double offset = doc.settings.timing == model::Timing::start ? 0.0 : doc.settings.timing == model::Timing::middle ? 0.5 : 1.0;
  const double rate = doc.settings.discount.costs;

  text(ws, 0, 0, nl ? "Reken zelf: verander een gele cel (prijs, aandeel of discontovoet); alle bedragen rekenen mee. "
                      "Basisscenario, euro van " + std::to_string(doc.settings.price_year) + ", totaal voor de populatie."
                    : "Your own values: change a yellow cell (price, share or discount rate); every amount follows. "
                      "Base case, euros of " + std::to_string(doc.settings.price_year) + ", totals for the population.",
       f.title);
  text(ws, 2, 0, nl ? "discontovoet kosten (per jaar)" : "discount rate, costs (a year)");
  number(ws, 2, 1, rate, f.input_rate);
  const std::string rate_cell = "'" + own + "'!" + cell(2, 1, true, true);

  // Base amounts per month (values) and the discount factor of each month (formulas on the rate).
  text(bs, 0, 0, nl ? "regel" : "line", f.bold);
  text(bs, 0, 1, "arm", f.bold);
  for (std::size_t m = 0; m < T; ++m) number(bs, 0, 2 + m, static_cast<double>(m + 1), f.bold);
  text(bs, 1, 0, nl ? "disconteringsfactor per maand in een toestand" : "discount factor, per month in a state");
  text(bs, 2, 0, nl ? "disconteringsfactor bij een overgang of start" : "discount factor, at a move or entry");
  for (std::size_t m = 0; m < T; ++m) {
    const double ms = static_cast<double>(m);
    formula(bs, 1, 2 + m, fmt::format("=(1+{})^(-({}+{})/12)", rate_cell, m, offset), std::pow(1 + rate, -(ms + offset) / 12));
    formula(bs, 2, 2 + m, fmt::format("=(1+{})^(-{}/12)", rate_cell, m), std::pow(1 + rate, -ms / 12));
  }
  struct Row {
    const LineInfoDoc* line;
    std::string arm;
    const std::vector<double>* months;
    std::size_t base_row = 0;
  };
  std::vector<Row> rows;
  for (const auto& arm : doc.arms)
    for (const auto& l : doc.lines) {
      const auto& m = doc.base_line_months->at(arm).at(l.line);
      if (std::any_of(m.begin(), m.end(), [](double x) { return x != 0; })) rows.push_back({&l, arm, &m});
    }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i].base_row = 4 + i;
    text(bs, rows[i].base_row, 0, rows[i].line->line);
    text(bs, rows[i].base_row, 1, rows[i].arm);
    for (std::size_t m = 0; m < T; ++m) number(bs, rows[i].base_row, 2 + m, (*rows[i].months)[m], f.euro);
  }

  // Prices per flow and arm, shares per line of a split flow.
  std::size_t r = 4;
  text(ws, r, 0, nl ? "Prijzen: uw prijs als deel van de basisprijs (100% = de aannames van het model)"
                    : "Prices: your price as a share of the base price (100% = the model's assumptions)", f.bold);
  ++r;
  text(ws, r, 0, nl ? "geldstroom" : "flow", f.bold);
  text(ws, r, 1, "arm", f.bold);
  text(ws, r, 2, nl ? "uw prijs" : "your price", f.bold);
  ++r;
  std::map<std::pair<std::string, std::string>, std::string> price_cell;  // (flow, arm) -> cell
  for (const auto& row : rows) {
    const auto key = std::pair{row.line->flow, row.arm};
    if (price_cell.count(key)) continue;
    text(ws, r, 0, row.line->flow);
    text(ws, r, 1, row.arm);
    number(ws, r, 2, 1.0, f.input_share);
    price_cell[key] = cell(r, 2, true, true);
    ++r;
  }
  ++r;
  std::map<std::string, std::size_t> lines_of_flow;
  for (const auto& l : doc.lines) ++lines_of_flow[l.flow];
  std::map<std::string, std::pair<std::string, double>> share_cell;  // line -> (cell, base share)
  if (std::any_of(lines_of_flow.begin(), lines_of_flow.end(), [](const auto& kv) { return kv.second > 1; })) {
    text(ws, r, 0, nl ? "Aandelen: wie welk deel van een gedeelde geldstroom betaalt (de aandelen van een stroom "
                        "tellen op tot 100%)"
                      : "Shares: who pays which part of a shared flow (the shares of a flow add up to 100%)",
         f.bold);
    ++r;
    text(ws, r, 0, nl ? "regel" : "line", f.bold);
    text(ws, r, 1, nl ? "betaler" : "payer", f.bold);
    text(ws, r, 2, nl ? "uw aandeel" : "your share", f.bold);
    text(ws, r, 3, nl ? "basisaandeel" : "base share", f.bold);
    ++r;
    for (const auto& [flow, n] : lines_of_flow) {
      if (n < 2) continue;
      double flow_total = 0;
      std::map<std::string, double> line_total;
      for (const auto& row : rows)
        if (row.line->flow == flow)
          for (const double x : *row.months) flow_total += x, line_total[row.line->line] += x;
      if (flow_total == 0) continue;  // not paid in this scenario: nothing to share
      const std::size_t first = r;
      for (const auto& l : doc.lines) {
        if (l.flow != flow) continue;
        const double base = line_total[l.line] / flow_total;
        text(ws, r, 0, l.line);
        text(ws, r, 1, l.payer);
        number(ws, r, 2, base, f.input_share);
        number(ws, r, 3, base, f.share);
        // A payer with no part of the flow in this scenario keeps none (no division by its zero share).
        if (base != 0) share_cell[l.line] = {cell(r, 2, true, true) + "/" + cell(r, 3, true, true), base};
        ++r;
      }
      text(ws, r, 1, nl ? "samen" : "together");
      formula(ws, r, 2, fmt::format("=SUM({}:{})", cell(first, 2), cell(r - 1, 2)), 1.0, f.share);
      ++r;
    }
    ++r;
  }

  // Amounts per line and arm: per year, and the present value.
  text(ws, r, 0, nl ? "Bedragen per regel (basisbedrag x uw prijs x uw aandeel / basisaandeel)"
                    : "Amounts per line (base amount x your price x your share / base share)", f.bold);
  ++r;
  const std::size_t head = r, c_year = 4, c_npv = c_year + years;
  for (const auto& [c, h] : {std::pair{0, nl ? "regel" : "line"}, {1, "arm"}, {2, nl ? "betaler" : "payer"},
                             {3, nl ? "ontvanger" : "payee"}})
    text(ws, head, static_cast<std::size_t>(c), h, f.bold);
  for (std::size_t y = 0; y < years; ++y) text(ws, head, c_year + y, fmt::format("{} {}", nl ? "jaar" : "year", y + 1), f.bold);
  text(ws, head, c_npv, nl ? "contante waarde" : "present value", f.bold);
  const std::size_t first = head + 1, last = head + rows.size();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    const std::size_t at = first + i;
    text(ws, at, 0, row.line->line);
    text(ws, at, 1, row.arm);
    text(ws, at, 2, row.line->payer);
    text(ws, at, 3, row.line->payee);
    const auto share = share_cell.find(row.line->line);
    const std::string factor = price_cell[{row.line->flow, row.arm}] + (share == share_cell.end() ? "" : "*" + share->second.first);
    for (std::size_t y = 0; y < years; ++y) {
      const std::size_t m0 = 12 * y, m1 = std::min(T, m0 + 12) - 1;
      double v = 0;
      for (std::size_t m = m0; m <= m1; ++m) v += (*row.months)[m];
      formula(ws, at, c_year + y,
              fmt::format("=SUM({}{}:{})*{}", bref, cell(row.base_row, 2 + m0), cell(row.base_row, 2 + m1), factor), v, f.euro);
    }
    double pv = 0;
    for (std::size_t m = 0; m < T; ++m)
      pv += (*row.months)[m] * std::pow(1 + rate, -(static_cast<double>(m) + (row.line->event ? 0.0 : offset)) / 12);
    formula(ws, at, c_npv,
            fmt::format("=SUMPRODUCT({0}{1}:{2},{0}{3}:{4})*{5}", bref, cell(row.base_row, 2), cell(row.base_row, 1 + T),
                        cell(row.line->event ? 2 : 1, 2, true), cell(row.line->event ? 2 : 1, 1 + T, true), factor),
            pv, f.euro);
  }
  r = last + 2;

  // Per party and comparison: the net per year (intervention minus comparator) and the NPV.
  const auto range = [&](std::size_t col) { return cell(first, col, true, true) + ":" + cell(last, col, true, true); };
  const auto net = [&](std::size_t col, const std::string& arm, const std::string& party) {
    return fmt::format("(SUMIFS({0},{1},\"{3}\",{2},\"{4}\")-SUMIFS({0},{1},\"{3}\",{5},\"{4}\"))", range(col), range(1),
                       range(3), arm, party, range(2));
  };
  for (const auto& c : doc.comparisons) {
    text(ws, r, 0, fmt::format("{} {} {}: {}", c.arm, nl ? "tegenover" : "against", c.comparator,
                               nl ? "netto per partij (verschil)" : "net per party (difference)"),
         f.bold);
    ++r;
    text(ws, r, 0, nl ? "partij" : "party", f.bold);
    for (std::size_t y = 0; y < years; ++y) text(ws, r, c_year + y, fmt::format("{} {}", nl ? "jaar" : "year", y + 1), f.bold);
    text(ws, r, c_npv, nl ? "netto contante waarde" : "net present value", f.bold);
    ++r;
    for (const auto& a : c.accounts) {
      if (a.account == model::kResources) continue;
      // Society gains what the outside account loses.
      const bool society = a.account == model::kSociety;
      const std::string party = society ? std::string(model::kResources) : a.account;
      const char* sign = society ? "-" : "";
      text(ws, r, 0, a.account);
      for (std::size_t y = 0; y < years; ++y)
        formula(ws, r, c_year + y, fmt::format("={}({}-{})", sign, net(c_year + y, c.arm, party), net(c_year + y, c.comparator, party)),
                a.annual_budget_impact[y].base, f.euro);
      formula(ws, r, c_npv, fmt::format("={}({}-{})", sign, net(c_npv, c.arm, party), net(c_npv, c.comparator, party)),
              a.npv.base, f.euro);
      ++r;
    }
    ++r;
  }
  worksheet_set_column(ws, 0, 0, 34, nullptr);
  worksheet_set_column(ws, 1, 3, 16, nullptr);
  worksheet_set_column(ws, static_cast<lxw_col_t>(c_year), static_cast<lxw_col_t>(c_npv), 14, nullptr);
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_set_column(bs, 0, 0, 34, nullptr);
  worksheet_freeze_panes(bs, 1, 2);
}

}  // namespace

void write_xlsx(const ResultsDoc& doc, const std::string& path, const std::string& language) {
  const Lang lang = language == "en" ? Lang::en : Lang::nl;
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
