// The diagnostics catalogue: the message of every diagnostic (diagnostics.h) about a user's
// model, one id per message, with one text per language, so that `--lang zh` reports a
// mistake in Chinese. The `file:line:col: error:` prefix, the source excerpt and the caret do
// not depend on the language.
//
// The ids are listed once, in RACECHECK_DIAGNOSTICS below, each with its English text (the
// default language, and the documentation of the message's named arguments); the other
// languages' texts are in one file each (diag_messages_zh.cc), a table of {DiagMsg::kId, "text"}
// rows that the compiler checks is complete (every id exactly once). To add a diagnostic: one
// line here, one row in each language's file, and diags.Error(loc, DiagMsg::kId, ...) where it
// is reported.
//
// Texts are fmt format strings with named arguments, so that a translation may put them in any
// order: SayDiag(lang, DiagMsg::kUnknownName, fmt::arg("name", "x")). Every language's text
// takes the same named arguments, and a caller passes all of them. Some texts are pieces of
// others (kLimitHint, kDescribeList, ...): the caller formats the piece in the same language and
// passes it as an argument.
// Pure functions over constant tables; thread-safe.
#ifndef RACECHECK_ENGINE_SUPPORT_DIAG_MESSAGES_H_
#define RACECHECK_ENGINE_SUPPORT_DIAG_MESSAGES_H_

#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/support/catalogue.h"
#include "engine/support/lang.h"

