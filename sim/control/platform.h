// The platforms a scenario can name, as the routing engine knows them: which
// FPC slots and PICs hold a simulated Trio 6, and what card is in each slot.
// The tables that turn a Junos interface name into a chip, slice, port group
// and chip port slot are in router_plan.h (locate_port, locate_si).
//   mx304:   FPC 0, PIC = LMIC 0..2, one chip per LMIC [M].
//   mx10004: FPC 0..3, mx10008: FPC 0..7 [HW2101]; an LC9600 holds PICs
//            0..5, one Trio 6 each [L] (docs/platform-mx10k.md).
#pragma once

#include <string>
#include <vector>

namespace trio6sim::control {

struct PlatformSlot {
  int fpc = 0;
  std::string card;       // "lc9600"
  std::vector<int> pics;  // the PICs (chips) simulated
};

struct Platform {
  std::string name = "mx304";             // "mx304", "mx10004", "mx10008"
  std::vector<int> lmics{0, 1, 2};        // mx304: the populated LMICs
  std::vector<PlatformSlot> slots;        // mx10004/mx10008: the populated FPC slots

  static Platform mx304(std::vector<int> lmics);
  bool is_mx304() const { return name == "mx304"; }
  // FPC slots of the chassis: 1 (MX304), 4 (MX10004), 8 (MX10008).
  int fpc_slots() const;
  const PlatformSlot* slot(int fpc) const;
  bool has_chip(int fpc, int pic) const;
  // "MX304", "MX10004"
  std::string display_name() const;
};

// Trio 6 chips (PICs) on a card: 6 on an LC9600 [L]; 0 for a card not modeled.
int card_pics(const std::string& card);

}  // namespace trio6sim::control
