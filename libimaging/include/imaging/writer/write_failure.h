#pragma once
// Naming the reason when a write failed inside a library that does not say why (DCMTK's file
// streams report a short write, not the errno): a full disk must read "No space left on device".
#include <filesystem>
#include <string>

namespace imaging {

// ENOSPC, EDQUOT or EFBIG: the file system (or a limit) has no room for more data.
bool isNoRoomError(int err) noexcept;

// The reason a write into `folder` just failed, when it is lack of room: the system's text for
// last_errno when that is a no-room error, else for the error a 64 KiB probe file written and
// flushed in `folder` gets (the probe is removed). Empty when there is room.
std::string noRoomReason(const std::filesystem::path& folder, int last_errno);

}  // namespace imaging
