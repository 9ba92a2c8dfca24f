#include "engine/model/loader.h"

#include <fmt/format.h>

#include <charconv>
#include <filesystem>

#include "engine/model/input_checks.h"
#include "engine/model/loader_steps.h"
#include "engine/model/yaml_reader.h"

namespace racecheck {
namespace {

constexpr const char* kTopKeys[] = {"model",     "params",     "shared",   "events", "locks",
                                    "rlocks",    "semaphores", "barriers", "queues", "conditions",
                                    "processes", "invariants", "final"};

int ErrorCount(const DiagnosticSink& diags) {
  return static_cast<int>(diags.errors().size()) + diags.dropped();
}

enum class IntParse { kOk, kNotInteger, kOverflow };

// A decimal integer literal with an optional '-'.
IntParse ParseInt(std::string_view text, int64_t* value) {
  std::string_view digits = text.substr(!text.empty() && text[0] == '-' ? 1 : 0);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return IntParse::kNotInteger;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  if (ec == std::errc::result_out_of_range) return IntParse::kOverflow;
  return ec == std::errc() && ptr == text.data() + text.size() ? IntParse::kOk
                                                               : IntParse::kNotInteger;
}

std::string_view Trim(std::string_view s, size_t* offset) {
  size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string_view::npos) {
    *offset = s.size();
    return {};
  }
  size_t end = s.find_last_not_of(" \t");
  *offset = begin;
  return s.substr(begin, end - begin + 1);
}

// Reads the sections of a model's top-level mapping into a Model.
class ModelReader {
 public:
  explicit ModelReader(YamlReader& reader) : r_(reader) { model_.file = reader.file(); }

  // REQUIRES: `root` is the one document of the file, already checked to be non-empty.
  std::optional<Model> Read(const YAML::Node& root, const std::vector<ParamOverride>& overrides) {
    int errors_before = ErrorCount(r_.diags());
    model_.name = std::filesystem::path(r_.file()->name()).stem().string();
    SourceLoc root_loc = r_.Loc(root, SourceLoc{r_.file(), 1, 1, 1});
    if (!root.IsMap()) {
      r_.Error(root_loc, DiagMsg::kModelNotMapping, fmt::arg("found", r_.Describe(root)));
      return std::nullopt;
    }
    std::vector<YamlEntry> entries = r_.Entries(root);
    r_.CheckKeys(entries, r_.Text(DiagMsg::kWhereModel),
                 {std::begin(kTopKeys), std::end(kTopKeys)});
    auto section = [&](const char* key) -> const YamlEntry* {
      for (const YamlEntry& e : entries) {
        if (e.key == key) return &e;
      }
      return nullptr;
    };
    if (const YamlEntry* e = section("model")) ModelName(*e);
    int before_params = ErrorCount(r_.diags());
    if (const YamlEntry* e = section("params")) Params(*e);
    bool params_ok = ErrorCount(r_.diags()) == before_params;
    if (const YamlEntry* e = section("shared"))
      Vars(*e, "shared variable", globals_, model_.shared);
    if (const YamlEntry* e = section("events")) Events(*e);
    if (const YamlEntry* e = section("locks")) Locks(*e, false);
    if (const YamlEntry* e = section("rlocks")) Locks(*e, true);
    if (const YamlEntry* e = section("semaphores")) Semaphores(*e);
    if (const YamlEntry* e = section("barriers")) Barriers(*e);
    if (const YamlEntry* e = section("queues")) Queues(*e);
    if (const YamlEntry* e = section("conditions")) Conditions(*e);
    const YamlEntry* processes = section("processes");
    if (processes) Processes(*processes);
    bool none = !processes || processes->value.IsNull() ||
                (processes->value.IsMap() && processes->value.size() == 0);
    if (none) {
      if (processes) {
        r_.Error(processes->key_loc, DiagMsg::kNoProcessesUnder);
      } else {
        r_.Error(root_loc, DiagMsg::kNoProcessesSection);
      }
    }
    if (const YamlEntry* e = section("invariants")) {
      Properties(*e, DiagMsg::kWhatInvariant, model_.invariants);
    }
    if (const YamlEntry* e = section("final")) Properties(*e, DiagMsg::kWhatFinal, model_.finals);
    if (params_ok) {
      for (const ParamOverride& o : overrides) Override(o);
    }
    if (ErrorCount(r_.diags()) != errors_before) return std::nullopt;
    return std::move(model_);
  }

