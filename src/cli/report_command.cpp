#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "commands.h"
#include "werkbaat/io/atomic_file.h"
#include "werkbaat/io/html_report.h"
#include "werkbaat/io/xlsx_workbook.h"

namespace werkbaat::cli {

void setup_report(CLI::App& app, ReportOptions& o) {
  auto* cmd = app.add_subcommand("report", "Make the HTML report and/or workbook from a finished run's results.json");
  cmd->add_option("results", o.results, "results.json of a run (run --out DIR)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--report", o.report, "Write the business case as a self-contained HTML file");
  cmd->add_option("--xlsx", o.xlsx, "Write the business case as an Excel workbook");
  cmd->add_option("--lang", o.lang, "Language: nl (default) or en")->check(CLI::IsMember({"nl", "en"}));
  cmd->callback([&o] { throw CLI::RuntimeError(run_report(o)); });
}

void write_reports(const std::string& results_json, const std::string& report, const std::string& xlsx,
                   const std::string& lang) {
  if (!report.empty()) {
    io::ReportOptions ro;
    ro.lang = lang;
    ro.generated = fmt::format("{:%Y-%m-%d %H:%M} UTC", fmt::gmtime(std::time(nullptr)));
    io::write_file_atomic(report, io::html_report(results_json, ro));
  }
  if (!xlsx.empty()) io::write_xlsx(results_json, xlsx);
}

int run_report(const ReportOptions& o) {
  if (o.report.empty() && o.xlsx.empty()) throw CLI::ValidationError("report", "give --report FILE and/or --xlsx FILE");
  std::ifstream in(o.results);
  std::stringstream ss;
  ss << in.rdbuf();
  write_reports(ss.str(), o.report, o.xlsx, o.lang);
  return Exit::ok;
}

}  // namespace werkbaat::cli
