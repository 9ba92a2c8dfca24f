// SearchVariant and DescribeReductions (search.h).
#include "engine/check/search.h"

#include <fmt/format.h>

#include "engine/trace/shorten.h"

namespace racecheck {

ExploreResult SearchVariant(const Variant& v, ExploreOptions options, SearchReductions use,
                            std::vector<Counterexample>* counterexamples,
                            std::vector<std::string>* reductions) {
  return SearchSystem(*v.system, v.reduced ? *v.reduced : *v.system, options, use, counterexamples,
                      reductions);
}

ExploreResult SearchSystem(const System& plain, const System& searched, ExploreOptions options,
                           SearchReductions use, std::vector<Counterexample>* counterexamples,
                           std::vector<std::string>* reductions) {
  Symmetry symmetry(searched);
  PartialOrder partial_order(searched);
  options.symmetry = use.symmetry && symmetry.active() ? &symmetry : nullptr;
  options.partial_order = use.partial_order && partial_order.active() ? &partial_order : nullptr;
  if (reductions != nullptr) {
    *reductions = DescribeReductions(searched, symmetry, use.symmetry,
                                     use.partial_order ? &partial_order : nullptr);
  }
  ExploreResult r = Explore(searched, options);
  *counterexamples = ConcretizeCounterexamples(searched, options.symmetry, r);
  for (Counterexample& c : *counterexamples) {
    c.schedule = ShortenSchedule(plain, c.schedule, c.property);
  }
  return r;
}

std::vector<std::string> DescribeReductions(const System& searched, const Symmetry& symmetry,
                                            bool symmetry_used, const PartialOrder* partial_order) {
  std::vector<std::string> out;
  out.push_back(searched.options().reduce_locals
                    ? "local steps fused with the step before them; dead locals reset"
                    : "no local-step reduction");
  if (!symmetry_used) {
    out.push_back("no symmetry reduction");
  } else {
    for (const Template& t : searched.templates()) {
      bool noted = false;
      for (const std::string& n : symmetry.notes()) {
        if (n.find("'" + t.name + "'") != std::string::npos) noted = true;
      }
      if (t.instances >= 2 && !noted) {
        out.push_back(fmt::format("symmetry: the {} instances of '{}' are interchangeable",
                                  t.instances, t.name));
      }
    }
    for (const std::string& n : symmetry.notes()) out.push_back(n);
  }
  // Last, so that the report's count of states expanded alone follows these lines.
  if (partial_order == nullptr) {
    out.push_back("no partial-order reduction");
  } else {
    out.insert(out.end(), partial_order->notes().begin(), partial_order->notes().end());
  }
  return out;
}

}  // namespace racecheck
