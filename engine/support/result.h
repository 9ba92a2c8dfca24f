// Result<T>: a value of type T, or the Status that says why there is none (leveldb's and absl's
// StatusOr). What a call that can fail returns when it also has something to give back:
//
//   Result<std::vector<int32_t>> schedule = ParseSchedule(system, text);
//   if (!schedule.ok()) return schedule.status();
//   Use(*schedule);
//
// Invariant: exactly one of the two is there; status() is OK exactly when a value is held. A
// Result is never built from an OK Status, and the value is never read from an error: both are
// our bugs and abort (RC_CHECK), in every build type. Thread-compatible, like T.
#ifndef RACECHECK_ENGINE_SUPPORT_RESULT_H_
#define RACECHECK_ENGINE_SUPPORT_RESULT_H_

#include <optional>
#include <utility>

#include "engine/support/check.h"
#include "engine/support/status.h"

namespace racecheck {

template <typename T>
class Result {
 public:
  // Implicit, so that a function returns either a value or a Status.
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  // REQUIRES: !status.ok()
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    RC_CHECK(!status_.ok());
  }

  bool ok() const { return value_.has_value(); }
  // OK when there is a value, else the error.
  const Status& status() const { return status_; }

  // REQUIRES: ok()
  const T& value() const& {
    RC_CHECK(ok());
    return *value_;
  }
  T& value() & {
    RC_CHECK(ok());
    return *value_;
  }
  T&& value() && {
    RC_CHECK(ok());
    return std::move(*value_);
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  Status status_;  // OK when value_ holds a value
  std::optional<T> value_;
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SUPPORT_RESULT_H_
