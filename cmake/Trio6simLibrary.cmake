# trio6sim_library(TARGET NAME): what every trio6sim library shares.
#  - the alias trio6sim::NAME, also its name in the installed package;
#  - its include roots: in the build tree sim/ and the repository root (so
#    "packet/packet.h", "crypto/esp_format.h", "models/trio6.h" resolve), in
#    the install tree include/trio6sim/, which holds the same folders. Paths
#    come from PROJECT_SOURCE_DIR, so the tree also works under another
#    project's add_subdirectory();
#  - C++20 as a usage requirement (cxx_std_20): a consumer's target that
#    links it compiles as C++20 without setting the standard itself (the
#    headers use std::span, concepts and designated initializers);
#  - its installation into the exported target set trio6simTargets.
include(GNUInstallDirs)

function(trio6sim_library target name)
  add_library(trio6sim::${name} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name})
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/sim>
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/trio6sim>)
  install(TARGETS ${target} EXPORT trio6simTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
endfunction()

# trio6sim_install_headers(DIR HEADERS NAME...): the public headers of one
# source folder, installed as include/trio6sim/<folder name>/NAME. Only the
# architect's contract is installed (docs/library.md, "What is installed"):
# the chip and routers, their sockets, protocol and parameters, the
# replaceable-block interfaces and the conformance suite, links, tracing, the
# probe, and what those include; every other header is private to the build.
# The set must be closed under #include: scripts/test-installed.sh compiles
# each installed header alone against the installed prefix.
function(trio6sim_install_headers dir)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" HEADERS)
  get_filename_component(folder ${dir} NAME)
  list(TRANSFORM arg_HEADERS PREPEND ${dir}/)
  install(FILES ${arg_HEADERS} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/trio6sim/${folder})
endfunction()
