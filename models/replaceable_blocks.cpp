#include "replaceable_blocks.h"

#include "fabric.h"
#include "ipsec_engine.h"
#include "lookup_engine.h"

namespace trio6sim::models {

std::unique_ptr<IpsecEngineBlock> library_ipsec_engine(const char* name, ChipServices& chip, int slice) {
  return std::make_unique<IpsecEngine>(name, chip, slice);
}

std::unique_ptr<LookupEngineBlock> library_lookup_engine(const char* name, ChipServices& chip, int slice) {
  return std::make_unique<LookupEngine>(name, chip, slice);
}

std::unique_ptr<FabricBlock> library_fabric(const char* name, ChipServices& chip) {
  return std::make_unique<Fabric>(name, chip);
}

}  // namespace trio6sim::models
