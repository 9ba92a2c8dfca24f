// The state graph as DOT (dot_report.h).
#include "engine/report/dot_report.h"

#include <fmt/format.h>

#include "engine/report/check_report.h"
#include "engine/report/schedule_report.h"
#include "engine/support/messages.h"
#include "engine/support/numbers.h"
#include "engine/trace/describe.h"

namespace racecheck {

namespace {

using fmt::arg;

// "L33", "done" (in `lang`): where process p of state s is.
std::string Position(const System& sys, const uint64_t* s, int p, Lang lang) {
  if (sys.Finished(s, p)) return Say(lang, Msg::kDotDone);
  const PInstr& in = sys.NextInstr(s, p);
  return in.step != nullptr ? fmt::format("L{}", in.step->loc.line) : "?";
}

// Where each process of state s is: "client#0 L33, client#1 done"; for canonical states, per
// template ("client: L28 L33"), since which instance is where is not known.
std::string Positions(const System& sys, const uint64_t* s, bool canonical, Lang lang) {
  std::string out;
  for (const Template& t : sys.templates()) {
    for (int k = 0; k < t.instances; ++k) {
      const int p = t.first_process + k;
      if (canonical && t.instances > 1) {
        out += k == 0 ? (out.empty() ? "" : "\n") + t.name + ":" : "";
        out += " " + Position(sys, s, p, lang);
        continue;
      }
      if (!out.empty()) out += "\n";
      out += sys.processes()[p].name + " " + Position(sys, s, p, lang);
    }
  }
  return out;
}

// Who moved: the process, or under symmetry its template ("client").
std::string Mover(const System& sys, int32_t process, bool canonical) {
  const ProcessInfo& info = sys.processes()[process];
  const Template& t = sys.templates()[info.tmpl];
  return canonical && t.instances > 1 ? t.name : info.name;
}

std::string Cluster(const CheckResult& result, size_t index) {
  const VariantResult& v = result.variants[index];
  const VariantGraph& g = *v.graph;
  const System& sys = g.searched ? *g.searched : *v.system;
  const StateGraph& graph = g.graph;
  const Lang lang = result.lang;
  const std::string prefix = fmt::format("v{}_", index);
  std::string out = fmt::format("  subgraph cluster_{} {{\n", index);
  out += fmt::format("    label={};\n    style=rounded; color=\"#8792a8\";\n",
                     DotQuote(Say(lang, Msg::kDotCluster, arg("variant", VariantTitle(v, lang)),
                                  arg("verdict", VerdictCell(v, lang)),
                                  arg("states", Thousands(v.result.stats.states)),
                                  arg("transitions", Thousands(v.result.stats.transitions)))));
  for (size_t i = 0; i < graph.size(); ++i) {
    const uint64_t* s = graph.state(i);
    std::string label = SharedSummary(sys, s, lang) + "\n" + Positions(sys, s, g.canonical, lang);
    std::string attrs;
    const int32_t bad = g.violated[i];
    if (bad >= 0) {
      label += "\n✗ " + PropertyName(sys, bad, lang);
      attrs += ", fillcolor=\"#fde8e6\", color=\"#b3261e\"";
    }
    if (i == 0) attrs += ", peripheries=2";
    if (sys.Terminal(s)) attrs += ", penwidth=2.5";
    out += fmt::format("    {}s{} [label={}{}];\n", prefix, i, DotQuote(label), attrs);
  }
  int stop = 0;
  for (size_t e = 0; e < graph.edges.size(); ++e) {
    const StateGraphEdge& edge = graph.edges[e];
    const std::string path = g.on_path[e] ? ", color=\"#d93025\", penwidth=3" : "";
    const std::string who = Mover(sys, edge.process, g.canonical);
    if (edge.to == StateGraphEdge::kNoState) {
      const std::string node = fmt::format("{}x{}", prefix, stop++);
      out += fmt::format(
          "    {} [label={}, shape=octagon, fillcolor=\"#fde8e6\", color=\"#b3261e\", "
          "class=\"violating-step\"];\n",
          node, DotQuote("✗ " + PropertyName(sys, edge.property, lang)));
      out += fmt::format("    {}s{} -> {} [label={}, color=\"#d93025\"{}];\n", prefix, edge.from,
                         node, DotQuote(who), path);
      continue;
    }
    out += fmt::format("    {}s{} -> {}s{} [label={}{}];\n", prefix, edge.from, prefix, edge.to,
                       DotQuote(who), path);
  }
  out += "  }\n";
  return out;
}

}  // namespace

std::string DotQuote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string RenderCheckDot(const CheckResult& result) {
  const System& first = *result.variants.front().system;
  std::string params;
  for (const ParamValue& p : first.params()) {
    params += fmt::format("{}{}={}", params.empty() ? "" : " ", p.name,
                          p.is_bool ? (p.value != 0 ? "true" : "false") : std::to_string(p.value));
  }
  const Lang lang = result.lang;
  const std::string model =
      params.empty()
          ? result.model->name
          : Say(lang, Msg::kDotModel, arg("name", result.model->name), arg("params", params));
  std::string out = "digraph racecheck {\n";
  out += fmt::format(
      "  graph [label={}, labelloc=t, fontname=\"DejaVu Sans\", fontsize=14, rankdir=TB];\n",
      DotQuote(Say(lang, result.variants.size() > 1 ? Msg::kDotTitleBoth : Msg::kDotTitle,
                   arg("model", model))));
  out +=
      "  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"DejaVu Sans "
      "Mono\", fontsize=10];\n";
  out += "  edge [fontname=\"DejaVu Sans Mono\", fontsize=9, color=\"#4b5563\"];\n";
  for (size_t i = 0; i < result.variants.size(); ++i) {
    if (result.variants[i].graph) out += Cluster(result, i);
  }
  out += "}\n";
  return out;
}

}  // namespace racecheck
