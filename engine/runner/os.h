// Os: the operating system as the real-process runner sees it, behind an interface (in the
// style of leveldb::Env) so that tests can replace it with a fake (tests/unit/runner_fake_os.h).
//
// Every call that can fail returns a Status naming the call and the errno text (error channel
// 3); nothing here throws or exits, except that the child side of Fork ends with _exit.
// Semaphores are process-shared POSIX semaphores whose storage the caller places in memory from
// MapShared (so they vanish with the mapping: nothing named is ever created). NewPosixOs()
// returns the real one. An Os is used by one thread of one process at a time; a forked child
// uses its own copy.
//
// Nothing outlives its parent: a forked child is killed by the kernel when the parent dies
// (PR_SET_PDEATHSIG, checked once more after it is set), and every wait a child makes is timed
// so that it can notice a parent that is gone (ParentIs).
#ifndef RACECHECK_ENGINE_RUNNER_OS_H_
#define RACECHECK_ENGINE_RUNNER_OS_H_

#include <semaphore.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/support/status.h"

namespace racecheck {

// Storage for one semaphore, placed in shared memory.
struct OsSem {
  alignas(16) unsigned char bytes[sizeof(sem_t) < 32 ? 32 : sizeof(sem_t)];
};

// How a child process ended (from waitpid).
struct ChildExit {
  int pid = 0;
  bool exited = false;  // normal exit: `code` is valid
  int code = 0;
  int signal = 0;  // killed by this signal when !exited
};

class Os {
 public:
  virtual ~Os() = default;

  // --- processes ---
  // Starts a child process that runs `body` and ends with _exit(body()). The child joins
  // process group `pgid`, or leads a new group when pgid == 0 (then *pid is the group id). It
  // dies with the parent (see above), takes the default action for SIGINT, SIGTERM, SIGHUP and
  // SIGQUIT, and ignores SIGPIPE.
  virtual Status Fork(int pgid, const std::function<int()>& body, int* pid) = 0;
  virtual int Pid() = 0;  // this process's id
  // In a child: is `pid` still its parent? (false once the parent died: then it was reparented)
  virtual bool ParentIs(int pid) = 0;
  // When process `pid` started (an opaque number that tells a process from a later one with the
  // same id), or nullopt when no process has that id.
  virtual std::optional<uint64_t> ProcessStartTime(int pid) = 0;
  // Reaps one ended child of group `pgid` without blocking: nullopt when none has ended yet.
  virtual Status TryWait(int pgid, std::optional<ChildExit>* out) = 0;
  // Sends `sig` to every process of group `pgid` (a group that is already gone is not an error).
  virtual Status KillGroup(int pgid, int sig) = 0;

  // --- time ---
  virtual double Now() = 0;                // monotonic seconds
  virtual void Sleep(double seconds) = 0;  // returns early only on a signal

  // --- files ---
  // The directory for temporary files: $TMPDIR, or /tmp.
  virtual std::string TempRoot() = 0;
  // Makes TempRoot()/<prefix>XXXXXX, private (mode 0700).
  virtual Status MakeTempDir(const std::string& prefix, std::string* path) = 0;
  virtual Status RemoveTree(const std::string& path) = 0;  // the dir and the files in it
  // The names in directory `path` that this user owns (without "." and "..").
  virtual Status ListDir(const std::string& path, std::vector<std::string>* names) = 0;
  virtual Status ReadFile(const std::string& path, std::string* data) = 0;
  // open(O_WRONLY|O_TRUNC), [sleep `pause` seconds], write(data), close: a reader may see an
  // empty or partial file in between, as with Python's json.dump(d, open(path, 'w')).
  virtual Status WriteInPlace(const std::string& path, const std::string& data, double pause) = 0;
  // Writes `tmp` then rename(tmp, path): a reader sees the old or the new file, never a mix.
  virtual Status WriteAndRename(const std::string& tmp, const std::string& path,
                                const std::string& data) = 0;

  // --- shared memory (inherited by children across Fork) ---
  virtual Status MapShared(size_t bytes, void** addr) = 0;  // zero-filled
  virtual void Unmap(void* addr, size_t bytes) = 0;

  // --- semaphores (process-shared, storage in shared memory) ---
  virtual Status SemInit(OsSem* s, unsigned value) = 0;
  // Waits for the count to be positive and decrements it. timeout < 0: no limit. Sets
  // *timed_out when the limit passed first.
  virtual Status SemWait(OsSem* s, double timeout, bool* timed_out) = 0;
  virtual Status SemPost(OsSem* s) = 0;
  virtual int SemValue(OsSem* s) = 0;  // the count now (a snapshot)
  virtual void SemDestroy(OsSem* s) = 0;

  // --- one shared word to wait on (a futex: the start barrier) ---
  // Waits while *word == value, at most `timeout` seconds (then *timed_out). Returns early, and
  // spuriously, as a futex may: callers re-check the word.
  virtual Status WaitWhile(std::atomic<uint32_t>* word, uint32_t value, double timeout,
                           bool* timed_out) = 0;
  virtual void WakeAll(std::atomic<uint32_t>* word) = 0;  // wakes every waiter of `word`

  // --- output ---
  // Flushes stdio buffers before a fork so that children do not repeat them.
  virtual void FlushStdio() = 0;
};

std::unique_ptr<Os> NewPosixOs();

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_RUNNER_OS_H_
