// LoadVariants (variants.h).
#include "engine/check/variants.h"

#include "engine/model/loader.h"
#include "engine/support/diagnostics.h"

namespace racecheck {

LoadResult LoadVariants(const ModelRequest& request, bool only_without_locks, bool reduce_locals) {
  LoadResult out;
  DiagnosticSink diags(request.lang);
  std::vector<ParamOverride> overrides;
  for (const std::string& s : request.sets) overrides.push_back({s});
  std::optional<Model> model =
      request.text ? LoadModelText(request.path, *request.text, overrides, diags, request.limits)
                   : LoadModelFile(request.path, overrides, diags, request.limits);
  if (!model) {
    out.diagnostics = diags.Render();
    return out;
  }
  LoadedModel loaded;
  loaded.model = std::make_shared<const Model>(std::move(*model));
  auto build = [&](bool elide, bool reduce) -> std::unique_ptr<System> {
    BuildOptions opt;
    opt.elide_sync = elide;
    opt.reduce_locals = reduce;
    opt.limits = request.limits;
    return System::Build(loaded.model, opt, diags);
  };
  std::unique_ptr<System> written = build(false, false);
  if (!written) {
    out.diagnostics = diags.Render();
    return out;
  }
  const bool has_variant = written->uses_sync_ops();
  if (!only_without_locks) loaded.variants.push_back({"as written", false, std::move(written), {}});
  if (has_variant || only_without_locks) {
    loaded.variants.push_back({"without locks", true, build(true, false), {}});
  }
  for (Variant& v : loaded.variants) {
    if (v.system && reduce_locals) v.reduced = build(v.elided, true);
    if (!v.system || (reduce_locals && !v.reduced)) {  // cannot happen once the plain one built
      out.diagnostics = diags.Render();
      return out;
    }
  }
  out.diagnostics = diags.Render();
  out.loaded = std::move(loaded);
  return out;
}

}  // namespace racecheck
