// Fuzz target: a show command's pipes (sim/show/pipes), as a scenario's
// `show:` line gives them: the text is parsed, and what parses is applied to
// a few lines of real Junos output. Property: a parse error is a value
// naming what is supported; applying never throws, crashes or hangs (a user's
// regex runs over every line of a show), and `count` counts what is left.
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "show/pipes.h"

using namespace trio6sim;

namespace {

const std::string kOutput =
    "Interface               Admin Link Proto    Local                 Remote\n"
    "si-2/1/0                up    up\n"
    "si-2/1/0.0              up    up   inet\n"
    "                                   inet6\n"
    "st0.1                   up    up   inet     10.0.0.1/30\n"
    "  <500001 ESP:aes-gcm-256/aes256-gcm 0xe36f837b 3600/ unlim - root 500 173.1.0.1       \n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string text = "show interfaces terse |" + std::string(reinterpret_cast<const char*>(data), size);
  auto piped = show::parse_pipes(text);
  if (!piped) {
    FUZZ_CHECK(!piped.error().empty());
    return 0;
  }
  const std::string out = show::apply_pipes(kOutput, piped->pipes);
  if (!piped->pipes.empty() && piped->pipes.back().kind == show::PipeKind::kCount)
    FUZZ_CHECK(out.starts_with("Count: ") && out.ends_with(" lines\n"));
  return 0;
}
