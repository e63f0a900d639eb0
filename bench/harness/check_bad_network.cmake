# A .net file that is not a whole, sane network stops a program that reads
# the networks (skb-heads, skb-bench) before anything is measured: an exit
# status (not a signal) and an error naming the file and line.  An empty
# networks directory says so.
#   cmake -DPROGRAM=path/to/skb-heads -DDIR=scratch/dir -DLINES="a|b|c"
#         -DEXPECT=regex -P check_bad_network.cmake
# LINES are the file's lines separated by "|"; without LINES the directory
# is left empty.
file(REMOVE_RECURSE "${DIR}")
file(MAKE_DIRECTORY "${DIR}")
if(DEFINED LINES)
  string(REPLACE "|" "\n" text "${LINES}\n")
  file(WRITE "${DIR}/bad.net" "${text}")
endif()
execute_process(COMMAND ${PROGRAM} --networks=${DIR} --benchmark_min_time=0.01
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc MATCHES "^[0-9]+$")
  message(FATAL_ERROR "${PROGRAM} died (${rc}):\n${out}${err}")
endif()
if(rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} accepted it:\n${out}${err}")
endif()
if(NOT err MATCHES "${EXPECT}")
  message(FATAL_ERROR "the error does not match '${EXPECT}': ${err}")
endif()
message(STATUS "rejected as expected: ${err}")
