// The table of model limits (limits.h).
#include "engine/model/limits.h"

#include <fmt/format.h>

#include <cctype>
#include <vector>

#include "engine/support/diag_messages.h"
#include "engine/support/diagnostics.h"

namespace racecheck {
namespace {

// A whole number with an optional K/M/G suffix (powers of 1024) when `size`.
std::optional<uint64_t> ParseValue(std::string_view text, bool size) {
  size_t i = 0;
  uint64_t n = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    if (n > (UINT64_MAX - 9) / 10) return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(text[i++] - '0');
  }
  if (i == 0) return std::nullopt;
  std::string_view unit = text.substr(i);
  if (unit.empty()) return n;
  if (!size || unit.size() != 1) return std::nullopt;
  int shift = 0;
  switch (std::toupper(static_cast<unsigned char>(unit[0]))) {
    case 'K':
      shift = 10;
      break;
    case 'M':
      shift = 20;
      break;
    case 'G':
      shift = 30;
      break;
    default:
      return std::nullopt;
  }
  if (n > (UINT64_MAX >> shift)) return std::nullopt;
  return n << shift;
}

}  // namespace

const LimitInfo* FindLimit(std::string_view name) {
  for (const LimitInfo& l : kLimits) {
    if (name == l.name) return &l;
  }
  return nullptr;
}

std::string SetLimit(ModelLimits& limits, std::string_view text) {
  size_t eq = text.find('=');
  if (eq == std::string_view::npos) {
    return fmt::format("expected NAME=VALUE, such as 'model-size=64M', found '{}'", text);
  }
  std::string_view name = text.substr(0, eq), value = text.substr(eq + 1);
  const LimitInfo* info = FindLimit(name);
  if (!info) {
    std::vector<std::string> names;
    for (const LimitInfo& l : kLimits) names.emplace_back(l.name);
    std::string hint = ClosestName(name, names);
    if (!hint.empty()) return fmt::format("unknown limit '{}'; did you mean '{}'?", name, hint);
    std::string all;
    for (const std::string& n : names) all += (all.empty() ? "'" : ", '") + n + "'";
    return fmt::format("unknown limit '{}'; expected one of {}", name, all);
  }
  std::optional<uint64_t> v = ParseValue(value, info->size);
  if (!v || *v < info->min || *v > info->max) {
    return fmt::format("limit '{}' must be a whole number{} from {} to {}, found '{}'", name,
                       info->size ? " of bytes (K, M, G allowed)" : "", info->min, info->max,
                       value);
  }
  limits.*(info->field) = *v;
  return "";
}

std::string LimitHint(Lang lang, std::string_view name, uint64_t value) {
  return SayDiag(lang, DiagMsg::kLimitHint, fmt::arg("value", value), fmt::arg("name", name));
}

}  // namespace racecheck
