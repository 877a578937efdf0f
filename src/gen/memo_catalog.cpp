#include "gen/memo_catalog.h"

namespace sctrace::gen {

Result<std::vector<TracepointField>>
MemoCatalog::tracepoint_fields(std::string_view category,
                               std::string_view event) const {
  std::pair<std::string, std::string> key(category, event);
  auto it = fields_.find(key);
  if (it == fields_.end())
    it = fields_
             .emplace(std::move(key), base_.tracepoint_fields(category, event))
             .first;
  return it->second;
}

std::vector<std::string> MemoCatalog::events(std::string_view category) const {
  auto it = events_.find(category);
  if (it == events_.end())
    it = events_.emplace(std::string(category), base_.events(category)).first;
  return it->second;
}

} // namespace sctrace::gen
