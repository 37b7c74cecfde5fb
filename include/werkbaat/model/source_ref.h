#pragma once
// Where something was written in a scenario file: 1-based line and column (0 when the place is
// the file as a whole, or not a file at all, such as a command-line option).
#include <string>

namespace werkbaat::model {

struct SourceRef {
  std::string file;
  int line = 0;
  int column = 0;
};

}  // namespace werkbaat::model
