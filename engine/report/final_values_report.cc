// FinalValuesText, FinalValuesJson (final_values_report.h).
#include "engine/report/final_values_report.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <utility>
#include <vector>

#include "engine/report/schedule_report.h"
#include "engine/support/messages.h"
#include "engine/support/numbers.h"
#include "engine/trace/describe.h"

namespace racecheck {

namespace {

using fmt::arg;

// "n=2 sold=1", as the trace's "final values" line writes them.
std::string Valuation(const System& sys, const std::vector<int>& vars,
                      const std::vector<int64_t>& values) {
  std::string out;
  for (size_t i = 0; i < vars.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += FieldAssign(sys, sys.shared()[static_cast<size_t>(vars[i])].field, values[i], -1);
  }
  return out;
}

std::string PropertyNames(const System& sys, const std::vector<int32_t>& props, Lang lang) {
  std::string out;
  for (int32_t p : props)
    out += (out.empty() ? "" : Say(lang, Msg::kNameSep)) + PropertyName(sys, p, lang);
  return out;
}

}  // namespace

std::string FinalValuesText(const CheckResult& report) {
  if (!report.final_values) return "";
  const Lang lang = report.lang;
  const System& sys = *report.variants.front().system;
  // The rows of every variant, keyed by values and violations, in the order of the values.
  using Key = std::pair<std::vector<int64_t>, std::vector<int32_t>>;
  std::map<Key, std::vector<const FinalValuation*>> rows;
  const std::vector<int>* vars = nullptr;
  for (size_t i = 0; i < report.variants.size(); ++i) {
    const VariantCounts& c = report.variants[i].counts;
    if (!c.counted || !c.finals.computed) continue;
    vars = &c.finals.vars;
    for (const FinalValuation& r : c.finals.rows) {
      std::vector<const FinalValuation*>& cells = rows[{r.values, r.violated}];
      cells.resize(report.variants.size(), nullptr);
      cells[i] = &r;
    }
  }
  if (vars == nullptr) return "";  // nothing counted: the schedule paragraphs say why
  std::vector<TableRow> table;
  TableRow head{"", {}};
  for (const VariantResult& v : report.variants) {
    head.second.push_back(VariantTitle(v, lang));
  }
  table.push_back(head);
  size_t shown = 0;
  for (const auto& [key, cells] : rows) {
    if (shown++ == kMaxFinalValueRows) break;
    std::string label = Valuation(sys, *vars, key.first);
    if (!key.second.empty()) {
      label = Say(lang, Msg::kFinalValuesViolates, arg("values", label),
                  arg("names", PropertyNames(sys, key.second, lang)));
    }
    TableRow row{label, {}};
    for (size_t i = 0; i < report.variants.size(); ++i) {
      const VariantCounts& c = report.variants[i].counts;
      const FinalValuation* r = i < cells.size() ? cells[i] : nullptr;
      if (!c.counted) {
        row.second.push_back(Say(lang, Msg::kNotCounted));
      } else if (r == nullptr) {
        row.second.push_back("0");
      } else {
        std::string cell = ScheduleCountText(r->schedules, lang);
        const std::string share = ShareText(r->fraction, 1 - r->fraction, lang);
        if (!share.empty())
          cell = Say(lang, Msg::kFinalValuesCell, arg("n", cell), arg("share", share));
        if (!std::isnan(r->probability)) {
          cell = Say(lang, Msg::kFinalValuesRandom, arg("cell", cell),
                     arg("p", ShareText(r->probability, 1 - r->probability, lang)));
        }
        row.second.push_back(cell);
      }
    }
    table.push_back(std::move(row));
  }
  std::string out = Say(lang, Msg::kFinalValuesHead) + "\n" + AlignedTable(table);
  if (rows.size() > kMaxFinalValueRows) {
    out +=
        "  " + Say(lang, Msg::kFinalValuesMore, arg("n", rows.size() - kMaxFinalValueRows)) + "\n";
  }
  for (const std::string& line : WrapText(Say(lang, Msg::kFinalValuesLegend), 94)) {
    out += "  " + line + "\n";
  }
  return out;
}

nlohmann::json FinalValuesJson(const VariantResult& v) {
  using nlohmann::json;
  const FinalValues& f = v.counts.finals;
  if (!v.counts.counted || !f.computed) return nullptr;
  const System& sys = *v.system;
  auto number = [](double x) { return std::isnan(x) ? json(nullptr) : json(x); };
  json vars = json::array();
  for (int i : f.vars) vars.push_back(sys.shared()[static_cast<size_t>(i)].name);
  json rows = json::array();
  for (const FinalValuation& r : f.rows) {
    json values = json::object();
    for (size_t i = 0; i < f.vars.size(); ++i) {
      const VarInfo& var = sys.shared()[static_cast<size_t>(f.vars[i])];
      values[var.name] = sys.FieldIsBool(var.field) ? json(r.values[i] != 0) : json(r.values[i]);
    }
    json violates = json::array();
    for (int32_t p : r.violated) violates.push_back(sys.properties()[static_cast<size_t>(p)].name);
    rows.push_back({{"values", values},
                    {"violates", violates},
                    {"schedules", CountJson(r.schedules)},
                    {"fraction", number(r.fraction)},
                    {"probability", number(r.probability)}});
  }
  return {{"vars", vars}, {"complete", CountJson(f.complete)}, {"rows", rows}};
}

}  // namespace racecheck
