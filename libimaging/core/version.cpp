#include "imaging/core/version.h"
namespace imaging {
const char* versionString() noexcept { return SCANSHARE_VERSION; }
}
