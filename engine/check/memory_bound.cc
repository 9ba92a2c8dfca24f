// The default memory bound (memory_bound.h).
#include "engine/check/memory_bound.h"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

namespace racecheck {

namespace {

// "VmSize:  3896 kB" from /proc/self/status, in bytes; 0 if absent.
uint64_t StatusBytes(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) != 0) continue;
    std::istringstream fields(line.substr(key.size() + 1));
    uint64_t kb = 0;
    fields >> kb;
    return kb * 1024;
  }
  return 0;
}

uint64_t Limit(int resource) {
  struct rlimit rl;
  if (getrlimit(resource, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return 0;
  return static_cast<uint64_t>(rl.rlim_cur);
}

// A cgroup file holding a number, or "max"; 0 when absent, "max", or absurdly large (v1 writes
// 2^63 rounded down to a page for "no limit").
uint64_t CgroupNumber(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text) || text == "max") return 0;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(text.c_str(), &end, 10);
  if (end == text.c_str() || n >= (1ULL << 62)) return 0;
  return n;
}

// The tightest (limit - usage) over the process's group and every group above it.
void ReadCgroup(MemoryFacts& f) {
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    // "0::/path" (v2) or "4:memory:/path" (v1).
    const size_t a = line.find(':'), b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    const std::string controllers = line.substr(a + 1, b - a - 1);
    std::string path = line.substr(b + 1);
    std::vector<std::pair<std::string, std::string>> files;  // (limit, usage) per mount
    if (controllers.empty()) {
      for (const char* root : {"/sys/fs/cgroup", "/sys/fs/cgroup/unified"}) {
        files.push_back(
            {std::string(root) + "%/memory.max", std::string(root) + "%/memory.current"});
      }
    } else if (("," + controllers + ",").find(",memory,") != std::string::npos) {
      files.push_back({"/sys/fs/cgroup/memory%/memory.limit_in_bytes",
                       "/sys/fs/cgroup/memory%/memory.usage_in_bytes"});
    } else {
      continue;
    }
    for (;;) {
      const std::string dir = path == "/" ? "" : path;
      for (const auto& [limit_file, usage_file] : files) {
        auto at = [&dir](std::string pattern) {
          return pattern.replace(pattern.find('%'), 1, dir);
        };
        const uint64_t limit = CgroupNumber(at(limit_file));
        if (limit == 0) continue;
        const uint64_t used = CgroupNumber(at(usage_file));
        if (f.cgroup_limit == 0 || limit - std::min(limit, used) <
                                       f.cgroup_limit - std::min(f.cgroup_limit, f.cgroup_used)) {
          f.cgroup_limit = limit;
          f.cgroup_used = used;
        }
      }
      if (path.empty() || path == "/") break;
      const size_t slash = path.rfind('/');
      path = slash == 0 ? "/" : path.substr(0, slash);
    }
  }
}

}  // namespace

MemoryFacts ReadMemoryFacts() {
  MemoryFacts f;
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0)
    f.physical = static_cast<uint64_t>(pages) * static_cast<uint64_t>(page);
  f.as_limit = Limit(RLIMIT_AS);
  if (f.as_limit != 0) f.as_used = StatusBytes("VmSize");
  f.data_limit = Limit(RLIMIT_DATA);
  if (f.data_limit != 0) f.data_used = StatusBytes("VmData");
  ReadCgroup(f);
  return f;
}

MemoryBound ChooseMemoryBound(const MemoryFacts& f) {
  MemoryBound best;
  auto consider = [&best](uint64_t limit, uint64_t used, const char* what) {
    if (limit == 0) return;
    const uint64_t room = limit > used ? limit - used : 0;
    const uint64_t bytes = room / 4 * 3;
    if (best.origin.empty() || bytes < best.bytes) {
      best.bytes = bytes;
      best.origin = std::string("3/4 of ") + what;
    }
  };
  consider(f.physical, 0, "physical memory");
  consider(f.as_limit, f.as_used, "the room under RLIMIT_AS");
  consider(f.data_limit, f.data_used, "the room under RLIMIT_DATA");
  consider(f.cgroup_limit, f.cgroup_used, "the room in the cgroup's limit");
  if (best.origin.empty()) return {};
  if (best.bytes == 0) best.bytes = 1;  // no room at all: stop at once, with a report
  return best;
}

MemoryBound DefaultMemoryBound() { return ChooseMemoryBound(ReadMemoryFacts()); }

}  // namespace racecheck
