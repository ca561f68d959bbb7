// The one reader and the one writer for every file memplan opens or saves, so that the rules
// are written once: regular files only, one size cap, and saves that either replace the file
// completely or leave it byte-identical.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace memplan {

// The largest input any reader accepts (plan, preset, config.json, autosave, stdin).
// Plans are a few KiB; the cap keeps `/dev/zero`-like inputs from exhausting memory.
inline constexpr std::uint64_t kMaxInputBytes = std::uint64_t{64} << 20;

// Reads a whole file. "-" reads standard input (capped as well). The file is opened without
// blocking (a FIFO never hangs) and must be a regular file: a directory, FIFO, device or socket,
// a file larger than `maxBytes`, or a read error throws InputError naming `path`.
std::string readInputFile(const std::string& path, std::uint64_t maxBytes = kMaxInputBytes);

// Reads everything from an open descriptor (used for stdin), at most `maxBytes`.
// `label` names the input in errors. Throws InputError.
std::string readInputDescriptor(int fd, const std::string& label,
                                std::uint64_t maxBytes = kMaxInputBytes);

// Replaces `path` with `bytes` atomically: a temporary file in the target's folder, every
// write and the fsync checked, then rename over the target. A symlink is followed and its
// target replaced (the link stays). A new file gets 0666 & ~umask; an existing one keeps its
// mode. A target whose permissions forbid writing, a directory or a non-regular file is
// refused. On any failure the temporary file is removed, the old file is untouched, and
// OutputError names the file and the reason (e.g. "No space left on device").
void writeFileAtomic(const std::string& path, std::string_view bytes);

// True when both paths name the same existing file (same device and inode).
bool sameFile(const std::string& a, const std::string& b);

} // namespace memplan
