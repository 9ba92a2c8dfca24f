#include "engine/model/yaml_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace racecheck {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

constexpr const char* kKeywords[] = {"true", "false", "and", "or", "not",
                                     "self", "min",   "max", "if", "else"};

bool IsIdentifier(std::string_view s) {
  if (s.empty()) return false;
  auto head = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
  auto tail = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  if (!head(s[0])) return false;
  return std::all_of(s.begin() + 1, s.end(), tail);
}

// The index of the closing quote of the quoted scalar opening at line[open], or npos when the
// scalar continues on the next line.
size_t ClosingQuote(std::string_view line, size_t open) {
  char q = line[open];
  for (size_t i = open + 1; i < line.size(); ++i) {
    if (q == '"' && line[i] == '\\') {
      ++i;  // skip the escaped character
    } else if (line[i] == q) {
      if (q == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
        ++i;  // '' is an escaped single quote
      } else {
        return i;
      }
    }
  }
  return std::string_view::npos;
}

}  // namespace

YamlReader::YamlReader(std::shared_ptr<const SourceFile> file, DiagnosticSink& diags)
    : file_(std::move(file)), diags_(diags) {
  if (std::string_view(file_->text()).substr(0, kUtf8Bom.size()) == kUtf8Bom) {
    bom_ = static_cast<int>(kUtf8Bom.size());
  }
}

SourceLoc YamlReader::Loc(const YAML::Node& node, const SourceLoc& fallback) const {
  if (!node.IsDefined() || node.IsNull()) return fallback;
  SourceLoc loc = MarkLoc(node.Mark(), fallback);
  if (!node.IsScalar() || !loc.known()) return loc;
  std::string_view line = file_->Line(loc.line);
  size_t at = static_cast<size_t>(loc.col - 1);
  if (at >= line.size()) return loc;
  const std::string& text = node.Scalar();
  char c = line[at];
  if ((c == '"' || c == '\'') && node.Tag() == "!") {
    size_t close = ClosingQuote(line, at);
    size_t end = close == std::string_view::npos ? line.size() : close;
    return loc.Shifted(1, static_cast<int>(end - at - 1));
  }
  if ((c == '|' || c == '>') && node.Tag() == "!") return loc;  // a block scalar
  // A plain scalar: underline what of its text is on this line.
  std::string_view rest = line.substr(at);
  size_t n = 0;
  while (n < rest.size() && n < text.size() && rest[n] == text[n]) ++n;
  loc.length = std::max<int>(1, static_cast<int>(n));
  return loc;
}

SourceLoc YamlReader::MarkLoc(const YAML::Mark& mark, const SourceLoc& fallback) const {
  if (mark.is_null() || mark.line < 0 || mark.column < 0) return fallback;
  return SourceLoc{file_, mark.line + 1, mark.column + 1 + (mark.line == 0 ? bom_ : 0), 1};
}

SourceLoc YamlReader::EmptyItemLoc(const YAML::Node& node, const SourceLoc& fallback) const {
  YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.line < 0 || mark.column < 0) return fallback;
  const std::string& text = file_->text();
  size_t offset = text.size();
  if (mark.line + 1 <= file_->line_count()) {
    std::string_view line = file_->Line(mark.line + 1);
    offset = static_cast<size_t>(line.data() - text.data()) + static_cast<size_t>(mark.column) +
             (mark.line == 0 ? bom_ : 0);
    offset = std::min(offset, text.size());
  }
  while (offset > 0 && std::isspace(static_cast<unsigned char>(text[offset - 1]))) --offset;
  if (offset == 0 || text[offset - 1] != '-') return fallback;
  size_t dash = offset - 1;
  size_t line_start = text.rfind('\n', dash);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  int line_no = file_->LineAt(dash);
  return SourceLoc{file_, line_no, static_cast<int>(dash - line_start) + 1, 1};
}

std::string YamlReader::Describe(const YAML::Node& node) const {
  if (!node.IsDefined() || node.IsNull()) return Text(DiagMsg::kFoundNothing);
  if (node.IsMap()) return Text(DiagMsg::kFoundMapping);
  if (node.IsSequence()) return Text(DiagMsg::kFoundList);
  std::string text = node.Scalar();
  std::replace(text.begin(), text.end(), '\n', ' ');
  constexpr size_t kMaxShown = 40;
  if (text.size() > kMaxShown) text = text.substr(0, kMaxShown) + "...";
  return "'" + text + "'";
}

