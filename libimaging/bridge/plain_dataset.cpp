// Our own reader for plain files; see plain_dataset.h for what "plain" means and why.
#include "imaging_bridge/plain_dataset.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include <dcmtk/ofstd/ofstd.h>
#include "imaging_bridge/little_endian.h"
#include "file_window.h"

namespace imaging::bridge {
namespace {

constexpr std::uint32_t kUndefined = 0xFFFFFFFFu;
constexpr std::uint64_t kOpenEnded = UINT64_MAX;
constexpr std::uint32_t kPixelData = 0x7FE00010u;
constexpr std::uint32_t kSpecificCharacterSet = 0x00080005u;
constexpr std::uint32_t kDirectoryRecordSequence = 0x00041220u;
// Longer string values are rare (a report in an LT); DCMTK reads those files.
constexpr std::uint32_t kMaxKeptString = 1u << 16;
constexpr std::uint32_t kMaxKeptNumbers = 64;

std::atomic<bool> plain_reading{true};

std::uint32_t keyOf(const DcmTagKey& tag) { return (std::uint32_t{tag.getGroup()} << 16) | tag.getElement(); }

bool vrIs(const char* vr, const char* two) { return vr[0] == two[0] && vr[1] == two[1]; }

// PS3.5 Table 7.1-1/7.1-2: the VRs with a 4-byte length after 2 reserved bytes.
const char* const kLongVrs[] = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UT", "UV", nullptr};
const char* const kShortVrs[] = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO",
                                 "LT", "PN", "SH", "SL", "SS", "ST", "TM", "UI", "UL", "US", nullptr};
// String VRs this reader interprets (UR, UN and the binary VRs are left to DCMTK when asked for).
const char* const kStringVrs[] = {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN",
                                  "SH", "ST", "TM", "UC", "UI", "UT", nullptr};
// The VRs whose text a Specific Character Set governs (DCMTK converts these).
const char* const kTextVrs[] = {"LO", "LT", "PN", "SH", "ST", "UC", "UT", nullptr};
const char* const kNumberVrs[] = {"FD", "FL", "SL", "SS", "UL", "US", nullptr};
// Per-value normalisation of getOFString(..., normalize = true), by VR (DCMTK 3.6.7).
const char* const kTrimBothEnds[] = {"AE", "CS", "DS", "IS", "LO", "SH", nullptr};
const char* const kSingleValued[] = {"LT", "ST", "UT", nullptr};

// What the reader needs to know of a VR, looked up once per element in a table of every pair of
// upper-case letters (anything else is no VR).
enum VrClass : std::uint8_t {
  kKnown = 1, kLong = 2, kString = 4, kText = 8, kNumber = 16, kTrimBoth = 32, kSingle = 64
};
std::uint8_t vrClass(const char* vr) {
  static const std::array<std::uint8_t, 26 * 26> table = [] {
    std::array<std::uint8_t, 26 * 26> t{};
    auto mark = [&t](const char* const* list, std::uint8_t flag) {
      for (; *list != nullptr; ++list) t[((*list)[0] - 'A') * 26 + ((*list)[1] - 'A')] |= flag;
    };
    mark(kLongVrs, kKnown | kLong);
    mark(kShortVrs, kKnown);
    mark(kStringVrs, kString);
    mark(kTextVrs, kText);
    mark(kNumberVrs, kNumber);
    mark(kTrimBothEnds, kTrimBoth);
    mark(kSingleValued, kSingle);
    return t;
  }();
  if (vr[0] < 'A' || vr[0] > 'Z' || vr[1] < 'A' || vr[1] > 'Z') return 0;
  return table[(vr[0] - 'A') * 26 + (vr[1] - 'A')];
}

// Transfer syntaxes whose data set is explicit VR little endian and which DCMTK 3.6.7 knows.
bool isPlainSyntax(const std::string& uid) {
  static const char* const kSyntaxes[] = {
      "1.2.840.10008.1.2.1",      "1.2.840.10008.1.2.5",      "1.2.840.10008.1.2.4.50",
      "1.2.840.10008.1.2.4.51",   "1.2.840.10008.1.2.4.57",   "1.2.840.10008.1.2.4.70",
      "1.2.840.10008.1.2.4.80",   "1.2.840.10008.1.2.4.81",   "1.2.840.10008.1.2.4.90",
      "1.2.840.10008.1.2.4.91",   nullptr};
  for (const char* const* s = kSyntaxes; *s != nullptr; ++s)
    if (uid == *s) return true;
  return false;
}

struct Frame {
  std::uint64_t end;          // kOpenEnded until a delimiter
  bool sequence;              // a sequence (holds items) rather than an item or the data set
  std::uint32_t tag;          // the sequence's tag; for an item, its sequence's tag
  std::uint32_t last_tag = 0;
  bool any = false;
};

// A NUL inside a string value (not UI padding): DCMTK keeps it in the value, and what follows from
// that is left to DCMTK.
bool hasEmbeddedNul(std::string_view value, bool uid) {
  const std::size_t nul = value.find('\0');
  if (nul == std::string_view::npos) return false;
  if (!uid) return true;
  for (std::size_t i = nul; i < value.size(); ++i)
    if (value[i] != '\0' && std::isspace(static_cast<unsigned char>(value[i])) == 0) return true;
  return false;
}

bool asciiWithoutEscape(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x80 && u != 0x1B;
  });
}

