// Granularity (granularity.h).
#include "engine/semantics/granularity.h"

#include <fmt/format.h>

#include <cctype>
#include <set>

namespace racecheck {

namespace {

// The shared variable stored in state field `field`, or -1.
int VarOfField(const System& sys, int field) {
  for (size_t i = 0; i < sys.shared().size(); ++i) {
    if (sys.shared()[i].field == field) return static_cast<int>(i);
  }
  return -1;
}

std::set<int> FieldsRead(const PInstr& in) {
  std::set<int> out;
  ForEachSharedRead(in, [&](int f) { out.insert(f); });
  return out;
}

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// `text` with every whole-word `name` replaced by `with`.
std::string ReplaceWord(const std::string& text, const std::string& name, const std::string& with) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, name.size(), name) == 0 && (i == 0 || !IsWordChar(text[i - 1])) &&
        (i + name.size() == text.size() || !IsWordChar(text[i + name.size()]))) {
      out += with;
      i += name.size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

// "`tmp = n` then `n = tmp + 1`" for the assignment `text` ("n = n + 1", "n += 1") to `var`.
std::string Split(const System& sys, const Template& t, const std::string& text,
                  const std::string& var) {
  size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return "";
  std::string rhs = Trim(text.substr(eq + 1));
  const char compound = text[eq - 1];
  if (compound == '+' || compound == '-') {
    rhs = fmt::format("{} {} {}", var, compound, rhs);
  }
  std::set<std::string> taken;
  for (const VarInfo& v : t.locals) taken.insert(v.name);
  for (const VarInfo& v : sys.shared()) taken.insert(v.name);
  std::string tmp = "tmp";
  for (int k = 2; taken.count(tmp); ++k) tmp = fmt::format("tmp{}", k);
  return fmt::format("`{} = {}` then `{} = {}` (with a local `{}`)", tmp, var, var,
                     ReplaceWord(rhs, var, tmp), tmp);
}

}  // namespace

std::vector<AtomicReadWrite> AtomicReadWrites(const System& sys) {
  // How many processes read or write each shared variable: with one, there is no race to see.
  std::vector<int> touched_by(sys.shared().size(), 0);
  for (const Template& t : sys.templates()) {
    std::set<int> fields;
    for (const PInstr& x : t.code) {
      std::set<int> r = FieldsRead(x);
      fields.insert(r.begin(), r.end());
      ForEachSharedWrite(x, [&](int f) { fields.insert(f); });
    }
    for (int field : fields) {
      const int var = VarOfField(sys, field);
      if (var >= 0) touched_by[var] += t.instances;
    }
  }
  std::vector<AtomicReadWrite> out;
  for (int ti = 0; ti < static_cast<int>(sys.templates().size()); ++ti) {
    const Template& t = sys.templates()[ti];
    const int32_t n = static_cast<int32_t>(t.code.size());
    for (int32_t pc = 0; pc < n;) {
      const PInstr& in = t.code[pc];
      // A group is looked at once, as a whole; any other instruction on its own.
      const bool group = in.group_begin >= 0;
      const int32_t begin = group ? in.group_begin : pc;
      const int32_t end = group ? in.group_end : pc + 1;
      std::set<int> read, written;
      for (int32_t q = begin; q < end; ++q) {
        const PInstr& x = t.code[q];
        std::set<int> r = FieldsRead(x);
        read.insert(r.begin(), r.end());
        // An element chosen by an index is not named here: which one is a matter of the state.
        if (x.kind == InstrKind::kAssign && !PInstr::IsLocalTarget(x.target) && x.length == 0) {
          written.insert(x.target);
        }
      }
      for (int field : written) {
        if (!read.count(field)) continue;
        const int var = VarOfField(sys, field);
        if (var < 0 || sys.shared()[var].ghost || touched_by[var] < 2) continue;
        AtomicReadWrite a;
        a.tmpl = ti;
        a.begin = begin;
        a.end = end;
        a.var = var;
        a.in_atomic = group;
        const Step* step = t.code[begin].step;
        if (step != nullptr) a.loc = step->loc;
        if (!group && step != nullptr) {
          a.text = step->source;
          a.split = Split(sys, t, step->text.text, sys.shared()[var].name);
        } else {
          a.text = "atomic:";
        }
        out.push_back(std::move(a));
      }
      pc = end;
    }
  }
  return out;
}

std::string CheckNote(const System& sys, const AtomicReadWrite& a) {
  const std::string& var = sys.shared()[a.var].name;
  std::string out = fmt::format(
      "line {} reads and writes shared '{}' in one atomic step (`{}`); real processes cannot; "
      "split it to see the race",
      a.loc.line, var, a.text);
  if (!a.split.empty()) out += ": " + a.split;
  return out;
}

std::string DivergenceNote(const System& sys, const AtomicReadWrite& a) {
  const std::string& var = sys.shared()[a.var].name;
  if (a.in_atomic) {
    return fmt::format(
        "The model's `atomic:` group at line {} reads and writes shared '{}' as one step; the "
        "real processes read it and then write it, and another process's write can come in "
        "between: a race the model cannot show. To see it in the model, split the group (or "
        "hold a lock around it to make it really atomic).",
        a.loc.line, var);
  }
  return fmt::format(
      "The model's step '{}' (line {}) reads and writes shared '{}' in one atomic step; the real "
      "processes read it and then write it, and another process's write can come in between: "
      "a race the model cannot show. Split the step to see it: {}.",
      a.text, a.loc.line, var, a.split);
}

}  // namespace racecheck
