// Tests of engine/support/status.h and result.h: a Status is OK or carries its message; a
// Result<T> holds a value or an error Status, and gives the value by value(), * and ->. Misuse
// (a Result built from an OK Status, the value of an error) is an RC_CHECK abort, so only the
// behaviour that does not abort is tested here.
#include "engine/support/status.h"

#include <catch2/catch.hpp>
#include <cerrno>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/support/result.h"

namespace racecheck {
namespace {

TEST_CASE("Status: OK by default, or an error with its message", "[status]") {
  CHECK(Status().ok());
  CHECK(Status::Ok().ok());
  CHECK(Status::Ok().message().empty());
  Status e = Status::Error("no process 'x'");
  CHECK_FALSE(e.ok());
  CHECK(e.message() == "no process 'x'");
  Status os = Status::FromErrno("fork", EAGAIN);
  CHECK_FALSE(os.ok());
  CHECK(os.message().rfind("fork: ", 0) == 0);
  CHECK(os.message().size() > std::string("fork: ").size());
}

Result<std::vector<int32_t>> Digits(const std::string& text) {
  std::vector<int32_t> out;
  for (char c : text) {
    if (c < '0' || c > '9') return Status::Error(std::string("not a digit: '") + c + "'");
    out.push_back(c - '0');
  }
  return out;
}

TEST_CASE("Result: a value", "[status]") {
  Result<std::vector<int32_t>> r = Digits("307");
  REQUIRE(r.ok());
  CHECK(r.status().ok());
  CHECK(r.value() == std::vector<int32_t>{3, 0, 7});
  CHECK(*r == std::vector<int32_t>{3, 0, 7});
  CHECK(r->size() == 3);
  (*r)[1] = 9;  // the value can be changed in place
  r->push_back(1);
  CHECK(r.value() == std::vector<int32_t>{3, 9, 7, 1});
  const Result<std::vector<int32_t>>& c = r;
  CHECK(c->front() == 3);
  CHECK((*c)[3] == 1);
  // An empty value is still a value.
  Result<std::vector<int32_t>> empty = Digits("");
  CHECK(empty.ok());
  CHECK(empty->empty());
}

TEST_CASE("Result: an error", "[status]") {
  Result<std::vector<int32_t>> r = Digits("3x");
  CHECK_FALSE(r.ok());
  CHECK_FALSE(r.status().ok());
  CHECK(r.status().message() == "not a digit: 'x'");
  // The Status passes on unchanged to a Result of another type.
  auto pass_on = [&]() -> Result<std::string> {
    if (!r.ok()) return r.status();
    return std::string("unused");
  };
  Result<std::string> s = pass_on();
  CHECK_FALSE(s.ok());
  CHECK(s.status().message() == "not a digit: 'x'");
}

TEST_CASE("Result: move-only values move out", "[status]") {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(42);
  REQUIRE(r.ok());
  CHECK(**r == 42);
  std::unique_ptr<int> taken = std::move(r).value();
  REQUIRE(taken != nullptr);
  CHECK(*taken == 42);
  Result<std::unique_ptr<int>> again = std::make_unique<int>(7);
  std::unique_ptr<int> star = *std::move(again);
  CHECK(*star == 7);
}

}  // namespace
}  // namespace racecheck
