// Compiled by the `layering` tests with the include view of engine/semantics/ only: the first
// include is a layer before semantics and must compile; the second (with UPWARD defined) points
// up the layer table and must fail ("No such file or directory").
#include "engine/semantics/system.h"
#ifdef UPWARD
#include "engine/check/check.h"
#endif
