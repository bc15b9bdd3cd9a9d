// `trio6sim run FILE.yaml`: runs a scenario (docs/scenarios.md) and prints
// the requested `show` outputs at their times, the report and the
// expectations; exits 0 when every expectation held and every packet is
// accounted for, 1 when not, 2 on bad input.
#pragma once

namespace trio6sim::cli {

int run_command(int argc, char** argv);

}  // namespace trio6sim::cli
