// WhyNotText (why_not_text.h).
#include "engine/report/why_not_text.h"

#include "engine/support/check.h"
#include "engine/support/messages.h"
#include "engine/support/numbers.h"

namespace racecheck {

namespace {

using fmt::arg;

// The reason itself, without "the model with its locks".
std::string Reason(const WhyNot& why, Lang lang) {
  switch (why.stop) {
    case CountStop::kNone:
      return "";
    case CountStop::kInterrupted:
      return Say(lang, Msg::kStopInterrupted);
    case CountStop::kOutOfMemory:
      return Say(lang, Msg::kStopOutOfMemory);
    case CountStop::kStates:
      return Say(lang, Msg::kStopStates, arg("n", Thousands(why.bound)));
    case CountStop::kLocalStates:
      return Say(lang, Msg::kStopLocalStates, arg("n", Thousands(why.bound)));
    case CountStop::kClassSize:
      return Say(lang, Msg::kStopClassSize, arg("n", Thousands(why.bound)));
    case CountStop::kNoSleeps:
      return Say(lang, Msg::kStopNoSleeps);
    case CountStop::kNoneFinishes:
      return Say(lang, Msg::kStopNoneFinishes);
    case CountStop::kTimedStates:
      return Say(lang, Msg::kStopTimedStates, arg("n", Thousands(why.bound)));
    case CountStop::kBusyWait:
      return Say(lang, Msg::kStopBusyWait);
    case CountStop::kSemaphores:
      return Say(lang, Msg::kStopSemaphores);
    case CountStop::kConditions:
      return Say(lang, Msg::kStopConditions);
    case CountStop::kAcquireThenEnd:
      return Say(lang, Msg::kStopAcquireThenEnd, arg("process", why.process));
    case CountStop::kReleaseAfterAcquire:
      return Say(lang, Msg::kStopReleaseAfterAcquire, arg("process", why.process),
                 arg("line", why.line));
    case CountStop::kLockFreeInfinite:
      return Say(lang, Msg::kStopLockFreeInfinite);
    case CountStop::kLockFreeNotCounted:
      return Say(lang, Msg::kStopLockFreeNotCounted);
    case CountStop::kLockedInfinite:
      return Say(lang, Msg::kStopLockedInfinite);
  }
  RC_CHECK(false);  // every CountStop has its case above
  return "";
}

}  // namespace

std::string SearchStopText(const SearchStop& why, Lang lang) {
  switch (why.kind) {
    case SearchStop::Kind::kNone:
      return "";
    case SearchStop::Kind::kInterrupted:
      return Say(lang, Msg::kSearchInterrupted);
    case SearchStop::Kind::kMaxStates:
      return Say(lang, Msg::kSearchMaxStates, arg("n", why.bound));
    case SearchStop::Kind::kMaxMemory:
      return Say(lang, Msg::kSearchMaxMemory, arg("mib", why.in_use));
    case SearchStop::Kind::kDefaultMemory:
      return Say(lang, Msg::kSearchDefaultMemory, arg("mib", why.in_use), arg("bound", why.bound),
                 arg("origin", why.detail));
    case SearchStop::Kind::kOutOfMemory:
      return Say(lang, Msg::kSearchOutOfMemory, arg("what", why.detail));
  }
  return "";
}

std::string WhyNotText(const WhyNot& why, Lang lang) {
  std::string reason = Reason(why, lang);
  if (!why.with_locks || why.empty()) return reason;
  return Say(lang, Msg::kStopWithLocks, arg("why", reason));
}

}  // namespace racecheck
