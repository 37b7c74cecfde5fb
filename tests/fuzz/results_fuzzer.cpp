// libFuzzer target: any bytes as a results.json are refused with an InputError or read into a
// document that every writer can show (HTML, table) without a crash.
#include <cstdint>
#include <string>

#include "werkbaat/io/html_report.h"
#include "werkbaat/io/results_doc.h"
#include "werkbaat/io/table_printer.h"
#include "werkbaat/model/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto doc = werkbaat::io::read_results_json(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
    (void)werkbaat::io::format_table(doc);
    if (doc.has_draws()) (void)werkbaat::io::html_report(doc, {"nl", "today"});
  } catch (const werkbaat::InputError&) {
  }
  return 0;
}
