# Writes the simulator's version into OUTPUT (from TEMPLATE) at build time:
# `git describe --always --dirty` of SOURCE_DIR, or FALLBACK (the project's
# version) when SOURCE_DIR is not a git checkout or git is missing. Run as
# `cmake -P` by the trio6sim_version_describe target on every build;
# configure_file rewrites OUTPUT only when the text changes, so a new commit
# recompiles one small file and relinks the program, nothing else.
#
#   cmake -DSOURCE_DIR=... -DFALLBACK=0.1.0 -DTEMPLATE=version.cpp.in -DOUTPUT=version.cpp -P Trio6simVersion.cmake
set(TRIO6SIM_DESCRIBED_VERSION "${FALLBACK}")
find_program(GIT_EXECUTABLE git)
if(GIT_EXECUTABLE)
  execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" describe --always --dirty
                  RESULT_VARIABLE status OUTPUT_VARIABLE described ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(status EQUAL 0 AND NOT described STREQUAL "")
    set(TRIO6SIM_DESCRIBED_VERSION "${described}")
  endif()
endif()
configure_file("${TEMPLATE}" "${OUTPUT}" @ONLY)
