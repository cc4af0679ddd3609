// A file written whole or not at all. open() checks the path and creates a temporary file beside
// it before any work starts (a folder, a device or a missing folder is named at once, not after
// hours of training); commit() writes the temporary file and renames it into place, so the
// final name never holds a truncated file; on failure, destruction or Ctrl-C the temporary goes.
#pragma once

#include <cstdio>
#include <functional>
#include <ostream>
#include <string>

namespace actviz {

class OutputFile {
 public:
  OutputFile() = default;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();

  // "" when `path` can be written (its temporary file now exists), else why not, naming the path.
  std::string open(const std::string& path);
  // Writes through `write`, then renames into place; "" or why it failed (the temporary removed).
  std::string commit(const std::function<void(std::ostream&)>& write);

 private:
  void discard();
  std::string path_;
  std::string temporary_;
};

// fprintf that keeps the reason of the first failed write to standard output, which a later
// flush no longer knows (the C library reports only that the stream has failed).
[[gnu::format(printf, 2, 3)]] void print_to(std::FILE* out, const char* format, ...);

// Flushes standard output; true once a write to it has failed (the reason is kept for the end).
bool standard_output_failed();

// Writes still buffered for standard output, and whether it ever failed (a full disk, a closed
// pipe, `ulimit -f`): "" or the message.
std::string flush_standard_output();

}  // namespace actviz
