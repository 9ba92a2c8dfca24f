// The racecheck commands. Each takes the arguments after the command name and returns the
// process exit code (engine/check/outcome.h). Only cli/ prints to the terminal.
#ifndef RACECHECK_CLI_COMMANDS_H_
#define RACECHECK_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace racecheck::cli {

int CheckCommand(const std::vector<std::string>& args);
int ReplayCommand(const std::vector<std::string>& args);
int RunCommand(const std::vector<std::string>& args);
int PlayCommand(const std::vector<std::string>& args);
int LocksCommand(const std::vector<std::string>& args);

}  // namespace racecheck::cli

#endif  // RACECHECK_CLI_COMMANDS_H_
