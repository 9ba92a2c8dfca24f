// Checks of a model's bytes before its YAML tree is built (input_checks.h).
#include "engine/model/input_checks.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <sstream>
#include <vector>

namespace racecheck {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

void TooLarge(const std::string& path, const std::string& size, uint64_t limit,
              DiagnosticSink& diags) {
  diags.Error(SourceLoc{}, DiagMsg::kModelTooLarge, fmt::arg("path", path), fmt::arg("size", size),
              fmt::arg("limit", LimitHint(diags.lang(), "model-size", limit)));
}

// yaml-cpp's messages (a fixed set, yaml-cpp/exceptions.h) that the catalogue translates.
struct YamlMessage {
  const char* text;
  DiagMsg id;
};
const YamlMessage kYamlMessages[] = {
    {YAML::ErrorMsg::END_OF_MAP, DiagMsg::kYamlEndOfMap},
    {YAML::ErrorMsg::END_OF_MAP_FLOW, DiagMsg::kYamlEndOfMapFlow},
    {YAML::ErrorMsg::END_OF_SEQ, DiagMsg::kYamlEndOfSeq},
    {YAML::ErrorMsg::END_OF_SEQ_FLOW, DiagMsg::kYamlEndOfSeqFlow},
    {YAML::ErrorMsg::UNKNOWN_TOKEN, DiagMsg::kYamlUnknownToken},
    {YAML::ErrorMsg::EOF_IN_SCALAR, DiagMsg::kYamlEofInScalar},
    {YAML::ErrorMsg::CHAR_IN_SCALAR, DiagMsg::kYamlCharInScalar},
    {YAML::ErrorMsg::DOC_IN_SCALAR, DiagMsg::kYamlDocInScalar},
    {YAML::ErrorMsg::FLOW_END, DiagMsg::kYamlFlowEnd},
    {YAML::ErrorMsg::BLOCK_ENTRY, DiagMsg::kYamlBlockEntry},
    {YAML::ErrorMsg::MAP_KEY, DiagMsg::kYamlMapKey},
    {YAML::ErrorMsg::MAP_VALUE, DiagMsg::kYamlMapValue},
    {YAML::ErrorMsg::UNKNOWN_ANCHOR, DiagMsg::kYamlUnknownAnchor},
};

// The location of byte `offset` of the file's text.
SourceLoc OffsetLoc(const std::shared_ptr<const SourceFile>& file, size_t offset) {
  const std::string& text = file->text();
  int line = file->LineAt(offset);
  size_t line_start = offset == 0 ? std::string::npos : text.rfind('\n', offset - 1);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  return SourceLoc{file, line, static_cast<int>(offset - line_start) + 1, 1};
}

// The length of the UTF-8 sequence at text[i], or 0 when it is not valid UTF-8.
size_t Utf8Length(std::string_view text, size_t i) {
  auto u = [&](size_t k) { return k < text.size() ? static_cast<unsigned char>(text[k]) : 0u; };
  auto cont = [&](size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    return u(k) >= lo && u(k) <= hi;
  };
  unsigned c = u(i);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c == 0xE0) return cont(i + 1, 0xA0) && cont(i + 2) ? 3 : 0;
  if (c == 0xED) return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0;
  if (c >= 0xE1 && c <= 0xEF) return cont(i + 1) && cont(i + 2) ? 3 : 0;
  if (c == 0xF0) return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c == 0xF4) return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  return 0;
}

// Thrown by the scanner's event handler to stop yaml-cpp's parser early; never leaves ScanYaml.
struct StopScan {};

// Counts, while yaml-cpp parses, what the limits bound: the depth of nesting, and how many
// nodes the aliases add (the expanded size of each anchored node is known when it closes).
class ScanHandler : public YAML::EventHandler {
 public:
  ScanHandler(const std::shared_ptr<const SourceFile>& file, const ModelLimits& limits,
              DiagnosticSink& diags)
      : file_(file), limits_(limits), diags_(diags) {}

  int documents() const { return documents_; }
  bool first_is_null() const { return first_is_null_; }
  bool failed() const { return failed_; }
  const YAML::Mark& second_mark() const { return second_mark_; }
  const YAML::Mark& first_mark() const { return first_mark_; }