 private:
  // True when section `e` is a mapping; reports it when it is something else but empty.
  bool IsMapSection(const YamlEntry& e, std::string_view expected) {
    if (e.value.IsMap()) return true;
    if (!e.value.IsNull()) {
      r_.Error(e.value_loc, DiagMsg::kSectionNotMapping, fmt::arg("key", e.key),
               fmt::arg("expected", expected), fmt::arg("found", r_.Describe(e.value)));
    }
    return false;
  }

  bool DeclareName(const Name& name, NameScope& scope) {
    return r_.CheckName(name) && scope.Declare(name, r_.diags());
  }

  void ModelName(const YamlEntry& e) {
    if (e.value.IsScalar() && !e.value.Scalar().empty()) {
      model_.name = e.value.Scalar();
    } else {
      r_.Error(e.value_loc, DiagMsg::kModelNameNotName, fmt::arg("found", r_.Describe(e.value)));
    }
  }

  void Params(const YamlEntry& section) {
    params_loc_ = section.key_loc;
    if (!IsMapSection(section, "name: integer")) return;
    for (const YamlEntry& e : r_.Entries(section.value)) {
      ParamDecl p;
      p.name = Name{e.key, e.key_loc};
      if (!DeclareName(p.name, globals_)) continue;
      p.value_loc = e.value_loc;
      std::string text = e.value.IsScalar() ? e.value.Scalar() : "";
      if (text == "true" || text == "false") {
        p.is_bool = true;
        p.default_value = text == "true" ? 1 : 0;
      } else {
        IntParse parsed =
            e.value.IsScalar() ? ParseInt(text, &p.default_value) : IntParse::kNotInteger;
        if (parsed == IntParse::kNotInteger) {
          r_.Error(e.value_loc, DiagMsg::kParamNotInteger, fmt::arg("name", e.key),
                   fmt::arg("found", r_.Describe(e.value)));
          continue;
        }
        if (parsed == IntParse::kOverflow) {
          r_.Error(e.value_loc, DiagMsg::kParamDefaultOverflow, fmt::arg("name", e.key),
                   fmt::arg("value", text));
          continue;
        }
      }
      model_.params.push_back(std::move(p));
    }
  }

  // `shared:` or `locals:` entries: `name: init` or `name: {init: e, range: [lo, hi], ghost: b}`.
  void Vars(const YamlEntry& section, std::string_view kind, NameScope& scope,
            std::vector<VarDecl>& out) {
    if (!IsMapSection(section, "name: initial value")) return;
    for (const YamlEntry& e : r_.Entries(section.value)) {
      VarDecl v;
      v.name = Name{e.key, e.key_loc};
      if (!DeclareName(v.name, scope)) continue;
      const bool shared = kind == "shared variable";
      std::string what =
          r_.Text(shared ? DiagMsg::kWhatShared : DiagMsg::kWhatLocal, fmt::arg("name", e.key));
      if (!e.value.IsMap()) {
        if (auto init = r_.Expr(e.value, e.key_loc, what)) v.init = std::move(*init);
        out.push_back(std::move(v));
        continue;
      }
      std::vector<YamlEntry> fields = r_.Entries(e.value);
      if (shared) {
        r_.CheckKeys(fields, what, {"init", "range", "ghost", "array", "lock"});
      } else {
        r_.CheckKeys(fields, what, {"init", "range", "ghost", "array"});
      }
      bool has_init = false;
      for (const YamlEntry& f : fields) {
        if (f.key == "array") {
          v.array = r_.Expr(f.value, f.key_loc, FieldOf("array", what),
                            r_.Text(DiagMsg::kExpectElements));
        } else if (f.key == "init") {
          has_init = true;
          if (auto init = r_.Expr(f.value, f.key_loc, FieldOf("init", what))) v.init = *init;
        } else if (f.key == "range") {
          Range(f, what, &v);
        } else if (f.key == "ghost" || f.key == "lock") {
          const bool yes = f.value.IsScalar() && f.value.Scalar() == "true";
          if (!yes && !(f.value.IsScalar() && f.value.Scalar() == "false")) {
            r_.Error(f.value_loc, DiagMsg::kTrueOrFalse, fmt::arg("key", f.key),
                     fmt::arg("found", r_.Describe(f.value)));
          } else if (f.key == "ghost") {
            v.ghost = yes;
          } else if (yes) {
            // multiprocessing.Value / Array and their built-in lock, an RLock as Python's is,
            // named as Python calls it, `n.get_lock()`, which no other name can be.
            SyncDecl lock;
            lock.name = Name{e.key + ".get_lock()", f.key_loc};
            lock.reentrant = true;
            model_.syncs.push_back(std::move(lock));
          }
        }
      }
      if (!has_init) {
        r_.Error(e.key_loc, DiagMsg::kNoInit, fmt::arg("what", what));
      }
      out.push_back(std::move(v));
    }
  }

