#include "imaging/core/spill.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#include "imaging/core/error.h"

namespace imaging {
namespace {

constexpr std::size_t kFrameBytes = 4;  // little-endian record length
constexpr std::size_t kBlock = 16;      // AES block: the CTR counter counts these

std::string reason(const char* what, int error) {
  if (error == ENOSPC) return "no space left on the device";
  return std::string(what) + " (" + ::strerror(error) + ")";
}

struct CipherContext {
  CipherContext() : ctx(EVP_CIPHER_CTX_new()) {}
  ~CipherContext() { EVP_CIPHER_CTX_free(ctx); }  // frees (and cleanses) the key schedule
  CipherContext(const CipherContext&) = delete;
  CipherContext& operator=(const CipherContext&) = delete;
  EVP_CIPHER_CTX* ctx;
};

// What readers share with the file, so a reader stays valid even if it outlives the SpillFile.
struct SpillCore {
  int fd = -1;
  std::string folder;
  unsigned char key[32];
  unsigned char nonce[8];

  ~SpillCore() {
    OPENSSL_cleanse(key, sizeof key);
    if (fd >= 0) ::close(fd);
  }

  // CTR is its own inverse; the counter of byte `offset` is nonce || big-endian(offset / 16), so
  // any stretch of the file is (de)crypted without the bytes before it.
  void crypt(std::uint64_t offset, unsigned char* data, std::size_t size, EVP_CIPHER_CTX* ctx) const {
    unsigned char iv[16];
    std::memcpy(iv, nonce, 8);
    const std::uint64_t block = offset / kBlock;
    for (int i = 0; i < 8; ++i) iv[8 + i] = static_cast<unsigned char>(block >> (56 - 8 * i));
    bool ok = EVP_EncryptInit_ex(ctx, EVP_aes_256_ctr(), nullptr, key, iv) == 1;
    int out = 0;
    if (ok && offset % kBlock != 0) {  // discard the keystream before offset in its block
      unsigned char skip[kBlock] = {};
      ok = EVP_EncryptUpdate(ctx, skip, &out, skip, static_cast<int>(offset % kBlock)) == 1;
    }
    while (ok && size > 0) {
      const int step = static_cast<int>(std::min<std::size_t>(size, 1u << 30));
      ok = EVP_EncryptUpdate(ctx, data, &out, data, step) == 1;
      data += step;
      size -= static_cast<std::size_t>(step);
    }
    if (!ok) throw Error(ErrorCode::Io, "cannot encrypt the spill file", folder);
  }
};

}  // namespace

struct SpillFile::Impl {
  std::shared_ptr<SpillCore> core = std::make_shared<SpillCore>();
  CipherContext cipher;
  std::size_t buffer_bytes = 0;
  std::string buffer;           // plaintext not yet written
  std::uint64_t written = 0;    // bytes on disk

  void put(const char* data, std::size_t size) {
    while (size > 0) {
      const std::size_t step = std::min(size, buffer_bytes - buffer.size());
      buffer.append(data, step);
      data += step;
      size -= step;
      if (buffer.size() == buffer_bytes) flush();
    }
  }

  void flush() {
    if (buffer.empty()) return;
    auto* bytes = reinterpret_cast<unsigned char*>(buffer.data());
    core->crypt(written, bytes, buffer.size(), cipher.ctx);
    std::size_t done = 0;
    while (done < buffer.size()) {
      const ssize_t n = ::pwrite(core->fd, bytes + done, buffer.size() - done, static_cast<off_t>(written + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const int error = n < 0 ? errno : ENOSPC;
        core->crypt(written, bytes, buffer.size(), cipher.ctx);  // back to plaintext: nothing is lost
        throw Error(ErrorCode::Io, reason("cannot write the spill file", error), core->folder);
      }
      done += static_cast<std::size_t>(n);
    }
    written += buffer.size();
    buffer.clear();
  }
};

SpillFile::SpillFile(const std::filesystem::path& folder, std::size_t buffer_bytes) : impl_(std::make_unique<Impl>()) {
  SpillCore& core = *impl_->core;
  core.folder = folder.string();
  impl_->buffer_bytes = std::max<std::size_t>(buffer_bytes, kBlock);
  if (impl_->cipher.ctx == nullptr || RAND_bytes(core.key, sizeof core.key) != 1 ||
      RAND_bytes(core.nonce, sizeof core.nonce) != 1)
    throw Error(ErrorCode::Io, "cannot make a key for the spill file", core.folder);
  std::string name = (folder / ".scanshare-spill-XXXXXX").string();
  core.fd = ::mkostemp(name.data(), O_CLOEXEC);  // mode 0600
  if (core.fd < 0) throw Error(ErrorCode::Io, reason("cannot create the spill file", errno), core.folder);
  if (::unlink(name.c_str()) != 0)  // core's destructor closes fd
    throw Error(ErrorCode::Io, reason("cannot unlink the spill file", errno), core.folder);
}

SpillFile::~SpillFile() = default;

std::uint64_t SpillFile::append(std::string_view record) {
  if (record.size() > std::numeric_limits<std::uint32_t>::max())
    throw Error(ErrorCode::InvalidArgument, "a spill record is 4 GiB or more", impl_->core->folder);
  const std::uint64_t start = bytes();
  char frame[kFrameBytes];
  for (std::size_t i = 0; i < kFrameBytes; ++i) frame[i] = static_cast<char>(record.size() >> (8 * i));
  impl_->put(frame, kFrameBytes);
  impl_->put(record.data(), record.size());
  ++records_;
  return start;
}

std::uint64_t SpillFile::bytes() const { return impl_->written + impl_->buffer.size(); }

struct SpillFile::Reader::State {
  std::shared_ptr<const SpillCore> core;
  CipherContext cipher;
  std::uint64_t end = 0;        // what was on disk when the reader was made
  std::uint64_t next = 0;       // file offset of chunk's end
  std::vector<unsigned char> chunk;
  std::size_t used = 0, filled = 0;