// X(id, "English text")
#define RACECHECK_DIAGNOSTICS(X)                                                                   \
  /* Shared pieces: arguments of other messages. */                                                \
  X(kMoreErrors, "racecheck: {n} more errors not shown")                                           \
  X(kLimitHint, "(the limit is {value}; raise it with --limit {name}=N)")                          \
  X(kDeclaredHere, "'{name}' is declared here")                                                    \
  X(kAnInt, "an int")                                                                              \
  X(kABool, "a bool")                                                                              \
  X(kColumn, "column {col}")                                                                       \
  X(kLineColumn, "line {line}, column {col}")                                                      \
  X(kEndOfExpression, "end of expression")                                                         \
  X(kEndOfStatement, "end of statement")                                                           \
  X(kEndOfLockName, "end of the lock's name")                                                      \
  /* Expressions: lexer.cc, parser.cc, fold.cc, code.cc, compiler.cc. */                           \
  X(kIntTooLarge, "integer literal '{text}' is too large; the largest is {max}")                   \
  X(kUnexpectedChar, "unexpected {char}")                                                          \
  X(kUnexpectedAmp, "unexpected {char}; did you mean '&&' or 'and'?")                              \
  X(kUnexpectedPipe, "unexpected {char}; did you mean '||' or 'or'?")                              \
  X(kExprTooLong, "expression too long: {bytes} bytes {limit}")                                    \
  X(kExprTooDeep, "expression too deeply nested {limit}")                                          \
  X(kExprTooManySlots,                                                                             \
    "expression too deeply nested: it needs {slots} stack slots, the limit is {limit}")            \
  X(kUnknownName, "unknown name '{name}'")                                                         \
  X(kUnknownNameDidYouMean, "unknown name '{name}'; did you mean '{suggestion}'?")                 \
  X(kNeedFound, "{what}, found {type}")                                                            \
  X(kOpNeedsIntOperand, "operator '{op}' needs an int operand")                                    \
  X(kOpNeedsBoolOperand, "operator '{op}' needs a bool operand")                                   \
  X(kOpNeedsBoolOperands, "operator '{op}' needs bool operands")                                   \
  X(kOpNeedsIntOperands, "operator '{op}' needs int operands")                                     \
  X(kOpNeedsSameType, "operator '{op}' needs operands of the same type, found {left} and {right}") \
  X(kExpectedElse, "expected 'else' after '{then} if {cond}', found {found}")                      \
  X(kCondMustBeBool, "the condition of 'if ... else' must be a bool")                              \
  X(kCondSameType,                                                                                 \
    "the two values of 'if ... else' must have the same type, found {then} and {orelse}")          \
  X(kExpectedOperator, "expected an operator or {end}, found {found}")                             \
  X(kExpectedOperatorAssign, "expected an operator or {end}, found {found}; use '==' to compare")  \
  X(kChainedCompare, "comparisons cannot be chained; use 'and'")                                   \
  X(kExpectedCloseParen, "expected ')' to close '(' at {where}, found {found}")                    \
  X(kExpectedCloseBracket, "expected ']' to close '[' at {where}, found {found}")                  \
  X(kExpectedExpression, "expected an expression, found {found}")                                  \
  X(kArrayNameElement, "'{name}' is an array of {n}; name one element, as in '{name}[0]'")         \
  X(kArrayNameOne, "'{name}' is an array of {n}; name one, as in '{name}[0]'")                     \
  X(kArrayAssignOne, "'{name}' is an array of {n}; assign one element, as in '{name}[0] = ...'")   \
  X(kSemaphoreNotValue, "'{name}' is a semaphore, not a value; its count is 'value({name})'")      \
  X(kLockNotValue, "'{name}' is a lock, not a value; ask 'held({name})' or 'holder({name})'")      \
  X(kNotAnArray, "'{name}' is not an array; it cannot be indexed")                                 \
  X(kSelfNotHere, "'self' is not available here")                                                  \
  X(kVariableNotAllowed, "'{name}' is a variable; only params and literals are allowed here")      \
  X(kSemaphoreNotAllowed, "'{name}' is a semaphore; only params and literals are allowed here")    \
  X(kLockNotAllowed, "'{name}' is a lock; only params and literals are allowed here")              \
  X(kIndexMustBeInt, "the index of '{name}' must be an int")                                       \
  X(kExpectedSemaphoreName, "expected the name of a semaphore after '{fn}(', found {found}")       \
  X(kExpectedLockName, "expected the name of a lock after '{fn}(', found {found}")                 \
  X(kTakesSemaphoreVariable, "'{fn}()' takes a semaphore; '{name}' is a variable")                 \
  X(kTakesSemaphoreLock, "'{fn}()' takes a semaphore; '{name}' is a lock")                         \
  X(kTakesLockVariable, "'{fn}()' takes a lock; '{name}' is a variable")                           \
  X(kTakesLockSemaphore,                                                                           \
    "'{fn}()' takes a lock; '{name}' is a semaphore (its count is 'value({name})')")               \
  X(kExpectedOpenParen, "expected '(' after '{fn}', found {found}")                                \
  X(kExpectedComma, "expected ',' between the two arguments of '{fn}', found {found}")             \
  X(kTakesTwoArgs, "'{fn}' takes two arguments, found a third")                                    \
  X(kNeedsIntArgs, "'{fn}' needs int arguments")                                                   \
  X(kNegOverflow, "integer overflow in a constant expression: -({value}) does not fit in 64 bits") \
  X(kBinaryOverflow,                                                                               \
    "integer overflow in a constant expression: {a} {op} {b} does not fit in 64 bits")             \
  X(kDivisionByZero, "division by zero")                                                           \
  X(kDivisionByZeroSelf, "division by zero (with self = {self})")                                  \
  X(kIsZero, "'{name}' is 0")                                                                      \
  X(kExpectedBoolCondition, "expected a bool condition, found {type} expression")                  \
  X(kExpectedIntValue, "expected an int value, found {type} expression")                           \
  X(kCannotAssignSelf, "cannot assign to 'self'")                                                  \
  X(kExpectedAssignTarget, "expected the name of a variable to assign to, found {found}")          \
  X(kExpectedAssignOp, "expected '=' in assignment '{name}', found {found}")                       \
  X(kCannotAssignLoopVar,                                                                          \
    "cannot assign to loop variable '{name}'; it is a constant in each round of its loop (copy "   \
    "it into a local to change it)")                                                               \
  X(kCannotAssignParam,                                                                            \
    "cannot assign to param '{name}'; params are constants (change it with --set {name}=...)")     \
  X(kCannotAssign, "cannot assign to '{name}'")                                                    \
  X(kCannotAssignSemaphore, "cannot assign to semaphore '{name}'; use 'acquire:' and 'release:'")  \
  X(kCannotAssignLock, "cannot assign to lock '{name}'; use 'acquire:' and 'release:'")            \
  X(kAssignTypeMismatch, "'{name}' is {type}, but the value assigned is {value_type}")             \
  X(kOpNeedsIntVariable, "operator '{op}' needs an int variable, but '{name}' is a bool")          \
  X(kOpNeedsIntOperandsFound, "operator '{op}' needs int operands, found {type}")                  \
  X(kExpectedSyncName, "expected the name of a lock or semaphore, found {found}")                  \
  X(kNotLockOrSemaphore,                                                                           \
    "'{name}' is not a lock or semaphore; 'acquire:' and 'release:' take one")                     \
  X(kUnmatchedBrace, "unmatched '}}' in print text; write '}}}}' for a literal '}}'")              \
  X(kUnterminatedBrace, "unterminated '{{' in print text; write '{{{{' for a literal '{{'")        \
  /* The model file: input_checks.cc. */                                                           \
  X(kCannotOpenModel, "cannot open model file '{path}': {error}")                                  \
  X(kCannotReadModel, "cannot read model file '{path}': {error}")                                  \
  X(kModelIsDirectory, "model file '{path}' is a directory; expected a YAML file")                 \
  X(kModelTooLarge, "model file '{path}' is too large: {size} bytes {limit}")                      \
  X(kMoreThan, "more than {n}")                                                                    \
  X(kModelUtf16, "the model file is UTF-16 or UTF-32 text; save it as UTF-8")                      \
  X(kNulByte, "unexpected NUL byte; a model is UTF-8 text (is this a binary file?)")               \
  X(kInvalidUtf8,                                                                                  \
    "invalid UTF-8 byte 0x{byte:02x}; a model is UTF-8 text (is this a binary file?)")             \
  X(kAliasInfinite,                                                                                \
    "alias '*{name}' refers to a node that contains it; a model cannot be infinite")               \
  X(kAliasesTooMany, "aliases expand to more than {n} YAML nodes at '*{name}' {limit}")            \
  X(kYamlTooDeep, "YAML nested more than {n} levels deep {limit}")                                 \
  X(kYamlTooDeepForParser, "YAML nested too deeply for the YAML parser {limit}")                   \
  X(kYamlUnexpected, "invalid YAML: unexpected {what}; expected a mapping such as 'processes:'")   \
  X(kYamlUnexpectedText, "text")                                                                   \
  X(kYamlSecondDocument, "the model must be one YAML document, found a second one after '---'")    \
  X(kYamlTab, "invalid YAML: a tab indents this line; YAML indents with spaces only")              \
  X(kYamlError, "invalid YAML: {message}")                                                         \
  X(kYamlEndOfMap, "invalid YAML: end of map not found")                                           \
  X(kYamlEndOfMapFlow, "invalid YAML: end of map flow not found")                                  \
  X(kYamlEndOfSeq, "invalid YAML: end of sequence not found")                                      \
  X(kYamlEndOfSeqFlow, "invalid YAML: end of sequence flow not found")                             \
  X(kYamlUnknownToken, "invalid YAML: unknown token")                                              \
  X(kYamlEofInScalar, "invalid YAML: illegal EOF in scalar")                                       \
  X(kYamlCharInScalar, "invalid YAML: illegal character in scalar")                                \
  X(kYamlDocInScalar, "invalid YAML: illegal document indicator in scalar")                        \
  X(kYamlFlowEnd, "invalid YAML: illegal flow end")                                                \
  X(kYamlBlockEntry, "invalid YAML: illegal block entry")                                          \
  X(kYamlMapKey, "invalid YAML: illegal map key")                                                  \
  X(kYamlMapValue, "invalid YAML: illegal map value")                                              \
  X(kYamlUnknownAnchor, "invalid YAML: the referenced anchor is not defined")                      \
  X(kYamlInvalidEscape, "invalid YAML: unknown escape character: {char}")                          \
  X(kModelEmpty, "the model is empty; expected a mapping with 'processes:'")                       \
  /* The model's shape: yaml_reader.cc, loader.cc, loader_steps.cc. */                             \
  X(kFoundNothing, "nothing")                                                                      \
  X(kFoundMapping, "a mapping")                                                                    \
  X(kFoundList, "a list")                                                                          \
  X(kKeyNotName, "a key must be a name, found {found}")                                            \
  X(kUnknownKeyDidYouMean, "unknown key '{key}' in {where}; did you mean '{suggestion}'?")         \
  X(kUnknownKeyExpected, "unknown key '{key}' in {where}; expected {list}")                        \
  X(kUnknownKeyExpectedOneOf, "unknown key '{key}' in {where}; expected one of {list}")            \
  X(kDuplicateKey, "duplicate key '{key}' in {where}")                                             \
  X(kFirstGivenHere, "'{key}' is first given here")                                                \
  X(kMustBeFound, "{what} must be {expected}, found {found}")                                      \
  X(kInvalidName,                                                                                  \
    "'{name}' is not a valid name; expected letters, digits and '_', not starting with a digit")   \
  X(kReservedName, "'{name}' is not a valid name; it is a reserved word")                          \
  X(kDuplicateName, "duplicate name '{name}'")                                                     \
  X(kFirstDeclaredHere, "'{name}' is first declared here")                                         \
  X(kListOr, "{list} or {last}")                                                                   \
  X(kWhereModel, "the model")                                                                      \
  X(kWhatShared, "shared variable '{name}'")                                                       \
  X(kWhatLocal, "local '{name}'")                                                                  \
  X(kWhatLock, "lock '{name}'")                                                                    \
  X(kWhatLockArray, "lock array '{name}'")                                                         \
  X(kWhatRlockArray, "rlock array '{name}'")                                                       \
  X(kWhatEventArray, "event array '{name}'")                                                       \
  X(kWhatSemaphore, "semaphore '{name}'")                                                          \
  X(kWhatBarrier, "barrier '{name}'")                                                              \
  X(kWhatQueue, "queue '{name}'")                                                                  \
  X(kWhatProcess, "process '{name}'")                                                              \
  X(kWhatInvariant, "invariant '{name}'")                                                          \
  X(kWhatFinal, "final property '{name}'")                                                         \
  X(kWhatStep, "step '{name}'")                                                                    \
  X(kWhatKey, "'{key}'")                                                                           \
  X(kFieldOf, "'{field}' of {what}")                                                               \
  X(kRangeLow, "the low end of 'range'")                                                           \
  X(kRangeHigh, "the high end of 'range'")                                                         \
  X(kAStep, "a step")                                                                              \
  X(kALock, "a lock")                                                                              \
  X(kAnRlock, "an rlock")                                                                          \
  X(kAnEvent, "an event")                                                                          \
  X(kExpectExpression, "an expression")                                                            \
  X(kExpectElements, "a number of elements")                                                       \
  X(kExpectLocksLong, "a number of locks, or {{reentrant: <param expression>, array: <count>}}")   \
  X(kExpectReentrant, "true, false or a param")                                                    \
  X(kExpectLocks, "a number of locks")                                                             \
  X(kExpectRlocks, "a number of rlocks")                                                           \
  X(kExpectEvents, "a number of events")                                                           \
  X(kExpectParties, "a number of parties")                                                         \
  X(kExpectItems, "a number of items")                                                             \
  X(kExpectCondition, "a condition")                                                               \
  X(kExpectString, "a string")                                                                     \
  X(kExpectGuard, "a condition over params")                                                       \
  X(kExpectLockName, "the name of a lock or semaphore")                                            \
  X(kExpectEventName, "the name of an event")                                                      \
  X(kExpectLoopHeader, "'NAME in range(N)'")                                                       \
  X(kModelNotMapping, "the model must be a mapping with 'processes:', found {found}")              \
  X(kNoProcessesUnder, "the model has no processes; add a process template under 'processes:'")    \
  X(kNoProcessesSection, "the model has no processes; add a 'processes:' section")                 \
  X(kSectionNotMapping, "'{key}' must be a mapping of {expected}, found {found}")                  \
  X(kModelNameNotName, "'model' must be a name, found {found}")                                    \
  X(kParamNotInteger, "param '{name}' must have an integer default, found {found}")                \
  X(kParamDefaultOverflow, "param '{name}' default '{value}' does not fit in a 64-bit integer")    \
  X(kTrueOrFalse, "'{key}' must be true or false, found {found}")                                  \
  X(kNoInit, "{what} has no 'init'; expected {{init: <expression>, ...}}")                         \
  X(kNoInitSemaphore, "{what} has no 'init'; expected {{init: <expression>, max: <expression>}}")  \
  X(kRangeNotList, "'range' of {what} must be a list [lo, hi], found {found}")                     \
  X(kNameListShape,                                                                                \
    "'{key}' must be a list of names, or a mapping 'name: count' for arrays of {key}, found "      \
    "{found}")                                                                                     \
  X(kMustBeName, "{what} must be a name, found {found}")                                           \
  X(kProcessNotMapping, "{what} must be a mapping with 'steps:', found {found}")                   \
  X(kNoSteps, "{what} has no 'steps'; expected 'steps:' with a list of steps")                     \
  X(kNoHolds, "{what} has no 'holds'; expected {{holds: <condition>, goal: \"<text>\"}}")          \
  X(kSetShape, "'--set' expects name=value, found '{text}'")                                       \
  X(kParamTrueOrFalse, "param '{name}' must be true or false, found '{value}'")                    \
  X(kParamInteger, "param '{name}' must be an integer, found '{value}'")                           \
  X(kParamOverflow, "value '{value}' for param '{name}' does not fit in a 64-bit integer")         \
  X(kUnknownParamDidYouMean, "unknown param '{name}' in --set; did you mean '{suggestion}'?")      \
  X(kUnknownParamList, "unknown param '{name}' in --set; the model's params are {list}")           \
  X(kUnknownParamNone, "unknown param '{name}' in --set; the model has no params")                 \
  X(kParamsDeclaredHere, "the params are declared here")                                           \
  X(kStepsNotList, "'{key}' must be a list of steps, found {found}")                               \
  X(kEmptyStep,                                                                                    \
    "empty step; expected an assignment such as 'x = 1' or a step such as 'acquire: lock'")        \
  X(kStepIsList,                                                                                   \
    "a step must be an assignment or a mapping such as 'acquire: lock', found a list")             \
  X(kStepTwoKinds,                                                                                 \
    "a step has one kind, found both '{first}' and '{second}'; write each as its own list item")   \
  X(kUnknownStepDidYouMean, "unknown step '{step}'; did you mean '{suggestion}'?")                 \
  X(kUnknownStep, "unknown step '{step}'; expected an assignment or one of {list}")                \
  X(kKeyWithout, "'{key}' without {owner}")                                                        \
  X(kBodyMissing, "'{key}' without '{body}'; expected '{body}:' with a list of steps")             \
  X(kForWithoutDo, "'for' without 'do'; expected 'do:' with a list of steps to repeat")            \
  X(kForShape, "'for' must read 'NAME in range(N)' or 'NAME in range(A, B)', found '{text}'")      \
  X(kSleepExpected, "'sleep' must be a number of seconds or a range [lo, hi]")                     \
  X(kExpectedFound, "{expected}, found {found}")                                                   \
  X(kSleepRangeOne, "'sleep' range must be [lo, hi], found a list of 1 element")                   \
  X(kSleepRangeMany, "'sleep' range must be [lo, hi], found a list of {n} elements")               \
  X(kSleepRangeEmpty, "'sleep' range is empty; expected lo <= hi, found [{lo}, {hi}]")             \
  X(kSleepNegative, "'sleep' must not be negative, found '{value}'")                               \
  X(kSleepTooLong, "'sleep' of {value} seconds is too long; at most {max} (a day)")                \
  /* Building the transition system: semantics/compile.cc, compile_steps.cc. */                    \
  X(kArraySizeNotInt, "the number of elements of '{name}' must be an int, found {type}")           \
  X(kArrayTooSmall, "array '{name}' has {n} elements; expected 1 or more")                         \
  X(kArrayTooLarge, "array '{name}' has {n} elements {limit}")                                     \
  X(kLocalInProperty,                                                                              \
    "'{name}' is a local of '{process}'; a property may use only params and shared variables "     \
    "(declare it under 'shared:')")                                                                \
  X(kBoolRange, "'{name}' is a bool; a range is only for ints")                                    \
  X(kRangeEmpty, "empty range [{lo}, {hi}] for '{name}'; expected lo <= hi")                       \
  X(kRangeTooWide, "range [{lo}, {hi}] of '{name}' is too wide; at most 2^{bits} values")          \
  X(kInitOutsideRange, "initial value {init} of '{name}' is outside its range [{lo}, {hi}]")       \
  X(kInitTooLarge, "initial value {init} of '{name}' is too large")                                \
  X(kTooManyShared, "the model declares {n} shared variables {limit}")                             \
  X(kTooManySharedElements,                                                                        \
    "the model declares {n} shared variables (array elements counted) {limit}")                    \
  X(kNegativeInstances, "'{name}' has {n} instances; expected 0 or more")                          \
  X(kTooManyProcesses, "'{name}' would make {n} processes in all {limit}")                         \
  X(kTooManyVariables,                                                                             \
    "'{name}' would make {n} variables in all (shared variables and the locals of every process) " \
    "{limit}")                                                                                     \
  X(kSemaphoreNegative, "semaphore '{name}' starts at {n}; expected 0 or more")                    \
  X(kSemaphoreTooLarge,                                                                            \
    "semaphore '{name}' starts at {n}, too large; a semaphore counts at most to {max} (2^{bits} "  \
    "- 1)")                                                                                        \
  X(kSemaphoreMaxBelow, "semaphore '{name}' has max {max} below its initial count {init}")         \
  X(kSemaphoreMaxTooLarge,                                                                         \
    "semaphore '{name}' has max {n}, too large; a semaphore counts at most to {max} (2^{bits} - "  \
    "1)")                                                                                          \
  X(kBarrierTooFew, "barrier '{name}' has {n} parties; expected 1 or more")                        \
  X(kBarrierTooMany, "barrier '{name}' has {n} parties, too many; at most {max} (2^{bits} - 1)")   \
  X(kQueueMaxsize,                                                                                 \
    "queue '{name}' has maxsize {n}; expected 1 to {max} (racecheck keeps every place of a queue " \
    "in the state, so it needs a bound)")                                                          \
  X(kLocalTypeSelf, "the type of a local must not depend on 'self'")                               \
  X(kStateTooLarge,                                                                                \
    "the state of this model needs more than {n} words {limit}; make it smaller (fewer instances " \
    "or narrower ranges)")                                                                         \
  X(kHiddenSelf, "the process's own index")                                                        \
  X(kHiddenLoopVar, "the variable of an enclosing loop")                                           \
  X(kHiddenLocal, "a local")                                                                       \
  X(kHiddenParam, "a param")                                                                       \
  X(kHiddenShared, "a shared variable")                                                            \
  X(kHiddenSync, "a lock or semaphore")                                                            \
  X(kLoopVarHides, "loop variable '{name}' has the name of {hidden}; choose another name")         \
  X(kLoopTooLong,                                                                                  \
    "'for: {text}' unrolls to more than {n} steps and iterations (all loops together) {limit}")    \
  X(kRangeEndsAt, "the range ends at {n}")                                                         \
  X(kIsBarrier, "'{name}' is a barrier; wait for it with 'wait: {name}'")                          \
  X(kUnknownSync, "unknown lock or semaphore '{name}'")                                            \
  X(kUnknownSyncDidYouMean, "unknown lock or semaphore '{name}'; did you mean '{suggestion}'?")    \
  X(kDeclareSync, "declare it under 'locks:' or 'semaphores:'")                                    \
  X(kIsEvent, "'{name}' is an event; change it with 'set: {name}' or 'clear: {name}'")             \
  X(kNotAQueue, "'{name}' is not a queue; '{fn}()' takes a queue declared under 'queues:'")        \
  X(kUnknownQueue, "unknown queue '{name}'")                                                       \
  X(kUnknownQueueDidYouMean, "unknown queue '{name}'; did you mean '{suggestion}'?")               \
  X(kDeclareQueue, "declare it under 'queues:'")                                                   \
  X(kOneEvent,                                                                                     \
    "'{step}:' takes one event, as in '{step}: {name}' or '{step}: {name}[i]', found '{text}'")    \
  X(kNotAnEvent, "'{name}' is not an event; '{step}:' takes an event declared under 'events:'")    \
  X(kNotAnEventOrBarrier,                                                                          \
    "'{name}' is not an event; '{step}:' takes an event declared under 'events:' (or a barrier "   \
    "or a condition, under 'barriers:' or 'conditions:')")                                         \
  X(kUnknownEvent, "unknown event '{name}'")                                                       \
  X(kUnknownEventDidYouMean, "unknown event '{name}'; did you mean '{suggestion}'?")               \
  X(kUnknownEventOrBarrier, "unknown event or barrier '{name}'")                                   \
  X(kUnknownEventOrBarrierDidYouMean,                                                              \
    "unknown event or barrier '{name}'; did you mean '{suggestion}'?")                             \
  X(kDeclareEvent, "declare it under 'events:'")                                                   \
  X(kUnknownEventOrCondition, "unknown event or condition '{name}'")                               \
  X(kUnknownEventOrConditionDidYouMean,                                                            \
    "unknown event or condition '{name}'; did you mean '{suggestion}'?")                           \
  X(kUnknownEventBarrierOrCondition, "unknown event, barrier or condition '{name}'")               \
  X(kUnknownEventBarrierOrConditionDidYouMean,                                                     \
    "unknown event, barrier or condition '{name}'; did you mean '{suggestion}'?")                  \
  /* Conditions (multiprocessing.Condition): loader.cc, compile.cc, compile_steps.cc. */           \
  X(kWhatCondition, "condition '{name}'")                                                          \
  X(kACondition, "a condition")                                                                    \
  X(kWhatConditionArray, "condition array '{name}'")                                               \
  X(kExpectConditions, "a number of conditions")                                                   \
  X(kCondLockNotName, "the lock of {what} must be the name of a lock, found {found}")              \
  X(kCondLockSemaphore,                                                                            \
    "the lock of condition '{cond}' must be a lock or an rlock, found the semaphore '{name}'")     \
  X(kCondLockArray,                                                                                \
    "the lock of condition '{cond}' must be a lock or an rlock, found the array of locks "         \
    "'{name}'")                                                                                    \
  X(kUnknownLock, "unknown lock '{name}'")                                                         \
  X(kUnknownLockDidYouMean, "unknown lock '{name}'; did you mean '{suggestion}'?")                 \
  X(kCondNotArray, "'{name}' is a condition, not an array; write '{step}: {name}'")                \
  X(kNotACondition,                                                                                \
    "'{name}' is not a condition; '{step}:' takes a condition declared under 'conditions:'")       \
  X(kUnknownCondition, "unknown condition '{name}'")                                               \
  X(kUnknownConditionDidYouMean, "unknown condition '{name}'; did you mean '{suggestion}'?")       \
  X(kDeclareCondition, "declare it under 'conditions:'")                                           \
  X(kCondWaitInAtomic,                                                                             \
    "'{source}' cannot be in an 'atomic' group: a condition's wait gives up the lock and sleeps "  \
    "until notified, steps of its own")                                                            \
  X(kExpectWaitName, "the name of an event, a barrier or a condition")                             \
  X(kExpectConditionName, "the name of a condition")                                               \
  X(kAtomicFirstOnly,                                                                              \
    "'{step}' can only be the first step of an 'atomic' group; the group must not block halfway")  \
  X(kGroupStartsHere, "the group starts here")

