# What `cmake --install` puts under the prefix, for architects who link
# trio6sim into their own sc_main:
#   include/trio6sim/{packet,config,crypto,models,...}/*.h
#   lib/libtrio6sim_*.a
#   lib/cmake/trio6sim/: trio6simConfig.cmake, its version file and the
#     exported targets trio6sim::packet, ::crypto, ::models, ... (with
#     SystemC's SC_CPLUSPLUS definition and every dependency), for
#     find_package(trio6sim)
#   lib/pkgconfig/trio6sim.pc, for builds without CMake
#   bin/trio6sim
include(CMakePackageConfigHelpers)

set(TRIO6SIM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/trio6sim)
install(EXPORT trio6simTargets NAMESPACE trio6sim:: DESTINATION ${TRIO6SIM_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/trio6simConfig.cmake.in
  ${PROJECT_BINARY_DIR}/trio6simConfig.cmake INSTALL_DESTINATION ${TRIO6SIM_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/trio6simConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/trio6simConfig.cmake ${PROJECT_BINARY_DIR}/trio6simConfigVersion.cmake
  DESTINATION ${TRIO6SIM_CMAKE_DIR})

# pkg-config: the libraries in link order (dependents first).
set(TRIO6SIM_PC_LIBS "-ltrio6sim_ikev2 -ltrio6sim_crypto -ltrio6sim_config -ltrio6sim_packet")
set(TRIO6SIM_PC_REQUIRES "openssl libpcap yaml-cpp fmt")
set(TRIO6SIM_PC_CFLAGS "")
if(TRIO6SIM_BUILD_MODELS)
  set(TRIO6SIM_PC_LIBS "-ltrio6sim_run -ltrio6sim_bridge -ltrio6sim_control -ltrio6sim_report -ltrio6sim_show -ltrio6sim_junos -ltrio6sim_scenario -ltrio6sim_models ${TRIO6SIM_PC_LIBS}")
  set(TRIO6SIM_PC_REQUIRES "systemc ${TRIO6SIM_PC_REQUIRES}")
  set(TRIO6SIM_PC_CFLAGS "-DSC_CPLUSPLUS=201703L")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/trio6sim.pc.in ${PROJECT_BINARY_DIR}/trio6sim.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/trio6sim.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
install(TARGETS trio6sim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
