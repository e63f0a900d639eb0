# A .shapes file holding no layer (empty, or only comments and blank lines)
# is reported as such, naming the file: not as a benchmark filter that
# matches nothing, when no filter was given.
#   cmake -DBENCH=path/to/skb-bench -DDIR=scratch/dir -P check_empty_shapes.cmake
file(REMOVE_RECURSE "${DIR}")
file(WRITE "${DIR}/empty/empty.shapes" "")
file(WRITE "${DIR}/comments/comments.shapes" "# only a comment\n\n   \t\n# and another\n")
foreach(name empty comments)
  execute_process(COMMAND ${BENCH} --shapes=${DIR}/${name}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(rc EQUAL 0 OR NOT err MATCHES "${name}\\.shapes: holds no shapes"
     OR err MATCHES "filter")
    message(FATAL_ERROR "${name}.shapes (exit ${rc}) should be reported as holding no "
                        "shapes:\n${err}")
  endif()
  message(STATUS "rejected as expected: ${err}")
endforeach()
