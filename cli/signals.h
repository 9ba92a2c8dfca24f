// StopSignals: while one lives, SIGINT, SIGTERM, SIGHUP and SIGQUIT do not kill racecheck; they
// set a flag that the engine polls (ExploreOptions::interrupt, TrialOptions::interrupt), so the
// command stops, cleans up (no process, no shared memory, no temporary directory is left) and
// reports what finished, with exit code 3. SIGPIPE is ignored: a write to a closed pipe fails
// with EPIPE instead, which the command treats as a stop too (stdout_closed()).
//
// While racecheck writes its report (see WritingReport) a stop signal ends it at once (the
// signal's default action): a write to a pipe nobody reads can block forever, and then no
// process, file or shared memory of a trial exists that would need cleaning up.
//
// One at a time, from the main thread; the previous dispositions come back when it dies.
#ifndef RACECHECK_CLI_SIGNALS_H_
#define RACECHECK_CLI_SIGNALS_H_

#include <signal.h>

#include <atomic>

namespace racecheck::cli {

class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  const std::atomic<bool>* flag() const;
  // The signal that stopped the command (0: none, or a closed stdout).
  int signal() const;
  // Standard output was found closed (a write failed with EPIPE): stop as on a signal.
  void StdoutClosed();
  bool stdout_closed() const;
  // "SIGTERM", "SIGINT", ...
  static const char* Name(int sig);

 private:
  struct sigaction old_[5];
};

// While one lives, racecheck writes its report and holds nothing to clean up: a stop signal
// ends it at once.
class WritingReport {
 public:
  WritingReport();
  ~WritingReport();
};

}  // namespace racecheck::cli

#endif  // RACECHECK_CLI_SIGNALS_H_
