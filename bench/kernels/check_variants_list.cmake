# --variants is read whole, however long the list: every unknown or empty
# name is reported as typed (never a piece cut out of a longer name), and a
# long list of known names is accepted.  The networks directory given does not
# exist, so an accepted list stops there, before anything is measured.
#   cmake -DBENCH=path/to/skb-bench -DDIR=scratch/dir -P check_variants_list.cmake
string(REPEAT "reference," 25 head) # 250 characters: 255 falls inside the next name
set(known "${head}scalar,sse,avx2,avx512")

execute_process(COMMAND ${BENCH} "--variants=${known},avx9" "--networks=${DIR}/missing"
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
string(REGEX MATCHALL "unknown variant '[^']*'" unknown "${err}")
if(rc EQUAL 0 OR NOT unknown STREQUAL "unknown variant 'avx9'")
  message(FATAL_ERROR "a long --variants list ending in avx9 (exit ${rc}) should report "
                      "exactly avx9 as unknown:\n${err}")
endif()

execute_process(COMMAND ${BENCH} "--variants=${known}" "--networks=${DIR}/missing"
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(err MATCHES "unknown variant|empty" OR NOT err MATCHES "missing")
  message(FATAL_ERROR "a long list of known variants was not accepted:\n${err}")
endif()

execute_process(COMMAND ${BENCH} "--variants=avx9,scalar,sse5,,avx2" "--networks=${DIR}/missing"
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(rc EQUAL 0 OR NOT err MATCHES "unknown variant 'avx9'"
   OR NOT err MATCHES "unknown variant 'sse5'" OR NOT err MATCHES "empty name")
  message(FATAL_ERROR "every bad name should be reported (exit ${rc}):\n${err}")
endif()
message(STATUS "long and bad --variants lists handled as expected")
