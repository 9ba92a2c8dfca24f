// `racecheck play MODEL`: the player is the scheduler. On a terminal, a full-screen game (plain
// ANSI: the alternate screen, raw keys; colours unless NO_COLOR); the terminal is restored on
// every exit: `q`, end of input, an error, Ctrl-C or another stop signal. When standard input
// is not a terminal, moves are read one per line (a key, or a process name such as client#0)
// and the screen is printed as text after each one, for scripts and tests.
#include "engine/check/play.h"

#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/common.h"
#include "engine/report/play_screen.h"
#include "engine/support/lang.h"
#include "engine/support/messages.h"

namespace racecheck::cli {

namespace {

// The terminal as it was, restored by RestoreTerminal (also from a signal handler: only
// async-signal-safe calls).
struct termios g_saved;
volatile sig_atomic_t g_raw = 0;

const char kLeave[] = "\x1b[?25h\x1b[?1049l";  // show the cursor, leave the alternate screen

void RestoreTerminal() {
  if (!g_raw) return;
  g_raw = 0;
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved);
  ssize_t ignored = write(STDOUT_FILENO, kLeave, sizeof(kLeave) - 1);
  (void)ignored;
}

void OnSignal(int sig) {
  RestoreTerminal();
  signal(sig, SIG_DFL);
  raise(sig);
}

// Raw keys on the alternate screen while alive.
class RawTerminal {
 public:
  RawTerminal() {
    tcgetattr(STDIN_FILENO, &g_saved);
    struct termios raw = g_saved;
    raw.c_lflag &= ~(ICANON | ECHO);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    std::fputs("\x1b[?1049h\x1b[?25l", stdout);
    std::fflush(stdout);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
    g_raw = 1;
    std::atexit(RestoreTerminal);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) signal(sig, OnSignal);
  }
  ~RawTerminal() { RestoreTerminal(); }
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;
};

// What one key or input line does to the game; returns false to quit.
bool Apply(PlayGame& game, const std::string& input, PlayScreenOptions* screen) {
  screen->message.clear();
  screen->hint.reset();
  const System& sys = game.system();
  const Lang lang = game.lang();
  if (input == "q") return false;
  if (input == "u") {
    if (!game.Undo()) screen->message = Say(lang, Msg::kPlayNothingToUndo);
    return true;
  }
  if (input == "r") {
    game.Restart();
    screen->message = Say(lang, Msg::kPlayRestarted);
    return true;
  }
  if (input == "l") {
    const int dropped = game.ToggleLocks();
    if (dropped < 0) {
      screen->message = Say(lang, Msg::kPlayNoLocks);
    } else {
      screen->message =
          Say(lang, Msg::kPlayNowPlaying, fmt::arg("variant", PlayVariantLabel(game)),
              fmt::arg("kept", dropped > 0 ? Say(lang, Msg::kPlayDropped, fmt::arg("n", dropped))
                                           : Say(lang, Msg::kPlayAllKept)));
    }
    return true;
  }
  if (input == "h") {
    screen->hint = game.GetHint();
    return true;
  }
  int process = -1;
  if (input.size() == 1) {
    for (const ShownProcess& sp : ShownProcesses(game)) {
      if (sp.key == input[0]) process = sp.process;
    }
  }
  for (int p = 0; p < sys.num_processes() && process < 0; ++p) {
    if (sys.processes()[p].name == input) process = p;
  }
  if (process < 0) {
    screen->message = Say(lang, Msg::kPlayUnknownKey, fmt::arg("input", input));
    return true;
  }
  screen->message = game.Move(process);
  return true;
}

int TerminalWidth() {
  struct winsize ws {};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 110;
}

int TerminalHeight() {
  struct winsize ws {};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) return ws.ws_row;
  return 40;
}

int Interactive(PlayGame& game) {
  const char* no_color = std::getenv("NO_COLOR");
  PlayScreenOptions screen;
  screen.color = no_color == nullptr || no_color[0] == '\0';
  RawTerminal terminal;
  while (true) {
    screen.width = std::min(TerminalWidth(), 160);
    screen.height = TerminalHeight();
    std::string text = RenderPlayScreen(game, screen);
    std::string out = "\x1b[H\x1b[2J";
    for (char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    char key = 0;
    if (read(STDIN_FILENO, &key, 1) != 1) break;  // end of input
    if (key == 3 || key == 4) break;              // Ctrl-C / Ctrl-D, should ISIG be off
    if (key == '\n' || key == '\r' || key == ' ') continue;
    if (!Apply(game, std::string(1, key), &screen)) break;
  }
  return game.over() ? 1 : 0;
}

int Script(PlayGame& game) {
  PlayScreenOptions screen;
  std::fputs(RenderPlayScreen(game, screen).c_str(), stdout);
  std::string line;
  while (std::getline(std::cin, line)) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    while (!line.empty() && line.front() == ' ') line.erase(0, 1);
    if (line.empty() || line[0] == '#') continue;
    std::printf("\n> %s\n", line.c_str());
    if (!Apply(game, line, &screen)) break;
    std::fputs(RenderPlayScreen(game, screen).c_str(), stdout);
  }
  std::fflush(stdout);
  return game.over() ? 1 : 0;
}

}  // namespace

int PlayCommand(const std::vector<std::string>& args) {
  CLI::App app{
      "Play the scheduler: choose which process moves next, one step at a time, and try to\n"
      "break the model's properties. On a terminal, keys move the processes (shown next to\n"
      "each), u undoes, r restarts, l switches the locks on and off, h asks the checker for a\n"
      "hint, q quits. When standard input is not a terminal, moves are read one per line (a\n"
      "key or a process name such as client#0) and the screen is printed after each.",
      "racecheck play"};
  PlayOptions options;
  app.add_option("MODEL", options.model.path, "the model file (YAML), e.g. models/ticket.yaml")
      ->required();
  app.add_option("--set", options.model.sets, "override a param, e.g. --set clients=2 (repeatable)")
      ->type_name("NAME=VALUE");
  app.add_flag("--without-locks", options.without_locks,
               "start on the variant with every acquire/release removed");
  AddLangOption(app, &options.model.lang,
                fmt::format("the language of the screen and of the errors: {} (default: "
                            "$RACECHECK_LANG, else en)",
                            LangChoices()));
  app.footer(
      "exit codes: 0 no property broke, 1 the game ended with a property broken, 2 the model\n"
      "or the command line is wrong. Colours follow NO_COLOR (https://no-color.org).");
  if (int code = ParseArgs(app, args, Command::kReplay); code >= 0) return code;
  std::string diagnostics;
  std::unique_ptr<PlayGame> game = PlayGame::Load(options, &diagnostics);
  if (!diagnostics.empty()) std::fputs(diagnostics.c_str(), stderr);
  if (game == nullptr) return ExitCode(Outcome::kBadInput);
  if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) return Interactive(*game);
  return Script(*game);
}

}  // namespace racecheck::cli
