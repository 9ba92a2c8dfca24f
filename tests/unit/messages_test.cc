// The message catalogue (engine/support/messages.h), language names (lang.h) and display widths
// (text_width.h).
#include "engine/support/messages.h"

#include <fmt/args.h>

#include <catch2/catch.hpp>
#include <regex>
#include <set>
#include <string>

#include "engine/support/lang.h"
#include "engine/support/text_width.h"

namespace racecheck {
namespace {

std::set<std::string> NamedArgs(std::string_view text) {
  static const std::regex kArg(R"(\{(\w+)\})");
  const std::string s(text);
  std::set<std::string> out;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), kArg); it != std::sregex_iterator();
       ++it) {
    out.insert((*it)[1]);
  }
  return out;
}

// Whether `text` (UTF-8) has a CJK character or CJK punctuation (U+3000..U+9FFF, U+FF00..U+FFEF).
bool HasChinese(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xF0) != 0xE0 || i + 2 >= text.size()) continue;  // three-byte sequences only
    const uint32_t cp = (c & 0x0Fu) << 12 | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6 |
                        (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
    if ((cp >= 0x3000 && cp <= 0x9FFF) || (cp >= 0xFF00 && cp <= 0xFFEF)) return true;
  }
  return false;
}

TEST_CASE("every message has a text in every language, with the same arguments", "[messages]") {
  for (size_t i = 0; i < kMessageCount; ++i) {
    const Msg id = static_cast<Msg>(i);
    INFO(MessageName(id));
    const std::string_view en = MessageText(Lang::kEn, id);
    const std::string_view zh = MessageText(Lang::kZh, id);
    // Only the "unknown time" filler may be empty in English.
    if (id != Msg::kTookAtUnknown) CHECK_FALSE(en.empty());
    // The same arguments, but a language's own grammar ('_' names: messages.h).
    auto shared = [](std::set<std::string> names) {
      std::erase_if(names, [](const std::string& n) { return n[0] == '_'; });
      return names;
    };
    CHECK(shared(NamedArgs(en)) == shared(NamedArgs(zh)));
    // The Chinese text is Chinese (an English text left in the table would pass everything
    // else), but for the four that are only punctuation or a number's form.
    if (id != Msg::kTookAtUnknown && id != Msg::kViolationDetail && id != Msg::kPowerOfTen &&
        id != Msg::kCountInText) {
      CHECK(HasChinese(zh));
    }
    // Each formats, given its arguments (a missing one would throw).
    for (Lang lang : {Lang::kEn, Lang::kZh}) {
      std::string text(MessageText(lang, id));
      fmt::dynamic_format_arg_store<fmt::format_context> store;
      for (const std::string& name : NamedArgs(text)) {
        store.push_back(fmt::arg(name.c_str(), std::string("x")));
      }
      CHECK_NOTHROW(fmt::vformat(text, store));
    }
  }
  CHECK(Say(Lang::kEn, Msg::kAtStep, fmt::arg("n", 3)) == "at step 3");
  CHECK(Say(Lang::kZh, Msg::kAtStep, fmt::arg("n", 3)) == "在第 3 步");
}

TEST_CASE("language names: en, zh and locale names, anything else refused", "[messages]") {
  CHECK(ParseLang("en") == Lang::kEn);
  CHECK(ParseLang("zh") == Lang::kZh);
  CHECK(ParseLang("zh_CN.UTF-8") == Lang::kZh);
  CHECK(ParseLang("zh-TW") == Lang::kZh);
  CHECK(ParseLang("en_US") == Lang::kEn);
  CHECK_FALSE(ParseLang("fr").has_value());
  CHECK_FALSE(ParseLang("").has_value());
  CHECK_FALSE(ParseLang("zh_").has_value());
  CHECK_FALSE(ParseLang("ZH").has_value());
  CHECK_FALSE(ParseLang("chinese").has_value());
  CHECK(LangChoices() == "en, zh");
  CHECK(std::string(LangName(Lang::kZh)) == "zh");
}

TEST_CASE("display widths: CJK two columns, combining marks none", "[messages]") {
  CHECK(DisplayWidth("") == 0);
  CHECK(DisplayWidth("count=1") == 7);
  CHECK(DisplayWidth("剩余票数1") == 9);
  CHECK(DisplayWidth("（初始状态）") == 12);
  CHECK(DisplayWidth("e\xcc\x81") == 1);  // e + combining acute
  CHECK(DisplayWidth("→") == 1);
  CHECK(DisplayWidth("\xff") == 1);  // invalid UTF-8: a column per byte
  CHECK(PadRight("剩余", 6) == "剩余  ");
  CHECK(PadLeft("12", 4) == "  12");
  // Cutting never splits a character, and always makes progress.
  CHECK(PrefixBytes("剩余票数", 3) == 3);  // one character: 2 columns, the next would make 4
  CHECK(PrefixBytes("剩余票数", 1) == 3);  // at least one character
  CHECK(PrefixBytes("abc", 2) == 2);
}

}  // namespace
}  // namespace racecheck