  void Range(const YamlEntry& f, const std::string& what, VarDecl* v) {
    if (!f.value.IsSequence() || f.value.size() != 2) {
      r_.Error(f.value_loc, DiagMsg::kRangeNotList, fmt::arg("what", what),
               fmt::arg("found", r_.Describe(f.value)));
      return;
    }
    std::optional<SourceText> lo = r_.Expr(f.value[0], f.value_loc, r_.Text(DiagMsg::kRangeLow));
    std::optional<SourceText> hi = r_.Expr(f.value[1], f.value_loc, r_.Text(DiagMsg::kRangeHigh));
    if (lo && hi) {
      v->range_lo = std::move(lo);
      v->range_hi = std::move(hi);
    }
  }

  // `events: [ready]`, or arrays of them: `events: {done: N}`. Each is a shared bool that
  // starts false (multiprocessing.Event()).
  void Events(const YamlEntry& section) {
    const NameKind kind{DiagMsg::kWhatEventArray, DiagMsg::kExpectEvents, DiagMsg::kAnEvent};
    NameList(section, kind, [&](const Name& name, std::optional<SourceText> array) {
      if (!DeclareName(name, globals_)) return;
      VarDecl v;
      v.name = name;
      v.array = std::move(array);
      v.init = SourceText{"false", name.loc};
      v.event = true;
      model_.shared.push_back(std::move(v));
    });
  }

  // `locks: [lock]`, or arrays of them: `locks: {fork: N}`; `rlocks:` likewise (`reentrant`).
  // Under `locks:` the long form `account: {reentrant: RLOCK, array: N}` lets a param choose.
  void Locks(const YamlEntry& section, bool reentrant) {
    const NameKind kind =
        reentrant ? NameKind{DiagMsg::kWhatRlockArray, DiagMsg::kExpectRlocks, DiagMsg::kAnRlock}
                  : NameKind{DiagMsg::kWhatLockArray, DiagMsg::kExpectLocks, DiagMsg::kALock};
    auto declare = [&](const Name& name, std::optional<SourceText> array,
                       std::optional<SourceText> param_reentrant,
                       std::optional<SourceText> owner_only) {
      SyncDecl s;
      s.name = name;
      s.reentrant = reentrant;
      s.reentrant_if = std::move(param_reentrant);
      s.owner_only = std::move(owner_only);
      if (!DeclareName(s.name, globals_)) return;
      s.array = std::move(array);
      model_.syncs.push_back(std::move(s));
    };
    if (!reentrant && section.value.IsMap()) {
      for (const YamlEntry& e : r_.Entries(section.value)) {
        if (!e.value.IsMap()) {
          declare(
              Name{e.key, e.key_loc},
              r_.Expr(e.value, e.key_loc, r_.Text(DiagMsg::kWhatLockArray, fmt::arg("name", e.key)),
                      r_.Text(DiagMsg::kExpectLocksLong)),
              std::nullopt, std::nullopt);
          continue;
        }
        const std::string what = r_.Text(DiagMsg::kWhatLock, fmt::arg("name", e.key));
        std::vector<YamlEntry> fields = r_.Entries(e.value);
        r_.CheckKeys(fields, what, {"reentrant", "array", "owner_only"});
        std::optional<SourceText> array, param, owner_only;
        for (const YamlEntry& f : fields) {
          if (f.key == "array") {
            array = r_.Expr(f.value, f.key_loc, FieldOf("array", what),
                            r_.Text(DiagMsg::kExpectElements));
          } else if (f.key == "reentrant") {
            param = r_.Expr(f.value, f.key_loc, FieldOf("reentrant", what),
                            r_.Text(DiagMsg::kExpectReentrant));
          } else if (f.key == "owner_only") {
            owner_only = r_.Expr(f.value, f.key_loc, FieldOf("owner_only", what),
                                 r_.Text(DiagMsg::kExpectReentrant));
          }
        }
        declare(Name{e.key, e.key_loc}, std::move(array), std::move(param), std::move(owner_only));
      }
      return;
    }
    NameList(section, kind, [&](const Name& name, std::optional<SourceText> array) {
      declare(name, std::move(array), std::nullopt, std::nullopt);
    });
  }

