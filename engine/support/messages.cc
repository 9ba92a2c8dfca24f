// Catalogue lookup (messages.h). The texts are in messages_en.cc and messages_zh.cc.
#include "engine/support/messages.h"

namespace racecheck {

std::string_view MessageText(Lang lang, Msg id) {
  switch (lang) {
    case Lang::kEn:
      return EnglishText(id);
    case Lang::kZh:
      return ChineseText(id);
  }
  return EnglishText(id);
}

std::string_view MessageName(Msg id) {
  static constexpr const char* kNames[] = {
#define RACECHECK_MESSAGE_NAME(id, meaning) #id,
      RACECHECK_MESSAGES(RACECHECK_MESSAGE_NAME)
#undef RACECHECK_MESSAGE_NAME
  };
  return kNames[static_cast<size_t>(id)];
}

}  // namespace racecheck
