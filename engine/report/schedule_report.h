// The check report's figures about schedules, chance and time (the counting pass of
// check/count_pass.h): the rows of the summary table, the paragraphs under it, and their JSON.
// The words are the message catalogue's (engine/support/messages.h); English's grammar (a verb's
// number, "it"/"them") is passed to it as '_' arguments. Presentation only: every figure comes from
// the CheckResult. Pure functions; thread-safe.
#ifndef RACECHECK_ENGINE_REPORT_SCHEDULE_REPORT_H_
#define RACECHECK_ENGINE_REPORT_SCHEDULE_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "engine/check/check.h"

namespace racecheck {

using TableRow = std::pair<std::string, std::vector<std::string>>;

// A variant's name for a reader, in `lang`: "the model as written" / "the lock-free variant".
// Every report names the variants with it.
std::string VariantTitle(const VariantResult& v, Lang lang);

// Rows aligned by display width (a CJK character takes two columns), two spaces in, three
// between columns; trailing spaces dropped.
std::string AlignedTable(const std::vector<TableRow>& rows);

// m x 10^e in `lang`: "2.0 x 10^503", "2.0×10⁵⁰³" (kPowerOfTen); `m` has its one decimal.
std::string PowerOfTen(const std::string& m, int e, Lang lang);

// A number of schedules as the table gives it: "12", "1,234,567", "about 2.0 x 10^503".
std::string ScheduleCountText(const ScheduleNumber& n, Lang lang);
// A number of schedules in JSON: its decimal digits, or "infinite".
std::string CountJson(const ScheduleNumber& n);

// A least time as a table cell: "10.2 s", "0.3-0.6 s" with sleep ranges; "-" when not computed.
std::string TimeCellText(const ModelTime& t);

// A share of a whole (`part` + `rest` = 1): "60%", "1 in 4,000", "all but 1 in 3.6 x 10^157";
// "" for NaN.
std::string ShareText(double part, double rest, Lang lang);

// The summary table's rows about schedules (one cell per variant): how many, how many violate
// each property and the chance of that at random, the least time.
std::vector<TableRow> ScheduleRows(const CheckResult& report);

// The note under the table that says what the rows mean (as lines, each starting "  (").
std::string ScheduleLegend(const CheckResult& report);

// The paragraphs after the table: the exact counts too long for it, what the locks remove, what
// they cost in time, and which counts were skipped and how to get them.
std::vector<std::string> ScheduleParagraphs(const CheckResult& report);

// JSON (docs/cli.md): a variant's "schedules" and "time" objects, and the report's
// "lock_effect" (null when the report has not both variants counted).
nlohmann::json SchedulesJson(const VariantResult& v);
nlohmann::json TimeJson(const VariantResult& v);
nlohmann::json LockEffectJson(const CheckResult& report);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_REPORT_SCHEDULE_REPORT_H_
