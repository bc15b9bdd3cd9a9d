#include "mx10k.h"

#include <algorithm>
#include <fmt/core.h>

#include "replaceable_blocks.h"

namespace trio6sim::models {

int pics_per_card(LineCardType type) {
  switch (type) {
    case LineCardType::kLc9600: return 6;  // "LC9600 has a total of six PICs numbering from 0 to 5" [L]
  }
  return 0;
}

namespace {

std::vector<ChipPlace> card_places(const Mx10kParams& chassis) {
  std::vector<ChipPlace> places;
  for (const auto& card : chassis.cards)
    for (int pic : card.pics) places.push_back({card.fpc, pic, fmt::format("fpc{}_pic{}", card.fpc, pic)});
  return places;
}

// An LC9600 chip has 4 QSFP56-DD ports, 400GE by default [L]; a 400GE port
// takes 8 SerDes, one port group's worth [W, T]. In the chip's 16 port slots
// (MX304 numbering [M]) that is the first slot of each PG at 400 Gbps and no
// link on the other three. Which Junos port is which PG is the scenario
// layer's table (assumption A7).
Trio6Params lc9600_chip(const Trio6Params& params) {
  Trio6Params p = params;
  for (int slot = 0; slot < kPortsPerChip; ++slot)
    p.port_group.port_gbps[slot] = slot % kPortsPerPortGroup == 0 ? kLc9600PortGbps : 0;
  return p;
}

}  // namespace

Mx10k::Mx10k(const sc_core::sc_module_name& name, const Mx10kParams& chassis, const Trio6Params& params)
    : Mx10k(name, chassis, params, BlockFactory{}) {}

Mx10k::Mx10k(const sc_core::sc_module_name& name, const Mx10kParams& chassis, const Trio6Params& params,
             const BlockFactory& factory)
    : MxRouter(name, card_places(chassis), params), chassis_params_(chassis) {
  if (chassis.fpc_slots < 1)
    throw ConfigError(fmt::format("{}: a chassis needs at least one FPC slot, got {}", basename(), chassis.fpc_slots));
  if (places().empty()) throw ConfigError(fmt::format("{}: an MX10000 needs at least one line card with a PIC", basename()));
  for (const auto& card : chassis.cards) {
    if (card.fpc < 0 || card.fpc >= chassis.fpc_slots)
      throw ConfigError(
          fmt::format("{}: FPC slot {} does not exist (0..{})", basename(), card.fpc, chassis.fpc_slots - 1));
    if (std::count_if(chassis.cards.begin(), chassis.cards.end(), [&](const LineCard& c) { return c.fpc == card.fpc; }) > 1)
      throw ConfigError(fmt::format("{}: FPC slot {} holds two cards", basename(), card.fpc));
    const int pics = pics_per_card(card.type);
    for (int pic : card.pics) {
      if (pic < 0 || pic >= pics)
        throw ConfigError(fmt::format("{}: FPC {} has no PIC {} (0..{})", basename(), card.fpc, pic, pics - 1));
      if (std::count(card.pics.begin(), card.pics.end(), pic) > 1)
        throw ConfigError(fmt::format("{}: FPC {} PIC {} is listed twice", basename(), card.fpc, pic));
    }
  }
  populate(lc9600_chip(params), factory);
}

}  // namespace trio6sim::models
