// Test helpers for the real-process tests (tests/realproc): a private TMPDIR, the processes of
// the machine as /proc shows them, and racecheck started as a separate program. Header-only;
// RACECHECK_BINARY and RACECHECK_SOURCE_DIR come from tests/CMakeLists.txt.
#ifndef RACECHECK_TESTS_SUPPORT_REALPROC_H_
#define RACECHECK_TESTS_SUPPORT_REALPROC_H_

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace racecheck::testing {

// A private TMPDIR for the duration of a test (inherited by the racecheck it starts).
class PrivateTmp {
 public:
  PrivateTmp() {
    char templ[] = "/tmp/racecheck-realproc-XXXXXX";
    REQUIRE(mkdtemp(templ) != nullptr);
    path_ = templ;
    old_ = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "";
    setenv("TMPDIR", path_.c_str(), 1);
  }
  ~PrivateTmp() {
    if (old_.empty())
      unsetenv("TMPDIR");
    else
      setenv("TMPDIR", old_.c_str(), 1);
    // Whatever a failing test left behind goes too, so that the next run starts clean.
    if (!Names().empty()) (void)std::system(("rm -rf '" + path_ + "'").c_str());
    rmdir(path_.c_str());
  }
  std::vector<std::string> Names() const {
    std::vector<std::string> out;
    DIR* d = opendir(path_.c_str());
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] != '.') out.push_back(e->d_name);
    }
    closedir(d);
    return out;
  }
  int Entries() const { return static_cast<int>(Names().size()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_, old_;
};

// Processes whose parent is `ppid` (zombies included).
inline std::vector<int> ChildrenOf(int ppid) {
  std::vector<int> out;
  DIR* d = opendir("/proc");
  while (dirent* e = readdir(d)) {
    int pid = std::atoi(e->d_name);
    if (pid <= 0) continue;
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(f, line)) continue;
    size_t close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    char state;
    int parent = 0;
    rest >> state >> parent;
    if (parent == ppid) out.push_back(pid);
  }
  closedir(d);
  return out;
}

// The state letter of /proc/PID/stat ('S' sleeping, 'Z' zombie, ...), or '?'.
inline char StateOf(int pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(f, line)) return '?';
  size_t close = line.rfind(')');
  return close == std::string::npos || close + 2 >= line.size() ? '?' : line[close + 2];
}

// Processes whose command line contains `marker` (zombies have none, so they do not count).
inline int ProcessesWith(const std::string& marker) {
  int n = 0;
  DIR* d = opendir("/proc");
  while (dirent* e = readdir(d)) {
    int pid = std::atoi(e->d_name);
    if (pid <= 0 || pid == getpid()) continue;
    std::ifstream f("/proc/" + std::to_string(pid) + "/cmdline");
    std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    n += all.find(marker) != std::string::npos;
  }
  closedir(d);
  return n;
}

// Polls until no process carries `marker`, at most `seconds`; true when none is left.
inline bool NoneLeft(const std::string& marker, double seconds) {
  for (int i = 0; i < seconds * 100; ++i) {
    if (ProcessesWith(marker) == 0) return true;
    usleep(10000);
  }
  return ProcessesWith(marker) == 0;
}

// The names in /dev/shm (where named POSIX semaphores and shared memory live).
inline std::set<std::string> ShmEntries() {
  std::set<std::string> out;
  DIR* d = opendir("/dev/shm");
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] != '.') out.insert(e->d_name);
  }
  closedir(d);
  return out;
}

// Starts `racecheck ARGS` from the source directory, its stdout on `out_fd` (-1: /dev/null),
// its stderr on /dev/null. Returns its pid.
inline pid_t SpawnRacecheck(const std::vector<std::string>& args, int out_fd = -1) {
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (chdir(RACECHECK_SOURCE_DIR) != 0) _exit(126);
    int devnull = ::open("/dev/null", O_WRONLY);
    dup2(out_fd >= 0 ? out_fd : devnull, 1);
    dup2(devnull, 2);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>("racecheck"));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(RACECHECK_BINARY, argv.data());
    _exit(127);
  }
  return pid;
}

// Waits until racecheck and at least one of its trial processes (forks of it, so they carry
// the same command line) run: at most 20 s, even on a loaded machine.
inline bool TrialRuns(const std::string& marker) {
  for (int i = 0; i < 2000; ++i) {
    if (ProcessesWith(marker) > 1) return true;
    usleep(10000);
  }
  return false;
}

// The exit code of `pid` once it ends; -signal when a signal killed it.
inline int WaitExit(pid_t pid) {
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

}  // namespace racecheck::testing

#endif  // RACECHECK_TESTS_SUPPORT_REALPROC_H_
