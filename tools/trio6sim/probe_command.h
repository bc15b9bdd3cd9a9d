// `trio6sim probe`: one chip with traffic generators on its ports, run for a
// duration, reporting throughput, drops by cause, latency, utilization and
// the effective parameters. Outside scripts read its JSON; the keys are
// fixed (docs/probe.md).
#pragma once

namespace trio6sim::cli {

int probe_command(int argc, char** argv);

}  // namespace trio6sim::cli
