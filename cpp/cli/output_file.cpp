#include "output_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <vector>

#include "arguments.hpp"

namespace actviz {
namespace {

// The temporary file a signal handler removes before the process ends (one at a time).
char pending_temporary[4096];

extern "C" void remove_temporary_and_die(int signal_number) {
  if (pending_temporary[0] != '\0') unlink(pending_temporary);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

void watch_temporary(const std::string& path) {
  const std::size_t size = std::min(path.size(), sizeof pending_temporary - 1);
  std::memcpy(pending_temporary, path.data(), size);
  pending_temporary[size] = '\0';
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) std::signal(signal_number, remove_temporary_and_die);
}

void unwatch_temporary() { pending_temporary[0] = '\0'; }

std::string folder_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string reason() { return std::strerror(errno); }

}  // namespace

OutputFile::~OutputFile() { discard(); }

void OutputFile::discard() {
  if (temporary_.empty()) return;
  unlink(temporary_.c_str());
  unwatch_temporary();
  temporary_.clear();
}

std::string OutputFile::open(const std::string& path) {
  path_ = path;
  const std::string named = "cannot write " + quoted(path) + ": ";
  struct stat existing {};
  mode_t mode = 0;
  if (lstat(path.c_str(), &existing) == 0 && S_ISLNK(existing.st_mode)) {
    // Write where the link points (even if nothing is there yet), keeping the link.
    if (char* resolved = realpath(path.c_str(), nullptr)) {
      path_ = resolved;
      std::free(resolved);
    } else {
      std::vector<char> target(4096);
      const ssize_t size = readlink(path.c_str(), target.data(), target.size());
      if (size > 0 && static_cast<std::size_t>(size) < target.size()) {
        const std::string link_target(target.data(), static_cast<std::size_t>(size));
        path_ = link_target.front() == '/' ? link_target : folder_of(path) + "/" + link_target;
      }
    }
  }
  if (stat(path_.c_str(), &existing) == 0) {
    if (S_ISDIR(existing.st_mode)) return named + "it is a folder; give a file name in it";
    // Renaming over a device or a pipe would replace it, and /dev/full fails only when written.
    if (!S_ISREG(existing.st_mode)) return named + "it is not a regular file (a device, pipe or socket)";
    mode = existing.st_mode & 07777;
  } else if (errno == ENOTDIR) {
    return named + quoted(folder_of(path_)) + " is not a folder";
  } else if (errno != ENOENT) {
    return named + reason();
  } else {
    mode = static_cast<mode_t>(umask(0));
    umask(mode);
    mode = static_cast<mode_t>(0666 & ~mode);
  }
  const std::string folder = folder_of(path_);
  std::string name = path_.substr(path_.find_last_of('/') == std::string::npos ? 0 : path_.find_last_of('/') + 1);
  std::string pattern = folder + "/." + name + ".XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  const int descriptor = mkstemp(buffer.data());
  if (descriptor < 0) {
    const std::string why = reason();
    struct stat place {};
    const bool found = stat(folder.c_str(), &place) == 0;
    if (!found && errno == ENOENT) return named + "the folder " + quoted(folder) + " does not exist";
    if ((!found && errno == ENOTDIR) || (found && !S_ISDIR(place.st_mode))) return named + quoted(folder) + " is not a folder";
    return named + "cannot create a file in " + quoted(folder) + " (" + why + ")";
  }
  temporary_ = buffer.data();
  watch_temporary(temporary_);
  const bool ready = fchmod(descriptor, mode) == 0;
  close(descriptor);
  if (!ready) {
    const std::string why = reason();
    discard();
    return named + why;
  }
  return "";
}

std::string OutputFile::commit(const std::function<void(std::ostream&)>& write) {
  std::string failure;
  {
    std::ofstream file(temporary_, std::ios::binary | std::ios::trunc);
    errno = 0;
    if (file) write(file);
    if (file) file.flush();
    if (file) file.close();
    if (!file) failure = "could not write " + quoted(path_) + ": " + (errno != 0 ? reason() : "write error");
  }
  if (failure.empty() && std::rename(temporary_.c_str(), path_.c_str()) != 0) {
    failure = "could not write " + quoted(path_) + ": " + reason();
  }
  if (!failure.empty()) {
    discard();
    return failure;
  }
  unwatch_temporary();
  temporary_.clear();
  return "";
}

namespace {
int standard_output_errno = 0;  // the first failed write's reason
}  // namespace

void print_to(std::FILE* out, const char* format, ...) {
  std::va_list values;
  va_start(values, format);
  errno = 0;
  const int written = std::vfprintf(out, format, values);
  va_end(values);
  if (written < 0 && out == stdout && standard_output_errno == 0) standard_output_errno = errno;
}

bool standard_output_failed() {
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
    if (standard_output_errno == 0) standard_output_errno = errno;
    return true;
  }
  return false;
}

std::string flush_standard_output() {
  bool failed = standard_output_failed();
  // close() reports what a deferred write (NFS, some pipes) still had to say.
  errno = 0;
  if (std::fclose(stdout) != 0) {
    failed = true;
    if (standard_output_errno == 0) standard_output_errno = errno;
  }
  if (!failed) return "";
  return std::string("could not write to standard output: ") + (standard_output_errno != 0 ? std::strerror(standard_output_errno) : "write error");
}

}  // namespace actviz