  // How the messages about a section of names (NameList) name its items.
  struct NameKind {
    DiagMsg array;  // "lock array 'x'"
    DiagMsg count;  // "a number of locks"
    DiagMsg one;    // "a lock"
  };

  // A section that is a list of names, or a mapping `name: count` for arrays: calls
  // declare(name, count) for each (count: nullopt for a plain name).
  template <class Declare>
  void NameList(const YamlEntry& section, const NameKind& kind, Declare&& declare) {
    if (section.value.IsNull()) return;
    if (section.value.IsMap()) {
      for (const YamlEntry& e : r_.Entries(section.value)) {
        declare(Name{e.key, e.key_loc},
                r_.Expr(e.value, e.key_loc, r_.Text(kind.array, fmt::arg("name", e.key)),
                        r_.Text(kind.count)));
      }
      return;
    }
    if (!section.value.IsSequence()) {
      r_.Error(section.value_loc, DiagMsg::kNameListShape, fmt::arg("key", section.key),
               fmt::arg("found", r_.Describe(section.value)));
      return;
    }
    for (auto it = section.value.begin(); it != section.value.end(); ++it) {
      const YAML::Node& item = *it;
      if (!item.IsScalar()) {
        SourceLoc loc = item.IsNull() ? r_.EmptyItemLoc(item, section.value_loc)
                                      : r_.Loc(item, section.value_loc);
        r_.Error(loc, DiagMsg::kMustBeName, fmt::arg("what", r_.Text(kind.one)),
                 fmt::arg("found", r_.Describe(item)));
        continue;
      }
      declare(Name{item.Scalar(), r_.Loc(item, section.value_loc)}, std::nullopt);
    }
  }

  // `name: parties`: multiprocessing.Barrier(parties).
  void Barriers(const YamlEntry& section) {
    if (!IsMapSection(section, "name: parties")) return;
    for (const YamlEntry& e : r_.Entries(section.value)) {
      BarrierDecl b;
      b.name = Name{e.key, e.key_loc};
      if (!DeclareName(b.name, globals_)) continue;
      std::optional<SourceText> parties =
          r_.Expr(e.value, e.key_loc, r_.Text(DiagMsg::kWhatBarrier, fmt::arg("name", e.key)),
                  r_.Text(DiagMsg::kExpectParties));
      if (!parties) continue;
      b.parties = std::move(*parties);
      model_.barriers.push_back(std::move(b));
    }
  }

  // `name: maxsize`: multiprocessing.Queue(maxsize).
  void Queues(const YamlEntry& section) {
    if (!IsMapSection(section, "name: maxsize")) return;
    for (const YamlEntry& e : r_.Entries(section.value)) {
      QueueDecl q;
      q.name = Name{e.key, e.key_loc};
      if (!DeclareName(q.name, globals_)) continue;
      std::optional<SourceText> maxsize =
          r_.Expr(e.value, e.key_loc, r_.Text(DiagMsg::kWhatQueue, fmt::arg("name", e.key)),
                  r_.Text(DiagMsg::kExpectItems));
      if (!maxsize) continue;
      q.maxsize = std::move(*maxsize);
      model_.queues.push_back(std::move(q));
    }
  }

