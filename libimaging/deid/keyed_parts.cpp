// The keyed default parts: UID mapper, date shifter, pseudonyms.
#include <mutex>
#include <string>
#include <unordered_map>

#include "imaging/deid/parts.h"

namespace imaging {
namespace {

// Decimal text of a big-endian unsigned integer of any size (repeated division by 10).
// A big-endian number of at most 16 bytes in decimal ("0" for zero). In base 10^19 pieces, so
// that only a few 128-bit divisions run: this is done for every SOP Instance UID mapped.
std::string toDecimal(const std::vector<std::uint8_t>& number) {
  __extension__ typedef unsigned __int128 u128;
  u128 value = 0;
  for (std::uint8_t byte : number) value = (value << 8) | byte;
  constexpr std::uint64_t kPiece = 10000000000000000000ull;  // 10^19
  std::uint64_t pieces[3];                                    // 2^128 < 10^57
  int count = 0;
  do {
    pieces[count++] = static_cast<std::uint64_t>(value % kPiece);
    value /= kPiece;
  } while (value != 0);
  char digits[60];
  char* end = digits + sizeof digits;
  char* p = end;
  for (int i = 0; i < count; ++i) {
    std::uint64_t piece = pieces[i];
    const bool leading = i == count - 1;  // only the leading piece drops its zeros
    for (int d = 0; d < 19 && (!leading || piece != 0 || p == end); ++d) {
      *--p = static_cast<char>('0' + piece % 10);
      piece /= 10;
    }
  }
  return std::string(p, end);
}

std::uint32_t first32Bits(const std::vector<std::uint8_t>& hash) {
  return (std::uint32_t{hash[0]} << 24) | (std::uint32_t{hash[1]} << 16) | (std::uint32_t{hash[2]} << 8) | hash[3];
}

class HmacUidMapper final : public UidMapper {
 public:
  explicit HmacUidMapper(Key key) : key_(std::move(key)) {}
  std::string map(const std::string& uid) const override {
    // Study, series and frame of reference UIDs repeat in every file of a series: remembering
    // recent answers saves an HMAC and a 128-bit decimal conversion for most calls. Bounded, and
    // held in memory only.
    {
      std::lock_guard<std::mutex> lock(mutex_);
      const auto it = recent_.find(uid);
      if (it != recent_.end()) return it->second;
    }
    std::vector<std::uint8_t> hash = keyedHash(key_, "uid", uid);
    hash.resize(16);  // toDecimal takes at most 16 bytes
    std::string mapped = "2.25." + toDecimal(hash);
    std::lock_guard<std::mutex> lock(mutex_);
    if (recent_.size() >= kRemembered) recent_.clear();
    recent_.emplace(uid, mapped);
    return mapped;
  }

 private:
  static constexpr std::size_t kRemembered = 4096;
  Key key_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string, std::string> recent_;
};

class HmacDateShifter final : public DateShifter {
 public:
  HmacDateShifter(Key key, bool keep_weekday) : key_(std::move(key)), keep_weekday_(keep_weekday) {}
  int offsetDays(const std::string& identity) const override {
    const std::uint32_t value = first32Bits(keyedHash(key_, "date", identity));
    if (keep_weekday_) return -7 * static_cast<int>(1 + value % 521);  // 1..521 weeks <= 3647 days
    return -static_cast<int>(1 + value % 3650);
  }

 private:
  Key key_;
  bool keep_weekday_;
};

// Crockford-like base32 without I, L, O, U: nothing to misread, nothing that spells words easily.
std::string base32(const std::vector<std::uint8_t>& bytes, std::size_t length) {
  static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::uint8_t b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5 && out.size() < length) {
      out += alphabet[(buffer >> (bits - 5)) & 31u];
      bits -= 5;
    }
    if (out.size() == length) break;
  }
  return out;
}

class HmacPseudonyms final : public PseudonymProvider {
 public:
  explicit HmacPseudonyms(Key key) : key_(std::move(key)) {}
  Pseudonym forPatient(const std::string& identity) const override {
    const std::string code = base32(keyedHash(key_, "pseudonym", identity), 10);
    return {"ANON^" + code, "SS-" + code};
  }

 private:
  Key key_;
};

class FixedPseudonym final : public PseudonymProvider {
 public:
  explicit FixedPseudonym(Pseudonym p) : p_(std::move(p)) {
    if (p_.name.empty()) p_.name = "ANONYMOUS";
    if (p_.id.empty()) p_.id = "ANONYMOUS";
  }
  Pseudonym forPatient(const std::string&) const override { return p_; }

 private:
  Pseudonym p_;
};

}  // namespace

std::unique_ptr<UidMapper> makeHmacUidMapper(const Key& key) { return std::make_unique<HmacUidMapper>(key); }
std::unique_ptr<DateShifter> makeHmacDateShifter(const Key& key, bool keep_weekday) {
  return std::make_unique<HmacDateShifter>(key, keep_weekday);
}
std::unique_ptr<PseudonymProvider> makeHmacPseudonyms(const Key& key) { return std::make_unique<HmacPseudonyms>(key); }
std::unique_ptr<PseudonymProvider> makeFixedPseudonym(Pseudonym pseudonym) {
  return std::make_unique<FixedPseudonym>(std::move(pseudonym));
}

}  // namespace imaging
