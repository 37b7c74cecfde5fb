#pragma once
// Sums over draws and the storage of per-draw results, shared by the driver (simulate.cpp) and the
// merging of parts (parts.cpp).
#include <vector>

#include "werkbaat/engine/run_result.h"

namespace werkbaat::engine {

// Sets v to n zeros. A large v asks the kernel for huge pages first: a run's per-draw results are
// tens of megabytes written once, and with 4 KiB pages the page faults alone took a tenth of a
// 10,000-draw cohort run.
void zeros(std::vector<double>& v, std::size_t n);
void zeros(std::vector<float>& v, std::size_t n);

void add_monthly(Monthly& to, const Monthly& from);

// A whole run's sums become its means and group sums.
void finish_sums(RunResult& r, const DrawSums& total);

}  // namespace werkbaat::engine
