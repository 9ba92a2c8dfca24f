// Tests of engine/semantics/program.h's control-flow walk (WalkControlFlow, NextStep): on
// templates written by hand, where the step each walk reaches and the instructions it passes are
// read off the listing; an endless loop of jumps and a jump out of the code are stopped; and on
// compiled models, where the settled pcs are worked out from the model text.
#include "engine/semantics/program.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "engine/model/loader.h"
#include "engine/semantics/system.h"

namespace racecheck {
namespace {

PInstr Instr(InstrKind kind, int32_t alt = -1) {
  PInstr in;
  in.kind = kind;
  in.alt = alt;
  return in;
}

// 0 sleep; 1 jump 4; 2 assign; 3 jump 7; 4 elided; 5 assign; 6 branch (else 2); 7 sleep; 8 end
Template Listing() {
  Template t;
  t.code = {Instr(InstrKind::kSleep),     Instr(InstrKind::kJump, 4), Instr(InstrKind::kAssign),
            Instr(InstrKind::kJump, 7),   Instr(InstrKind::kElided),  Instr(InstrKind::kAssign),
            Instr(InstrKind::kBranch, 2), Instr(InstrKind::kSleep),   Instr(InstrKind::kEnd)};
  return t;
}

// NextStep from `pc`, with the pcs it passed.
std::pair<int32_t, std::vector<int32_t>> Walk(const Template& t, int32_t pc) {
  std::vector<int32_t> passed;
  int32_t step = NextStep(t, pc, [&](int32_t q) { passed.push_back(q); });
  return {step, passed};
}

TEST_CASE("NextStep walks past jumps, sleeps and elided operations to the next step", "[program]") {
  const Template t = Listing();
  CHECK(Walk(t, 0) == std::make_pair(5, std::vector<int32_t>{0, 1, 4}));
  CHECK(Walk(t, 3) == std::make_pair(8, std::vector<int32_t>{3, 7}));
  // A step is its own next step; so is the end.
  CHECK(Walk(t, 2) == std::make_pair(2, std::vector<int32_t>{}));
  CHECK(Walk(t, 6) == std::make_pair(6, std::vector<int32_t>{}));
  CHECK(Walk(t, 8) == std::make_pair(8, std::vector<int32_t>{}));
  CHECK(NextStep(t, 1) == 5);
  CHECK(NextStep(t, 7) == 8);
}

TEST_CASE("WalkControlFlow passes what the caller says and stops at the first other pc",
          "[program]") {
  const Template t = Listing();
  auto not_branch = [&](int32_t q) {
    return t.code[q].kind != InstrKind::kBranch && t.code[q].kind != InstrKind::kEnd;
  };
  // Past the assign at 5 too: 0 -> 1 -> 4 -> 5 -> 6.
  CHECK(WalkControlFlow(t, 0, not_branch) == 6);
  // A target stops it early.
  CHECK(WalkControlFlow(t, 0, [&](int32_t q) { return q != 4 && not_branch(q); }) == 4);
  CHECK(WalkControlFlow(t, 3, not_branch) == 8);
}

TEST_CASE("the walk's guard stops an endless jump loop and a jump out of the code", "[program]") {
  Template loop;  // 0 jump 1; 1 sleep; 2 jump 0; 3 end: control flow alone loops from 0
  loop.code = {Instr(InstrKind::kJump, 1), Instr(InstrKind::kSleep), Instr(InstrKind::kJump, 0),
               Instr(InstrKind::kEnd)};
  auto [step, passed] = Walk(loop, 0);
  CHECK(step == kNoPc);
  // It gives up after as many instructions as the template has: 0 1 2 0.
  CHECK(passed == std::vector<int32_t>{0, 1, 2, 0});
  CHECK(NextStep(loop, 3) == 3);

  Template self;  // 0 jump 0; 1 end
  self.code = {Instr(InstrKind::kJump, 0), Instr(InstrKind::kEnd)};
  CHECK(NextStep(self, 0) == kNoPc);
  CHECK(WalkControlFlow(self, 0, [](int32_t) { return true; }) == kNoPc);

  Template out;  // 0 jump 7 (no such pc); 1 end
  out.code = {Instr(InstrKind::kJump, 7), Instr(InstrKind::kEnd)};
  CHECK(Walk(out, 0) == std::make_pair(kNoPc, std::vector<int32_t>{0}));
  CHECK(NextStep(out, -1) == kNoPc);
  CHECK(NextStep(out, 2) == kNoPc);
}

// Compiled: 0 sleep; 1 acquire (elided without locks); 2 branch c > 0 (else 5); 3 assign;
// 4 jump 2; 5 release (elided); 6 sleep; 7 end.
const char* const kModel = R"(model: walk
shared:
  x: 0
locks: [lock]
processes:
  p:
    locals:
      c: 2
    steps:
      - sleep: 0.1
      - acquire: lock
      - while: c > 0
        do:
          - c = c - 1
      - release: lock
      - sleep: [0, 1]
)";

std::unique_ptr<System> Build(bool elide) {
  DiagnosticSink diags;
  std::optional<Model> model = LoadModelText("walk.yaml", kModel, {}, diags);
  REQUIRE(model.has_value());
  BuildOptions options;
  options.elide_sync = elide;
  std::unique_ptr<System> system =
      System::Build(std::make_shared<const Model>(std::move(*model)), options, diags);
  INFO(diags.Render());
  REQUIRE(system != nullptr);
  return system;
}

TEST_CASE("a compiled template settles where the walk says", "[program]") {
  for (bool elide : {false, true}) {
    INFO("lock-free: " << elide);
    std::unique_ptr<System> system = Build(elide);
    const Template& t = system->templates()[0];
    const InstrKind sync = elide ? InstrKind::kElided : InstrKind::kAcquire;
    REQUIRE(t.code.size() == 8);
    CHECK(t.code[0].kind == InstrKind::kSleep);
    CHECK(t.code[1].kind == sync);
    CHECK(t.code[2].kind == InstrKind::kBranch);
    CHECK(t.code[4].kind == InstrKind::kJump);
    CHECK(t.code[6].kind == InstrKind::kSleep);
    // With the lock the first step is the acquire; without it, the loop's test.
    CHECK(t.entry == (elide ? 2 : 1));
    CHECK(t.settle[0] == t.entry);
    CHECK(t.settle[4] == 2);                // the loop's jump back
    CHECK(t.settle[5] == (elide ? 7 : 5));  // the release, or past it and the sleep to the end
    CHECK(t.settle[6] == 7);
    for (int32_t pc = 0; pc < static_cast<int32_t>(t.code.size()); ++pc) {
      CHECK(t.settle[pc] == NextStep(t, pc));
    }
  }
}

}  // namespace
}  // namespace racecheck
