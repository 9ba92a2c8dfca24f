// SearchVariant and DescribeReductions (search.h).
#include "engine/check/search.h"

#include <fmt/format.h>

#include "engine/support/messages.h"
#include "engine/trace/shorten.h"

namespace racecheck {

ExploreResult SearchVariant(const Variant& v, ExploreOptions options, SearchReductions use,
                            std::vector<Counterexample>* counterexamples,
                            std::vector<std::string>* reductions,
                            std::vector<std::string>* reductions_text, Lang lang) {
  return SearchSystem(*v.system, v.reduced ? *v.reduced : *v.system, options, use, counterexamples,
                      reductions, reductions_text, lang);
}

ExploreResult SearchSystem(const System& plain, const System& searched, ExploreOptions options,
                           SearchReductions use, std::vector<Counterexample>* counterexamples,
                           std::vector<std::string>* reductions,
                           std::vector<std::string>* reductions_text, Lang lang) {
  Symmetry symmetry(searched);
  PartialOrder partial_order(searched);
  options.symmetry = use.symmetry && symmetry.active() ? &symmetry : nullptr;
  options.partial_order = use.partial_order && partial_order.active() ? &partial_order : nullptr;
  if (reductions != nullptr) {
    *reductions = DescribeReductions(searched, symmetry, use.symmetry,
                                     use.partial_order ? &partial_order : nullptr);
  }
  if (reductions_text != nullptr) {
    *reductions_text = DescribeReductions(searched, symmetry, use.symmetry,
                                          use.partial_order ? &partial_order : nullptr, lang);
  }
  ExploreResult r = Explore(searched, options);
  *counterexamples = ConcretizeCounterexamples(searched, options.symmetry, r);
  for (Counterexample& c : *counterexamples) {
    c.schedule = ShortenSchedule(plain, c.schedule, c.property);
  }
  return r;
}

std::vector<std::string> DescribeReductions(const System& searched, const Symmetry& symmetry,
                                            bool symmetry_used, const PartialOrder* partial_order,
                                            Lang lang) {
  std::vector<std::string> out;
  out.push_back(Say(lang, searched.options().reduce_locals ? Msg::kLocalFused : Msg::kNoLocal));
  if (!symmetry_used) {
    out.push_back(Say(lang, Msg::kNoSymmetry));
  } else {
    const std::vector<std::string> notes = symmetry.notes(lang);
    for (const Template& t : searched.templates()) {
      bool noted = false;
      for (const std::string& n : notes) {
        if (n.find("'" + t.name + "'") != std::string::npos) noted = true;
      }
      if (t.instances >= 2 && !noted) {
        out.push_back(Say(lang, Msg::kSymInterchangeable, fmt::arg("n", t.instances),
                          fmt::arg("name", t.name)));
      }
    }
    out.insert(out.end(), notes.begin(), notes.end());
  }
  // Last, so that the report's count of states expanded alone follows these lines.
  if (partial_order == nullptr) {
    out.push_back(Say(lang, Msg::kNoPor));
  } else {
    const std::vector<std::string> notes = partial_order->notes(lang);
    out.insert(out.end(), notes.begin(), notes.end());
  }
  return out;
}

}  // namespace racecheck
