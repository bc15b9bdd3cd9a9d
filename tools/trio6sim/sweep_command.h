// `trio6sim sweep FILE.yaml --out DIR [--shard I/N] [--jobs N] [--no-plots]`
// and `trio6sim sweep --merge DIR... --out DIR`: a capacity sweep, each
// point one probe in a worker process, written as DIR/results.csv,
// DIR/results.json and plots (docs/sweep.md). The interface is fixed:
// cluster scripts call it.
#pragma once

namespace trio6sim::cli {

int sweep_command(int argc, char** argv);

}  // namespace trio6sim::cli
