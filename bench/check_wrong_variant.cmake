# Runs skb-bench with one kernel replaced by a deliberately wrong one and
# checks that its benchmark is reported as an error naming the mismatch,
# with no time, while the correct variant beside it is timed.
execute_process(
  COMMAND ${BENCH} --inject-wrong=maxpool/nhwc/scalar
          "--benchmark_filter=^maxpool/nhwc/(scalar|reference)/vgg16.pool5$"
          --benchmark_min_time=0.01 --benchmark_format=json
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "skb-bench failed (${rc}): ${err}")
endif()
string(JSON count LENGTH "${out}" benchmarks)
if(NOT count EQUAL 2)
  message(FATAL_ERROR "expected 2 benchmarks, got ${count}:\n${out}")
endif()
foreach(i RANGE 1)
  string(JSON name GET "${out}" benchmarks ${i} name)
  string(JSON has_error ERROR_VARIABLE no_error GET "${out}" benchmarks ${i} error_occurred)
  string(JSON time ERROR_VARIABLE no_time GET "${out}" benchmarks ${i} real_time)
  if(name MATCHES "/scalar/")
    string(JSON message GET "${out}" benchmarks ${i} error_message)
    if(NOT has_error OR NOT message MATCHES "output mismatch")
      message(FATAL_ERROR "${name}: expected a mismatch error, got: ${message}")
    endif()
    if(NOT no_time STREQUAL "NOTFOUND" AND NOT time EQUAL 0)
      message(FATAL_ERROR "${name}: a wrong variant reported a time: ${time}")
    endif()
    message(STATUS "${name}: skipped: ${message}")
  else()
    if(has_error)
      message(FATAL_ERROR "${name}: the correct variant failed")
    endif()
    message(STATUS "${name}: timed, ${time} us")
  endif()
endforeach()
