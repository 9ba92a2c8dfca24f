#include "cli/common.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdio>

#include "cli/commands.h"
#include "engine/model/loader.h"
#include "engine/report/check_report.h"
#include "engine/semantics/partial_order.h"
#include "engine/semantics/symmetry.h"
#include "engine/trace/concretize.h"
#include "engine/trace/shorten.h"
#include "engine/support/diagnostics.h"

namespace racecheck::cli {

void AddModelOptions(CLI::App& app, CommonOptions& common) {
  app.add_option("MODEL", common.model_path, "the model file (YAML), e.g. models/ticket.yaml")
      ->required();
  app.add_option("--set", common.sets,
                 "override a param, e.g. --set clients=3 (repeatable); params are listed in the "
                 "model's 'params:' section")
      ->type_name("NAME=VALUE");
  app.add_option("--format", common.format, "text (default) or json (one versioned document)")
      ->check(CLI::IsMember({"text", "json"}));
}

int ParseArgs(CLI::App& app, const std::vector<std::string>& args) {
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return kExitHolds;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "racecheck: error: %s\n", e.what());
    std::fprintf(stderr, "run 'racecheck %s--help' for the options\n",
                 app.get_name() == "racecheck" ? "" : (app.get_name() + " ").c_str());
    return kExitUsage;
  }
  return -1;
}

std::optional<LoadedModel> LoadAndBuild(const CommonOptions& common, bool only_without_locks,
                                        bool reduce_locals) {
  DiagnosticSink diags;
  std::vector<ParamOverride> overrides;
  for (const std::string& s : common.sets) overrides.push_back({s});
  std::optional<Model> model = LoadModelFile(common.model_path, overrides, diags);
  if (!model) {
    std::fputs(diags.Render().c_str(), stderr);
    return std::nullopt;
  }
  LoadedModel out;
  out.model = std::make_shared<const Model>(std::move(*model));
  auto build = [&](bool elide, bool reduce) -> std::unique_ptr<System> {
    BuildOptions opt;
    opt.elide_sync = elide;
    opt.reduce_locals = reduce;
    return System::Build(out.model, opt, diags);
  };
  std::unique_ptr<System> written = build(false, false);
  if (!written) {
    std::fputs(diags.Render().c_str(), stderr);
    return std::nullopt;
  }
  const bool has_variant = written->uses_sync_ops();
  if (!only_without_locks) out.variants.push_back({"as written", false, std::move(written), {}});
  if (has_variant || only_without_locks) out.variants.push_back({"without locks", true,
                                                                 build(true, false), {}});
  for (Variant& v : out.variants) {
    if (v.system && reduce_locals) v.reduced = build(v.elided, true);
    if (!v.system || (reduce_locals && !v.reduced)) {  // cannot happen once the plain one built
      std::fputs(diags.Render().c_str(), stderr);
      return std::nullopt;
    }
  }
  return out;
}

ExploreResult SearchVariant(const Variant& v, ExploreOptions options, SearchReductions use,
                            std::vector<Counterexample>* counterexamples,
                            std::vector<std::string>* reductions) {
  const System& searched = v.reduced ? *v.reduced : *v.system;
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
    c.schedule = ShortenSchedule(*v.system, c.schedule, c.property);
  }
  return r;
}

std::optional<uint64_t> ParseSize(const std::string& text) {
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) return std::nullopt;
  size_t i = 0;
  uint64_t n = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    if (n > (UINT64_MAX - 9) / 10) return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(text[i++] - '0');
  }
  std::string unit = text.substr(i);
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  int shift = 0;
  if (unit.empty() || unit == "B") {
    shift = 0;
  } else if (unit == "K" || unit == "KB" || unit == "KIB") {
    shift = 10;
  } else if (unit == "M" || unit == "MB" || unit == "MIB") {
    shift = 20;
  } else if (unit == "G" || unit == "GB" || unit == "GIB") {
    shift = 30;
  } else if (unit == "T" || unit == "TB" || unit == "TIB") {
    shift = 40;
  } else {
    return std::nullopt;
  }
  if (shift > 0 && n > (UINT64_MAX >> shift)) return std::nullopt;
  return n << shift;
}

std::string Bytes(uint64_t n) {
  if (n < 1024) return fmt::format("{} B", n);
  if (n < (uint64_t{1} << 20)) return fmt::format("{:.1f} KiB", static_cast<double>(n) / 1024);
  if (n < (uint64_t{1} << 30)) {
    return fmt::format("{:.1f} MiB", static_cast<double>(n) / (1 << 20));
  }
  return fmt::format("{:.2f} GiB", static_cast<double>(n) / (1 << 30));
}

}  // namespace racecheck::cli
