// PlayGame (play.h).
#include "engine/check/play.h"

#include <algorithm>
#include <set>

#include "engine/check/search.h"
#include "engine/support/messages.h"
#include "engine/trace/describe.h"

namespace racecheck {

std::unique_ptr<PlayGame> PlayGame::Load(const PlayOptions& options, std::string* diagnostics) {
  LoadResult load = LoadVariants(options.model, /*only_without_locks=*/false,
                                 /*reduce_locals=*/true);
  *diagnostics = load.diagnostics;
  if (!load.loaded) return nullptr;
  std::unique_ptr<PlayGame> game(new PlayGame());
  game->model_path_ = options.model.path;
  game->lang_ = options.model.lang;
  game->model_ = load.loaded->model;
  game->variants_ = std::move(load.loaded->variants);
  game->shortest_.assign(game->variants_.size(), -2);
  game->holds_.assign(game->variants_.size(), false);
  if (options.without_locks && game->variants_.size() > 1) game->current_ = 1;
  game->Rebuild();
  return game;
}

const System& PlayGame::system() const { return *variants_[current_].system; }

void PlayGame::Rebuild() { trace_ = Replay(system(), schedule_); }

std::string PlayGame::Move(int p) {
  const System& sys = system();
  if (p < 0 || p >= sys.num_processes()) return Say(lang_, Msg::kPlayNoSuchProcess);
  if (over()) {
    return Say(lang_, Msg::kPlayGameOver,
               fmt::arg("property", DescribeProperty(sys, trace_.violation.property, lang_)));
  }
  const std::string& name = sys.processes()[p].name;
  if (std::string why = WaitDescription(sys, state().data(), p, lang_); !why.empty()) {
    return Say(lang_, Msg::kPlayCannotMove, fmt::arg("p", name), fmt::arg("why", why));
  }
  schedule_.push_back(p);
  Rebuild();
  return "";
}

bool PlayGame::Undo() {
  if (schedule_.empty()) return false;
  schedule_.pop_back();
  Rebuild();
  return true;
}

void PlayGame::Restart() {
  schedule_.clear();
  Rebuild();
}

int PlayGame::ToggleLocks() {
  if (variants_.size() < 2) return -1;
  current_ = 1 - current_;
  const Trace there = Replay(system(), schedule_);
  size_t keep = there.steps.size();
  if (there.violated()) keep = static_cast<size_t>(there.violation.step);
  const int dropped = static_cast<int>(schedule_.size() - std::min(keep, schedule_.size()));
  schedule_.resize(schedule_.size() - dropped);
  Rebuild();
  return dropped;
}

namespace {

// The processes that have moved in `schedule`, plus the first `extra` of each template's others:
// a hint among them stays on the screen's processes and is found fast with many instances.
std::vector<bool> Movers(const System& sys, const std::vector<int32_t>& schedule, int extra) {
  std::vector<bool> out(sys.num_processes(), false);
  for (int32_t p : schedule) out[p] = true;
  for (const Template& t : sys.templates()) {
    int added = 0;
    for (int k = 0; k < t.instances && added < extra; ++k) {
      if (!out[t.first_process + k]) {
        out[t.first_process + k] = true;
        ++added;
      }
    }
  }
  return out;
}

// The shortest continuation among the processes that moved and two more of each template;
// when they cannot reach a violation by themselves, among all of them.
Continuation Search(const System& sys, const std::vector<uint64_t>& state,
                    const std::vector<int32_t>& schedule) {
  const std::vector<bool> movers = Movers(sys, schedule, 2);
  Continuation c = ShortestContinuation(sys, state, 1000000, &movers);
  const bool everyone = std::find(movers.begin(), movers.end(), false) == movers.end();
  if (c.kind == Continuation::Kind::kNone && !everyone) c = ShortestContinuation(sys, state);
  return c;
}

}  // namespace

PlayGame::Hint PlayGame::GetHint() const {
  Hint h;
  ShortestCounterexample();  // the checker's verdict on the whole variant
  // When the checker proved the variant holds, no state it can reach breaks anything.
  h.here = holds_[current_] ? Continuation{} : Search(system(), state(), schedule_);
  if (h.here.kind == Continuation::Kind::kNone && locks() && variants_.size() > 1) {
    // The same moves on the lock-free variant (they always run there: it only removes waits).
    const System& free = *variants_[1].system;
    const Trace t = Replay(free, schedule_);
    if (t.ok()) h.without_locks = Search(free, t.final_state(), schedule_);
  }
  return h;
}

int PlayGame::ShortestCounterexample() const {
  if (shortest_[current_] == -2) {
    // As `racecheck check` finds it (the same search, the same shortening).
    std::vector<Counterexample> found;
    ExploreOptions options;
    const ExploreResult r = SearchVariant(variants_[current_], options, {}, &found);
    holds_[current_] = r.verdict == Verdict::kHolds;
    shortest_[current_] = r.verdict == Verdict::kViolated && !found.empty()
                              ? static_cast<int>(found.front().schedule.size())
                              : -1;
  }
  return shortest_[current_];
}

}  // namespace racecheck
