# Runs PROGRAM with ARGS (which ask for a VCD at OUT.vcd) and checks that the
# trace has samples through the run, not one time stamp: the chip was traced
# while the user's own SystemC thread drove it (issue 17).
separate_arguments(args UNIX_COMMAND "${ARGS}")
execute_process(COMMAND ${PROGRAM} ${args} RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} failed: ${rc}\n${out}")
endif()
file(STRINGS ${OUT}.vcd stamps REGEX "^#[0-9]+$")
list(LENGTH stamps count)
if(count LESS 100)
  message(FATAL_ERROR "${OUT}.vcd has ${count} time stamps: the sampler stopped")
endif()
file(READ ${OUT}.vcd vcd)
string(FIND "${vcd}" "backlog_bytes" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${OUT}.vcd traces no queue")
endif()
message(STATUS "${OUT}.vcd: ${count} time stamps")