  // `[c]` (Condition(), with its own rlock, named c), or a mapping `c: mutex` (Condition(mutex))
  // or `c: {lock: mutex, spurious: true}` (either key may be left out).
  void Conditions(const YamlEntry& section) {
    auto declare = [&](ConditionDecl c) {
      if (!DeclareName(c.name, globals_)) return;
      if (!c.lock) {  // Condition(): its lock is an RLock of its own, named as the condition
        SyncDecl own;
        own.name = c.name;
        own.reentrant = true;
        model_.syncs.push_back(std::move(own));
      }
      model_.conditions.push_back(std::move(c));
    };
    if (section.value.IsSequence() || section.value.IsNull()) {
      const NameKind kind{DiagMsg::kWhatConditionArray, DiagMsg::kExpectConditions,
                          DiagMsg::kACondition};
      NameList(section, kind, [&](const Name& name, auto) {
        declare(ConditionDecl{name, std::nullopt, std::nullopt});
      });
      return;
    }
    if (!IsMapSection(section, "name: lock")) return;
    for (const YamlEntry& e : r_.Entries(section.value)) {
      ConditionDecl c{Name{e.key, e.key_loc}, std::nullopt, std::nullopt};
      const std::string what = r_.Text(DiagMsg::kWhatCondition, fmt::arg("name", e.key));
      auto lock_name = [&](const YamlEntry& at) -> std::optional<Name> {
        if (at.value.IsScalar() && !at.value.Scalar().empty()) {
          return Name{at.value.Scalar(), at.value_loc};
        }
        r_.Error(at.value_loc, DiagMsg::kCondLockNotName, fmt::arg("what", what),
                 fmt::arg("found", r_.Describe(at.value)));
        return std::nullopt;
      };
      if (e.value.IsMap()) {
        std::vector<YamlEntry> fields = r_.Entries(e.value);
        r_.CheckKeys(fields, what, {"lock", "spurious"});
        for (const YamlEntry& f : fields) {
          if (f.key == "lock") {
            c.lock = lock_name(f);
            if (!c.lock) continue;
          } else if (f.key == "spurious") {
            c.spurious = r_.Expr(f.value, f.key_loc, FieldOf("spurious", what),
                                 r_.Text(DiagMsg::kExpectReentrant));
          }
        }
      } else if (!e.value.IsNull()) {
        c.lock = lock_name(e);
        if (!c.lock) continue;
      }
      declare(std::move(c));
    }
  }

  // `name: init` or `name: {init: e, max: e}`.
  void Semaphores(const YamlEntry& section) {
    if (!IsMapSection(section, "name: initial value")) return;
    for (const YamlEntry& e : r_.Entries(section.value)) {
      SyncDecl s;
      s.name = Name{e.key, e.key_loc};
      s.is_semaphore = true;
      if (!DeclareName(s.name, globals_)) continue;
      std::string what = r_.Text(DiagMsg::kWhatSemaphore, fmt::arg("name", e.key));
      if (!e.value.IsMap()) {
        if (auto init = r_.Expr(e.value, e.key_loc, what)) s.init = std::move(*init);
      } else {
        std::vector<YamlEntry> fields = r_.Entries(e.value);
        r_.CheckKeys(fields, what, {"init", "max", "array"});
        bool has_init = false;
        for (const YamlEntry& f : fields) {
          if (f.key == "array") {
            s.array = r_.Expr(f.value, f.key_loc, FieldOf("array", what),
                              r_.Text(DiagMsg::kExpectElements));
          } else if (f.key == "init") {
            has_init = true;
            if (auto init = r_.Expr(f.value, f.key_loc, FieldOf("init", what))) s.init = *init;
          } else if (f.key == "max") {
            s.max = r_.Expr(f.value, f.key_loc, FieldOf("max", what));
          }
        }
        if (!has_init) {
          r_.Error(e.key_loc, DiagMsg::kNoInitSemaphore, fmt::arg("what", what));
        }
      }
      model_.syncs.push_back(std::move(s));
    }
  }