  void OnDocumentStart(const YAML::Mark&) override {
    ++documents_;
    root_seen_ = false;
  }
  void OnDocumentEnd() override {}
  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_name_ = name; }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Root(mark, true);
    Leaf(anchor);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string&) override {
    Root(mark, false);
    Leaf(anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Root(mark, false);
    auto it = sizes_.find(anchor);
    const std::string& name = names_[anchor];
    if (it == sizes_.end()) {  // the anchored node is still open: the alias is inside it
      Fail(mark, diags_.Text(DiagMsg::kAliasInfinite, fmt::arg("name", name)));
    }
    aliased_ = std::min(aliased_ + it->second, kCap);
    if (aliased_ > limits_.yaml_aliases) {
      Fail(mark, diags_.Text(DiagMsg::kAliasesTooMany, fmt::arg("n", limits_.yaml_aliases),
                             fmt::arg("name", name),
                             fmt::arg("limit", LimitHint(diags_.lang(), "yaml-aliases",
                                                         limits_.yaml_aliases))));
    }
    Add(it->second);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(mark, anchor);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(mark, anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  static constexpr uint64_t kCap = uint64_t{1} << 62;  // sizes saturate here

  struct Frame {
    YAML::anchor_t anchor;
    uint64_t size;  // nodes, aliases expanded, this one included
  };

  // The first node of a document: a second document ends the scan.
  void Root(const YAML::Mark& mark, bool null) {
    if (root_seen_) return;
    root_seen_ = true;
    if (documents_ == 1) {
      first_mark_ = mark;
      first_is_null_ = null;
      return;
    }
    second_mark_ = mark;
    throw StopScan{};
  }
  void Name(YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) names_[anchor] = pending_name_;
    pending_name_.clear();
  }
  void Leaf(YAML::anchor_t anchor) {
    Name(anchor);
    if (anchor != YAML::NullAnchor) sizes_[anchor] = 1;
    Add(1);
  }
  void Open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    Root(mark, false);
    Name(anchor);
    if (stack_.size() >= limits_.yaml_depth) {
      Fail(mark, diags_.Text(DiagMsg::kYamlTooDeep, fmt::arg("n", limits_.yaml_depth),
                             fmt::arg("limit",
                                      LimitHint(diags_.lang(), "yaml-depth", limits_.yaml_depth))));
    }
    stack_.push_back({anchor, 1});
  }
  void Close() {
    Frame f = stack_.back();
    stack_.pop_back();
    if (f.anchor != YAML::NullAnchor) sizes_[f.anchor] = f.size;
    Add(f.size);
  }
  void Add(uint64_t n) {
    if (!stack_.empty()) stack_.back().size = std::min(stack_.back().size + n, kCap);
  }
  [[noreturn]] void Fail(const YAML::Mark& mark, std::string message) {
    diags_.Error(YamlMarkLoc(file_, mark.line, mark.column), std::move(message));
    failed_ = true;
    throw StopScan{};
  }

  const std::shared_ptr<const SourceFile>& file_;
  const ModelLimits& limits_;
  DiagnosticSink& diags_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, uint64_t> sizes_;  // of the anchored nodes that are closed
  std::map<YAML::anchor_t, std::string> names_;
  std::string pending_name_;
  uint64_t aliased_ = 0;
  int documents_ = 0;
  bool root_seen_ = false;
  bool first_is_null_ = true;
  bool failed_ = false;
  YAML::Mark first_mark_ = YAML::Mark::null_mark();
  YAML::Mark second_mark_ = YAML::Mark::null_mark();
};

// The first tab in the indentation of line `line` (1-based), as a location.
std::optional<SourceLoc> IndentTab(const std::shared_ptr<const SourceFile>& file, int line) {
  std::string_view text = file->Line(line);
  for (size_t i = 0; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i) {
    if (text[i] == '\t') return SourceLoc{file, line, static_cast<int>(i) + 1, 1};
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ReadModelFile(const std::string& path, const ModelLimits& limits,
                                         DiagnosticSink& diags) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    diags.Error(SourceLoc{}, DiagMsg::kCannotOpenModel, fmt::arg("path", path),
                fmt::arg("error", std::strerror(errno)));
    return std::nullopt;
  }
  struct stat st {};
  if (fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      close(fd);
      diags.Error(SourceLoc{}, DiagMsg::kModelIsDirectory, fmt::arg("path", path));
      return std::nullopt;
    }
    if (S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) > limits.model_size) {
      close(fd);
      TooLarge(path, std::to_string(st.st_size), limits.model_size, diags);
      return std::nullopt;
    }
  }
  // Reads at most one byte more than the limit: /dev/zero or a growing file stop there.
  std::string text;
  char buf[65536];
  int err = 0;
  while (text.size() <= limits.model_size) {
    size_t want = std::min<uint64_t>(sizeof buf, limits.model_size + 1 - text.size());
    ssize_t n = read(fd, buf, want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) err = errno;
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  if (err != 0) {
    diags.Error(SourceLoc{}, DiagMsg::kCannotReadModel, fmt::arg("path", path),
                fmt::arg("error", std::strerror(err)));
    return std::nullopt;
  }
  if (text.size() > limits.model_size) {
    TooLarge(path, diags.Text(DiagMsg::kMoreThan, fmt::arg("n", limits.model_size)),
             limits.model_size, diags);
    return std::nullopt;
  }
  return text;
}

