// PosixOs: the real operating system behind the Os interface (os.h): fork, waitpid, kill of a
// process group, prctl(PR_SET_PDEATHSIG), clock_gettime, mkdtemp, open/write/rename,
// mmap(MAP_SHARED|MAP_ANONYMOUS), sem_init(pshared=1) and futex. Nothing named is created (no
// sem_open, no shm_open), so a crash of the parent leaves no semaphore or shared memory behind;
// only the temporary directory, which the runner removes on every path it controls (and the next
// run removes when the parent was killed outright).
#include <dirent.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "engine/runner/os.h"

namespace racecheck {

namespace {

Status WriteAll(int fd, const std::string& data, const std::string& call) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno(call, errno);
    }
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

timespec ToTimespec(double seconds) {
  // Converting a double outside time_t's range (or NaN) is undefined behaviour: clamp to
  // [0, 10^15] seconds, 31 million years. Not less: absolute deadlines (sem_timedwait's, from
  // CLOCK_REALTIME: 1.7 * 10^9 seconds in 2026) pass through here too; clamped below today
  // they lie in the past and every timed wait returns at once (a busy loop). The loader refuses
  // sleeps over a day.
  if (!(seconds > 0)) seconds = 0;
  if (seconds > 1e15) seconds = 1e15;
  timespec ts;
  ts.tv_sec = static_cast<time_t>(seconds);
  ts.tv_nsec = static_cast<long>((seconds - static_cast<double>(ts.tv_sec)) * 1e9);
  if (ts.tv_nsec >= 1000000000L) {
    ts.tv_sec += 1;
    ts.tv_nsec -= 1000000000L;
  }
  return ts;
}

class PosixOs : public Os {
 public:
  Status Fork(int pgid, const std::function<int()>& body, int* pid) override {
    const pid_t parent = ::getpid();
    pid_t child = ::fork();
    if (child < 0) return Status::FromErrno("fork", errno);
    if (child == 0) {
      // Die with the parent. The parent may have died before prctl: then we were reparented
      // already and the death signal will never come, so check once more.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(5);
      ::setpgid(0, pgid);
      for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) ::signal(sig, SIG_DFL);
      ::signal(SIGPIPE, SIG_IGN);
      sigset_t none;
      sigemptyset(&none);
      ::sigprocmask(SIG_SETMASK, &none, nullptr);
      int code = body();
      ::_exit(code);
    }
    // Also from the parent, so the group exists before the next fork or a kill (no race).
    if (::setpgid(child, pgid == 0 ? child : pgid) != 0 && errno != EACCES && errno != ESRCH) {
      int err = errno;
      ::kill(child, SIGKILL);
      ::waitpid(child, nullptr, 0);
      return Status::FromErrno("setpgid", err);
    }
    *pid = child;
    return Status::Ok();
  }

  Status TryWait(int pgid, std::optional<ChildExit>* out) override {
    out->reset();
    int status = 0;
    pid_t r;
    do {
      r = ::waitpid(-pgid, &status, WNOHANG);
    } while (r < 0 && errno == EINTR);
    if (r < 0) return Status::FromErrno("waitpid", errno);
    if (r == 0) return Status::Ok();
    ChildExit e;
    e.pid = r;
    e.exited = WIFEXITED(status);
    e.code = e.exited ? WEXITSTATUS(status) : 0;
    e.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    *out = e;
    return Status::Ok();
  }

  int Pid() override { return ::getpid(); }

  bool ParentIs(int pid) override { return ::getppid() == pid; }