  void fail(const char* what, int error) const {
    throw Error(ErrorCode::Io, reason(what, error), core->folder);
  }

  void refill() {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), end - next));
    if (want == 0) fail("the spill file ended inside a record", EIO);
    std::size_t got = 0;
    while (got < want) {
      const ssize_t n = ::pread(core->fd, chunk.data() + got, want - got, static_cast<off_t>(next + got));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail("cannot read the spill file", errno);
      if (n == 0) fail("the spill file is shorter than was written", EIO);
      got += static_cast<std::size_t>(n);
    }
    core->crypt(next, chunk.data(), want, cipher.ctx);
    next += want;
    used = 0;
    filled = want;
  }

  void take(char* out, std::size_t size) {
    while (size > 0) {
      if (used == filled) refill();
      const std::size_t step = std::min(size, filled - used);
      std::memcpy(out, chunk.data() + used, step);
      used += step;
      out += step;
      size -= step;
    }
  }

  bool atEnd() const { return used == filled && next == end; }
};

SpillFile::Reader::Reader(std::unique_ptr<State> state) : state_(std::move(state)) {}
SpillFile::Reader::Reader(Reader&&) noexcept = default;
SpillFile::Reader& SpillFile::Reader::operator=(Reader&&) noexcept = default;
SpillFile::Reader::~Reader() = default;

bool SpillFile::Reader::next(std::string& record) {
  if (state_->atEnd()) return false;
  char frame[kFrameBytes];
  state_->take(frame, kFrameBytes);
  std::uint32_t size = 0;
  for (std::size_t i = 0; i < kFrameBytes; ++i) size |= std::uint32_t{static_cast<unsigned char>(frame[i])} << (8 * i);
  record.resize(size);
  state_->take(record.data(), size);
  return true;
}

SpillFile::Reader SpillFile::reader(std::uint64_t from, std::size_t read_buffer_bytes) {
  impl_->flush();
  std::string().swap(impl_->buffer);  // a file done with writing holds no buffer
  if (from > impl_->written)
    throw Error(ErrorCode::InvalidArgument, "a spill reader starts past the end", impl_->core->folder);
  auto state = std::make_unique<Reader::State>();
  if (state->cipher.ctx == nullptr) throw Error(ErrorCode::Io, "cannot decrypt the spill file", impl_->core->folder);
  state->core = impl_->core;
  state->end = impl_->written;
  state->next = from;
  state->chunk.resize(std::max<std::size_t>(read_buffer_bytes, kBlock));
  return Reader(std::move(state));
}

SortKey& SortKey::text(std::string_view value) {
  // 0 becomes 0 0xFF and the field ends with 0 0: a shorter field's end sorts below any byte.
  for (const char c : value) {
    bytes_.push_back(c);
    if (c == '\0') bytes_.push_back('\xFF');
  }
  bytes_.append(2, '\0');
  return *this;
}

SortKey& SortKey::number(std::int64_t value) {
  // Flipping the sign bit puts negatives below positives in unsigned order.
  return unsignedNumber(static_cast<std::uint64_t>(value) ^ (std::uint64_t{1} << 63));
}

SortKey& SortKey::unsignedNumber(std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) bytes_.push_back(static_cast<char>(value >> shift));
  return *this;
}

}  // namespace imaging
