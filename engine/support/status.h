// Status: the result of an operation that talks to the operating system (error channel 3), and
// the one error type at the engine's layer boundaries for a request that cannot be done (a
// schedule naming no process, a model the real runner refuses). Result<T> (result.h) is a value
// or a Status. Mistakes in a user's model are diagnostics instead, never a Status.
//
// Either OK, or an error carrying a message such as "fork: Resource temporarily unavailable".
// A small value type in the style of leveldb::Status; cheap to copy when OK. Thread-compatible.
#ifndef RACECHECK_ENGINE_SUPPORT_STATUS_H_
#define RACECHECK_ENGINE_SUPPORT_STATUS_H_

#include <string>
#include <utility>

namespace racecheck {

class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message)); }
  // "call: strerror(errno)"; `err` is the errno value captured right after the failing call.
  static Status FromErrno(const std::string& call, int err);

  bool ok() const { return !failed_; }
  const std::string& message() const { return message_; }

 private:
  explicit Status(std::string message) : failed_(true), message_(std::move(message)) {}
  bool failed_ = false;
  std::string message_;
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SUPPORT_STATUS_H_
