#include "engine/support/diagnostics.h"

#include <fmt/format.h>

#include <algorithm>

namespace racecheck {
namespace {

std::string Position(const SourceLoc& loc) {
  if (!loc.known()) return "racecheck";
  return fmt::format("{}:{}:{}", loc.file->name(), loc.line, loc.col);
}

// The source line and a caret line under `loc`, gcc style; empty when unknown.
std::string Excerpt(const SourceLoc& loc) {
  if (!loc.known()) return "";
  std::string_view line = loc.file->Line(loc.line);
  std::string gutter = fmt::format("{:>5}", loc.line);
  std::string out = fmt::format("{} | {}\n", gutter, line);
  std::string pad;
  for (int i = 1; i < loc.col && i - 1 < static_cast<int>(line.size()); ++i) {
    pad += line[i - 1] == '\t' ? '\t' : ' ';
  }
  int len = std::max(1, loc.length);
  int room = static_cast<int>(line.size()) - (loc.col - 1);
  if (room > 0) len = std::min(len, room);
  out += fmt::format("{} | {}^{}\n", std::string(gutter.size(), ' '), pad,
                     std::string(static_cast<size_t>(len - 1), '~'));
  return out;
}

}  // namespace

Diagnostic& DiagnosticSink::Error(SourceLoc loc, std::string message) {
  if (static_cast<int>(errors_.size()) >= kMaxErrors) {
    ++dropped_;
    overflow_ = Diagnostic{};
    return overflow_;
  }
  errors_.push_back(Diagnostic{std::move(loc), std::move(message), {}});
  return errors_.back();
}

std::string RenderDiagnostic(const Diagnostic& d) {
  std::string out = fmt::format("{}: error: {}\n", Position(d.loc), d.message);
  out += Excerpt(d.loc);
  for (const DiagnosticNote& n : d.notes) {
    out += fmt::format("{}: note: {}\n", Position(n.loc), n.message);
    out += Excerpt(n.loc);
  }
  return out;
}

std::string DiagnosticSink::Render() const {
  std::string out;
  for (const Diagnostic& d : errors_) out += RenderDiagnostic(d);
  if (dropped_ > 0) out += fmt::format("racecheck: {} more errors not shown\n", dropped_);
  return out;
}

std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_dist = std::string::npos;
  for (const std::string& c : candidates) {
    // Levenshtein distance, two rows.
    std::vector<size_t> prev(c.size() + 1), cur(c.size() + 1);
    for (size_t j = 0; j <= c.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= name.size(); ++i) {
      cur[0] = i;
      for (size_t j = 1; j <= c.size(); ++j) {
        size_t sub = prev[j - 1] + (name[i - 1] == c[j - 1] ? 0 : 1);
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      }
      std::swap(prev, cur);
    }
    size_t d = prev[c.size()];
    if (d < best_dist) {
      best_dist = d;
      best = c;
    }
  }
  size_t limit = std::max<size_t>(1, name.size() / 3);
  return best_dist <= limit ? best : "";
}

}  // namespace racecheck
