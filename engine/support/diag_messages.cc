// Diagnostics catalogue lookup (diag_messages.h). English is in the list itself; the other
// languages are in diag_messages_<lang>.cc.
#include "engine/support/diag_messages.h"

namespace racecheck {
namespace {

constexpr const char* kEnglish[] = {
#define RACECHECK_DIAG_TEXT(id, text) text,
    RACECHECK_DIAGNOSTICS(RACECHECK_DIAG_TEXT)
#undef RACECHECK_DIAG_TEXT
};

constexpr const char* kNames[] = {
#define RACECHECK_DIAG_NAME(id, text) #id,
    RACECHECK_DIAGNOSTICS(RACECHECK_DIAG_NAME)
#undef RACECHECK_DIAG_NAME
};

}  // namespace

std::string_view DiagText(Lang lang, DiagMsg id) {
  switch (lang) {
    case Lang::kEn:
      break;
    case Lang::kZh:
      return ChineseDiagText(id);
  }
  return kEnglish[static_cast<size_t>(id)];
}

std::string_view DiagName(DiagMsg id) { return kNames[static_cast<size_t>(id)]; }

}  // namespace racecheck
