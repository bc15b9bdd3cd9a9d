#include "provenance.h"

#include <fmt/core.h>
#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "config/yaml_reader.h"

namespace trio6sim::sweep {

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed in OpenSSL");
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

Expected<std::string, std::string> file_sha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return unexpected(path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  return sha256_hex(ss.str());
}

namespace {

// A word as a POSIX shell reads it back: bare when it is made of safe
// characters, else in single quotes.
std::string shell_word(std::string_view w) {
  if (!w.empty() && w.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:=@%+,-") ==
                        std::string_view::npos)
    return std::string(w);
  std::string q = "'";
  for (char c : w) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Every leaf of `n` as (dotted path, text), in document order.
void flatten(const YAML::Node& n, const std::string& path, std::vector<std::pair<std::string, std::string>>& out) {
  if (n.IsMap()) {
    for (const auto& kv : n) flatten(kv.second, path.empty() ? kv.first.Scalar() : path + "." + kv.first.Scalar(), out);
  } else if (n.IsSequence()) {
    std::string joined;
    for (std::size_t i = 0; i < n.size(); ++i) joined += (i ? ", " : "") + n[i].Scalar();
    out.emplace_back(path, joined);
  } else {
    out.emplace_back(path, n.Scalar());
  }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> changed_values(const std::string& json, const std::string& defaults) {
  std::vector<std::pair<std::string, std::string>> now, before, out;
  flatten(YAML::Load(json), "", now);
  flatten(YAML::Load(defaults), "", before);
  for (const auto& [path, text] : now) {
    const auto it = std::find_if(before.begin(), before.end(), [&](const auto& b) { return b.first == path; });
    if (it == before.end() || it->second != text) out.emplace_back(path, text);
  }
  return out;
}

std::string command_text(int argc, char** argv, std::initializer_list<std::string_view> left_out,
                         std::initializer_list<std::string_view> switches_left_out) {
  std::string out = "trio6sim";
  for (int i = 0; i < argc; ++i) {
    const std::string_view word = argv[i];
    bool skip = false;
    for (std::string_view option : left_out) {
      if (word == option) {
        ++i;  // and its value
        skip = true;
      } else if (word.size() > option.size() && word.starts_with(option) && word[option.size()] == '=') {
        skip = true;
      }
    }
    for (std::string_view s : switches_left_out) skip = skip || word == s;
    if (!skip) out += " " + shell_word(word);
  }
  return out;
}

}  // namespace trio6sim::sweep
