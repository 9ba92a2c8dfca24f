// The languages racecheck speaks to a student, and how a user names them (`--lang zh`,
// RACECHECK_LANG=zh). English is the default. Machine-readable output (JSON keys, schedule
// tokens, the `file:line:col: error:` prefix of a diagnostic) never depends on the language.
// Pure functions; thread-safe.
#ifndef RACECHECK_ENGINE_SUPPORT_LANG_H_
#define RACECHECK_ENGINE_SUPPORT_LANG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace racecheck {

enum class Lang : uint8_t {
  kEn,  // English (the default)
  kZh,  // Simplified Chinese
};

inline constexpr int kLangCount = 2;

// "en", "zh": the name a user types.
const char* LangName(Lang lang);

// The language named `name` ("en", "zh"; also "zh_CN", "zh-CN.UTF-8", "en_US" and the like), or
// nullopt.
std::optional<Lang> ParseLang(std::string_view name);

// "en, zh": the choices, for an error message.
std::string LangChoices();

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SUPPORT_LANG_H_
