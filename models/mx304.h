// Mx304: one router of the MX304 kind as the data plane sees it: one Trio 6
// per populated LMIC (PIC number = LMIC, FPC 0 [M]) and the chassis fabric
// between them (MxRouter).
#pragma once

#include <vector>

#include "mx_router.h"

namespace trio6sim::models {

class Mx304 : public MxRouter {
 public:
  // `lmics`: the populated LMIC slots (0..2), each with a chip of `params`
  // whose replaceable blocks `factory` builds (the library's by default).
  Mx304(const sc_core::sc_module_name& name, const std::vector<int>& lmics, const Trio6Params& params = {});
  Mx304(const sc_core::sc_module_name& name, const std::vector<int>& lmics, const Trio6Params& params,
        const BlockFactory& factory);

  const std::vector<int>& lmics() const { return lmics_; }
  // The chip index (as add_remote_interface names it) of an LMIC; ConfigError when not populated.
  int chip_index(int lmic) const;
  using MxRouter::chip_index;

 private:
  std::vector<int> lmics_;
};

}  // namespace trio6sim::models
