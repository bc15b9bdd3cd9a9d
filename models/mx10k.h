// Mx10k: an MX10004 or MX10008 router as the data plane sees it: line cards
// in FPC slots, one Trio 6 per line-card PIC, and the chassis fabric (the
// SFB2 switch fabric boards, modeled as one queue per destination PFE, as on
// the MX304) between every PFE of every chip (MxRouter).
//
// Sources (docs/platform-mx10k.md has the sentences):
// - MX10004 has 4 line-card slots, MX10008 8 [HW2101].
// - The MX10K-LC9600 has six Trio 6, each with two PFEs of 800 Gbps, and
//   "each Trio 6 along with 4x QSFP represents one logical PIC", PICs 0 to 5
//   [L, HW9600]. Which ports of a PIC sit on which slice is the scenario
//   layer's table (assumption A7), not the chip's.
// - LC4800/LC4802 (three Trio 6 each [L48, L4802]) are not modeled.
#pragma once

#include <vector>

#include "mx_router.h"

namespace trio6sim::models {

enum class LineCardType : uint8_t { kLc9600 };

// One populated FPC slot. `pics`: the PICs (chips) the model simulates, a
// subset of the card's; the others hold no chip (a cheaper model of a card
// whose unused chips carry no traffic).
struct LineCard {
  int fpc = 0;
  LineCardType type = LineCardType::kLc9600;
  std::vector<int> pics;
};

struct Mx10kParams {
  int fpc_slots = 4;  // 4: MX10004, 8: MX10008 [HW2101]
  std::vector<LineCard> cards;
};

// LC9600 ports come up as 400GE by default [L]: "By default, all the ports
// on LC9600 come up as 400G ports." Breakout is not modeled.
inline constexpr double kLc9600PortGbps = 400;

// Trio 6 chips (= PICs) on one card of `type`: 6 on the LC9600 [L, HW9600].
int pics_per_card(LineCardType type);

class Mx10k : public MxRouter {
 public:
  // `factory` builds every chip's replaceable blocks (the library's by default).
  Mx10k(const sc_core::sc_module_name& name, const Mx10kParams& chassis, const Trio6Params& params = {});
  Mx10k(const sc_core::sc_module_name& name, const Mx10kParams& chassis, const Trio6Params& params,
        const BlockFactory& factory);

  const Mx10kParams& chassis_params() const { return chassis_params_; }

 private:
  Mx10kParams chassis_params_;
};

}  // namespace trio6sim::models
