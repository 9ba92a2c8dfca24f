// Local analysis of a template's code, for the reductions of BuildOptions::reduce_locals:
// which steps touch only the process's own locals (and so commute with every step of every
// other process and are invisible to properties), and which locals are dead at each pc (never
// read again before being overwritten, so their value cannot matter).
#ifndef RACECHECK_ENGINE_SEMANTICS_LOCAL_ANALYSIS_H_
#define RACECHECK_ENGINE_SEMANTICS_LOCAL_ANALYSIS_H_

#include "engine/semantics/program.h"

namespace racecheck {

// Fills t.local_only and t.dead_locals. REQUIRES: t.code is complete (ends in kEnd).
// Locals beyond the 64th are never reset (treated as always live).
void AnalyzeLocals(Template& t);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SEMANTICS_LOCAL_ANALYSIS_H_
