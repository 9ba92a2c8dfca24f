// The bad-input catalogue (issue 10): what racecheck says to every kind of wrong input a user
// can hand it — YAML syntax, names, types, sizes and limits, files, encodings, flags and
// schedules — and the few odd inputs it must accept (a byte-order mark, CRLF line ends, UTF-8).
// Each case gives the command line, the exit code, a piece of the message and, for a mistake
// in a file, the location that must precede it: "FILE:LINE:COL: error: ...MESSAGE...". The
// inputs are in tests/bad_inputs/ ('@' in a command line); the large ones are generated below.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>

#include "tests/support/racecheck_cli.h"

namespace racecheck::testing {
namespace {

struct Case {
  const char* args;  // after `racecheck`; '@' stands for tests/bad_inputs/
  int exit_code;
  const char* message;   // in stderr (exit 2), or in stdout (an accepted input)
  const char* location;  // "LINE:COL" in the first file named, or "" when there is none
};

constexpr const char* kT = "models/ticket.yaml";

const Case kCases[] = {
    // YAML syntax and shape.
    {"@yaml_unclosed_list.yaml", 2, "invalid YAML: end of sequence flow not found", "4:25"},
    {"@yaml_unclosed_map.yaml", 2, "invalid YAML: end of map flow not found", "2:32"},
    {"@yaml_bad_indent.yaml", 2, "invalid YAML: end of map not found", "6:6"},
    {"@yaml_unknown_escape.yaml", 2, "invalid YAML: unknown escape character: q", "5:21"},
    {"@yaml_tab_indent.yaml", 2, "a tab indents this line; YAML indents with spaces only", "3:1"},
    {"@yaml_stray_comma.yaml", 2, "invalid YAML: unexpected ','", "1:1"},
    {"@yaml_two_documents.yaml", 2, "the model must be one YAML document", "7:1"},
    {"@yaml_empty.yaml", 2, "the model is empty; expected a mapping with 'processes:'", "1:1"},
    {"@yaml_only_comment.yaml", 2, "the model is empty", "1:1"},
    {"@yaml_scalar_root.yaml", 2, "the model must be a mapping with 'processes:', found 'hello'",
     "1:1"},
    {"@yaml_list_root.yaml", 2, "the model must be a mapping with 'processes:', found a list",
     "1:1"},
    {"@yaml_unknown_alias.yaml", 2, "invalid YAML: the referenced anchor is not defined", "4:12"},
    {"@yaml_self_alias.yaml", 2, "alias '*a' refers to a node that contains it", "1:28"},
    {"@yaml_too_deep.yaml", 2,
     "YAML nested more than 100 levels deep (the limit is 100; raise it with --limit "
     "yaml-depth=N)",
     "4:109"},
    {"@yaml_parser_depth.yaml", 2, "YAML nested more than 100 levels deep", "1:103"},
    {"@yaml_parser_depth.yaml --limit yaml-depth=400", 2, "YAML nested more than 400 levels deep",
     "1:403"},
    {"@yaml_alias_bomb.yaml", 2,
     "aliases expand to more than 100000 YAML nodes at '*a3' (the limit is 100000; raise it "
     "with --limit yaml-aliases=N)",
     "9:121"},
    {"@yaml_alias_bomb.yaml --limit yaml-aliases=2000", 2,
     "aliases expand to more than 2000 YAML nodes at '*a2'", "8:31"},
    {"@yaml_duplicate_key.yaml", 2, "duplicate key 'steps' in process 'p'", "5:5"},
    {"@yaml_unknown_top_key.yaml", 2,
     "unknown key 'proceses' in the model; did you mean "
     "'processes'?",
     "2:1"},
    {"@yaml_no_processes.yaml", 2, "the model has no processes; add a 'processes:' section", "1:1"},
    {"@yaml_step_list.yaml", 2, "a step must be an assignment or a mapping", "5:9"},
    {"@yaml_empty_step.yaml", 2, "empty step; expected an assignment", "5:7"},
    {"@yaml_two_kinds.yaml", 2, "a step has one kind, found both 'acquire' and 'release'", "6:22"},
    {"@yaml_unknown_step.yaml", 2, "unknown step 'aquire'; did you mean 'acquire'?", "5:9"},
    {"@yaml_if_without_then.yaml", 2, "'if' without 'then'", "5:9"},
    {"@yaml_no_steps.yaml", 2, "process 'p' has no 'steps'", "3:3"},
    // Names.
    {"@name_invalid.yaml", 2, "'my-var' is not a valid name", "1:10"},
    {"@name_reserved.yaml", 2, "'not' is not a valid name; it is a reserved word", "1:10"},
    {"@name_duplicate.yaml", 2, "duplicate name 'x'", "2:9"},
    {"@name_local_shadows.yaml", 2, "duplicate name 'x'", "4:14"},
    {"@name_unknown.yaml", 2, "unknown name 'y'; did you mean 'x'?", "5:13"},
    {"@name_typo.yaml", 2, "unknown name 'cont'; did you mean 'count'?", "5:17"},
    {"@name_unknown_lock.yaml", 2, "unknown lock or semaphore 'lokc'", "6:18"},
    {"@name_property_local.yaml", 2, "'c' is a local of 'p'; a property may use only params",
     "7:6"},
    {"@name_assign_param.yaml", 2, "cannot assign to param 'n'", "6:9"},
    {"@name_assign_self.yaml", 2, "cannot assign to 'self'", "5:9"},
    {"@name_self_in_property.yaml", 2, "'self' is not available here", "7:6"},
    {"@name_variable_in_instances.yaml", 2, "unknown name 'x'", "4:16"},
    // Arrays, lock expressions, lock queries, the conditional expression, when: (issue 11).
    {"@arr_not_array.yaml", 2, "'x' is not an array; it cannot be indexed", "5:10"},
    {"@arr_no_index.yaml", 2, "'flag' is an array of 2; name one element, as in 'flag[0]'", "6:16"},
    {"@arr_unclosed.yaml", 2, "expected ']' to close '[' at column 13, found '='", "6:19"},
    {"@arr_bool_index.yaml", 2, "the index of 'a' must be an int, found bool", "6:11"},
    {"@arr_size_zero.yaml", 2, "array 'a' has 0 elements; expected 1 or more", "3:14"},
    {"@arr_size_variable.yaml", 2, "unknown name 'n'", "3:14"},
    {"@arr_lock_no_index.yaml", 2, "'fork' is an array of 2; name one, as in 'fork[0]'", "5:18"},
    {"@arr_lock_bad_index.yaml", 2, "expected ']' to close '[' at column 22", "5:37"},
    {"@arr_lock_not_sync.yaml", 2, "'a' is not a lock or semaphore", "7:18"},
    {"@arr_held_semaphore.yaml", 2, "'held()' takes a lock; 'slots' is a semaphore", "5:21"},
    {"@arr_lock_as_value.yaml", 2, "'lock' is a lock, not a value; ask 'held(lock)'", "6:13"},
    {"@arr_cond_no_else.yaml", 2, "expected 'else' after '1 if x == 0'", "5:24"},
    {"@arr_cond_types.yaml", 2,
     "the two values of 'if ... else' must have the same type, found int and bool", "5:15"},
    {"@arr_when_variable.yaml", 2, "'x' is a variable; only params and literals", "5:15"},
    {"@arr_when_int.yaml", 2, "expected a bool condition, found an int expression", "6:31"},
    // Events (multiprocessing.Event, issue 11): `events:`, `set:`, `clear:`, `wait:`.
    {"@event_not_event.yaml", 2,
     "'data' is not an event; 'set:' takes an event declared under 'events:'", "6:14"},
    {"@event_typo.yaml", 2, "unknown event 'redy'; did you mean 'ready'?", "5:15"},
    {"@event_condition.yaml", 2,
     "'wait:' takes one event, as in 'wait: ready' or 'wait: ready[i]', found 'ready and data "
     "> 0'",
     "6:15"},
    {"@event_not_list.yaml", 2, "'events' must be a list of names, or a mapping 'name: count'",
     "1:9"},
    {"@event_duplicate.yaml", 2, "duplicate name 'ready'", "2:10"},
    {"@event_assigned.yaml", 2,
     "'ready' is an event; change it with 'set: ready' or 'clear: ready'", "5:9"},
    // RLocks (multiprocessing.RLock, issue 11): `rlocks:`, or `locks: {name: {reentrant: P}}`.
    {"@rlock_not_list.yaml", 2,
     "'rlocks' must be a list of names, or a mapping 'name: count' for arrays of rlocks", "1:9"},
    {"@rlock_duplicate.yaml", 2, "duplicate name 'account'", "2:10"},
    {"@rlock_key_typo.yaml", 2,
     "unknown key 'size' in lock 'account'; expected one of 'reentrant', 'array'", "4:27"},
    {"@rlock_reentrant_int.yaml", 2, "expected a bool condition, found an int expression", "4:24"},
    {"@rlock_reentrant_variable.yaml", 2, "'x' is a variable; only params and literals", "4:24"},
    // Barriers (multiprocessing.Barrier, issue 11): `barriers: {b: parties}`, `wait: b`.
    {"@barrier_not_map.yaml", 2, "'barriers' must be a mapping of name: parties, found a list",
     "1:11"},
    {"@barrier_no_parties.yaml", 2, "barrier 'b' has 0 parties; expected 1 or more", "3:6"},
    {"@barrier_typo.yaml", 2, "unknown event or barrier 'stat'; did you mean 'start'?", "6:15"},
    {"@barrier_acquired.yaml", 2, "'start' is a barrier; wait for it with 'wait: start'", "6:18"},
    {"@barrier_in_atomic.yaml", 2,
     "'wait' can only be the first step of an 'atomic' group; the group must not block halfway",
     "8:13"},
    // Queues (multiprocessing.Queue, issue 11): `queues: {q: maxsize}`, `q.put(e)`, `x = q.get()`.
    {"@queue_typo.yaml", 2, "unknown queue 'qq'; did you mean 'q'?", "6:13"},
    {"@queue_not_queue.yaml", 2,
     "'total' is not a queue; 'put()' takes a queue declared under 'queues:'", "6:9"},
    {"@queue_zero.yaml", 2, "queue 'q' has maxsize 0; expected 1 to 1024", "1:13"},
    {"@queue_bool_target.yaml", 2, "'done' is a bool, but the value assigned is an int", "6:16"},
    {"@queue_bool_put.yaml", 2, "expected an int value, found a bool expression", "5:15"},
    {"@queue_in_atomic.yaml", 2,
     "'put' can only be the first step of an 'atomic' group; the group must not block halfway",
     "8:13"},
    // Conditions (multiprocessing.Condition, issue 11): `conditions: {c: lock}` or `[c]`.
    {"@condition_typo.yaml", 2, "unknown event or condition 'not_emty'; did you mean 'not_empty'?",
     "7:15"},
    {"@condition_unknown_lock.yaml", 2, "unknown lock 'mutx'; did you mean 'mutex'?", "2:17"},
    {"@condition_semaphore_lock.yaml", 2,
     "the lock of condition 'c' must be a lock or an rlock, found the semaphore 's'", "2:17"},
    {"@condition_in_atomic.yaml", 2,
     "'c.wait()' cannot be in an 'atomic' group: a condition's wait gives up the lock", "9:13"},
    {"@condition_notify_lock.yaml", 2,
     "'mutex' is not a condition; 'notify:' takes a condition declared under 'conditions:'",
     "7:17"},
    {"@condition_key_typo.yaml", 2,
     "unknown key 'spurios' in condition 'c'; did you mean 'spurious'?", "2:7"},
    // A lock's owner discipline (issue 11): `locks: {l: {owner_only: true}}`.
    {"@lock_owner_typo.yaml", 2, "unknown key 'owner_onyl' in lock 'l'; did you mean 'owner_only'?",
     "2:7"},
    {"@lock_owner_int.yaml", 2, "expected a bool condition, found an int expression", "2:19"},
    // Value/Array's own lock (issue 11): `n: {init: 0, lock: true}`, `acquire: n.get_lock()`.
    {"@value_lock_not_bool.yaml", 2, "'lock' must be true or false, found 'yes'", "2:22"},
    {"@value_lock_local.yaml", 2,
     "unknown key 'lock' in local 'x'; expected one of 'init', 'range', 'ghost', 'array'", "4:20"},
    // A property's long form, {holds: condition, goal: "text"} (issue 12: play's goal line).
    {"@prop_no_holds.yaml", 2,
     "invariant 'small' has no 'holds'; expected {holds: <condition>, goal: \"<text>\"}", "6:3"},
    {"@prop_hold_typo.yaml", 2, "unknown key 'hold' in invariant 'small'; did you mean 'holds'?",
     "6:11"},
    {"@prop_goal_typo.yaml", 2, "unknown name 'k'; did you mean 'K'?", "9:44"},
    {"@prop_goal_variable.yaml", 2, "'n' is a variable; only params and literals", "6:55"},
    // `for: i in range(K)` (issue 11).
    {"@for_header.yaml", 2,
     "'for' must read 'NAME in range(N)' or 'NAME in range(A, B)', found 'i of range(K)'", "6:14"},
    {"@for_no_do.yaml", 2, "'for' without 'do'; expected 'do:' with a list of steps", "5:9"},
    {"@for_shadows.yaml", 2, "loop variable 'n' has the name of a shared variable", "5:14"},
    {"@for_nested_same.yaml", 2,
     "loop variable 'i' has the name of the variable of an enclosing loop", "7:18"},
    {"@for_variable_bound.yaml", 2, "'n' is a variable; only params and literals", "5:28"},
    {"@for_bool_bound.yaml", 2, "expected an int value, found a bool expression", "5:25"},
    {"@for_assign_loop_var.yaml", 2, "cannot assign to loop variable 'i'; it is a constant",
     "6:15"},
    {"@for_too_many.yaml", 2,
     "'for: j in range(K)' unrolls to more than 100000 steps and iterations (all loops "
     "together) (the limit is 100000; raise it with --limit loop-steps=N)",
     "8:13"},
    {"@for_too_many.yaml --limit loop-steps=1000", 2, "unrolls to more than 1000 steps", "8:13"},
    // Types.
    {"@type_bool_to_int.yaml", 2, "'x' is an int, but the value assigned is a bool", "5:13"},
    {"@type_int_condition.yaml", 2, "expected a bool condition, found an int expression", "5:17"},
    {"@type_and_ints.yaml", 2, "operator 'and' needs bool operands, found int", "5:17"},
    {"@type_compare_mixed.yaml", 2, "operator '==' needs operands of the same type", "5:19"},
    {"@type_neg_bool.yaml", 2, "operator '-' needs an int operand, found bool", "5:18"},
    {"@type_min_bool.yaml", 2, "'min' needs int arguments, found bool", "5:20"},
    {"@type_param_default.yaml", 2, "param 'n' must have an integer default, found 'ten'", "1:13"},
    {"@type_ghost.yaml", 2, "'ghost' must be true or false, found 'maybe'", "1:30"},
    {"@type_range_bool.yaml", 2, "'x' is a bool; a range is only for ints", "1:34"},
    {"@type_plus_assign_bool.yaml", 2, "operator '+=' needs an int variable, but 'b' is a bool",
     "5:11"},
    {"@type_chained_compare.yaml", 2, "comparisons cannot be chained; use 'and'", "5:23"},
    {"@type_single_equals.yaml", 2, "found '='; use '==' to compare", "5:19"},
    {"@type_unexpected_char.yaml", 2, "unexpected '&'; did you mean '&&' or 'and'?", "5:15"},
    {"@type_print_unclosed.yaml", 2, "unterminated '{' in print text", "5:22"},
    {"@type_atomic_await.yaml", 2, "'await' can only be the first step of an 'atomic' group",
     "5:25"},
    // Sizes and limits.
    {"@size_int_literal.yaml", 2, "integer literal '99999999999999999999' is too large", "5:13"},
    {"@size_range_too_wide.yaml", 2, "is too wide; at most 2^62 values", "1:31"},
    {"@size_range_empty.yaml", 2, "empty range [5, 1] for 'x'; expected lo <= hi", "1:31"},
    {"@size_init_outside_range.yaml", 2, "initial value 9 of 'x' is outside its range [0, 3]",
     "1:20"},
    {"@size_init_too_large.yaml", 2, "initial value 4611686018427387904 of 'x' is too large",
     "1:13"},
    {"@size_semaphore_init.yaml", 2,
     "semaphore 's' starts at 4611686018427387904, too large; a semaphore counts at most to "
     "4611686018427387903 (2^62 - 1)",
     "1:17"},
    {"@size_semaphore_init.yaml --without-locks", 2, "semaphore 's' starts at", "1:17"},
    {"replay @size_semaphore_init.yaml --schedule p#0", 2, "semaphore 's' starts at", "1:17"},
    {"@size_semaphore_max.yaml", 2, "semaphore 's' has max 4611686018427387904, too large", "1:32"},
    {"@size_semaphore_negative.yaml", 2, "semaphore 's' starts at -1; expected 0 or more", "1:17"},
    {"@size_semaphore_max_below.yaml", 2, "semaphore 's' has max 2 below its initial count 3",
     "1:32"},
    {"@size_instances_negative.yaml", 2, "'p' has -2 instances; expected 0 or more", "4:16"},
    {"@size_instances_huge.yaml", 2,
     "'p' would make 9223372036854775807 processes in all (the limit is 10000", "4:16"},
    {"@size_too_many_processes.yaml", 2,
     "'p' would make 10001 processes in all (the limit is 10000; raise it with --limit "
     "processes=N)",
     "4:16"},
    {"@size_expr_deep.yaml", 2,
     "expression too deeply nested (the limit is 100; raise it with --limit expr-depth=N)",
     "5:713"},
    {"@size_expr_stack.yaml", 2, "it needs 71 stack slots, the limit is 64", "5:9"},
    {"@size_sleep_huge.yaml", 2, "'sleep' of 1e300 seconds is too long; at most 86400 (a day)",
     "5:16"},
    {"run @size_sleep_huge.yaml", 2, "'sleep' of 1e300 seconds is too long", "5:16"},
    {"@size_sleep_negative.yaml", 2, "'sleep' must not be negative, found '-1'", "5:16"},
    {"@size_sleep_range_empty.yaml", 2, "'sleep' range is empty; expected lo <= hi", "5:16"},
    {"@size_sleep_nan.yaml", 2,
     "'sleep' must be a number of seconds or a range [lo, hi], found "
     "'nan'",
     "5:16"},
    {"@size_div_zero.yaml", 2, "division by zero", "5:15"},
    {"@size_overflow.yaml", 2, "integer overflow in a constant expression", "5:33"},
    {"@size_param_overflow.yaml", 2, "does not fit in a 64-bit integer", "1:13"},
    {"models/ticket.yaml --limit processes=5", 2,
     "'client' would make 100 processes in all (the limit is 5; raise it with --limit "
     "processes=N)",
     "22:16"},
    {"run models/ticket.yaml --limit processes=5", 2, "would make 100 processes in all", "22:16"},
    {"models/ticket.yaml --limit variables=10", 2,
     "'client' would make 202 variables in all (shared variables and the locals of every "
     "process) (the limit is 10",
     "22:16"},
    {"models/ticket.yaml --limit variables=1", 2,
     "the model declares 2 shared variables (the limit is 1; raise it with --limit variables=N)",
     "18:3"},
    {"models/ticket.yaml --limit state-words=1", 2,
     "the state of this model needs more than 1 words (the limit is 1; raise it with --limit "
     "state-words=N)",
     "22:16"},
    {"models/ticket.yaml --limit expr-length=12", 2,
     "expression too long: 15 bytes (the limit is 12; raise it with --limit expr-length=N)",
     "45:12"},
    {"models/ticket.yaml --limit expr-depth=1 --set clients=2", 0, "verdict", ""},
    {"models/ticket.yaml --limit yaml-depth=3", 2, "YAML nested more than 3 levels deep", "24:7"},
    {"models/ticket.yaml --limit model-size=100", 2,
     "model file 'models/ticket.yaml' is too large: 2307 bytes (the limit is 100; raise it "
     "with --limit model-size=N)",
     ""},
    // Files.
    {"tests/bad_inputs/missing.yaml", 2,
     "cannot open model file 'tests/bad_inputs/missing.yaml': No such file or directory", ""},
    {"tests/bad_inputs", 2, "model file 'tests/bad_inputs' is a directory; expected a YAML file",
     ""},
    {"/dev/null", 2, "the model is empty", "1:1"},
    {"@file_binary.yaml", 2,
     "unexpected NUL byte; a model is UTF-8 text (is this a binary "
     "file?)",
     "1:8"},
    {"/dev/zero", 2,
     "model file '/dev/zero' is too large: more than 4194304 bytes (the limit is 4194304", ""},
    // Encodings.
    {"@enc_bom.yaml", 0, "verdict           holds", ""},
    {"@enc_bom_error.yaml", 2, "unknown name 'y'; did you mean 'x'?", "5:13"},
    {"@enc_crlf.yaml", 0, "verdict           holds", ""},
    {"@enc_crlf_error.yaml", 2, "unknown name 'y'; did you mean 'x'?", "5:13"},
    {"@enc_nul_expression.yaml", 2, "unexpected NUL byte", "5:14"},
    {"@enc_nul_key.yaml", 2, "unexpected NUL byte", "1:11"},
    {"@enc_latin1.yaml", 2, "invalid UTF-8 byte 0xe9; a model is UTF-8 text", "5:20"},
    {"@enc_utf16.yaml", 2, "the model file is UTF-16 or UTF-32 text; save it as UTF-8", "1:1"},
    {"@enc_utf8_ok.yaml", 0, "verdict           holds", ""},
    {"@enc_control_char.yaml", 2, "unexpected '\\x01'", "5:15"},
    // Flags.
    {"models/ticket.yaml --max-states -1", 2,
     "--max-states: expected a whole number from 0 to 4294967280, found '-1'", ""},
    {"models/ticket.yaml --threads 300", 2,
     "--threads expects 0 (all cores) or 1 to 256 worker threads, found 300", ""},
    {"models/ticket.yaml --threads -1", 2,
     "--threads: expected a whole number from 0 to 4294967295, found '-1'", ""},
    {"models/ticket.yaml --format xml", 2, "--format: xml not in {text,json,html,dot}", ""},
    {"models/ticket.yaml --limit bad", 2,
     "--limit: expected NAME=VALUE, such as 'model-size=64M', found 'bad'", ""},
    {"models/ticket.yaml --limit processes=0", 2,
     "limit 'processes' must be a whole number from 1 to 1000000, found '0'", ""},
    {"models/ticket.yaml --limit model-size=2G", 2,
     "limit 'model-size' must be a whole number of bytes (K, M, G allowed) from 1 to "
     "1073741824, found '2G'",
     ""},
    {"models/ticket.yaml --limit yaml-depth=1000", 2,
     "limit 'yaml-depth' must be a whole number from 1 to 400, found '1000'", ""},
    {"models/ticket.yaml --limit nosuch=1", 2,
     "unknown limit 'nosuch'; expected one of "
     "'model-size'",
     ""},
    {"models/ticket.yaml --limit proceses=1", 2,
     "unknown limit 'proceses'; did you mean "
     "'processes'?",
     ""},
    {"replay models/ticket.yaml --schedule client#0 --limit expr-depth=-1", 2,
     "limit 'expr-depth' must be a whole number from 1 to 500, found '-1'", ""},
    {"run models/ticket.yaml --limit state-words=1x", 2,
     "limit 'state-words' must be a whole number from 1", ""},
    {"models/ticket.yaml --set clients", 2, "'--set' expects name=value, found 'clients'", ""},
    {"models/ticket.yaml --set nope=1", 2, "unknown param 'nope' in --set", ""},
    {"models/ticket.yaml --set clients=ten", 2, "param 'clients' must be an integer, found 'ten'",
     ""},
    {"models/ticket.yaml --set clients=99999999999999999999", 2, "does not fit in a 64-bit integer",
     ""},
    {"models/ticket.yaml --set clients=-1", 2, "'client' has -1 instances; expected 0 or more",
     "22:16"},
    {"models/ticket.yaml --strategy sideways", 2, "--strategy: sideways not in {bfs,dfs}", ""},
    {"models/ticket.yaml --fingerprint --strategy dfs", 2,
     "--fingerprint works only with --strategy bfs", ""},
    {"models/ticket.yaml --max-memory lots", 2,
     "--max-memory expects a size such as 512M or 4G, found 'lots'", ""},
    {"models/ticket.yaml --no-such-flag", 2,
     "The following argument was not expected: --no-such-flag", ""},
    {"check", 2, "MODEL is required", ""},
    {"run models/ticket.yaml --trials 0", 2,
     "--trials: expected a whole number from 1 to 1000000, found '0'", ""},
    {"run models/ticket.yaml --time-scale nan", 2, "--time-scale: expected a number", ""},
    {"run models/ticket.yaml --timeout -1", 2,
     "--timeout: expected a number above 0 and at most 86400, found '-1'", ""},
    {"run models/ticket.yaml --set clients=2 --max-processes 1", 2,
     "the model has 2 processes; real mode runs at most 1 per trial", ""},
    // Schedules.
    {"replay models/ticket.yaml", 2, "--schedule is required", ""},
    {"replay models/ticket.yaml --schedule ''", 2,
     "empty schedule; expected process names separated by spaces, such as 'client#0 client#1'", ""},
    {"replay models/ticket.yaml --schedule '  \t '", 2, "empty schedule", ""},
    {"replay models/ticket.yaml --schedule nobody", 2,
     "unknown process 'nobody'; expected a name such as 'client#0'", ""},
    {"replay models/ticket.yaml --schedule clinet#0", 2,
     "unknown process 'clinet#0'; did you mean 'client#0'?", ""},
    {"replay models/ticket.yaml --schedule 'client#0 client#7 nobody'", 2,
     "unknown process 'nobody' (entry 3 of the schedule)", ""},
    {"replay models/ticket.yaml --schedule 'client#0 client#0 client#0 client#1 client#1 "
     "client#1 client#1'",
     2, "step 6: 'client#1' cannot run: it waits for 'lock', held by client#0", ""},
    {"replay models/ticket.yaml --set clients=1 --schedule 'client#0 client#0 client#0 client#0 "
     "client#0 client#0 client#0 client#0 client#0'",
     2, "step 9: 'client#0' cannot run: it has finished", ""},
    {"replay models/ticket.yaml --schedule client#0 --property nosuch", 2,
     "the model has no property 'nosuch'", ""},
    {"run models/ticket.yaml --schedule bogus", 2,
     "unknown process 'bogus'; expected a name such as 'client#0'", ""},
    {"replay @size_semaphore_max_below.yaml --schedule p#0", 2,
     "semaphore 's' has max 2 below its initial count 3", "1:32"},
};

// The path of the first file named in a command line ('@' expanded).
std::string FirstFile(const std::string& args) {
  size_t at = args.find("tests/bad_inputs/");
  if (at == std::string::npos) at = args.find("models/");
  if (at == std::string::npos) at = args.find("/dev/");
  if (at == std::string::npos) return "";
  return args.substr(at, args.find(' ', at) - at);
}

std::string Expand(const char* args) {
  std::string out;
  for (const char* p = args; *p; ++p) {
    if (*p == '@') {
      out += "tests/bad_inputs/";
    } else {
      out += *p;
    }
  }
  return out;
}

TEST_CASE("the bad-input catalogue: each input gets its exit code, message and location", "[cli]") {
  STATIC_REQUIRE(sizeof kCases / sizeof kCases[0] >= 100);
  for (const Case& c : kCases) {
    const std::string args = Expand(c.args);
    INFO("racecheck " << args);
    CliResult r = Racecheck(args);
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == c.exit_code);
    if (c.exit_code == 0 || c.exit_code == 1) {  // accepted: the report says so
      CHECK(r.out.find(c.message) != std::string::npos);
      CHECK(r.err.find("error") == std::string::npos);
      continue;
    }
    if (*c.location == '\0') {
      CHECK(r.err.find(c.message) != std::string::npos);
      continue;
    }
    // "FILE:LINE:COL: error: ..." on one line, the message on the same line.
    const std::string head = FirstFile(args) + ":" + c.location + ": error: ";
    size_t at = r.err.find(head);
    CHECK(at != std::string::npos);
    if (at == std::string::npos) continue;
    const std::string line = r.err.substr(at, r.err.find('\n', at) - at);
    CHECK(line.find(c.message) != std::string::npos);
  }
}

// Writes `text` to a temporary file and returns its path; removed by the caller.
std::string TempModel(const std::string& name, const std::string& text) {
  const std::string path = "/tmp/racecheck_bad_inputs_" + std::to_string(getpid()) + "_" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST_CASE("the bad-input catalogue: generated large inputs stop at their limits", "[cli]") {
  const std::string small_model = "shared: {x: 0}\nprocesses:\n  p:\n    steps:\n      - x = 1\n";
  SECTION("a 5 MB model is refused by size, and loads with --limit model-size=8M") {
    std::string padding;
    for (int i = 0; i < 5 * 1024 * 16; ++i) padding += "# " + std::string(61, 'p') + "\n";
    const std::string text = small_model + padding;
    const std::string path = TempModel("big.yaml", text);
    CliResult r = Racecheck(path);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("is too large: " + std::to_string(text.size()) +
                     " bytes (the limit is 4194304; raise it with --limit model-size=N)") !=
          std::string::npos);
    CliResult raised = Racecheck(path + " --limit model-size=8M");
    CHECK(raised.exit_code == 0);
    std::remove(path.c_str());
  }
  SECTION("100,001 shared variables are refused before they are compiled") {
    std::string text = "shared:\n";
    for (int i = 0; i <= 100000; ++i) text += "  v" + std::to_string(i) + ": 0\n";
    text += "processes:\n  p:\n    steps:\n      - v0 = 1\n";
    const std::string path = TempModel("vars.yaml", text);
    CliResult r = Racecheck(path);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(path + ":100002:3: error: the model declares 100001 shared variables (the "
                            "limit is 100000") != std::string::npos);
    std::remove(path.c_str());
  }
  SECTION("101 processes of 1,000 locals each pass the variable limit") {
    std::string text = "processes:\n  p:\n    instances: 101\n    locals:\n";
    for (int i = 0; i < 1000; ++i) text += "      l" + std::to_string(i) + ": 0\n";
    text += "    steps:\n      - l0 = 1\n";
    const std::string path = TempModel("locals.yaml", text);
    CliResult r = Racecheck(path);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(path + ":3:16: error: 'p' would make 101000 variables in all") !=
          std::string::npos);
    std::remove(path.c_str());
  }
  SECTION("an expression of 100,000 terms is refused by length, and compiles when raised") {
    std::string sum = "x";
    for (int i = 1; i < 100000; ++i) sum += " + x";
    const std::string path = TempModel(
        "sum.yaml", "shared: {x: 0}\nprocesses:\n  p:\n    steps:\n      - x = " + sum + "\n");
    CliResult r = Racecheck(path);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(path + ":5:9: error: expression too long: " + std::to_string(4 + sum.size()) +
                     " bytes (the limit is 65536") != std::string::npos);
    CHECK(Racecheck(path + " --limit expr-length=1M").exit_code == 0);
    std::remove(path.c_str());
  }
}

}  // namespace
}  // namespace racecheck::testing
