// The search plan (search_plan.h).
#include "engine/explore/search_plan.h"

#include <algorithm>
#include <string>
#include <thread>

#include "engine/support/check.h"
#include "engine/support/messages.h"

namespace racecheck {

int ResolveThreads(int requested) {
  return ResolveThreads(requested, std::thread::hardware_concurrency());
}

int ResolveThreads(int requested, unsigned hardware) {
  if (requested == 0) return static_cast<int>(std::clamp<unsigned>(hardware, 1, kMaxThreads));
  return std::clamp(requested, 1, kMaxThreads);
}

Status CheckExploreOptions(const ExploreOptions& options, Lang lang) {
  using fmt::arg;
  const int threads = options.threads;
  if (threads < 0 || threads > kMaxThreads) {
    return Status::Error(Say(lang, Msg::kErrThreads, arg("max", kMaxThreads), arg("n", threads)));
  }
  const bool dfs = options.strategy == Strategy::kDfs;
  if (options.fingerprint && dfs) {
    return Status::Error(Say(lang, Msg::kErrFingerprintDfs));
  }
  if (threads > 1 && dfs) {
    return Status::Error(Say(lang, Msg::kErrThreadsDfs, arg("n", threads)));
  }
  if (options.graph != nullptr && (dfs || options.fingerprint)) {
    return Status::Error(
        Say(lang, Msg::kErrGraphRecorded, arg("flag", dfs ? "--strategy dfs" : "--fingerprint")));
  }
  if (threads > 1 && options.fingerprint) {
    return Status::Error(Say(lang, Msg::kErrThreadsFingerprint, arg("n", threads)));
  }
  return Status::Ok();
}

const char* AlgorithmName(Algorithm a) {
  switch (a) {
    case Algorithm::kSequentialBfs:
      return "sequential bfs";
    case Algorithm::kFingerprintBfs:
      return "fingerprint bfs";
    case Algorithm::kParallelBfs:
      return "parallel bfs";
    case Algorithm::kDfs:
      return "dfs";
  }
  return "?";
}

SearchPlan ChooseAlgorithm(const ExploreOptions& options) {
  RC_CHECK(CheckExploreOptions(options).ok());
  if (options.strategy == Strategy::kDfs) return {Algorithm::kDfs, 1};
  if (options.fingerprint) return {Algorithm::kFingerprintBfs, 1};
  const int threads = ResolveThreads(options.threads);
  if (threads > 1 && options.graph == nullptr) return {Algorithm::kParallelBfs, threads};
  return {Algorithm::kSequentialBfs, 1};
}

}  // namespace racecheck
