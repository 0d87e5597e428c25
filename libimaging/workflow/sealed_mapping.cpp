// Sealing and opening the re-identification mapping file: AES-256-GCM, HKDF-SHA256 key per file.
// Layout: magic(8) salt(32) key-check(16) nonce(12) ciphertext tag(16); the first 68 bytes are
// authenticated as associated data, so no byte of the file can change unnoticed.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <array>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "imaging/core/error.h"
#include "imaging/workflow/sealed_mapping.h"

namespace imaging {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

constexpr char kMagic[8] = {'S', 'S', 'M', 'A', 'P', '\0', '\1', '\0'};
constexpr std::size_t kSalt = 32, kCheck = 16, kNonce = 12, kTag = 16;
constexpr std::size_t kHeader = sizeof(kMagic) + kSalt + kCheck + kNonce;

struct Derived {
  std::array<std::uint8_t, 32> aes{};
  std::array<std::uint8_t, kCheck> check{};
};

[[noreturn]] void cryptoFailure(const char* what) {
  throw Error(ErrorCode::Internal, std::string("mapping: OpenSSL failed: ") + what);
}

// HKDF-SHA256(ikm = project key, salt, info) -> 48 bytes: the AES key, then a key check value
// that tells a wrong key from a tampered file.
Derived derive(const Key& key, const std::uint8_t* salt) {
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr),
                                                                 &EVP_PKEY_CTX_free);
  static const char kInfo[] = "scanshare mapping v1";
  std::array<std::uint8_t, 48> out{};
  std::size_t length = out.size();
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0 || EVP_PKEY_CTX_set_hkdf_md(ctx.get(), EVP_sha256()) <= 0 ||
      EVP_PKEY_CTX_set1_hkdf_salt(ctx.get(), salt, static_cast<int>(kSalt)) <= 0 ||
      EVP_PKEY_CTX_set1_hkdf_key(ctx.get(), key.bytes().data(), static_cast<int>(key.bytes().size())) <= 0 ||
      EVP_PKEY_CTX_add1_hkdf_info(ctx.get(), reinterpret_cast<const unsigned char*>(kInfo),
                                  static_cast<int>(sizeof(kInfo) - 1)) <= 0 ||
      EVP_PKEY_derive(ctx.get(), out.data(), &length) <= 0 || length != out.size())
    cryptoFailure("HKDF");
  Derived d;
  std::copy(out.begin(), out.begin() + 32, d.aes.begin());
  std::copy(out.begin() + 32, out.end(), d.check.begin());
  OPENSSL_cleanse(out.data(), out.size());
  return d;
}

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

// encrypt: in = plaintext, returns ciphertext || tag. decrypt: in = ciphertext || tag; false when
// the tag does not match.
bool gcm(bool encrypt, const Derived& d, const std::uint8_t* nonce, const Bytes& aad, const std::uint8_t* in,
         std::size_t size, Bytes& out) {
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  const std::size_t body = encrypt ? size : size - kTag;
  out.assign(body + (encrypt ? kTag : 0), 0);
  int n = 0;
  auto init = encrypt ? EVP_EncryptInit_ex : EVP_DecryptInit_ex;
  auto update = encrypt ? EVP_EncryptUpdate : EVP_DecryptUpdate;
  if (!ctx || init(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kNonce), nullptr) != 1 ||
      init(ctx.get(), nullptr, nullptr, d.aes.data(), nonce) != 1 ||
      update(ctx.get(), nullptr, &n, aad.data(), static_cast<int>(aad.size())) != 1 ||
      (body > 0 && update(ctx.get(), out.data(), &n, in, static_cast<int>(body)) != 1))
    cryptoFailure("AES-256-GCM");
  if (encrypt) {
    if (EVP_EncryptFinal_ex(ctx.get(), out.data() + body, &n) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTag), out.data() + body) != 1)
      cryptoFailure("AES-256-GCM");
    return true;
  }
  Bytes tag(in + body, in + size);
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTag), tag.data()) != 1)
    cryptoFailure("AES-256-GCM");
  std::uint8_t final_block[16];
  return EVP_DecryptFinal_ex(ctx.get(), final_block, &n) == 1;
}

}  // namespace

void writeSealedMapping(const fs::path& file, const Key& key, const std::string& plaintext) {
  Bytes header(kMagic, kMagic + sizeof(kMagic));
  header.resize(kHeader);
  std::uint8_t* salt = header.data() + sizeof(kMagic);
  std::uint8_t* nonce = salt + kSalt + kCheck;
  if (RAND_bytes(salt, static_cast<int>(kSalt)) != 1 || RAND_bytes(nonce, static_cast<int>(kNonce)) != 1)
    cryptoFailure("random bytes");
  const Derived d = derive(key, salt);
  std::copy(d.check.begin(), d.check.end(), salt + kSalt);
  Bytes sealed;
  gcm(true, d, nonce, header, reinterpret_cast<const std::uint8_t*>(plaintext.data()), plaintext.size(), sealed);

  const fs::path partial = fs::path(file.string() + ".partial");
  // Created owner-only from the start, never through a link or into an existing file: a
  // ".partial" left by a killed run (or planted as a symbolic link) is removed, not followed.
  const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
  int fd = ::open(partial.c_str(), flags, 0600);
  if (fd < 0 && errno == EEXIST && ::unlink(partial.c_str()) == 0) fd = ::open(partial.c_str(), flags, 0600);
  if (fd < 0) throw Error(ErrorCode::Io, "cannot write the mapping file", partial.string());
  auto writeAll = [fd](const std::uint8_t* data, std::size_t size) {
    while (size > 0) {
      const ssize_t n = ::write(fd, data, size);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data += n;
      size -= static_cast<std::size_t>(n);
    }
    return true;
  };
  const bool written = writeAll(header.data(), header.size()) && writeAll(sealed.data(), sealed.size());
  if (::close(fd) != 0 || !written) {
    ::unlink(partial.c_str());
    throw Error(ErrorCode::Io, "cannot write the mapping file", partial.string());
  }
  std::error_code ec;
  fs::rename(partial, file, ec);
  if (ec) {
    fs::remove(partial, ec);
    throw Error(ErrorCode::Io, "cannot write the mapping file", file.string());
  }
}

std::string openSealedMapping(const fs::path& file, const Key& key) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(fs::exists(file) ? ErrorCode::Io : ErrorCode::NotFound, "cannot read the mapping file", file.string());
  const Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < kHeader + kTag || !std::equal(kMagic, kMagic + sizeof(kMagic), bytes.begin()))
    throw Error(ErrorCode::Corrupt, "not a ScanShare mapping file (or cut short)", file.string());
  const std::uint8_t* salt = bytes.data() + sizeof(kMagic);
  const Derived d = derive(key, salt);
  if (CRYPTO_memcmp(d.check.data(), salt + kSalt, kCheck) != 0)
    throw Error(ErrorCode::InvalidArgument, "wrong key: this file was sealed with another ScanShare key", file.string());
  const Bytes header(bytes.begin(), bytes.begin() + kHeader);
  Bytes plain;
  if (!gcm(false, d, salt + kSalt + kCheck, header, bytes.data() + kHeader, bytes.size() - kHeader, plain))
    throw Error(ErrorCode::Corrupt, "sealed file was altered or damaged (authentication tag does not match); refusing it",
                file.string());
  return std::string(plain.begin(), plain.end());
}

}  // namespace imaging
