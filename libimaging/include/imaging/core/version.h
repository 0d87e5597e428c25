#pragma once
namespace imaging {
const char* versionString() noexcept;
}
