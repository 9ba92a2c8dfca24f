#include "engine/support/status.h"

#include <cstring>

namespace racecheck {

Status Status::FromErrno(const std::string& call, int err) {
  return Status(call + ": " + std::strerror(err));
}

}  // namespace racecheck