std::string latin1ToUtf8(const std::string& s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80) {
      out += c;
    } else {
      out += static_cast<char>(0xC0 | (u >> 6));
      out += static_cast<char>(0x80 | (u & 0x3F));
    }
  }
  return out;
}

// One value of a multi-valued string, normalised as getOFString(..., OFTrue) does for its VR.
// One value as DCMTK's getOFString gives it: a view into `part`, no copy.
std::string_view trimmedComponent(const char* vr, std::string_view part) {
  if (vrIs(vr, "AS")) return part;
  if (vrIs(vr, "UI")) {
    while (!part.empty() && part.back() == '\0') part.remove_suffix(1);
    return part;
  }
  if ((vrClass(vr) & kTrimBoth) != 0) {
    const std::size_t first = part.find_first_not_of(' ');
    if (first == std::string_view::npos) return {};
    part.remove_prefix(first);
  }
  while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
  return part;
}

std::string normalizedComponent(const char* vr, std::string_view part) { return std::string(trimmedComponent(vr, part)); }

// isspace in the C locale, without a library call per character.
bool isCSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// getOFString(value, position, OFTrue) of a machine string: false where DCMTK reports an error.
bool component(const char* vr, const std::string& machine, unsigned long position, std::string& out) {
  if (machine.empty()) {
    out.clear();
    return position == 0;  // DCMTK: an empty value's first component is "" (good)
  }
  std::size_t start = 0;
  for (unsigned long i = 0; i < position; ++i) {
    start = machine.find('\\', start);
    if (start == std::string::npos) return false;
    ++start;
  }
  const std::size_t end = std::min(machine.find('\\', start), machine.size());
  out = normalizedComponent(vr, std::string_view(machine).substr(start, end - start));
  return true;
}

// Character sets whose first 128 codes are ASCII whatever the converter (not so the Japanese
// ISO_IR 13, whose 0x5C is a yen sign, nor the multi-byte sets): ASCII text then stays as it is.
bool isAsciiCompatibleLatinCharset(const std::string& charset) {
  static const char* const kTerms[] = {"101", "109", "110", "144", "127", "126", "138", "148", "203", "166", "100"};
  std::size_t start = 0;
  while (start <= charset.size()) {
    const std::size_t end = std::min(charset.find('\\', start), charset.size());
    const std::string term = charset.substr(start, end - start);
    bool known = term.empty() && start == 0;  // "\\ISO 2022 IR 100": an empty first value is the default
    for (const char* number : kTerms)
      known = known || term == std::string("ISO_IR ") + number || term == std::string("ISO 2022 IR ") + number;
    known = known || term == "ISO 2022 IR 6";
    if (!known) return false;
    start = end + 1;
  }
  return true;
}

// An element's value bytes (v, at offset) kept: in place when they lie in the file's first bytes,
// else copied.
void keepValue(const FileWindow& in, std::uint64_t offset, const unsigned char* v, PlainElement& element,
               std::string& kept) {
  element.kept = true;
  if (in.inHead(offset, element.length)) {
    element.in_head = true;
    element.value_at = static_cast<std::uint32_t>(offset);
    return;
  }
  element.value_at = static_cast<std::uint32_t>(kept.size());
  kept.append(reinterpret_cast<const char*>(v), element.length);
}

