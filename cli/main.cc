// racecheck: the command-line front door. Turns flags into options, calls the engine, prints,
// and returns the exit code (0 holds, 1 violated, 2 model or usage error, 3 incomplete).
//
//   racecheck MODEL [options]           check the model (and its lock-free variant)
//   racecheck check MODEL [options]     the same
//   racecheck replay MODEL --schedule T replay a schedule step by step
//   racecheck run MODEL [options]       run the model on real forked processes
//   racecheck play MODEL [options]      be the scheduler: move the processes by hand
//   racecheck locks MODEL [options]     check every placement of the lock
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "engine/check/outcome.h"

namespace {

const char kUsage[] =
    "racecheck - a model checker for race conditions\n"
    "\n"
    "usage:\n"
    "  racecheck MODEL [options]             check every interleaving of MODEL\n"
    "  racecheck check MODEL [options]       the same\n"
    "  racecheck replay MODEL --schedule T   replay one schedule step by step\n"
    "  racecheck run MODEL [options]         run MODEL on real forked processes\n"
    "  racecheck play MODEL [options]        be the scheduler: try to break MODEL by hand\n"
    "  racecheck locks MODEL [options]       where must the lock go? every placement checked\n"
    "\n"
    "  racecheck COMMAND --help              the options of a command\n"
    "\n"
    "A model is a YAML file of processes made of atomic steps, shared variables, locks\n"
    "and properties (see docs/model-format.md). racecheck explores every interleaving\n"
    "of the steps, with the model's locks and without them, and either proves the\n"
    "properties or prints a short schedule that breaks one.\n"
    "\n"
    "examples:\n"
    "  racecheck models/ticket.yaml                     does the lock prevent the oversell?\n"
    "  racecheck models/ticket.yaml --set clients=3     the same with 3 clients\n"
    "  racecheck models/counter.yaml --format json      a report for tools\n"
    "  racecheck replay models/ticket.yaml --without-locks \\\n"
    "      --schedule 'client#0 client#1 client#0 client#1'\n"
    "\n"
    "exit codes: 0 the properties hold, 1 a property is violated, 2 the model or the\n"
    "command line is wrong, 3 the search was incomplete (a bound or Ctrl-C).\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return racecheck::ExitCode(racecheck::Outcome::kBadInput);
  }
  std::string first = argv[1];
  if (first == "-h" || first == "--help" || first == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (first == "--version") {
    std::puts("racecheck 0.1.0");
    return 0;
  }
  std::vector<std::string> args(argv + 1, argv + argc);
  if (first == "check") {
    args.erase(args.begin());
    return racecheck::cli::CheckCommand(args);
  }
  if (first == "replay") {
    args.erase(args.begin());
    return racecheck::cli::ReplayCommand(args);
  }
  if (first == "run") {
    args.erase(args.begin());
    return racecheck::cli::RunCommand(args);
  }
  if (first == "locks") {
    args.erase(args.begin());
    return racecheck::cli::LocksCommand(args);
  }
  if (first == "play") {
    args.erase(args.begin());
    return racecheck::cli::PlayCommand(args);
  }
  return racecheck::cli::CheckCommand(args);
}
