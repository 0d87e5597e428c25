#pragma once
// The secret project key behind UID hashing, date offsets and pseudonyms. Never logged, never
// written into an export.
#include <cstdint>
#include <filesystem>
#include <vector>

namespace imaging {

class Key {
 public:
  explicit Key(std::vector<std::uint8_t> bytes);
  // Reads a key file (raw bytes or hex text, at least 16 bytes of entropy).
  static Key load(const std::filesystem::path& file);
  // Loads file, creating it with 32 random bytes and mode 0600 if it does not exist.
  static Key loadOrCreate(const std::filesystem::path& file);
  // $XDG_CONFIG_HOME/scanshare/key or ~/.config/scanshare/key
  static std::filesystem::path defaultLocation();
  const std::vector<std::uint8_t>& bytes() const noexcept { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

// HMAC-SHA256(key, domain || 0x00 || message). Domains keep UIDs, dates and names independent.
std::vector<std::uint8_t> keyedHash(const Key& key, const std::string& domain, const std::string& message);

}  // namespace imaging