bool readMeta(FileWindow& in, std::uint64_t& pos, std::vector<PlainElement>& meta, std::string& kept) {
  const unsigned char* h = in.at(132, 12);
  // (0002,0000) UL 4 first: the meta's extent is then known, as DCMTK reads it.
  if (h == nullptr || le16(h) != 0x0002 || le16(h + 2) != 0x0000 || !vrIs(reinterpret_cast<const char*>(h + 4), "UL") ||
      le16(h + 6) != 4)
    return false;
  const std::uint64_t end = 144 + std::uint64_t{le32(h + 8)};
  pos = 144;
  std::uint32_t last = 0x00020000u;
  while (pos < end) {
    const unsigned char* e = in.at(pos, 8);
    if (e == nullptr) return false;
    PlainElement element;
    element.tag = (std::uint32_t{le16(e)} << 16) | le16(e + 2);
    if (element.group() != 0x0002 || element.tag <= last) return false;
    last = element.tag;
    element.vr[0] = static_cast<char>(e[4]);
    element.vr[1] = static_cast<char>(e[5]);
    const std::uint8_t vr = vrClass(element.vr);
    std::uint32_t length = le16(e + 6);
    std::uint64_t header = 8;
    if ((vr & kLong) != 0) {
      const unsigned char* l = in.at(pos + 8, 4);
      if (l == nullptr) return false;
      length = le32(l);
      header = 12;
    } else if ((vr & kKnown) == 0) {
      return false;
    }
    if (length == kUndefined || length > kMaxKeptString || pos + header + length > end) return false;
    element.length = length;
    const unsigned char* v = in.at(pos + header, length);
    if (v == nullptr) return false;
    keepValue(in, pos + header, v, element, kept);
    meta.push_back(std::move(element));
    pos += header + length;
  }
  return pos == end;
}

}  // namespace

void setPlainReading(bool enabled) { plain_reading.store(enabled); }
bool plainReadingEnabled() { return plain_reading.load(); }