bool CheckModelText(const std::shared_ptr<const SourceFile>& file, const ModelLimits& limits,
                    DiagnosticSink& diags) {
  std::string_view text = file->text();
  if (text.size() > limits.model_size) {
    TooLarge(file->name(), std::to_string(text.size()), limits.model_size, diags);
    return false;
  }
  if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF" ||
      text.substr(0, 4) == std::string_view("\0\0\xFE\xFF", 4)) {
    diags.Error(SourceLoc{file, 1, 1, 1}, DiagMsg::kModelUtf16);
    return false;
  }
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '\0') {
      diags.Error(OffsetLoc(file, i), DiagMsg::kNulByte);
      return false;
    }
    size_t n = Utf8Length(text, i);
    if (n == 0) {
      diags.Error(OffsetLoc(file, i), DiagMsg::kInvalidUtf8,
                  fmt::arg("byte", static_cast<unsigned char>(text[i])));
      return false;
    }
    i += n;
  }
  return true;
}

YamlScan ScanYaml(const std::shared_ptr<const SourceFile>& file, const ModelLimits& limits,
                  DiagnosticSink& diags) {
  std::istringstream in(file->text());
  ScanHandler handler(file, limits, diags);
  try {
    YAML::Parser parser(in);
    // At most two documents: the second one, if any, stops the scan at its first node.
    if (parser.HandleNextDocument(handler)) parser.HandleNextDocument(handler);
  } catch (const StopScan&) {
    if (handler.failed()) return YamlScan::kError;
  } catch (const YAML::DeepRecursion& e) {
    diags.Error(YamlMarkLoc(file, e.mark.line, e.mark.column), DiagMsg::kYamlTooDeepForParser,
                fmt::arg("limit", LimitHint(diags.lang(), "yaml-depth", limits.yaml_depth)));
    return YamlScan::kError;
  } catch (const YAML::Exception& e) {
    ReportYamlError(file, e.mark.line, e.mark.column, e.msg, diags);
    return YamlScan::kError;
  }
  if (handler.documents() == 0 || (handler.first_is_null() && handler.documents() == 1)) {
    return YamlScan::kEmpty;
  }
  if (handler.documents() > 1) {
    const YAML::Mark& second = handler.second_mark();
    if (handler.first_is_null() && second.pos == handler.first_mark().pos) {
      // yaml-cpp 0.7 makes an empty document of a token it cannot place, without consuming it,
      // again and again (jbeder/yaml-cpp#1040): the token is the error.
      SourceLoc loc = YamlMarkLoc(file, second.line, second.column);
      std::string_view line = file->Line(loc.line);
      size_t at = static_cast<size_t>(loc.col - 1);
      std::string what = at < line.size() ? fmt::format("'{}'", line[at])
                                          : diags.Text(DiagMsg::kYamlUnexpectedText);
      diags.Error(loc, DiagMsg::kYamlUnexpected, fmt::arg("what", what));
      return YamlScan::kError;
    }
    if (handler.first_is_null()) return YamlScan::kEmpty;
    diags.Error(YamlMarkLoc(file, second.line, second.column), DiagMsg::kYamlSecondDocument);
    return YamlScan::kError;
  }
  return YamlScan::kOk;
}

SourceLoc YamlMarkLoc(const std::shared_ptr<const SourceFile>& file, int line, int column) {
  if (line < 0 || column < 0) return SourceLoc{file, 1, 1, 1};
  int bom = line == 0 && std::string_view(file->text()).substr(0, 3) == kUtf8Bom ? 3 : 0;
  SourceLoc loc{file, line + 1, column + 1 + bom, 1};
  if (loc.line > file->line_count()) {  // at the end of the file: after its last character
    loc.line = file->line_count();
    loc.col = static_cast<int>(file->Line(loc.line).size()) + 1;
  }
  return loc;
}

void ReportYamlError(const std::shared_ptr<const SourceFile>& file, int line, int column,
                     const std::string& message, DiagnosticSink& diags) {
  SourceLoc loc = YamlMarkLoc(file, line, column);
  for (int l = std::max(1, loc.line - 1); l <= loc.line; ++l) {  // the first of the two
    if (std::optional<SourceLoc> tab = IndentTab(file, l)) {
      diags.Error(*tab, DiagMsg::kYamlTab);
      return;
    }
  }
  for (const YamlMessage& m : kYamlMessages) {
    if (message == m.text) {
      diags.Error(loc, m.id);
      return;
    }
  }
  const std::string_view escape = YAML::ErrorMsg::INVALID_ESCAPE;
  if (message.compare(0, escape.size(), escape) == 0) {
    diags.Error(loc, DiagMsg::kYamlInvalidEscape, fmt::arg("char", message.substr(escape.size())));
    return;
  }
  diags.Error(loc, DiagMsg::kYamlError, fmt::arg("message", message));
}

}  // namespace racecheck
