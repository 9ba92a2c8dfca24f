// The report of a check as a Graphviz DOT graph (`--format dot`): the reachable state graph of
// each variant (VariantResult::graph: reduced, or the plain one with --no-reduce), the variants
// as two clusters. A node per stored state, labelled with its shared values and where each
// process is (the line of its next step, or "done"; under symmetry, per template: "client: L28
// L31", as the state does not say which instance is where); an edge per transition, labelled
// with the process that moved (under symmetry, its template); the initial state with a double
// border, terminal states bold, states that violate a property red with its name, the
// counterexample's path in thick red, and a step that violates a property as a red edge to an
// octagon naming it. The titles, "done" and the engine's own properties ("deadlock") are in the
// report's language (--lang); the model's names (variables, processes, properties) are its own.
//
//   racecheck models/ticket.yaml --set clients=2 --format dot | dot -Tsvg > ticket.svg
//
// Presentation only; deterministic (states and edges in the search's order). Pure; thread-safe.
// REQUIRES: result.has_report() and every variant's graph (CheckOptions::state_graph).
#ifndef RACECHECK_ENGINE_REPORT_DOT_REPORT_H_
#define RACECHECK_ENGINE_REPORT_DOT_REPORT_H_

#include <string>
#include <string_view>

#include "engine/check/check.h"

namespace racecheck {

// `text` as a DOT string literal, with its quotes.
std::string DotQuote(std::string_view text);

std::string RenderCheckDot(const CheckResult& result);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_REPORT_DOT_REPORT_H_