std::optional<PlainDataSet> PlainDataSet::read(const InputFile& file) {
  if (!plainReadingEnabled() || !file.good() || file.size() >= (std::uint64_t{1} << 32)) return std::nullopt;
  FileWindow in(file);
  const unsigned char* preamble = in.at(128, 4);
  if (preamble == nullptr || std::memcmp(preamble, "DICM", 4) != 0) return std::nullopt;
  PlainDataSet set;
  std::uint64_t pos = 0;
  set.head_ = in.head();
  set.elements_.reserve(128);  // a small file's elements at once: no regrowth while reading
  if (!readMeta(in, pos, set.meta_, set.kept_bytes_)) return std::nullopt;
  const PlainElement* syntax = set.findMeta(DcmTagKey(0x0002, 0x0010));
  if (syntax == nullptr || !isPlainSyntax(set.machineString(*syntax))) return std::nullopt;

  const std::uint64_t size = file.size();
  std::vector<Frame> stack{{size, false, 0}};
  while (true) {
    Frame& frame = stack.back();
    if (frame.end != kOpenEnded && pos == frame.end) {
      if (stack.size() == 1) break;
      stack.pop_back();
      continue;
    }
    if (pos > frame.end || pos >= size) return std::nullopt;  // overran a length, or ended inside a sequence
    const unsigned char* h = in.at(pos, 8);
    if (h == nullptr) return std::nullopt;
    const std::uint16_t group = le16(h), elem = le16(h + 2);
    if (frame.sequence) {
      const std::uint32_t length = le32(h + 4);
      pos += 8;
      if (group == 0xFFFE && elem == 0xE000) {
        if (stack.size() / 2 >= kMaxPlainDepth) return std::nullopt;
        const std::uint64_t end = length == kUndefined ? kOpenEnded : pos + length;
        if (end != kOpenEnded && end > frame.end) return std::nullopt;
        stack.push_back({end, false, frame.tag});
        continue;
      }
      if (group == 0xFFFE && elem == 0xE0DD && frame.end == kOpenEnded && length == 0) {
        stack.pop_back();
        continue;
      }
      return std::nullopt;
    }
    if (group == 0xFFFE) {
      if (elem == 0xE00D && stack.size() > 1 && frame.end == kOpenEnded && le32(h + 4) == 0) {
        pos += 8;
        stack.pop_back();
        continue;
      }
      return std::nullopt;
    }
    PlainElement element;
    element.tag = (std::uint32_t{group} << 16) | elem;
    if (group <= 0x0002 || (frame.any && element.tag <= frame.last_tag)) return std::nullopt;
    frame.last_tag = element.tag;
    frame.any = true;
    element.vr[0] = static_cast<char>(h[4]);
    element.vr[1] = static_cast<char>(h[5]);
    element.depth = static_cast<std::uint16_t>((stack.size() - 1) / 2);
    element.sequence_tag = frame.tag;
    const std::uint8_t vr = vrClass(element.vr);
    std::uint32_t length = le16(h + 6);
    std::uint64_t header = 8;
    if ((vr & kLong) != 0) {
      const unsigned char* l = in.at(pos + 8, 4);
      if (l == nullptr) return std::nullopt;
      length = le32(l);
      header = 12;
    } else if ((vr & kKnown) == 0) {
      return std::nullopt;  // UN, UR, or not a VR at all
    }
    pos += header;
    if (element.isSequence()) {
      const std::uint64_t end = length == kUndefined ? kOpenEnded : pos + length;
      if (end != kOpenEnded && end > frame.end) return std::nullopt;
      set.elements_.push_back(std::move(element));
      stack.push_back({end, true, set.elements_.back().tag});
      continue;
    }
    if (length == kUndefined) {
      // Encapsulated pixel data: fragments up to the sequence delimiter, skipped unread.
      if (element.tag != kPixelData || stack.size() != 1) return std::nullopt;
      for (;;) {
        const unsigned char* f = in.at(pos, 8);
        if (f == nullptr || le16(f) != 0xFFFE) return std::nullopt;
        const std::uint32_t fragment = le32(f + 4);
        pos += 8;
        if (le16(f + 2) == 0xE0DD && fragment == 0) break;
        if (le16(f + 2) != 0xE000 || fragment == kUndefined || pos + fragment > size) return std::nullopt;
        pos += fragment;
      }
      set.elements_.push_back(std::move(element));
      continue;
    }
    if ((length & 1u) != 0 || pos + length > size || pos + length > frame.end) return std::nullopt;
    element.length = length;
    const bool text = (vr & kString) != 0;
    if (text && length > kMaxKeptString) return std::nullopt;
    if (text || ((vr & kNumber) != 0 && length <= kMaxKeptNumbers)) {
      const unsigned char* v = in.at(pos, length);
      if (v == nullptr) return std::nullopt;
      const std::string_view bytes(reinterpret_cast<const char*>(v), length);
      if (text && hasEmbeddedNul(bytes, element.isVr("UI"))) return std::nullopt;
      keepValue(in, pos, v, element, set.kept_bytes_);
    }
    if (element.tag == kSpecificCharacterSet && element.depth > 0) return std::nullopt;  // DCMTK converts per item
    if (element.tag == kDirectoryRecordSequence) return std::nullopt;                    // a DICOMDIR
    set.elements_.push_back(std::move(element));
    pos += length;
  }

  for (std::uint32_t i = 0; i < set.elements_.size(); ++i)
    if (set.elements_[i].depth == 0) set.top_level_.push_back(i);
  // Text must convert to UTF-8 as convertDatasetToUtf8 would: trivially, or byte by byte from Latin-1.
  std::string charset;
  if (const PlainElement* declared = set.find(DcmTagKey(0x0008, 0x0005))) charset = set.normalizedArray(*declared);
  if (charset == "ISO_IR 100") {
    set.latin1_ = true;
  } else if (!charset.empty() && charset != "ISO_IR 192") {
    if (!isAsciiCompatibleLatinCharset(charset)) return std::nullopt;
    for (const PlainElement& e : set.elements_)
      if (e.kept && (vrClass(e.vr) & kText) != 0 && !asciiWithoutEscape(set.value(e))) return std::nullopt;
  }
  return set;
}

const PlainElement* PlainDataSet::find(const DcmTagKey& tag) const {
  const std::uint32_t key = keyOf(tag);
  const auto it = std::lower_bound(top_level_.begin(), top_level_.end(), key,
                                   [this](std::uint32_t index, std::uint32_t k) { return elements_[index].tag < k; });
  return it != top_level_.end() && elements_[*it].tag == key ? &elements_[*it] : nullptr;
}

const PlainElement* PlainDataSet::findMeta(const DcmTagKey& tag) const {
  const std::uint32_t key = keyOf(tag);
  for (const PlainElement& e : meta_)
    if (e.tag == key) return &e;
  return nullptr;
}

bool PlainDataSet::isStringVr(const PlainElement& element) { return (vrClass(element.vr) & kString) != 0; }

std::string PlainDataSet::machineString(const PlainElement& element) const {
  return machineStringOf(element.vr, value(element));
}

std::string PlainDataSet::normalizedArray(const PlainElement& element) const {
  return normalizedArrayOf(element.vr, value(element));
}