namespace racecheck {

enum class DiagMsg : uint16_t {
#define RACECHECK_DIAG_ENUM(id, text) id,
  RACECHECK_DIAGNOSTICS(RACECHECK_DIAG_ENUM)
#undef RACECHECK_DIAG_ENUM
};

inline constexpr size_t kDiagMsgCount = 0
#define RACECHECK_DIAG_COUNT(id, text) +1
    RACECHECK_DIAGNOSTICS(RACECHECK_DIAG_COUNT)
#undef RACECHECK_DIAG_COUNT
    ;

// One row of a language's table (catalogue.h checks and indexes them).
using DiagEntry = CatalogueEntry<DiagMsg>;

// The Chinese texts by id (diag_messages_zh.cc).
std::string_view ChineseDiagText(DiagMsg id);

// The text of `id` in `lang`.
std::string_view DiagText(Lang lang, DiagMsg id);

// The id's name, "kUnknownName": for tests.
std::string_view DiagName(DiagMsg id);

// The message formatted with its named arguments (fmt::arg("name", "x"), ...).
template <typename... Args>
std::string SayDiag(Lang lang, DiagMsg id, const Args&... args) {
  return fmt::format(fmt::runtime(DiagText(lang, id)), args...);
}

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SUPPORT_DIAG_MESSAGES_H_