  std::optional<uint64_t> ProcessStartTime(int pid) override {
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(f, line)) return std::nullopt;
    // Field 22, counted after the command name, which is in parentheses and may hold spaces.
    size_t close = line.rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream rest(line.substr(close + 1));
    std::string field;
    for (int i = 3; i <= 22; ++i) {
      if (!(rest >> field)) return std::nullopt;
    }
    return std::strtoull(field.c_str(), nullptr, 10);
  }

  Status KillGroup(int pgid, int sig) override {
    if (pgid <= 0) return Status::Ok();
    if (::kill(-pgid, sig) != 0 && errno != ESRCH) return Status::FromErrno("kill", errno);
    return Status::Ok();
  }

  double Now() override {
    timespec ts;
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }

  void Sleep(double seconds) override {
    if (seconds <= 0) return;
    timespec ts = ToTimespec(seconds);
    ::nanosleep(&ts, nullptr);
  }

  std::string TempRoot() override {
    const char* base = std::getenv("TMPDIR");
    return base && *base ? base : "/tmp";
  }

  Status MakeTempDir(const std::string& prefix, std::string* path) override {
    std::string templ = TempRoot() + "/" + prefix + "XXXXXX";
    if (::mkdtemp(templ.data()) == nullptr) return Status::FromErrno("mkdtemp " + templ, errno);
    *path = templ;
    return Status::Ok();
  }

  Status ListDir(const std::string& path, std::vector<std::string>* names) override {
    names->clear();
    DIR* dir = ::opendir(path.c_str());
    if (dir == nullptr) return Status::FromErrno("opendir " + path, errno);
    const uid_t me = ::geteuid();
    while (dirent* e = ::readdir(dir)) {
      std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      struct stat st;
      if (::fstatat(::dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
      if (st.st_uid == me) names->push_back(name);
    }
    ::closedir(dir);
    return Status::Ok();
  }

  Status RemoveTree(const std::string& path) override {
    DIR* dir = ::opendir(path.c_str());
    if (dir == nullptr) {
      if (errno == ENOENT) return Status::Ok();
      return Status::FromErrno("opendir " + path, errno);
    }
    Status st;
    while (dirent* e = ::readdir(dir)) {
      std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      if (::unlink((path + "/" + name).c_str()) != 0 && errno != ENOENT && st.ok()) {
        st = Status::FromErrno("unlink " + path + "/" + name, errno);
      }
    }
    ::closedir(dir);
    if (::rmdir(path.c_str()) != 0 && errno != ENOENT && st.ok()) {
      st = Status::FromErrno("rmdir " + path, errno);
    }
    return st;
  }

  Status ReadFile(const std::string& path, std::string* data) override {
    data->clear();
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Status::FromErrno("open " + path, errno);
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0) {
        if (errno == EINTR) continue;
        int err = errno;
        ::close(fd);
        return Status::FromErrno("read " + path, err);
      }
      if (n == 0) break;
      data->append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return Status::Ok();
  }

  Status WriteInPlace(const std::string& path, const std::string& data, double pause) override {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return Status::FromErrno("open " + path, errno);
    if (pause > 0) Sleep(pause);
    Status st = WriteAll(fd, data, "write " + path);
    if (::close(fd) != 0 && st.ok()) st = Status::FromErrno("close " + path, errno);
    return st;
  }

  Status WriteAndRename(const std::string& tmp, const std::string& path,
                        const std::string& data) override {
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return Status::FromErrno("open " + tmp, errno);
    Status st = WriteAll(fd, data, "write " + tmp);
    if (::close(fd) != 0 && st.ok()) st = Status::FromErrno("close " + tmp, errno);
    if (!st.ok()) {
      ::unlink(tmp.c_str());
      return st;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
      int err = errno;
      ::unlink(tmp.c_str());
      return Status::FromErrno("rename " + tmp, err);
    }
    return Status::Ok();
  }

  Status MapShared(size_t bytes, void** addr) override {
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return Status::FromErrno("mmap", errno);
    *addr = p;
    return Status::Ok();
  }

  void Unmap(void* addr, size_t bytes) override { ::munmap(addr, bytes); }

  Status SemInit(OsSem* s, unsigned value) override {
    if (::sem_init(reinterpret_cast<sem_t*>(s->bytes), 1, value) != 0) {
      return Status::FromErrno("sem_init", errno);
    }
    return Status::Ok();
  }

  Status SemWait(OsSem* s, double timeout, bool* timed_out) override {
    *timed_out = false;
    sem_t* sem = reinterpret_cast<sem_t*>(s->bytes);
    if (timeout < 0) {
      while (::sem_wait(sem) != 0) {
        if (errno != EINTR) return Status::FromErrno("sem_wait", errno);
      }
      return Status::Ok();
    }
    timespec now;
    ::clock_gettime(CLOCK_REALTIME, &now);
    timespec until = ToTimespec(static_cast<double>(now.tv_sec) +
                                static_cast<double>(now.tv_nsec) * 1e-9 + timeout);
    while (::sem_timedwait(sem, &until) != 0) {
      if (errno == ETIMEDOUT) {
        *timed_out = true;
        return Status::Ok();
      }
      if (errno != EINTR) return Status::FromErrno("sem_timedwait", errno);
    }
    return Status::Ok();
  }

  Status SemPost(OsSem* s) override {
    if (::sem_post(reinterpret_cast<sem_t*>(s->bytes)) != 0) {
      return Status::FromErrno("sem_post", errno);
    }
    return Status::Ok();
  }

  int SemValue(OsSem* s) override {
    int v = 0;
    ::sem_getvalue(reinterpret_cast<sem_t*>(s->bytes), &v);
    return v;
  }

  void SemDestroy(OsSem* s) override { ::sem_destroy(reinterpret_cast<sem_t*>(s->bytes)); }

  Status WaitWhile(std::atomic<uint32_t>* word, uint32_t value, double timeout,
                   bool* timed_out) override {
    static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t));
    *timed_out = false;
    if (word->load() != value) return Status::Ok();
    timespec ts = ToTimespec(timeout < 0 ? 0 : timeout);
    // Not FUTEX_PRIVATE_FLAG: the word is in memory shared between processes.
    long r =
        ::syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), FUTEX_WAIT, value, &ts, nullptr, 0);
    if (r != 0) {
      if (errno == ETIMEDOUT) {
        *timed_out = true;
      } else if (errno != EAGAIN && errno != EINTR) {
        return Status::FromErrno("futex", errno);
      }
    }
    return Status::Ok();
  }

  void WakeAll(std::atomic<uint32_t>* word) override {
    ::syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), FUTEX_WAKE, INT_MAX, nullptr, nullptr,
              0);
  }

  void FlushStdio() override {
    std::fflush(stdout);
    std::fflush(stderr);
  }
};

}  // namespace

std::unique_ptr<Os> NewPosixOs() { return std::make_unique<PosixOs>(); }

}  // namespace racecheck