  void Processes(const YamlEntry& section) {
    if (!IsMapSection(section, "template name: {instances, locals, steps}")) return;
    const NameScope vars = globals_;  // locals may not shadow params, shared variables, syncs
    for (const YamlEntry& e : r_.Entries(section.value)) {
      ProcessDecl p;
      p.name = Name{e.key, e.key_loc};
      if (!DeclareName(p.name, globals_)) continue;
      std::string what = r_.Text(DiagMsg::kWhatProcess, fmt::arg("name", e.key));
      if (!e.value.IsMap()) {
        r_.Error(e.value_loc, DiagMsg::kProcessNotMapping, fmt::arg("what", what),
                 fmt::arg("found", r_.Describe(e.value)));
        continue;
      }
      std::vector<YamlEntry> fields = r_.Entries(e.value);
      r_.CheckKeys(fields, what, {"instances", "locals", "steps"});
      p.instances = SourceText{"1", e.key_loc};
      bool has_steps = false;
      NameScope locals(&vars);  // not a copy: a model can have 10^5 names and templates
      for (const YamlEntry& f : fields) {
        if (f.key == "instances") {
          if (auto n = r_.Expr(f.value, f.key_loc, FieldOf("instances", what))) p.instances = *n;
        } else if (f.key == "locals") {
          Vars(f, "local", locals, p.locals);
        } else if (f.key == "steps") {
          has_steps = true;
          p.steps = ReadSteps(r_, f.value, "steps", f.key_loc);
        }
      }
      if (!has_steps) {
        r_.Error(e.key_loc, DiagMsg::kNoSteps, fmt::arg("what", what));
      }
      model_.processes.push_back(std::move(p));
    }
  }

  // `name: condition`, or `name: {holds: condition, goal: "text"}`.
  void Properties(const YamlEntry& section, DiagMsg kind, std::vector<PropertyDecl>& out) {
    if (!IsMapSection(section, "name: condition")) return;
    for (const YamlEntry& e : r_.Entries(section.value)) {
      PropertyDecl p;
      p.name = Name{e.key, e.key_loc};
      if (!DeclareName(p.name, properties_)) continue;
      const std::string what = r_.Text(kind, fmt::arg("name", e.key));
      if (!e.value.IsMap()) {
        if (auto expr = r_.Expr(e.value, e.key_loc, what, r_.Text(DiagMsg::kExpectCondition))) {
          p.expr = std::move(*expr);
          out.push_back(std::move(p));
        }
        continue;
      }
      std::vector<YamlEntry> fields = r_.Entries(e.value);
      r_.CheckKeys(fields, what, {"holds", "goal"});
      bool has_expr = false;
      for (const YamlEntry& f : fields) {
        if (f.key == "holds") {
          if (auto expr = r_.Expr(f.value, f.key_loc, FieldOf("holds", what),
                                  r_.Text(DiagMsg::kExpectCondition))) {
            p.expr = std::move(*expr);
            has_expr = true;
          }
        } else if (f.key == "goal") {
          p.goal =
              r_.Expr(f.value, f.key_loc, FieldOf("goal", what), r_.Text(DiagMsg::kExpectString));
        }
      }
      if (!has_expr) {
        if (std::none_of(fields.begin(), fields.end(),
                         [](const YamlEntry& f) { return f.key == "holds"; })) {
          r_.Error(e.key_loc, DiagMsg::kNoHolds, fmt::arg("what", what));
        }
        continue;
      }
      out.push_back(std::move(p));
    }
  }

