// Granularity (granularity.h).
#include "engine/semantics/granularity.h"

#include <fmt/format.h>

#include <cctype>
#include <set>

#include "engine/support/messages.h"

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

// The split of the assignment `text` ("n = n + 1", "n += 1") to `var` into a's split_* parts:
// `tmp = n` then `n = tmp + 1`. Leaves them empty when `text` is not an assignment.
void Split(const System& sys, const Template& t, const std::string& text, const std::string& var,
           AtomicReadWrite* a) {
  size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return;
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
  a->split_tmp = tmp;
  a->split_read = fmt::format("{} = {}", tmp, var);
  a->split_write = fmt::format("{} = {}", var, ReplaceWord(rhs, var, tmp));
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
          Split(sys, t, step->text.text, sys.shared()[var].name, &a);
          a.split = SplitText(a, Lang::kEn);
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

std::string SplitText(const AtomicReadWrite& a, Lang lang) {
  if (a.split_read.empty()) return "";
  return Say(lang, Msg::kGranularitySteps, fmt::arg("read", a.split_read),
             fmt::arg("write", a.split_write), fmt::arg("tmp", a.split_tmp));
}

std::string CheckNote(const System& sys, const AtomicReadWrite& a, Lang lang) {
  const std::string split = SplitText(a, lang);
  return Say(
      lang, Msg::kGranularityNote, fmt::arg("line", a.loc.line),
      fmt::arg("var", sys.shared()[a.var].name), fmt::arg("text", a.text),
      fmt::arg("split",
               split.empty() ? "" : Say(lang, Msg::kGranularitySplit, fmt::arg("split", split))));
}

std::string DivergenceNote(const System& sys, const AtomicReadWrite& a, Lang lang) {
  const std::string& var = sys.shared()[a.var].name;
  if (a.in_atomic) {
    return Say(lang, Msg::kDivergenceAtomicGroup, fmt::arg("line", a.loc.line),
               fmt::arg("var", var));
  }
  return Say(lang, Msg::kDivergenceAtomicStep, fmt::arg("text", a.text),
             fmt::arg("line", a.loc.line), fmt::arg("var", var),
             fmt::arg("split", SplitText(a, lang)));
}

}  // namespace racecheck
