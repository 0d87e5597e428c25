#include "dicomdir_record_store.h"

#include <array>
#include <string_view>

#include "dicomdir_record_bytes.h"
#include "imaging/core/error.h"
#include "imaging/core/spill.h"
#include "imaging/model/record_codec.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

// Sort key: the place's four positions big-endian, then 0 for what a record heads and 1 for the
// record itself, so that both sort into the file's order and each record's facts come first.
constexpr char kFacts = 0, kRecord = 1;
constexpr std::size_t kKeySize = 17;

std::string keyOf(const TreePlace& place, char kind) {
  std::string key;
  key.reserve(kKeySize);
  for (const std::uint32_t v : {place.patient, place.study, place.series, place.instance})
    for (int shift = 24; shift >= 0; shift -= 8) key.push_back(static_cast<char>(v >> shift));
  key.push_back(kind);
  return key;
}

TreePlace placeOf(const std::string& key, char& kind) {
  if (key.size() != kKeySize) throw Error(ErrorCode::Internal, "a DICOMDIR record's place is damaged");
  std::array<std::uint32_t, 4> v{};
  for (std::size_t i = 0; i < 16; ++i) v[i / 4] = v[i / 4] << 8 | static_cast<unsigned char>(key[i]);
  kind = key[16];
  return TreePlace{v[0], v[1], v[2], v[3]};
}

// The position among its siblings of the record at a level (1: patient ... 4: instance).
std::uint32_t positionAt(const TreePlace& place, int level) {
  return level == 1 ? place.patient : level == 2 ? place.study : level == 3 ? place.series : place.instance;
}

constexpr std::uint64_t kMaxOffset = 0xFFFFFFFFu;  // a DICOMDIR's offsets are 32-bit

}  // namespace

struct DicomdirRecordStore::Impl {
  explicit Impl(fs::path f, std::size_t budget) : folder(std::move(f)), sorted(folder, budget) {}
  fs::path folder;
  ExternalSorter sorted;
  bool laid_out = false;
};

DicomdirRecordStore::DicomdirRecordStore(fs::path folder, std::size_t memory_budget)
    : impl_(std::make_unique<Impl>(std::move(folder), memory_budget)) {}

DicomdirRecordStore::~DicomdirRecordStore() = default;

void DicomdirRecordStore::add(const TreePlace& place, const std::string& bytes) {
  if (bytes_ + bytes.size() > kMaxOffset)
    throw Error(ErrorCode::Unsupported, "the DICOMDIR would exceed 4 GiB", impl_->folder.string());
  impl_->sorted.add(keyOf(place, kRecord), bytes);
  bytes_ += bytes.size();
  if (place.patient > patients_) patients_ = place.patient;
}

void DicomdirRecordStore::describe(const TreePlace& place, std::uint64_t subtree_bytes, std::uint32_t children) {
  std::string facts;
  codec::putVarint(subtree_bytes, facts);
  codec::putVarint(children, facts);
  impl_->sorted.add(keyOf(place, kFacts), facts);
  if (place.level() == 1 && place.patient >= patients_) last_patient_bytes_ = subtree_bytes;
}

std::uint64_t DicomdirRecordStore::lastRootOffset(std::uint64_t start) const {
  return bytes_ == 0 ? 0 : start + bytes_ - last_patient_bytes_;
}

void DicomdirRecordStore::layOut(std::uint64_t start, const std::function<void(const std::string&)>& write) {
  if (impl_->laid_out) throw Error(ErrorCode::Internal, "DICOMDIR records laid out twice");
  impl_->laid_out = true;
  // What the current patient, study and series head, and where each was described.
  struct Heads {
    TreePlace place;
    std::uint64_t bytes = 0;
    std::uint32_t children = 0;
  };
  std::array<Heads, 3> heads{};
  std::uint64_t at = start;
  std::string key, value;
  while (impl_->sorted.next(key, value)) {
    char kind = 0;
    const TreePlace place = placeOf(key, kind);
    const int level = place.level();
    if (kind == kFacts) {
      if (level > 3) throw Error(ErrorCode::Internal, "a DICOMDIR instance described as heading records");
      std::string_view in(value);
      heads[level - 1].place = place;
      heads[level - 1].bytes = codec::getVarint(in);
      heads[level - 1].children = static_cast<std::uint32_t>(codec::getVarint(in));
      continue;
    }
    const auto samePlace = [](const TreePlace& a, const TreePlace& b) {
      return a.patient == b.patient && a.study == b.study && a.series == b.series && a.instance == b.instance;
    };
    // Its parent heads `siblings` records; it is the last of them when its position says so.
    const std::uint32_t siblings = level == 1 ? patients_ : heads[level - 2].children;
    const bool last = positionAt(place, level) == siblings;
    std::uint64_t next = 0, lower = 0;
    if (level < 4) {
      const Heads& own = heads[level - 1];
      if (!samePlace(own.place, place) || own.bytes < value.size())
        throw Error(ErrorCode::Internal, "a DICOMDIR record heads records never described", impl_->folder.string());
      lower = at + value.size();
      if (!last) next = at + own.bytes;
    } else if (!last) {
      next = at + value.size();
    }
    if (next > kMaxOffset || lower > kMaxOffset || at > kMaxOffset)
      throw Error(ErrorCode::Unsupported, "the DICOMDIR would exceed 4 GiB", impl_->folder.string());
    patchUint32(value, kNextRecordOffsetAt, static_cast<std::uint32_t>(next));
    patchUint32(value, kLowerLevelOffsetAt, static_cast<std::uint32_t>(lower));
    write(value);
    at += value.size();
  }
}

}  // namespace imaging
