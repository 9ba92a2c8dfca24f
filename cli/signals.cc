// StopSignals (signals.h).
#include "cli/signals.h"

namespace racecheck::cli {

namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
std::atomic<bool> g_stdout_closed{false};
std::atomic<bool> g_writing{false};

constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};

void OnStop(int sig) {
  // Not "a second signal kills": timeout(1) sends its signal to racecheck and then to its whole
  // process group, racecheck included, so one stop comes as two signals.
  if (!g_stop.exchange(true)) g_signal.store(sig);
  if (g_writing.load()) {
    signal(sig, SIG_DFL);
    raise(sig);
  }
}

}  // namespace

StopSignals::StopSignals() {
  g_stop.store(false);
  g_signal.store(0);
  g_stdout_closed.store(false);
  for (int i = 0; i < 5; ++i) {
    struct sigaction sa = {};
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = kStopSignals[i] == SIGPIPE ? SIG_IGN : OnStop;
    sigaction(kStopSignals[i], &sa, &old_[i]);
  }
}

StopSignals::~StopSignals() {
  for (int i = 0; i < 5; ++i) sigaction(kStopSignals[i], &old_[i], nullptr);
}

WritingReport::WritingReport() { g_writing.store(true); }
WritingReport::~WritingReport() { g_writing.store(false); }

const std::atomic<bool>* StopSignals::flag() const { return &g_stop; }
int StopSignals::signal() const { return g_signal.load(); }

void StopSignals::StdoutClosed() {
  g_stdout_closed.store(true);
  g_stop.store(true);
}

bool StopSignals::stdout_closed() const { return g_stdout_closed.load(); }

const char* StopSignals::Name(int sig) {
  switch (sig) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    case SIGQUIT:
      return "SIGQUIT";
  }
  return "a signal";
}

}  // namespace racecheck::cli
