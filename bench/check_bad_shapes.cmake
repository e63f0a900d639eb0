# A .shapes file that does not parse stops skb-bench before anything runs,
# with an error naming file:line and what is wrong.
#   cmake -DBENCH=path/to/skb-bench -DDIR=scratch/dir -P check_bad_shapes.cmake
file(REMOVE_RECURSE "${DIR}")
file(WRITE "${DIR}/tiny.shapes" "# a comment, then a good line and a bad one\n"
                                "tiny.pool maxpool 8 16 16 k=2 s=2\n"
                                "tiny.conv conv 8 16 16 k=3 q=1\n")
execute_process(COMMAND ${BENCH} --shapes=${DIR}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(rc EQUAL 0)
  message(FATAL_ERROR "skb-bench accepted a bad shapes file:\n${out}${err}")
endif()
if(NOT err MATCHES "tiny\\.shapes:3: 'q=1': unknown option")
  message(FATAL_ERROR "the error does not name file:line and the problem: ${err}")
endif()
message(STATUS "rejected as expected: ${err}")
