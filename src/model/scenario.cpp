#include "werkbaat/model/scenario.h"

#include <algorithm>

namespace werkbaat::model {
namespace {
int index_of(const std::vector<std::string>& v, const std::string& name) {
  const auto it = std::find(v.begin(), v.end(), name);
  return it == v.end() ? -1 : static_cast<int>(it - v.begin());
}
}  // namespace

int Scenario::party_index(const std::string& party) const { return index_of(parties, party); }
int Scenario::state_index(const std::string& state) const { return index_of(states, state); }

}  // namespace werkbaat::model
