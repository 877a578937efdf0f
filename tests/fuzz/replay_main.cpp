// main() for the fuzz targets in builds without libFuzzer: runs every file
// of the directories (or files) given through LLVMFuzzerTestOneInput, so the
// invariants are checked over the seed corpus and the regressions in every
// build. An invariant failure or crash aborts, which fails the test.
//   fuzz_replay_TARGET CORPUS_DIR [REGRESSIONS_DIR ...]
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size);

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
    return 2;
  }
  std::size_t total = 0;
  for (int a = 1; a < argc; ++a) {
    std::vector<fs::path> files;
    std::error_code ec;
    if (fs::is_directory(argv[a], ec)) {
      for (const auto& e : fs::recursive_directory_iterator(argv[a], ec))
        if (e.is_regular_file() && e.path().filename().string()[0] != '.')
          files.push_back(e.path());
    } else if (fs::is_regular_file(argv[a], ec)) {
      files.push_back(argv[a]);
    } else {
      std::fprintf(stderr, "%s: %s does not exist; nothing replayed from it\n",
                   argv[0], argv[a]);
      continue;
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)),
                        std::istreambuf_iterator<char>());
      if (!in.good() && !in.eof()) {
        std::fprintf(stderr, "%s: cannot read %s\n", argv[0], f.c_str());
        return 1;
      }
      std::fprintf(stderr, "replay %s\n", f.c_str());
      LLVMFuzzerTestOneInput(
          reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++total;
    }
    std::fprintf(stderr, "%s: %zu inputs so far (after %s)\n", argv[0], total,
                 argv[a]);
  }
  if (total == 0) {
    std::fprintf(stderr,
                 "%s: no input replayed; the corpus directory is missing or "
                 "empty\n",
                 argv[0]);
    return 1;
  }
  std::printf("%zu inputs replayed, every invariant held\n", total);
  return 0;
}
