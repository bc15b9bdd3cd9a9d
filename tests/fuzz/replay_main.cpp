// A main for the fuzz targets in builds without libFuzzer (g++, or clang
// without TRIO6SIM_FUZZ): runs LLVMFuzzerTestOneInput once on every file
// named, and on every file inside every folder named, in sorted order.
// Arguments starting with '-' are libFuzzer flags and are ignored, so the
// same command line (`fuzz_x -runs=0 corpus/x regressions/x`) works with
// either main. A finding aborts (the targets' own checks) or is reported by
// the sanitizers; a clean run prints how many inputs it ran and exits 0.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size);

namespace {

void run_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  // A copy the size of the input, as libFuzzer does, so that a read past the
  // end is caught by ASan.
  auto* copy = new uint8_t[bytes.size() + 1];
  std::copy(bytes.begin(), bytes.end(), copy);
  LLVMFuzzerTestOneInput(copy, bytes.size());
  delete[] copy;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t runs = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.starts_with("-")) continue;
    const std::filesystem::path path(arg);
    if (std::filesystem::is_directory(path)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(path))
        if (entry.is_regular_file()) files.push_back(entry.path());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        std::fprintf(stderr, "replay %s\n", f.c_str());
        run_file(f);
        ++runs;
      }
    } else if (std::filesystem::exists(path)) {
      run_file(path);
      ++runs;
    }
    // A folder that does not exist (no finding saved yet) is no input.
  }
  std::printf("replayed %zu inputs\n", runs);
  return 0;
}
