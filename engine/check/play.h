// PlayGame: `racecheck play`'s game as an engine object — the player is the scheduler. It holds
// the model's variants (as written and, when the model has locks, without them), the schedule
// the player has built so far, and answers what the screen shows: each process's next step and
// whether it can move (and why not), the trace so far, whether a property broke (with the
// checker's explanation), and a hint (the shortest continuation to a violation from here,
// explore/continuation.h). Moves are process indices of the plain model, so a game's schedule
// replays with `racecheck replay`.
//
// Decides nothing about presentation (report/play_screen.h draws it) and prints nothing. Call
// from one thread.
#ifndef RACECHECK_ENGINE_CHECK_PLAY_H_
#define RACECHECK_ENGINE_CHECK_PLAY_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/check/variants.h"
#include "engine/explore/continuation.h"
#include "engine/trace/replay.h"

namespace racecheck {

struct PlayOptions {
  ModelRequest model;
  bool without_locks = false;  // start on the lock-free variant
};

class PlayGame {
 public:
  // Loads the model; on a model mistake, null with `diagnostics` set (rendered).
  static std::unique_ptr<PlayGame> Load(const PlayOptions& options, std::string* diagnostics);

  const std::string& model_path() const { return model_path_; }
  const Model& model() const { return *model_; }
  const System& system() const;  // the variant being played
  bool locks() const { return !variants_[current_].elided; }
  bool has_lock_free_variant() const { return variants_.size() > 1; }
  const std::string& variant_name() const { return variants_[current_].name; }
  // The language the game speaks (PlayOptions::model.lang): Move's answers and the screen.
  Lang lang() const { return lang_; }

  const std::vector<int32_t>& schedule() const { return schedule_; }
  const Trace& trace() const { return trace_; }
  const std::vector<uint64_t>& state() const { return trace_.final_state(); }
  bool over() const { return trace_.violated(); }  // a property broke: no more moves

  // Moves process p one step. Returns "" on success, else why not, in lang() ("client#1 waits
  // for 'lock', held by client#0 (line 31 'acquire: lock')", "client#0 has finished", "the game
  // is over: ...").
  std::string Move(int p);
  bool Undo();  // false when nothing to undo
  void Restart();
  // Switches between the model as written and without locks, keeping the longest prefix of the
  // schedule that still runs there. Returns how many moves were dropped; -1 when the model has
  // no locks.
  int ToggleLocks();

  // The shortest continuation from the current state to a violation, in the current variant
  // (first among the processes that moved and two more of each template, so that it is found
  // fast with many instances; among all when those cannot break anything); and, when there is
  // none with the locks on, whether the lock-free variant would find one.
  struct Hint {
    Continuation here;
    std::optional<Continuation> without_locks;
  };
  Hint GetHint() const;

  // The length of the counterexample `racecheck check` prints for the current variant (the
  // same search and shortening), or -1 when it holds.
  int ShortestCounterexample() const;

 private:
  PlayGame() = default;
  void Rebuild();

  std::string model_path_;
  Lang lang_ = Lang::kEn;
  std::shared_ptr<const Model> model_;
  std::vector<Variant> variants_;
  size_t current_ = 0;
  std::vector<int32_t> schedule_;
  Trace trace_;
  mutable std::vector<int> shortest_;  // per variant; -2: not computed yet
  mutable std::vector<bool> holds_;    // per variant: the checker proved it holds
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_CHECK_PLAY_H_
