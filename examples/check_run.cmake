# Runs PROGRAM with ARGS (a ;-list): it must exit 0 AND print a line that
# matches EXPECT. (A test's PASS_REGULAR_EXPRESSION alone would make CTest
# ignore the exit status, and with it the examples' own checks, such as
# packet conservation.)
execute_process(COMMAND ${PROGRAM} ${ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${rc}")
endif()
if(NOT out MATCHES "${EXPECT}")
  message(FATAL_ERROR "${PROGRAM}: no output line matches '${EXPECT}'")
endif()
