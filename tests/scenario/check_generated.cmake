# Regenerates the scale-test configurations into OUT and compares them with
# the committed ones under CONFIGS (scenarios/configs), file by file.
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND /usr/bin/python3 ${GENERATE} --into ${OUT} RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${GENERATE} failed (${rc})")
endif()
foreach(f blog-scale-2000/ce1.conf blog-scale-2000/ce2.conf blog-scale-over-limit/ce1.conf)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}/${f} ${CONFIGS}/${f} RESULT_VARIABLE differ)
  if(differ)
    message(FATAL_ERROR "${CONFIGS}/${f} is not what ${GENERATE} writes: run it and commit the result")
  endif()
endforeach()
message(STATUS "the committed configurations are the generator's output")
