// The screen of `racecheck play` (engine/check/play.h) as text: the model and variant, the goal
// (from the model's properties), the shared values, one line per shown process with its key,
// its next step and whether it can move (and why not), the steps taken so far as the checker's
// swimlane table, then a message, the hint, or — when a property broke — the checker's
// explanation with the number of steps the player needed and the shortest counterexample's.
//
// With many instances of a template (more than 3 that have not moved), the screen shows the
// instances that have moved plus one representative of those that have not (ShownProcesses). The
// same text serves the interactive terminal (with colours unless NO_COLOR, and the table cut to fit
// `height`) and the non-interactive mode. Pure functions; thread-safe.
#ifndef RACECHECK_ENGINE_REPORT_PLAY_SCREEN_H_
#define RACECHECK_ENGINE_REPORT_PLAY_SCREEN_H_

#include <optional>
#include <string>
#include <vector>

#include "engine/check/play.h"

namespace racecheck {

// A process on the screen and the key that moves it: '1'..'9', then letters other than the
// command keys (u, r, l, h, q).
struct ShownProcess {
  char key = 0;
  int process = -1;
  int hidden_like = 0;  // for a representative: how many more unmoved instances it stands for
};
std::vector<ShownProcess> ShownProcesses(const PlayGame& game);

struct PlayScreenOptions {
  int width = 110;
  int height = 0;       // 0: no limit (the whole table); else cut the table to fit
  bool color = false;   // ANSI colours
  std::string message;  // the answer to the last key, e.g. why a process cannot move
  std::optional<PlayGame::Hint> hint;
};

std::string RenderPlayScreen(const PlayGame& game, const PlayScreenOptions& options);

// "hint: client#1 client#0 (2 steps) break invariant 'no_oversell' ..." or "no violation can be
// reached from here — the lock prevents it (without locks: 6 steps)".
std::string DescribeHint(const PlayGame& game, const PlayGame::Hint& hint);

// The variant being played, in the game's language: "as written (with locks)" when it has a
// lock-free twin, else its name ("without locks", or "as written").
std::string PlayVariantLabel(const PlayGame& game);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_REPORT_PLAY_SCREEN_H_
