// Language names (lang.h).
#include "engine/support/lang.h"

namespace racecheck {

const char* LangName(Lang lang) {
  switch (lang) {
    case Lang::kEn:
      return "en";
    case Lang::kZh:
      return "zh";
  }
  return "en";
}

std::optional<Lang> ParseLang(std::string_view name) {
  // The language part of a locale name: "zh_CN.UTF-8" -> "zh".
  const size_t end = name.find_first_of("_-.@");
  const std::string_view base = name.substr(0, end);
  if (end != std::string_view::npos && end + 1 >= name.size()) return std::nullopt;
  for (int i = 0; i < kLangCount; ++i) {
    const Lang lang = static_cast<Lang>(i);
    if (base == LangName(lang)) return lang;
  }
  return std::nullopt;
}

std::string LangChoices() {
  std::string out;
  for (int i = 0; i < kLangCount; ++i) {
    if (i > 0) out += ", ";
    out += LangName(static_cast<Lang>(i));
  }
  return out;
}

}  // namespace racecheck
