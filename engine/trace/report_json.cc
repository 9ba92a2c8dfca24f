// A Trace as JSON (report_json.h).
#include "engine/trace/report_json.h"

#include "engine/trace/describe.h"
#include "engine/trace/schedule.h"

namespace racecheck {

nlohmann::json FieldValueJson(const System& system, int field, int64_t value) {
  if (system.FieldIsBool(field)) return value != 0;
  const int sync = SyncIndexOfField(system, field);
  if (sync >= 0 && !system.syncs()[sync].is_semaphore) {
    if (value <= 0 || value > system.num_processes()) return nullptr;
    return system.processes()[value - 1].name;
  }
  return value;
}

nlohmann::json StateJson(const System& system, const uint64_t* s) {
  nlohmann::json out = nlohmann::json::object();
  auto add = [&](int field) {
    if (field < 0) return;
    out[system.FieldName(field)] = FieldValueJson(system, field, FieldValue(system, field, s));
  };
  for (const VarInfo& v : system.shared()) add(v.field);
  if (!system.options().elide_sync) {
    for (const SyncInfo& y : system.syncs()) add(y.field);
  }
  return out;
}

nlohmann::json TraceStepJson(const System& system, const TraceStep& step) {
  const int p = step.process;
  const int tmpl = system.processes()[p].tmpl;
  const Template& t = system.templates()[tmpl];
  nlohmann::json reads = nlohmann::json::object();
  nlohmann::json writes = nlohmann::json::object();
  nlohmann::json prints = nlohmann::json::array();
  nlohmann::json instructions = nlohmann::json::array();
  nlohmann::json passed = nlohmann::json::array();
  const Step* shown = nullptr;  // the step as written: the first one run, or its atomic group
  for (const TraceInstr& ti : step.instrs) {
    const PInstr* in =
        ti.pc >= 0 && ti.pc < static_cast<int32_t>(t.code.size()) ? &t.code[ti.pc] : nullptr;
    if (ti.passed) {
      const bool shown_kind =
          in != nullptr && (in->kind == InstrKind::kSleep || in->kind == InstrKind::kElided);
      if (shown_kind && in->step != nullptr) passed.push_back(in->step->source);
      continue;
    }
    if (in != nullptr && in->step != nullptr) {
      nlohmann::json instr = {{"line", in->step->loc.line}, {"source", in->step->source}};
      if (!in->loop.empty()) instr["loop"] = in->loop;
      instructions.push_back(std::move(instr));
      if (shown == nullptr) {
        const Step* atomic =
            in->group_begin >= 0 ? EnclosingAtomic(system, tmpl, in->step) : nullptr;
        shown = atomic != nullptr ? atomic : in->step;
      }
    }
    for (const TraceRead& r : ti.reads) {
      const std::string name = FieldLabel(system, r.field, p);
      if (!reads.contains(name)) reads[name] = FieldValueJson(system, r.field, r.value);
    }
    for (const TraceWrite& w : ti.writes) {
      writes[FieldLabel(system, w.field, p)] = FieldValueJson(system, w.field, w.new_value);
    }
    for (const std::string& text : ti.prints) prints.push_back(text);
  }
  nlohmann::json out;
  out["index"] = step.index;
  out["process"] = system.processes()[p].name;
  out["line"] = shown != nullptr ? nlohmann::json(shown->loc.line) : nlohmann::json(nullptr);
  out["source"] = shown != nullptr ? nlohmann::json(shown->source) : nlohmann::json(nullptr);
  out["instructions"] = std::move(instructions);
  out["passed"] = std::move(passed);
  out["reads"] = std::move(reads);
  out["writes"] = std::move(writes);
  out["prints"] = std::move(prints);
  out["shared_after"] = StateJson(system, step.state.data());
  if (step.result.status == StepStatus::kViolation) {
    out["violation"] = {
        {"property", step.result.property >= 0
                         ? nlohmann::json(system.properties()[step.result.property].name)
                         : nlohmann::json(nullptr)},
        {"detail", step.result.detail}};
  } else {
    out["violation"] = nullptr;
  }
  return out;
}

nlohmann::json ViolationJson(const System& system, const Trace& trace) {
  const TraceViolation& v = trace.violation;
  if (v.property < 0) return nullptr;
  const PropertyInfo& p = system.properties()[v.property];
  nlohmann::json out;
  out["name"] = p.name;
  out["kind"] = PropertyKindName(p.kind);
  out["text"] = p.text;
  out["line"] = p.loc.known() ? nlohmann::json(p.loc.line) : nlohmann::json(nullptr);
  out["step"] = v.step;
  out["detail"] = v.detail;
  out["description"] = DescribeProperty(system, v.property);
  return out;
}

nlohmann::json TraceJson(const System& system, const Trace& trace) {
  nlohmann::json out;
  bool valid = true;
  for (int32_t p : trace.schedule) valid &= p >= 0 && p < system.num_processes();
  out["schedule"] = valid ? FormatSchedule(system, trace.schedule) : std::string();
  nlohmann::json steps = nlohmann::json::array();
  for (const TraceStep& s : trace.steps) steps.push_back(TraceStepJson(system, s));
  out["steps"] = std::move(steps);
  out["property"] = ViolationJson(system, trace);
  out["final"] = StateJson(system, trace.final_state().data());
  out["error"] = trace.ok() ? nlohmann::json(nullptr) : nlohmann::json(trace.status.message());
  out["unused"] = trace.unused;
  return out;
}

}  // namespace racecheck
