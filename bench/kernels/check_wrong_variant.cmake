# Runs skb-bench as the default suite does (repetitions, aggregates only,
# JSON) with one kernel replaced by a deliberately wrong one, and checks that
# every run of its benchmark is an error naming both hashes and the first
# differing element, with no time and no aggregate, while the correct
# variant beside it is timed.
#   cmake -DBENCH=path/to/skb-bench -P check_wrong_variant.cmake
execute_process(
  COMMAND ${BENCH} --inject-wrong=maxpool/nhwc/scalar
          "--benchmark_filter=^maxpool/nhwc/(scalar|reference)/vgg16.pool5$"
          --benchmark_min_time=0.01 --benchmark_repetitions=2
          --benchmark_report_aggregates_only=true --benchmark_format=json
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "skb-bench failed (${rc}): ${err}")
endif()
set(mismatch_regex "output mismatch: XXH3-64 [0-9a-f]+, expected \\(reference\\) [0-9a-f]+; ")
string(APPEND mismatch_regex "first difference at element [0-9]+")

string(JSON count LENGTH "${out}" benchmarks)
math(EXPR last "${count} - 1")
set(wrong_errors 0)
set(correct_medians 0)
foreach(i RANGE ${last})
  string(JSON name GET "${out}" benchmarks ${i} name)
  string(JSON has_error ERROR_VARIABLE no_error GET "${out}" benchmarks ${i} error_occurred)
  string(JSON time ERROR_VARIABLE no_time GET "${out}" benchmarks ${i} real_time)
  if(name MATCHES "/scalar/")
    string(JSON message ERROR_VARIABLE no_message GET "${out}" benchmarks ${i} error_message)
    string(JSON label ERROR_VARIABLE no_label GET "${out}" benchmarks ${i} label)
    if(NOT has_error OR NOT message MATCHES "${mismatch_regex}")
      message(FATAL_ERROR "${name}: expected a mismatch error, got: ${message}")
    endif()
    if(NOT no_time STREQUAL "NOTFOUND" AND NOT time EQUAL 0)
      message(FATAL_ERROR "${name}: a wrong variant reported a time: ${time}")
    endif()
    if(NOT label MATCHES "^scalar")
      message(FATAL_ERROR "${name}: the label does not name the variant: '${label}'")
    endif()
    math(EXPR wrong_errors "${wrong_errors} + 1")
    message(STATUS "${name}: skipped: ${message}")
  else()
    if(has_error)
      message(FATAL_ERROR "${name}: the correct variant failed")
    endif()
    if(name MATCHES "_median$")
      if(NOT time GREATER 0)
        message(FATAL_ERROR "${name}: no time for the correct variant")
      endif()
      math(EXPR correct_medians "${correct_medians} + 1")
      message(STATUS "${name}: timed, ${time} us")
    endif()
  endif()
endforeach()
if(wrong_errors EQUAL 0 OR NOT correct_medians EQUAL 1)
  message(FATAL_ERROR "expected error entries for scalar and one median for reference:\n${out}")
endif()
