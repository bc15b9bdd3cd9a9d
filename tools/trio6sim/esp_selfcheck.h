// `trio6sim esp selfcheck`: a quick proof on any machine that the ESP path is
// real: AES-GCM known answers (McGrew-Viega test cases 1 and 2), then seal and
// open round trips over every SA variant, a forged packet and a replay.
#pragma once

#include <ostream>

namespace trio6sim::cli {

int esp_selfcheck(std::ostream& out);

}  // namespace trio6sim::cli
