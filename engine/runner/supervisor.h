// Supervisor: the parent's side of one running trial (see runner.h): forks the processes, waits
// until all of them wait at the start barrier and releases them together, drives a forced
// schedule, reaps them, and watches for the end of the trial: every process reaped, the
// deadline, an interrupt, or a proof that every unfinished process is blocked for good (then it
// kills the process group at once). ClassifyProcesses then says how each process ended, in
// words (deadlock with its cycle, stuck behind a crash, timed out, crashed while holding a lock).
// Used by RunTrial only; one thread.
#ifndef RACECHECK_ENGINE_RUNNER_SUPERVISOR_H_
#define RACECHECK_ENGINE_RUNNER_SUPERVISOR_H_

#include <optional>
#include <vector>

#include "engine/runner/child.h"
#include "engine/runner/os.h"
#include "engine/runner/region.h"
#include "engine/runner/runner.h"
#include "engine/semantics/system.h"

namespace racecheck {

class Supervisor {
 public:
  Supervisor(Os& os, const System& sys, const TrialOptions& opt, Region& region, TrialResult* out)
      : os_(os),
        sys_(sys),
        opt_(opt),
        region_(region),
        out_(out),
        n_(sys.num_processes()),
        exits_(n_),
        before_kill_(n_, false) {
    (void)vars_.Init(sys);  // RunTrial checked that it fits
  }

  // Forks every process. On failure, kills and reaps those started and returns the error.
  Status StartAll(const std::vector<ChildConfig>& configs);
  // Waits until every live process waits at the start barrier (or the deadline or an
  // interrupt), then releases them all. Returns the release time.
  double Release(double fork_deadline);
  // Forces TrialOptions::schedule (see runner.h), then lets every process run freely.
  void DriveSchedule();
  // Reaps every child; kills the group at the deadline, on an interrupt, or once every
  // unfinished process is proved blocked. Returns the time the last child was reaped.
  double WaitAll();

  void set_deadline(double d) { deadline_ = d; }
  const std::optional<ChildExit>& exit(int p) const { return exits_[p]; }
  bool ended_before_kill(int p) const { return before_kill_[p]; }
  bool killed() const { return killed_; }

 private:
  bool Interrupted() const { return opt_.interrupt != nullptr && opt_.interrupt->load(); }
  ProcState State(int p) const { return static_cast<ProcState>(region_.slot(p)->state.load()); }
  // Ended as the process says (finished, crashed, violated), or reaped.
  bool Ended(int p) const {
    ProcState st = State(p);
    return exits_[p].has_value() || st == ProcState::kFinished || st == ProcState::kCrashed ||
           st == ProcState::kViolated;
  }
  // Reaps every child that has ended; returns how many.
  int Reap();
  void Kill();
  // Every live, unfinished process waits for something no running process can give it.
  bool AllBlocked() const;
  // Every live process that waits on the mirror's condition has a step the mirror does not let
  // go (checked under the ghost mutex).
  bool MirrorBlocks() const;
  void Watch(double now);

  Os& os_;
  const System& sys_;
  const TrialOptions& opt_;
  Region& region_;
  TrialResult* out_;
  const int n_;
  StoreVars vars_;
  int pgid_ = 0;
  std::vector<int> pids_;
  std::vector<std::optional<ChildExit>> exits_;
  std::vector<bool> before_kill_;  // ended before the runner killed the group
  size_t reaped_ = 0;
  bool killed_ = false;
  double deadline_ = 0;
  double last_reap_ = 0;
  // Watching for a blocked trial.
  double next_watch_ = 0;
  bool armed_ = false;
  uint64_t armed_events_ = 0;
  double armed_since_ = 0;
};

// Fills out->processes (how each ended, and why), the counts, and out->blocked_how, from the
// slots, the exits and what the processes held. REQUIRES: sup.WaitAll() returned.
void ClassifyProcesses(const System& sys, Region& region, const Supervisor& sup, TrialResult* out,
                       Lang lang = Lang::kEn);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_RUNNER_SUPERVISOR_H_
