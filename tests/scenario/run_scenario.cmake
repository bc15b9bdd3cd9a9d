# Runs `TRIO6SIM run SCENARIO --quiet`, echoes what it printed (stdout, then
# stderr) and then "exit status: N", so that one PASS_REGULAR_EXPRESSION can
# assert both the text and the exit code (ctest ignores the exit code of a
# test that has a PASS_REGULAR_EXPRESSION). Fails by itself when the exit
# status is not EXPECT_EXIT.
#   cmake -DTRIO6SIM=... -DSCENARIO=... -DEXPECT_EXIT=0 -P run_scenario.cmake
foreach(var TRIO6SIM SCENARIO EXPECT_EXIT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_scenario.cmake: -D${var}= is required")
  endif()
endforeach()
execute_process(COMMAND "${TRIO6SIM}" run "${SCENARIO}" --quiet
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
# message() goes to stderr; ctest matches the regular expressions against
# both streams, in this order.
message("${out}${err}exit status: ${rc}")
if(NOT "${rc}" STREQUAL "${EXPECT_EXIT}")
  message(FATAL_ERROR "expected exit status ${EXPECT_EXIT}, got ${rc}")
endif()
