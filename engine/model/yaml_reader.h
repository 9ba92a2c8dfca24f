// YamlReader: the loader's view of a parsed YAML tree, internal to engine/model/.
//
// Turns yaml-cpp nodes into what the loader needs: 1-based SourceLocs (yaml-cpp marks are
// 0-based; a quoted scalar's text starts one column after its mark), expression texts, the
// entries of a mapping in file order (yaml-cpp 0.7 keeps duplicate keys, so duplicates are
// reported here), and the standard messages for wrong node kinds and unknown keys. Every problem
// goes to the DiagnosticSink; nothing here throws. Only loader*.cc and yaml_reader.cc include
// this header. Thread-compatible (one reader per load).
#ifndef RACECHECK_ENGINE_MODEL_YAML_READER_H_
#define RACECHECK_ENGINE_MODEL_YAML_READER_H_

#include <yaml-cpp/yaml.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/ast.h"
#include "engine/support/diagnostics.h"
#include "engine/support/source.h"

namespace racecheck {

// One `key: value` of a mapping, in file order.
struct YamlEntry {
  std::string key;
  SourceLoc key_loc;  // underlines the key
  YAML::Node value;
  SourceLoc value_loc;  // of the value; the key's location when the value is empty
};

class YamlReader {
 public:
  YamlReader(std::shared_ptr<const SourceFile> file, DiagnosticSink& diags);

  const std::shared_ptr<const SourceFile>& file() const { return file_; }
  DiagnosticSink& diags() { return diags_; }
  Diagnostic& Error(SourceLoc loc, std::string message) {
    return diags_.Error(std::move(loc), std::move(message));
  }
  template <typename... Args>
  Diagnostic& Error(SourceLoc loc, DiagMsg id, const Args&... args) {
    return diags_.Error(std::move(loc), id, args...);
  }
  // The catalogue's message `id` in the sink's language.
  template <typename... Args>
  std::string Text(DiagMsg id, const Args&... args) const {
    return diags_.Text(id, args...);
  }
  Lang lang() const { return diags_.lang(); }

  // The location of a node. For a scalar: its first character of text, underlining the text
  // when it is on one line. For an empty node `fallback` (yaml-cpp gives no useful mark).
  SourceLoc Loc(const YAML::Node& node, const SourceLoc& fallback) const;
  // A yaml-cpp mark (0-based) as a SourceLoc (1-based); `fallback` for a null mark.
  SourceLoc MarkLoc(const YAML::Mark& mark, const SourceLoc& fallback) const;
  // The location of the `-` that starts the empty item of a list whose next token is at `node`.
  SourceLoc EmptyItemLoc(const YAML::Node& node, const SourceLoc& fallback) const;
  // "a mapping", "a list", "nothing", or the scalar in quotes: "'ten'".
  std::string Describe(const YAML::Node& node) const;

  // The entries of mapping `map`. Reports non-scalar keys and duplicate keys (and drops them).
  // REQUIRES: map.IsMap()
  std::vector<YamlEntry> Entries(const YAML::Node& map);
  // Reports `entry` as unknown in `where` ("the model", "process 'client'", in the sink's
  // language), with a
  // did-you-mean from `allowed` or else the list of what is allowed.
  void UnknownKey(const YamlEntry& entry, std::string_view where,
                  const std::vector<std::string>& allowed);
  // Reports each entry whose key is not in `allowed`; returns false if there was any.
  bool CheckKeys(const std::vector<YamlEntry>& entries, std::string_view where,
                 const std::vector<std::string>& allowed);

  // The expression in `node`, a scalar; else reports "<what> must be <expected>, found ..."
  // (both in the sink's language; an empty `expected` is "an expression").
  std::optional<SourceText> Expr(const YAML::Node& node, const SourceLoc& loc,
                                 std::string_view what, std::string_view expected = {});
  // A name: an identifier that is not a keyword; else reports "'my-var' is not a valid name".
  bool CheckName(const Name& name);

 private:
  std::shared_ptr<const SourceFile> file_;
  DiagnosticSink& diags_;
  int bom_ = 0;  // bytes of a UTF-8 byte-order mark that yaml-cpp does not count in columns
};

// Declared names in one scope; reports "duplicate name 'x'" with a note at the first one. A
// scope may sit inside a parent (a template's locals inside the globals) whose names it may not
// declare again; the parent is not copied and must outlive it.
class NameScope {
 public:
  NameScope() = default;
  explicit NameScope(const NameScope* parent) : parent_(parent) {}

  // Returns false (after reporting) when `name` is already declared here or in the parent.
  bool Declare(const Name& name, DiagnosticSink& diags);
  bool Contains(const std::string& name) const {
    return first_.count(name) != 0 || (parent_ != nullptr && parent_->Contains(name));
  }

 private:
  const NameScope* parent_ = nullptr;
  std::map<std::string, SourceLoc> first_;
};

// "'a', 'b', 'c'": quoted names for a message (the same in every language).
std::string QuotedList(const std::vector<std::string>& names);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_MODEL_YAML_READER_H_