std::vector<YamlEntry> YamlReader::Entries(const YAML::Node& map) {
  std::vector<YamlEntry> entries;
  SourceLoc map_loc = Loc(map, SourceLoc{file_, 1, 1, 1});
  for (const auto& kv : map) {  // kv is a value: it->first would dangle
    const YAML::Node& key = kv.first;
    SourceLoc key_loc = Loc(key, map_loc);
    if (!key.IsScalar()) {
      Error(key_loc, DiagMsg::kKeyNotName, fmt::arg("found", Describe(key)));
      continue;
    }
    entries.push_back(YamlEntry{key.Scalar(), key_loc, kv.second, Loc(kv.second, key_loc)});
  }
  return entries;
}

void YamlReader::UnknownKey(const YamlEntry& entry, std::string_view where,
                            const std::vector<std::string>& allowed) {
  std::string suggestion = ClosestName(entry.key, allowed);
  if (!suggestion.empty()) {
    Error(entry.key_loc, DiagMsg::kUnknownKeyDidYouMean, fmt::arg("key", entry.key),
          fmt::arg("where", where), fmt::arg("suggestion", suggestion));
  } else {
    Error(entry.key_loc,
          allowed.size() > 1 ? DiagMsg::kUnknownKeyExpectedOneOf : DiagMsg::kUnknownKeyExpected,
          fmt::arg("key", entry.key), fmt::arg("where", where),
          fmt::arg("list", QuotedList(allowed)));
  }
}

bool YamlReader::CheckKeys(const std::vector<YamlEntry>& entries, std::string_view where,
                           const std::vector<std::string>& allowed) {
  bool ok = true;
  std::map<std::string, SourceLoc> seen;
  for (const YamlEntry& e : entries) {
    if (std::find(allowed.begin(), allowed.end(), e.key) == allowed.end()) {
      UnknownKey(e, where, allowed);
      ok = false;
      continue;
    }
    auto [it, inserted] = seen.emplace(e.key, e.key_loc);
    if (!inserted) {
      Error(e.key_loc, DiagMsg::kDuplicateKey, fmt::arg("key", e.key), fmt::arg("where", where))
          .notes.push_back({it->second, Text(DiagMsg::kFirstGivenHere, fmt::arg("key", e.key))});
      ok = false;
    }
  }
  return ok;
}

std::optional<SourceText> YamlReader::Expr(const YAML::Node& node, const SourceLoc& loc,
                                           std::string_view what, std::string_view expected) {
  bool blank = node.IsScalar() && node.Scalar().find_first_not_of(" \t\r\n") == std::string::npos;
  if (!node.IsScalar() || blank) {
    Error(Loc(node, loc), DiagMsg::kMustBeFound, fmt::arg("what", what),
          fmt::arg("expected",
                   expected.empty() ? Text(DiagMsg::kExpectExpression) : std::string(expected)),
          fmt::arg("found", blank ? Text(DiagMsg::kFoundNothing) : Describe(node)));
    return std::nullopt;
  }
  return SourceText{node.Scalar(), Loc(node, loc)};
}

bool YamlReader::CheckName(const Name& name) {
  if (!IsIdentifier(name.text)) {
    Error(name.loc, DiagMsg::kInvalidName, fmt::arg("name", name.text));
    return false;
  }
  for (const char* k : kKeywords) {
    if (name.text == k) {
      Error(name.loc, DiagMsg::kReservedName, fmt::arg("name", name.text));
      return false;
    }
  }
  return true;
}

bool NameScope::Declare(const Name& name, DiagnosticSink& diags) {
  for (const NameScope* outer = parent_; outer != nullptr; outer = outer->parent_) {
    auto it = outer->first_.find(name.text);
    if (it == outer->first_.end()) continue;
    diags.Error(name.loc, DiagMsg::kDuplicateName, fmt::arg("name", name.text))
        .notes.push_back(
            {it->second, diags.Text(DiagMsg::kFirstDeclaredHere, fmt::arg("name", name.text))});
    return false;
  }
  auto [it, inserted] = first_.emplace(name.text, name.loc);
  if (inserted) return true;
  diags.Error(name.loc, DiagMsg::kDuplicateName, fmt::arg("name", name.text))
      .notes.push_back(
          {it->second, diags.Text(DiagMsg::kFirstDeclaredHere, fmt::arg("name", name.text))});
  return false;
}

std::string QuotedList(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ", ";
    out += "'" + n + "'";
  }
  return out;
}

}  // namespace racecheck
