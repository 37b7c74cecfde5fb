#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "io/report/xlsx_parts.h"
#include "werkbaat/model/accounts.h"

namespace werkbaat::io {
namespace {

// An A1 reference: column letters and 1-based row, $-anchored where asked.
std::string cell(std::size_t row, std::size_t col, bool abs_row = false, bool abs_col = false) {
  std::string letters;
  for (std::size_t c = col + 1; c > 0; c = (c - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return fmt::format("{}{}{}{}", abs_col ? "$" : "", letters, abs_row ? "$" : "", row + 1);
}

}  // namespace

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

}  // namespace werkbaat::io
