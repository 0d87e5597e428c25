#include "imaging/deid/key.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "imaging/core/error.h"

namespace imaging {
namespace {

constexpr std::size_t kMinKeyBytes = 16;
constexpr std::size_t kNewKeyBytes = 32;

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Hex text (whitespace ignored) decodes to its bytes; anything else is taken as raw bytes.
std::vector<std::uint8_t> decodeKeyFile(const std::string& content) {
  std::string hex;
  bool is_hex = true;
  for (char c : content) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    if (hexValue(c) < 0) { is_hex = false; break; }
    hex += c;
  }
  if (is_hex && !hex.empty() && hex.size() % 2 == 0) {
    std::vector<std::uint8_t> bytes(hex.size() / 2);
    for (std::size_t i = 0; i < bytes.size(); ++i)
      bytes[i] = static_cast<std::uint8_t>(hexValue(hex[2 * i]) * 16 + hexValue(hex[2 * i + 1]));
    return bytes;
  }
  return {content.begin(), content.end()};
}

std::string toHex(const std::vector<std::uint8_t>& bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : bytes) { out += digits[b >> 4]; out += digits[b & 15]; }
  return out;
}

}  // namespace

Key::Key(std::vector<std::uint8_t> bytes) : bytes_(std::move(bytes)) {
  if (bytes_.size() < kMinKeyBytes)
    throw Error(ErrorCode::InvalidArgument, "key too short: need at least 16 bytes");
}

Key Key::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorCode::NotFound, "cannot read key file", file.string());
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::uint8_t> bytes = decodeKeyFile(content);
  if (bytes.size() < kMinKeyBytes)
    throw Error(ErrorCode::InvalidArgument, "key file holds fewer than 16 bytes", file.string());
  return Key(std::move(bytes));
}

Key Key::loadOrCreate(const std::filesystem::path& file) {
  if (std::filesystem::exists(file)) return load(file);
  std::error_code ec;
  if (file.has_parent_path()) {
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create key folder: " + ec.message(), file.parent_path().string());
  }
  std::vector<std::uint8_t> bytes(kNewKeyBytes);
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw Error(ErrorCode::Internal, "no secure random source for a new key");
  // O_EXCL: if another process created the key meanwhile, use theirs.
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return load(file);
    throw Error(ErrorCode::Io, std::string("cannot create key file: ") + std::strerror(errno), file.string());
  }
  const std::string text = toHex(bytes) + "\n";
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::fchmod(fd, 0600);
  ::close(fd);
  if (!ok) throw Error(ErrorCode::Io, "cannot write key file", file.string());
  return Key(std::move(bytes));
}

std::filesystem::path Key::defaultLocation() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg && std::filesystem::path(xdg).is_absolute())
    return std::filesystem::path(xdg) / "scanshare" / "key";
  const char* home = std::getenv("HOME");
  std::string home_dir = home && *home ? home : "";
  if (home_dir.empty()) {
    if (const passwd* pw = ::getpwuid(::getuid())) home_dir = pw->pw_dir ? pw->pw_dir : "";
  }
  if (home_dir.empty()) throw Error(ErrorCode::Configuration, "cannot find the home folder for the key");
  return std::filesystem::path(home_dir) / ".config" / "scanshare" / "key";
}

std::vector<std::uint8_t> keyedHash(const Key& key, const std::string& domain, const std::string& message) {
  std::string data = domain;
  data.push_back('\0');
  data += message;
  std::vector<std::uint8_t> out(EVP_MAX_MD_SIZE);
  unsigned int length = 0;
  if (!HMAC(EVP_sha256(), key.bytes().data(), static_cast<int>(key.bytes().size()),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &length))
    throw Error(ErrorCode::Internal, "HMAC-SHA256 failed");
  out.resize(length);
  return out;
}

}  // namespace imaging
