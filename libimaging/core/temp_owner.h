#pragma once
// Who created a TempDir folder, as written into its name, and whether that process still lives.
// Private to core (temp_dir.cpp, stale_temp_dirs.cpp).
#include <optional>
#include <string>

namespace imaging::temp_owner {

struct Owner {
  long long pid = 0;
  unsigned long long start = 0;  // clock ticks since boot (/proc/PID/stat field 22); 0: unknown
  unsigned long long pid_namespace = 0;  // inode of /proc/self/ns/pid; 0: unknown
};

// This process.
Owner self();
// "o<pid>.<start>.<pidns>-": the part TempDir puts between the prefix and mkdtemp's XXXXXX.
std::string tag(const Owner& owner);
// The owner of a folder named by TempDir ("scanshare-" ... tag "XXXXXX"); nothing for any other name.
std::optional<Owner> parse(const std::string& folder_name);
// True only when the owner is certainly gone: no such process, or another process (a different
// start time) now has its id. Unknown (no /proc, another PID namespace): false.
bool isGone(const Owner& owner);

}  // namespace imaging::temp_owner
