// Why a count was not worked out (engine/count/why_not.h), told in a language: the reason
// clause a report puts after "not counted, because" / "没有计数，原因：". In English it is also
// the text JSON gives (its "skipped" and "not_computed" fields), the same in every language.
// Pure function; thread-safe.
#ifndef RACECHECK_ENGINE_REPORT_WHY_NOT_TEXT_H_
#define RACECHECK_ENGINE_REPORT_WHY_NOT_TEXT_H_

#include <string>

#include "engine/count/why_not.h"
#include "engine/explore/explorer.h"
#include "engine/support/lang.h"

namespace racecheck {

// "it has more than 10,000,000 states", "the model uses semaphores" / "模型用了信号量".
// "" for an empty WhyNot.
std::string WhyNotText(const WhyNot& why, Lang lang);

// Why a search stopped early (engine/explore/explorer.h): "reached --max-states 1,000" /
// "达到了 --max-states 1,000". "" for an empty SearchStop.
std::string SearchStopText(const SearchStop& why, Lang lang);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_REPORT_WHY_NOT_TEXT_H_