namespace {

// machineStringOf as a view: of `v` itself where nothing inside changes (nearly always), else of
// `scratch`, which then holds the cleaned UID.
std::string_view machineView(const char* vr, std::string_view v, std::string& scratch) {
  if (vrIs(vr, "UI")) {
    // Bytes above the space are neither NUL nor white space: one compare a character for a UID.
    if (std::all_of(v.begin(), v.end(), [](char c) { return static_cast<unsigned char>(c) > 0x20; }) ||
        std::none_of(v.begin(), v.end(), [](char c) { return c == '\0' || isCSpace(c); }))
      return v;
    scratch.clear();
    scratch.reserve(v.size());
    for (char c : v)
      if (!isCSpace(c)) scratch += c;
    while (!scratch.empty() && scratch.back() == '\0') scratch.pop_back();
    return scratch;
  }
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return v;
}

}  // namespace

std::string PlainDataSet::machineStringOf(const char* vr, std::string_view v) {
  std::string scratch;
  return std::string(machineView(vr, v, scratch));
}

std::string PlainDataSet::normalizedArrayOf(const char* vr, std::string_view raw) {
  std::string scratch;
  const std::string_view machine = machineView(vr, raw, scratch);
  // Most values are one value: trimmed as a view and copied once.
  const bool single = (vrClass(vr) & kSingle) != 0;
  if (single || machine.find('\\') == std::string_view::npos)
    return std::string(trimmedComponent(single ? "LT" : vr, machine));
  std::string out;
  out.reserve(machine.size());
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = std::min(machine.find('\\', start), machine.size());
    if (start > 0) out += '\\';
    out += trimmedComponent(vr, machine.substr(start, end - start));
    if (end == machine.size()) break;
    start = end + 1;
  }
  return out;
}

bool PlainDataSet::isStringVrCode(const char* vr) { return (vrClass(vr) & kString) != 0; }
bool PlainDataSet::isTextVrCode(const char* vr) { return (vrClass(vr) & kText) != 0; }
bool PlainDataSet::isLongVrCode(const char* vr) { return (vrClass(vr) & kLong) != 0; }
bool PlainDataSet::isKnownVrCode(const char* vr) { return (vrClass(vr) & kKnown) != 0; }
std::string PlainDataSet::latin1ToUtf8(const std::string& text) { return imaging::bridge::latin1ToUtf8(text); }

std::string PlainDataSet::utf8Array(const PlainElement& element) const {
  std::string value = normalizedArray(element);
  return latin1_ && (vrClass(element.vr) & kText) != 0 ? latin1ToUtf8(value) : value;
}

std::string PlainDataSet::stringOf(const PlainElement* e) const {
  if (e == nullptr) return {};
  if (!isStringVr(*e)) {
    unsupported_ = true;
    return {};
  }
  return machineString(*e);
}

std::string PlainDataSet::string(const DcmTagKey& tag) const { return stringOf(find(tag)); }
std::string PlainDataSet::metaString(const DcmTagKey& tag) const { return stringOf(findMeta(tag)); }

int PlainDataSet::integer(const DcmTagKey& tag, int fallback) const {
  const PlainElement* e = find(tag);
  if (e == nullptr) return fallback;
  if (e->isVr("US")) {  // getUint16, else an empty value: the fallback
    return e->length >= 2 ? le16(reinterpret_cast<const unsigned char*>(value(*e).data())) : fallback;
  }
  if (e->isVr("SL")) {
    return e->length >= 4 ? static_cast<std::int32_t>(le32(reinterpret_cast<const unsigned char*>(value(*e).data())))
                          : fallback;
  }
  if (!e->isVr("IS")) {
    unsupported_ = true;
    return fallback;
  }
  std::string first;
  std::int32_t value = 0;
  if (component(e->vr, machineString(*e), 0, first) && std::sscanf(first.c_str(), "%" SCNd32, &value) == 1) return value;
  // Then the stored text, as bridge::getInt and ElementIndex::integer read it.
  return leadingInteger(machineString(*e), fallback);
}

std::optional<double> PlainDataSet::float64(const DcmTagKey& tag, unsigned long position) const {
  const PlainElement* e = find(tag);
  if (e == nullptr) return std::nullopt;
  if (e->isVr("FD")) {
    if ((position + 1) * 8 > e->length || !e->kept) return std::nullopt;
    double value = 0;
    std::memcpy(&value, this->value(*e).data() + position * 8, 8);  // little endian, as this host
    return value;
  }
  if (!e->isVr("DS")) {
    unsupported_ = true;
    return std::nullopt;
  }
  std::string text;
  if (!component(e->vr, machineString(*e), position, text)) return std::nullopt;
  OFBool success = OFFalse;
  const double value = OFStandard::atof(text.c_str(), &success);
  if (!success) return std::nullopt;
  return value;
}

}  // namespace imaging::bridge