  // `--set name=value`: diagnostics point into a SourceFile "--set" holding the text.
  void Override(const ParamOverride& o) {
    auto file = std::make_shared<const SourceFile>("--set", o.text);
    SourceLoc whole{file, 1, 1, static_cast<int>(o.text.size())};
    size_t eq = o.text.find('=');
    size_t name_at = 0, value_at = 0;
    std::string_view text = o.text;
    std::string_view name = Trim(text.substr(0, std::min(eq, text.size())), &name_at);
    std::string_view value =
        eq == std::string::npos ? std::string_view() : Trim(text.substr(eq + 1), &value_at);
    if (eq == std::string::npos || name.empty() || value.empty()) {
      r_.Error(whole, DiagMsg::kSetShape, fmt::arg("text", o.text));
      return;
    }
    SourceLoc name_loc = whole.Shifted(static_cast<int>(name_at), static_cast<int>(name.size()));
    SourceLoc value_loc =
        whole.Shifted(static_cast<int>(eq + 1 + value_at), static_cast<int>(value.size()));
    ParamDecl* param = nullptr;
    std::vector<std::string> names;
    for (ParamDecl& p : model_.params) {
      names.push_back(p.name.text);
      if (p.name.text == name) param = &p;
    }
    if (!param) {
      UnknownParam(name, name_loc, names);
      return;
    }
    int64_t v = 0;
    if (param->is_bool) {
      if (value != "true" && value != "false") {
        r_.Error(value_loc, DiagMsg::kParamTrueOrFalse, fmt::arg("name", name),
                 fmt::arg("value", value));
        return;
      }
      v = value == "true" ? 1 : 0;
    } else {
      IntParse parsed = ParseInt(value, &v);
      if (parsed == IntParse::kNotInteger) {
        r_.Error(value_loc, DiagMsg::kParamInteger, fmt::arg("name", name),
                 fmt::arg("value", value));
        return;
      }
      if (parsed == IntParse::kOverflow) {
        r_.Error(value_loc, DiagMsg::kParamOverflow, fmt::arg("value", value),
                 fmt::arg("name", name));
        return;
      }
    }
    param->default_value = v;
    param->value_loc = value_loc;
    param->overridden = true;
  }

  void UnknownParam(std::string_view name, const SourceLoc& loc,
                    const std::vector<std::string>& names) {
    std::string suggestion = ClosestName(name, names);
    if (!suggestion.empty()) {
      Diagnostic& d = r_.Error(loc, DiagMsg::kUnknownParamDidYouMean, fmt::arg("name", name),
                               fmt::arg("suggestion", suggestion));
      for (const ParamDecl& p : model_.params) {
        if (p.name.text == suggestion) {
          d.notes.push_back(
              {p.name.loc, r_.Text(DiagMsg::kDeclaredHere, fmt::arg("name", suggestion))});
        }
      }
    } else if (!names.empty()) {
      r_.Error(loc, DiagMsg::kUnknownParamList, fmt::arg("name", name),
               fmt::arg("list", QuotedList(names)))
          .notes.push_back({params_loc_, r_.Text(DiagMsg::kParamsDeclaredHere)});
    } else {
      r_.Error(loc, DiagMsg::kUnknownParamNone, fmt::arg("name", name));
    }
  }

  // "'init' of shared variable 'x'": field `field` of the thing `what` names.
  std::string FieldOf(std::string_view field, const std::string& what) const {
    return r_.Text(DiagMsg::kFieldOf, fmt::arg("field", field), fmt::arg("what", what));
  }

  YamlReader& r_;
  Model model_;
  NameScope globals_;     // params, shared variables, locks, semaphores, process templates
  NameScope properties_;  // invariants and final properties
  SourceLoc params_loc_;
};

}  // namespace

std::optional<Model> LoadModelText(const std::string& name, const std::string& text,
                                   const std::vector<ParamOverride>& overrides,
                                   DiagnosticSink& diags, const ModelLimits& limits) {
  auto file = std::make_shared<const SourceFile>(name, text);
  SourceLoc start{file, 1, 1, 1};
  if (!CheckModelText(file, limits, diags)) return std::nullopt;
  switch (ScanYaml(file, limits, diags)) {
    case YamlScan::kError:
      return std::nullopt;
    case YamlScan::kEmpty:
      diags.Error(start, DiagMsg::kModelEmpty);
      return std::nullopt;
    case YamlScan::kOk:
      break;
  }
  YamlReader reader(file, diags);
  // The one place that builds yaml-cpp's tree (ScanYaml has parsed the same text); its
  // exceptions stop here. One document: YAML::LoadAll can loop forever (input_checks.h).
  try {
    YAML::Node root = YAML::Load(text);
    return ModelReader(reader).Read(root, overrides);
  } catch (const YAML::Exception& e) {
    ReportYamlError(file, e.mark.line, e.mark.column, e.msg, diags);
    return std::nullopt;
  }
}

std::optional<Model> LoadModelFile(const std::string& path,
                                   const std::vector<ParamOverride>& overrides,
                                   DiagnosticSink& diags, const ModelLimits& limits) {
  std::optional<std::string> text = ReadModelFile(path, limits, diags);
  if (!text) return std::nullopt;
  return LoadModelText(path, *text, overrides, diags, limits);
}

}  // namespace racecheck
