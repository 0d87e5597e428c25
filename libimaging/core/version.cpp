#include "imaging/core/version.h"
#ifndef SCANSHARE_GIT_COMMIT
#define SCANSHARE_GIT_COMMIT "unknown"
#endif
namespace imaging {
const char* versionString() noexcept { return SCANSHARE_VERSION; }
const char* buildCommit() noexcept { return SCANSHARE_GIT_COMMIT; }
}
