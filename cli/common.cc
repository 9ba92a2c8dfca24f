#include "cli/common.h"

#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "engine/support/lang.h"

namespace racecheck::cli {

void AddLangOption(CLI::App& app, Lang* lang, const std::string& help) {
  CLI::Option* option = app.add_option_function<std::string>(
      "--lang",
      [lang](const std::string& name) {
        std::optional<Lang> parsed = ParseLang(name);
        if (!parsed) {
          throw CLI::ValidationError(
              "--lang", fmt::format("expected one of {}, found '{}'", LangChoices(), name));
        }
        *lang = *parsed;
      },
      help);
  option->type_name("LANG");
  app.parse_complete_callback([lang, option]() {
    const char* env = std::getenv("RACECHECK_LANG");
    if (option->count() > 0 || env == nullptr || *env == '\0') return;
    std::optional<Lang> parsed = ParseLang(env);
    if (!parsed) {
      throw CLI::ValidationError("RACECHECK_LANG",
                                 fmt::format("expected one of {}, found '{}'", LangChoices(), env));
    }
    *lang = *parsed;
  });
}

void AddModelOptions(CLI::App& app, CommonOptions& common, Command command) {
  app.add_option("MODEL", common.model.path, "the model file (YAML), e.g. models/ticket.yaml")
      ->required();
  app.add_option("--set", common.model.sets,
                 "override a param, e.g. --set clients=3 (repeatable); params are listed in the "
                 "model's 'params:' section")
      ->type_name("NAME=VALUE");
  app.add_option("--format", common.format, FormatsHelp(command))
      ->check(CLI::IsMember(FormatsFor(command)));
  AddLangOption(app, &common.model.lang,
                fmt::format("the language of the check, replay and run reports (text and HTML) "
                            "and of the errors: {} (default: $RACECHECK_LANG, else en); a JSON "
                            "report is the same in every language, a JSON error document carries "
                            "the errors as printed",
                            LangChoices()));
  std::string names;
  for (const LimitInfo& l : kLimits)
    names += fmt::format("{}{}", names.empty() ? "" : ", ", l.name);
  app.add_option_function<std::vector<std::string>>(
         "--limit",
         [&common](const std::vector<std::string>& items) {
           for (const std::string& item : items) {
             std::string error = SetLimit(common.model.limits, item);
             if (!error.empty()) throw CLI::ValidationError("--limit", error);
           }
         },
         fmt::format("raise a limit on the model's size, e.g. --limit model-size=64M "
                     "(repeatable): {} (docs/cli.md#limits)",
                     names))
      ->type_name("NAME=N");
}

namespace {

// The --format the arguments ask for, read from the raw arguments (for errors that happen
// before they are parsed): "" when none, or an unknown one.
std::string FormatAsked(const std::vector<std::string>& args) {
  std::string format;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--format" && i + 1 < args.size()) format = args[i + 1];
    if (args[i].rfind("--format=", 0) == 0) format = args[i].substr(9);
  }
  return FindRenderer(format) != nullptr ? format : "";
}

// The renderer's error document on stdout (nothing for text).
void ErrorDocument(const std::string& format, Command command, const std::string& message) {
  const Renderer* r = FindRenderer(format);
  if (r == nullptr) return;
  std::fputs(r->error({command, ExitCode(Outcome::kBadInput), message, ""}).c_str(), stdout);
  std::fflush(stdout);
}

}  // namespace

int ParseArgs(CLI::App& app, const std::vector<std::string>& args, Command command) {
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return ExitCode(Outcome::kHolds);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "racecheck: error: %s\n", e.what());
    std::fprintf(stderr, "run '%s --help' for the options\n", app.get_name().c_str());
    ErrorDocument(FormatAsked(args), command, e.what());
    return ExitCode(Outcome::kBadInput);
  }
  return -1;
}

int UsageError(const std::string& message, Command command, const std::string& format) {
  std::fprintf(stderr, "racecheck: error: %s\n", message.c_str());
  ErrorDocument(format, command, message);
  return ExitCode(Outcome::kBadInput);
}

CLI::Validator WholeNumber(uint64_t lo, uint64_t hi) {
  const std::string expected = fmt::format("a whole number from {} to {}", lo, hi);
  return CLI::Validator(
      [lo, hi, expected](std::string& text) -> std::string {
        uint64_t n = 0;
        bool ok = !text.empty();
        for (char c : text) {
          if (!std::isdigit(static_cast<unsigned char>(c)) || n > (UINT64_MAX - 9) / 10) {
            ok = false;
            break;
          }
          n = n * 10 + static_cast<uint64_t>(c - '0');
        }
        if (ok && n >= lo && n <= hi) return "";
        return "expected " + expected + ", found '" + text + "'";
      },
      "");
}

CLI::Validator RealNumber(double lo, double hi, bool lo_open) {
  const std::string expected =
      fmt::format("a number {} {:g} and at most {:g}", lo_open ? "above" : "of at least", lo, hi);
  return CLI::Validator(
      [lo, hi, lo_open, expected](std::string& text) -> std::string {
        char* end = nullptr;
        errno = 0;
        const double x = text.empty() ? 0 : std::strtod(text.c_str(), &end);
        const bool parsed =
            !text.empty() && end == text.c_str() + text.size() && errno == 0 && std::isfinite(x);
        if (parsed && (lo_open ? x > lo : x >= lo) && x <= hi) return "";
        return "expected " + expected + ", found '" + text + "'";
      },
      "");
}

std::optional<uint64_t> ParseSize(const std::string& text) {
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) return std::nullopt;
  size_t i = 0;
  uint64_t n = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    if (n > (UINT64_MAX - 9) / 10) return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(text[i++] - '0');
  }
  std::string unit = text.substr(i);
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  int shift = 0;
  if (unit.empty() || unit == "B") {
    shift = 0;
  } else if (unit == "K" || unit == "KB" || unit == "KIB") {
    shift = 10;
  } else if (unit == "M" || unit == "MB" || unit == "MIB") {
    shift = 20;
  } else if (unit == "G" || unit == "GB" || unit == "GIB") {
    shift = 30;
  } else if (unit == "T" || unit == "TB" || unit == "TIB") {
    shift = 40;
  } else {
    return std::nullopt;
  }
  if (shift > 0 && n > (UINT64_MAX >> shift)) return std::nullopt;
  return n << shift;
}

std::string Bytes(uint64_t n) {
  if (n < 1024) return fmt::format("{} B", n);
  if (n < (uint64_t{1} << 20)) return fmt::format("{:.1f} KiB", static_cast<double>(n) / 1024);
  if (n < (uint64_t{1} << 30)) {
    return fmt::format("{:.1f} MiB", static_cast<double>(n) / (1 << 20));
  }
  return fmt::format("{:.2f} GiB", static_cast<double>(n) / (1 << 30));
}

}  // namespace racecheck::cli
