// `trio6sim esp seal|open|selfcheck`: single-packet ESP for firmware and
// interop engineers. The command line is fixed (outside scripts call it); see
// docs/esp-command.md.
#pragma once

namespace trio6sim::cli {

int esp_command(int argc, char** argv);

}  // namespace trio6sim::cli
