// The table `run` prints: English with the data's ids when no language is asked for; with --lang,
// the language's words, the data's display names and, in Dutch, Dutch numbers.
#include <doctest/doctest.h>

#include <algorithm>

#include "../test_support.h"
#include "werkbaat/analysis/evaluate.h"
#include "werkbaat/io/results_doc.h"
#include "werkbaat/io/table_printer.h"

using namespace werkbaat;

namespace {

const io::ResultsDoc& dutch_doc() {
  static const io::ResultsDoc doc = [] {
    auto s = io::load_scenario(test::source_path("scenarios/ips-epa.yaml"));
    analysis::EvaluateOptions o;
    o.overrides.draws = 8;
    o.analyses = {model::Analysis::settlement, model::Analysis::tornado};
    return io::results_doc(s, analysis::evaluate(s, o));
  }();
  return doc;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

TEST_CASE("the terminal table speaks the language asked for, with the data's names; unasked, English with ids") {
  const auto& doc = dutch_doc();
  const std::string plain = io::format_table(doc) + io::format_breakdown(doc, io::Breakdown::category) +
                            io::format_analyses(doc);
  const std::string nl = io::format_table(doc, io::Lang::nl) +
                         io::format_breakdown(doc, io::Breakdown::category, io::Lang::nl) +
                         io::format_analyses(doc, io::Lang::nl);
  const std::string en = io::format_table(doc, io::Lang::en) +
                         io::format_breakdown(doc, io::Breakdown::category, io::Lang::en) +
                         io::format_analyses(doc, io::Lang::en);
  CHECK(has(plain, "\nips vs regulier\n"));
  CHECK(has(plain, "\ngemeente "));
  CHECK(has(nl, "\nIPS tegenover Reguliere re-integratie\n"));
  CHECK(has(nl, "\nGemeente "));
  for (const char* dutch : {"partij ", "investering", "NCW", "terugverdiend", "per categorie", "Verdeling", "Gevoeligheid"})
    CHECK_MESSAGE(has(nl, dutch), dutch);
  CHECK(has(en, "\nIPS vs Regular re-integration\n"));
  CHECK(has(en, "\nMunicipality "));
  CHECK(has(en, "\nHealth insurer "));
  // The same rows in every language: only words and names differ.
  CHECK(lines(nl) == lines(plain));
  CHECK(lines(en) == lines(plain));
  // Nothing English is left in the Dutch table's words.
  for (const char* english : {"investment", "return ", "payback", "by category", "Settlement", "One-way", "total", " vs "})
    CHECK_MESSAGE(!has(nl, english), english);
  // Dutch numbers: the society's NPV with dots for thousands, the ROI with a decimal comma.
  const auto& society = doc.comparisons[0].accounts.back();
  std::string npv = io::format_money(society.npv.mean);
  std::replace(npv.begin(), npv.end(), ',', '.');
  CHECK(has(nl, " " + npv + " "));
  CHECK(has(plain, " " + io::format_money(society.npv.mean) + " "));
}
