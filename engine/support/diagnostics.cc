#include "engine/support/diagnostics.h"

#include <fmt/format.h>

#include <algorithm>

namespace racecheck {
namespace {

std::string Position(const SourceLoc& loc) {
  if (!loc.known()) return "racecheck";
  return fmt::format("{}:{}:{}", loc.file->name(), loc.line, loc.col);
}

// Lines longer than this are shown as a window around the column, between "...".
constexpr int kMaxExcerpt = 240;

// The source line and a caret line under `loc`, gcc style; empty when unknown. Control bytes
// (a binary file's) are shown as '?', so that the message stays one printable text.
std::string Excerpt(const SourceLoc& loc) {
  if (!loc.known()) return "";
  std::string_view line = loc.file->Line(loc.line);
  int col = loc.col;
  std::string shown;
  if (static_cast<int>(line.size()) > kMaxExcerpt) {
    size_t begin = static_cast<size_t>(
        std::clamp(col - 1 - kMaxExcerpt / 2, 0, static_cast<int>(line.size()) - kMaxExcerpt));
    if (begin > 0) {
      shown = "...";
      col = col - static_cast<int>(begin) + 3;
    }
    shown += line.substr(begin, kMaxExcerpt);
    if (begin + kMaxExcerpt < line.size()) shown += "...";
  } else {
    shown = line;
  }
  for (char& c : shown) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) c = '?';
  }
  line = shown;
  std::string gutter = fmt::format("{:>5}", loc.line);
  std::string out = fmt::format("{} | {}\n", gutter, line);
  std::string pad;
  for (int i = 1; i < col && i - 1 < static_cast<int>(line.size()); ++i) {
    pad += line[i - 1] == '\t' ? '\t' : ' ';
  }
  int len = std::max(1, loc.length);
  int room = static_cast<int>(line.size()) - (col - 1);
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
  if (dropped_ > 0) out += Text(DiagMsg::kMoreErrors, fmt::arg("n", dropped_)) + "\n";
  return out;
}

std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates) {
  return ClosestName(name, std::vector<const std::vector<std::string>*>{&candidates});
}

std::string ClosestName(std::string_view name,
                        const std::vector<const std::vector<std::string>*>& lists) {
  std::string best;
  size_t best_dist = std::string::npos;
  // Suggestions are for typos in names of ordinary length; this keeps the cost of a long name
  // among many candidates bounded (the distance is at least the difference in lengths).
  constexpr size_t kMaxSuggested = 64;
  const size_t limit = std::max<size_t>(1, name.size() / 3);
  if (name.size() > kMaxSuggested) return "";
  std::vector<size_t> prev, cur;
  for (const std::vector<std::string>* list : lists) {
    for (const std::string& c : *list) {
      if (c.size() > name.size() + limit || name.size() > c.size() + limit) continue;
      // Levenshtein distance, two rows.
      prev.resize(c.size() + 1);
      cur.resize(c.size() + 1);
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
  }
  return best_dist <= limit ? best : "";
}

}  // namespace racecheck
