#pragma once
namespace imaging {
// ScanShare's version (CMake's project version), e.g. "0.1.0".
const char* versionString() noexcept;
// The git commit the build was configured from (`git rev-parse --short HEAD` at configure time),
// or "unknown" when the sources were not a git checkout.
const char* buildCommit() noexcept;
}
