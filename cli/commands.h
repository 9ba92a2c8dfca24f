// The racecheck commands. Each takes the arguments after the command name and returns the
// process exit code. Only cli/ prints to the terminal or decides exit codes.
#ifndef RACECHECK_CLI_COMMANDS_H_
#define RACECHECK_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace racecheck::cli {

constexpr int kExitHolds = 0;
constexpr int kExitViolated = 1;
constexpr int kExitUsage = 2;  // also: the model is wrong
constexpr int kExitIncomplete = 3;

int CheckCommand(const std::vector<std::string>& args);
int ReplayCommand(const std::vector<std::string>& args);
int RunCommand(const std::vector<std::string>& args);

}  // namespace racecheck::cli

#endif  // RACECHECK_CLI_COMMANDS_H_
