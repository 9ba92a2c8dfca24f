// The diagnostics catalogue (engine/support/diag_messages.h): every id has a Chinese text with
// the same arguments (the table's completeness is a static_assert in diag_messages_zh.cc), and
// a sink in Chinese renders the main line and the notes of a diagnostic in Chinese while the
// `file:line:col: error:` prefix, the excerpt and the caret stay as in English.
#include "engine/support/diag_messages.h"

#include <fmt/args.h>

#include <catch2/catch.hpp>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "engine/model/loader.h"
#include "engine/semantics/system.h"
#include "engine/support/diagnostics.h"

namespace racecheck {
namespace {

// The named arguments of a format text: "{name}" and "{byte:02x}", not "{{".
std::set<std::string> NamedArgs(std::string_view text) {
  std::set<std::string> out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') continue;
    if (i + 1 < text.size() && text[i + 1] == '{') {
      ++i;
      continue;
    }
    const size_t end = text.find_first_of(":}", i);
    if (end != std::string_view::npos) out.insert(std::string(text.substr(i + 1, end - i - 1)));
  }
  return out;
}

// Whether `text` has a Chinese character (U+4E00..U+9FFF: three UTF-8 bytes, E4..E9 first).
bool HasChinese(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0xE4 && u <= 0xE9) return true;
  }
  return false;
}

TEST_CASE("every diagnostic has a Chinese text, with the same arguments", "[diag_messages]") {
  // Texts that are the same in every language: a key or a piece of syntax, in quotes.
  const std::set<DiagMsg> same = {DiagMsg::kWhatKey, DiagMsg::kExpectLoopHeader, DiagMsg::kAnInt,
                                  DiagMsg::kABool};
  for (size_t i = 0; i < kDiagMsgCount; ++i) {
    const DiagMsg id = static_cast<DiagMsg>(i);
    INFO(DiagName(id));
    const std::string_view en = DiagText(Lang::kEn, id);
    const std::string_view zh = DiagText(Lang::kZh, id);
    CHECK_FALSE(en.empty());
    CHECK(NamedArgs(en) == NamedArgs(zh));
    if (same.count(id) == 0) CHECK(HasChinese(zh));
    // Each formats, given its arguments (a missing one would throw).
    for (Lang lang : {Lang::kEn, Lang::kZh}) {
      const std::string text(DiagText(lang, id));
      fmt::dynamic_format_arg_store<fmt::format_context> store;
      for (const std::string& name : NamedArgs(text)) {
        store.push_back(fmt::arg(name.c_str(), 7));
      }
      CHECK_NOTHROW(fmt::vformat(text, store));
    }
  }
  CHECK(SayDiag(Lang::kEn, DiagMsg::kUnknownName, fmt::arg("name", "x")) == "unknown name 'x'");
  CHECK(SayDiag(Lang::kZh, DiagMsg::kUnknownName, fmt::arg("name", "x")) == "未知的名字 'x'");
}

// The rendered diagnostics of loading and building `text` as "m.yaml" in `lang`.
std::string Diagnose(const std::string& text, Lang lang) {
  DiagnosticSink sink(lang);
  std::optional<Model> model = LoadModelText("m.yaml", text, {}, sink);
  if (model) {
    std::unique_ptr<System> system =
        System::Build(std::make_shared<const Model>(std::move(*model)), BuildOptions{}, sink);
    CHECK(system == nullptr);
  }
  return sink.Render();
}

const char* const kUnknownVariable = R"(shared:
  count: 0
processes:
  worker:
    steps:
      - count = cont + 1
)";

TEST_CASE("an unknown name with a suggestion, in Chinese", "[diag_messages]") {
  CHECK(Diagnose(kUnknownVariable, Lang::kEn) ==
        "m.yaml:6:17: error: unknown name 'cont'; did you mean 'count'?\n"
        "    6 |       - count = cont + 1\n"
        "      |                 ^~~~\n");
  CHECK(Diagnose(kUnknownVariable, Lang::kZh) ==
        "m.yaml:6:17: error: 未知的名字 'cont'；是不是想写 'count'？\n"
        "    6 |       - count = cont + 1\n"
        "      |                 ^~~~\n");
}

TEST_CASE("a YAML syntax error, in Chinese", "[diag_messages]") {
  const std::string text = "processes:\n  worker:\n    steps: [x = 1\n";
  const std::string en = Diagnose(text, Lang::kEn);
  const std::string zh = Diagnose(text, Lang::kZh);
  INFO(en << zh);
  CHECK(en.find("error: invalid YAML: end of sequence flow not found\n") != std::string::npos);
  CHECK(zh.find("error: 无效的 YAML：找不到 '[...]' 列表的结尾 ']'\n") != std::string::npos);
  // The same place, excerpt and caret.
  CHECK(en.substr(0, en.find(':', en.find(':') + 1)) ==
        zh.substr(0, zh.find(':', zh.find(':') + 1)));
  CHECK(en.substr(en.find('\n')) == zh.substr(zh.find('\n')));
}

TEST_CASE("a type error and its note, in Chinese", "[diag_messages]") {
  const std::string text = R"(shared:
  done: false
processes:
  worker:
    steps:
      - done = 1 + 2
)";
  CHECK(Diagnose(text, Lang::kEn) ==
        "m.yaml:6:16: error: 'done' is a bool, but the value assigned is an int\n"
        "    6 |       - done = 1 + 2\n"
        "      |                ^~~~~\n"
        "m.yaml:2:3: note: 'done' is declared here\n"
        "    2 |   done: false\n"
        "      |   ^~~~\n");
  CHECK(Diagnose(text, Lang::kZh) ==
        "m.yaml:6:16: error: 'done' 是 bool，赋给它的值却是 int\n"
        "    6 |       - done = 1 + 2\n"
        "      |                ^~~~~\n"
        "m.yaml:2:3: note: 'done' 在这里声明\n"
        "    2 |   done: false\n"
        "      |   ^~~~\n");
}

TEST_CASE("an unknown key, and the count of errors not shown, in Chinese", "[diag_messages]") {
  std::string text = "proceses:\n  worker:\n    steps: [x = 1]\n";
  const std::string zh = Diagnose(text, Lang::kZh);
  CHECK(zh.find("m.yaml:1:1: error: 未知的键 'proceses'（在模型中）；是不是想写 'processes'？\n") !=
        std::string::npos);
  DiagnosticSink sink(Lang::kZh);
  for (int i = 0; i < DiagnosticSink::kMaxErrors + 3; ++i)
    sink.Error(SourceLoc{}, DiagMsg::kModelEmpty);
  const std::string all = sink.Render();
  CHECK(all.find("racecheck: error: 模型是空的；应当是含有 'processes:' 的映射\n") == 0);
  CHECK(all.find("\nracecheck: 另有 3 个错误未显示\n") ==
        all.size() - std::string("\nracecheck: 另有 3 个错误未显示\n").size());
}

}  // namespace
}  // namespace racecheck
