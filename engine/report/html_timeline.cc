// The HTML page and the timeline of a trace (html_timeline.h).
#include "engine/report/html_timeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "engine/support/messages.h"
#include "engine/trace/describe.h"

namespace racecheck {

namespace {

// Geometry of a timeline, in SVG user units (pixels).
constexpr int kGutter = 44;      // the step numbers' column
constexpr int kLaneWidth = 290;  // one process's lane
constexpr int kSharedWidth = 260;
constexpr int kHeader = 34;    // the lane names
constexpr int kLine = 14;      // one line of text in a box
constexpr int kPad = 10;       // a box's height beyond its lines
constexpr int kGap = 6;        // between rows
constexpr int kBarWidth = 5;   // a lock bar
constexpr int kBarStep = 8;    // from one lock's bar to the next
constexpr int kMaxChars = 38;  // of a line in a box; longer ones end in "…" (full text on hover)

const char kStyle[] = R"css(
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1d2330; background: #fff; }
h1 { font-size: 22px; margin: 0 0 8px; } h2 { font-size: 18px; margin: 28px 0 8px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
table.numbers { border-collapse: collapse; margin: 8px 0; }
table.numbers th, table.numbers td { border: 1px solid #c9ced8; padding: 3px 10px; text-align: left; }
table.numbers th { background: #eef1f6; }
.verdict-holds { color: #1c7a3a; font-weight: 600; }
.verdict-violated { color: #b3261e; font-weight: 600; }
.verdict-other { color: #8a5a00; font-weight: 600; }
.explanation { max-width: 960px; background: #fff7e6; border-left: 4px solid #e0a100; padding: 6px 12px; }
.explanation p { margin: 6px 0; }
.lockwhy { max-width: 960px; background: #eef5ff; border-left: 4px solid #3c78d8; padding: 6px 12px; }
.schedule { word-break: break-word; }
section.timeline { margin: 12px 0 24px; }
section.timeline .controls { display: flex; gap: 12px; align-items: center; margin: 6px 0; }
section.timeline input.slider { width: 360px; }
section.timeline .now { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px;
  background: #f3f4f7; padding: 2px 8px; border-radius: 4px; }
.scroll { overflow-x: auto; }
svg text { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 11px; fill: #1d2330; }
svg .lane-bg { fill: #f6f7fa; }
svg .lane-name { font-size: 13px; font-weight: 700; }
svg .stepno { fill: #6b7280; }
svg g.step rect.box { fill: #ffffff; stroke: #8792a8; stroke-width: 1; }
svg g.step.violation rect.box { fill: #fde8e6; stroke: #b3261e; }
svg g.step.current rect.box { stroke: #1d4ed8; stroke-width: 3; }
svg g.step.future, svg g.shared.future, svg path.stale.future, svg text.stale.future { opacity: 0.18; }
svg .rd { fill: #2f5d9a; } svg .wr { fill: #a23b00; } svg .passed { fill: #6b7280; font-style: italic; }
svg .pr { fill: #2c7a4b; }
svg rect.lock-bar { fill: #3c78d8; } svg rect.lock-bar.removed { fill: none; stroke: #3c78d8;
  stroke-dasharray: 3 2; }
svg path.stale { fill: none; stroke: #d93025; stroke-width: 2; }
svg text.stale { fill: #d93025; font-weight: 700; }
svg .shared-text { fill: #374151; }
.legend span { margin-right: 16px; }
.histogram text { font-size: 12px; }
)css";

const char kScript[] = R"js(
(function () {
  var timelines = document.querySelectorAll('section.timeline');
  var active = timelines.length ? timelines[0] : null;
  function show(tl, k) {
    var n = Number(tl.dataset.steps);
    k = Math.max(0, Math.min(n, k));
    var slider = tl.querySelector('input.slider');
    slider.value = k;
    tl.querySelectorAll('g.step, g.shared').forEach(function (g) {
      var i = Number(g.dataset.step);
      g.classList.toggle('current', i === k);
      g.classList.toggle('future', i > k);
    });
    tl.querySelectorAll('.stale').forEach(function (a) {
      a.classList.toggle('future', Number(a.dataset.to) > k);
    });
    var shared = tl.dataset.initial;
    var step = tl.querySelector('g.step[data-step="' + k + '"]');
    if (k > 0 && step) shared = step.dataset.shared;
    // The words in the page's language (data-initial-label, data-after-label), else English.
    var initial = tl.dataset.initialLabel || 'initial state: {shared}';
    var after = tl.dataset.afterLabel || 'after step {k} of {n}: {shared}';
    tl.querySelector('.now').textContent =
        (k === 0 ? initial : after.replace('{k}', k).replace('{n}', n)).replace('{shared}', shared);
  }
  timelines.forEach(function (tl) {
    var slider = tl.querySelector('input.slider');
    slider.addEventListener('input', function () { active = tl; show(tl, Number(slider.value)); });
    tl.addEventListener('click', function () { active = tl; });
    show(tl, Number(tl.dataset.steps));
  });
  document.addEventListener('keydown', function (e) {
    if (!active || e.target.tagName === 'INPUT') return;
    var k = Number(active.querySelector('input.slider').value);
    if (e.key === 'ArrowRight') k += 1;
    else if (e.key === 'ArrowLeft') k -= 1;
    else if (e.key === 'Home') k = 0;
    else if (e.key === 'End') k = Number(active.dataset.steps);
    else return;
    e.preventDefault();
    show(active, k);
  });
})();
)js";

// A line of a step's box: its text and its class.
struct BoxLine {
  std::string text;
  const char* cls;
};

// `text` cut to kMaxChars columns (code points).
std::string Cut(const std::string& text) {
  if (DisplayWidth(text) <= kMaxChars) return text;
  std::string out;
  int cols = 0;
  for (char c : text) {
    const bool lead = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (lead && ++cols > kMaxChars - 1) break;
    out += c;
  }
  return out + "…";
}

std::string Attr(std::string_view text) { return HtmlEscape(text); }

// The lines of step `step`'s box, as the text table tells them (in `lang`).
std::vector<BoxLine> StepLines(const System& sys, const TraceStep& step, Lang lang) {
  std::vector<BoxLine> lines;
  const int p = step.process;
  const int tmpl = sys.processes()[p].tmpl;
  const Template& t = sys.templates()[tmpl];
  for (const TraceInstr& ti : step.instrs) {
    const PInstr* in =
        ti.pc >= 0 && ti.pc < static_cast<int32_t>(t.code.size()) ? &t.code[ti.pc] : nullptr;
    if (ti.passed) {
      if (in == nullptr) continue;
      std::string passed = PassedInstrText(*in, lang);
      if (!passed.empty()) lines.push_back({std::move(passed), "passed"});
      continue;
    }
    lines.push_back({DescribeInstr(sys, tmpl, ti.pc), "src"});
    std::string rw;
    for (const TraceRead& r : ti.reads) {
      rw += (rw.empty() ? "" : ", ") + FieldAssign(sys, r.field, r.value, p, lang);
    }
    std::string w;
    for (const TraceWrite& x : ti.writes) {
      w += (w.empty() ? "" : ", ") + FieldAssign(sys, x.field, x.new_value, p, lang);
    }
    if (!rw.empty()) lines.push_back({"  " + Say(lang, Msg::kRead, fmt::arg("values", rw)), "rd"});
    if (!w.empty()) lines.push_back({"  → " + w, "wr"});
    for (const std::string& text : ti.prints) {
      lines.push_back({"  " + Say(lang, Msg::kPrints, fmt::arg("text", text)), "pr"});
    }
  }
  if (step.omitted > 0) {
    lines.push_back({Say(lang, Msg::kHtmlMoreInstrs, fmt::arg("n", step.omitted)), "passed"});
  }
  if (lines.empty()) lines.push_back({Say(lang, Msg::kHtmlNoInstr), "passed"});
  return lines;
}

// An arrow from a racing read to the write that made it stale: process A read shared field f at
// step `from`; another process wrote a different value to f at step `to`, before A read f again;
// and A wrote shared data after `to` without reading f again (it acted on the stale value).
struct StaleArrow {
  int from = 0, to = 0;  // steps, 1-based
  int field = -1;
};

std::vector<StaleArrow> StaleArrows(const System& sys, const Trace& trace) {
  std::vector<StaleArrow> out;
  const auto& steps = trace.steps;
  auto reads_field = [&](const TraceStep& s, int field) {
    for (const TraceInstr& ti : s.instrs) {
      for (const TraceRead& r : ti.reads) {
        if (r.field == field) return true;
      }
    }
    return false;
  };
  auto writes_shared = [&](const TraceStep& s) {
    for (const TraceInstr& ti : s.instrs) {
      for (const TraceWrite& w : ti.writes) {
        if (SharedIndexOfField(sys, w.field) >= 0) return true;
      }
    }
    return false;
  };
  for (size_t i = 0; i < steps.size(); ++i) {
    std::set<int> done;
    for (const TraceInstr& ti : steps[i].instrs) {
      for (const TraceRead& r : ti.reads) {
        if (SharedIndexOfField(sys, r.field) < 0 || !done.insert(r.field).second) continue;
        const int a = steps[i].process;
        int stale_at = -1;  // the step that made the read stale
        for (size_t j = i + 1; j < steps.size(); ++j) {
          if (steps[j].process == a) {
            if (stale_at < 0 && reads_field(steps[j], r.field)) break;  // read again in time
            if (stale_at >= 0) {
              if (writes_shared(steps[j])) {
                out.push_back({static_cast<int>(i) + 1, stale_at + 1, r.field});
                break;
              }
              if (reads_field(steps[j], r.field)) break;
            }
            continue;
          }
          if (stale_at >= 0) continue;
          for (const TraceInstr& tj : steps[j].instrs) {
            for (const TraceWrite& w : tj.writes) {
              if (w.field == r.field && w.new_value != r.value) stale_at = static_cast<int>(j);
            }
          }
        }
      }
    }
  }
  return out;
}

// A bar: lock `lock` (its index among the drawn locks) held by `process` from row `first` to row
// `last` (1-based steps), `removed` in the lock-free variant.
struct LockBar {
  int lock = 0;
  int process = -1;
  int first = 0, last = 0;
  bool removed = false;
  std::string name;
};

std::vector<LockBar> LockBars(const System& sys, const Trace& trace, std::vector<int>* locks) {
  std::vector<LockBar> bars;
  const int n = static_cast<int>(trace.steps.size());
  for (size_t y = 0; y < sys.syncs().size(); ++y) {
    const SyncInfo& sync = sys.syncs()[y];
    if (sync.is_semaphore) continue;
    const int index = static_cast<int>(locks->size());
    locks->push_back(static_cast<int>(y));
    // holder[i]: per process, whether it holds the lock during row i (i = 1..n).
    std::vector<std::vector<bool>> holds(sys.num_processes(), std::vector<bool>(n + 1, false));
    if (!sys.options().elide_sync) {
      for (int i = 1; i <= n; ++i) {
        for (const std::vector<uint64_t>* s : {&trace.state_before(i), &trace.steps[i - 1].state}) {
          const int64_t owner = FieldValue(sys, sync.field, s->data());
          if (owner > 0 && owner <= sys.num_processes()) holds[owner - 1][i] = true;
        }
      }
    } else {
      // Where the removed lock would have been held: from a passed acquire to a passed release.
      std::vector<bool> inside(sys.num_processes(), false);
      for (int i = 1; i <= n; ++i) {
        const TraceStep& st = trace.steps[i - 1];
        const Template& t = sys.templates()[sys.processes()[st.process].tmpl];
        for (int p = 0; p < sys.num_processes(); ++p) {
          if (inside[p]) holds[p][i] = true;
        }
        for (const TraceInstr& ti : st.instrs) {
          if (ti.pc < 0 || ti.pc >= static_cast<int32_t>(t.code.size())) continue;
          const PInstr& in = t.code[ti.pc];
          if (in.kind != InstrKind::kElided || in.sync != static_cast<int32_t>(y)) continue;
          if (in.step == nullptr) continue;
          if (in.step->kind == StepKind::kAcquire) inside[st.process] = true;
          if (in.step->kind == StepKind::kRelease) {
            inside[st.process] = false;
            holds[st.process][i] = true;
          }
        }
      }
    }
    for (int p = 0; p < sys.num_processes(); ++p) {
      int start = 0;
      for (int i = 1; i <= n + 1; ++i) {
        const bool h = i <= n && holds[p][i];
        if (h && start == 0) start = i;
        if (!h && start != 0) {
          bars.push_back({index, p, start, i - 1, sys.options().elide_sync, sync.name});
          start = 0;
        }
      }
    }
  }
  return bars;
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string HtmlPage(std::string_view title, std::string_view body, Lang lang) {
  std::string out =
      fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
                  lang == Lang::kZh ? "zh-CN" : "en");
  out += "<meta name=\"generator\" content=\"racecheck\">\n";
  out += "<title>" + HtmlEscape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n";
  out += "<body>\n<h1>" + HtmlEscape(title) + "</h1>\n";
  out += body;
  out += "<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";
  return out;
}

std::string HtmlTimeline(const System& sys, const Trace& trace, std::string_view id, Lang lang) {
  const int n = static_cast<int>(trace.steps.size());
  // The lanes: the processes that moved, in process order.
  std::vector<int> lanes;
  {
    std::set<int> moved;
    for (const TraceStep& s : trace.steps) moved.insert(s.process);
    lanes.assign(moved.begin(), moved.end());
  }
  std::map<int, int> lane_of;
  for (size_t l = 0; l < lanes.size(); ++l) lane_of[lanes[l]] = static_cast<int>(l);
  std::vector<int> locks;
  const std::vector<LockBar> bars = LockBars(sys, trace, &locks);
  const int bars_width = static_cast<int>(locks.size()) * kBarStep;
  auto lane_x = [&](int lane) { return kGutter + lane * kLaneWidth; };
  auto box_x = [&](int lane) { return lane_x(lane) + 8 + bars_width; };
  const int box_w = kLaneWidth - 16 - bars_width;
  const int shared_x = kGutter + static_cast<int>(lanes.size()) * kLaneWidth + 8;

  // Rows: their top and height.
  std::vector<std::vector<BoxLine>> lines(n + 1);
  std::vector<int> top(n + 2, kHeader), height(n + 1, 0);
  for (int i = 1; i <= n; ++i) {
    lines[i] = StepLines(sys, trace.steps[i - 1], lang);
    height[i] = static_cast<int>(lines[i].size()) * kLine + kPad;
    top[i + 1] = top[i] + height[i] + kGap;
  }
  const int total_h = top[n + 1] + 8;
  const int total_w = shared_x + kSharedWidth;

  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline-svg\" width=\"{}\" "
      "height=\"{}\" viewBox=\"0 0 {} {}\">\n",
      total_w, total_h, total_w, total_h);
  svg +=
      "<defs><marker id=\"arrow-" + std::string(id) +
      "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
      "orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#d93025\"/></marker>"
      "</defs>\n";
  // Lanes.
  for (size_t l = 0; l < lanes.size(); ++l) {
    const int x = lane_x(static_cast<int>(l));
    svg +=
        fmt::format("<g class=\"lane\" data-process=\"{}\">", Attr(sys.processes()[lanes[l]].name));
    svg += fmt::format("<rect class=\"lane-bg\" x=\"{}\" y=\"0\" width=\"{}\" height=\"{}\"/>",
                       x + 2, kLaneWidth - 4, total_h);
    svg += fmt::format("<text class=\"lane-name\" x=\"{}\" y=\"20\">{}</text></g>\n", x + 10,
                       HtmlEscape(sys.processes()[lanes[l]].name));
  }
  svg += fmt::format("<text class=\"lane-name\" x=\"{}\" y=\"20\">{}</text>\n", shared_x + 4,
                     HtmlEscape(Say(lang, Msg::kColShared)));
  // Lock bars under the boxes.
  for (const LockBar& b : bars) {
    auto it = lane_of.find(b.process);
    if (it == lane_of.end()) continue;
    const int x = lane_x(it->second) + 6 + b.lock * kBarStep;
    const int y = top[b.first];
    const int h = top[b.last] + height[b.last] - y;
    svg += fmt::format(
        "<rect class=\"lock-bar{}\" data-lock=\"{}\" data-process=\"{}\" data-first=\"{}\" "
        "data-last=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\"><title>{}</title>"
        "</rect>\n",
        b.removed ? " removed" : "", Attr(b.name), Attr(sys.processes()[b.process].name), b.first,
        b.last, x, y, kBarWidth, h,
        Say(lang, b.removed ? Msg::kHtmlRemovedLockBar : Msg::kHtmlLockBar,
            fmt::arg("lock", HtmlEscape(b.name)),
            fmt::arg("p", HtmlEscape(sys.processes()[b.process].name)), fmt::arg("first", b.first),
            fmt::arg("last", b.last)));
  }
  // Steps.
  for (int i = 1; i <= n; ++i) {
    const TraceStep& st = trace.steps[i - 1];
    const int lane = lane_of[st.process];
    const std::string shared = SharedSummary(sys, st.state.data(), lang);
    const bool bad = st.result.status == StepStatus::kViolation ||
                     (trace.violated() && trace.violation.step == i);
    svg += fmt::format(
        "<g class=\"step{}\" data-step=\"{}\" data-process=\"{}\" data-shared=\"{}\">",
        bad ? " violation" : "", i, Attr(sys.processes()[st.process].name), Attr(shared));
    svg += fmt::format("<text class=\"stepno\" x=\"{}\" y=\"{}\">{}</text>", kGutter - 8,
                       top[i] + 15, i);
    svg +=
        fmt::format("<rect class=\"box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\"/>",
                    box_x(lane), top[i], box_w, height[i]);
    for (size_t k = 0; k < lines[i].size(); ++k) {
      const BoxLine& line = lines[i][k];
      const std::string cut = Cut(line.text);
      svg +=
          fmt::format("<text class=\"{}\" x=\"{}\" y=\"{}\" xml:space=\"preserve\">{}", line.cls,
                      box_x(lane) + 6, top[i] + 15 + static_cast<int>(k) * kLine, HtmlEscape(cut));
      if (cut != line.text) svg += "<title>" + HtmlEscape(line.text) + "</title>";
      svg += "</text>";
    }
    svg += "</g>\n";
    // The shared values after the step.
    svg += fmt::format("<g class=\"shared\" data-step=\"{}\">", i);
    const std::vector<std::string> wrapped = WrapText(shared, 34);
    for (size_t k = 0; k < wrapped.size(); ++k) {
      svg += fmt::format("<text class=\"shared-text\" x=\"{}\" y=\"{}\">{}</text>", shared_x + 4,
                         top[i] + 15 + static_cast<int>(k) * kLine, HtmlEscape(wrapped[k]));
    }
    svg += "</g>\n";
  }
  // Stale reads.
  for (const StaleArrow& a : StaleArrows(sys, trace)) {
    const int from_lane = lane_of[trace.steps[a.from - 1].process];
    const int to_lane = lane_of[trace.steps[a.to - 1].process];
    const bool right = to_lane > from_lane;
    const int x1 = right ? box_x(from_lane) + box_w : box_x(from_lane);
    const int x2 = right ? box_x(to_lane) : box_x(to_lane) + box_w;
    const int y1 = top[a.from] + height[a.from] / 2;
    const int y2 = top[a.to] + height[a.to] / 2;
    const int bend = right ? 60 : -60;
    const std::string field = sys.FieldName(a.field);
    svg += fmt::format(
        "<path class=\"stale\" data-from=\"{}\" data-to=\"{}\" data-field=\"{}\" "
        "d=\"M {} {} C {} {}, {} {}, {} {}\" "
        "marker-end=\"url(#arrow-{})\"><title>{}</title></path>\n",
        a.from, a.to, Attr(field), x1, y1, x1 + bend, y1, x2 - bend, y2, x2, y2, id,
        Say(lang, Msg::kHtmlStaleTitle, fmt::arg("field", HtmlEscape(field)),
            fmt::arg("from", a.from), fmt::arg("to", a.to)));
    svg += fmt::format("<text class=\"stale\" data-to=\"{}\" x=\"{}\" y=\"{}\">{}</text>\n", a.to,
                       (x1 + x2) / 2 - 30, (y1 + y2) / 2 - 4,
                       Say(lang, Msg::kHtmlStaleLabel, fmt::arg("field", HtmlEscape(field))));
  }
  svg += "</svg>\n";

  // The script's words under the slider go in data attributes when they are not English (its
  // default), so that the English page stays as it was.
  std::string labels;
  if (lang != Lang::kEn) {
    labels = fmt::format(" data-initial-label=\"{}\" data-after-label=\"{}\"",
                         Attr(Say(lang, Msg::kHtmlNowInitial, fmt::arg("shared", "{shared}"))),
                         Attr(Say(lang, Msg::kHtmlNowAfter, fmt::arg("k", "{k}"),
                                  fmt::arg("n", "{n}"), fmt::arg("shared", "{shared}"))));
  }
  std::string out = fmt::format(
      "<section class=\"timeline\" id=\"{}\" data-steps=\"{}\" data-initial=\"{}\"{}>\n", id, n,
      Attr(SharedSummary(sys, trace.initial.data(), lang)), labels);
  out += fmt::format(
      "<div class=\"controls\"><label for=\"{0}-slider\">{2}</label><input class=\"slider\" "
      "id=\"{0}-slider\" type=\"range\" min=\"0\" max=\"{1}\" value=\"{1}\"><span "
      "class=\"now\"></span></div>\n",
      id, n, Say(lang, Msg::kHtmlSlider));
  out += "<div class=\"legend\"><span>" + Say(lang, Msg::kHtmlLegendKeys) +
         "</span><span style=\"color:#3c78d8\">" + Say(lang, Msg::kHtmlLegendLock) +
         "</span><span style=\"color:#d93025\">" + Say(lang, Msg::kHtmlLegendStale) +
         "</span></div>\n";
  out += "<div class=\"scroll\">" + svg + "</div>\n</section>\n";
  return out;
}

}  // namespace racecheck
