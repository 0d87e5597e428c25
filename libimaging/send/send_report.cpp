#include <algorithm>

#include "imaging/send/send.h"

namespace imaging {

const char* toString(SendOutcome outcome) noexcept {
  switch (outcome) {
    case SendOutcome::Sent: return "sent";
    case SendOutcome::AlreadySent: return "already-sent";
    case SendOutcome::Failed: return "failed";
    case SendOutcome::Cancelled: return "cancelled";
  }
  return "failed";
}

std::size_t SendReport::count(SendOutcome outcome) const {
  return static_cast<std::size_t>(
      std::count_if(files.begin(), files.end(), [outcome](const FileSendStatus& f) { return f.outcome == outcome; }));
}

}  // namespace imaging
