#!/usr/bin/env python3
"""A stand-in for racecheck that reports one state too many, to check that bench/count_states.py
catches a disagreement (ctest: bench_count_states_catches_a_mismatch). It runs the real binary,
$RACECHECK_REAL, with the same arguments (which must ask for --format json) and adds 1 to the
first variant's "states" in its report. Test-only; not a tool."""
import json
import os
import subprocess
import sys

run = subprocess.run([os.environ["RACECHECK_REAL"]] + sys.argv[1:], capture_output=True,
                     text=True)
doc = json.loads(run.stdout)
doc["variants"][0]["states"] += 1
print(json.dumps(doc))
sys.exit(run.returncode)
