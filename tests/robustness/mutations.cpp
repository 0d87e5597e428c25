#include "mutations.h"

#include <cstdint>
#include <cstdio>
#include <random>
#include <set>

namespace mutations {
namespace {

constexpr std::size_t kPreambleAndMagic = 132;

unsigned le16(const std::string& b, std::size_t at) {
  return static_cast<unsigned char>(b[at]) | static_cast<unsigned>(static_cast<unsigned char>(b[at + 1])) << 8;
}
std::uint32_t le32(const std::string& b, std::size_t at) {
  return le16(b, at) | static_cast<std::uint32_t>(le16(b, at + 2)) << 16;
}
void put16(std::string& b, std::size_t at, unsigned v) {
  b[at] = static_cast<char>(v & 0xff);
  b[at + 1] = static_cast<char>((v >> 8) & 0xff);
}
void put32(std::string& b, std::size_t at, std::uint32_t v) {
  put16(b, at, v & 0xffff);
  put16(b, at + 2, v >> 16);
}
std::string append16(unsigned v) { std::string s(2, '\0'); put16(s, 0, v); return s; }
std::string append32(std::uint32_t v) { std::string s(4, '\0'); put32(s, 0, v); return s; }

bool hasLongLength(const std::string& vr) {
  static const std::set<std::string> kLong = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"};
  return kLong.count(vr) > 0;
}

std::string tagName(const ElementAt& e) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04x-%04x", e.group, e.element);
  return buf;
}

std::string offsetName(std::size_t n) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%06zu", n);
  return buf;
}

}  // namespace

std::vector<ElementAt> topLevelElements(const std::string& file) {
  std::vector<ElementAt> found;
  std::size_t at = kPreambleAndMagic;
  while (at + 8 <= file.size()) {
    ElementAt e;
    e.offset = at;
    e.group = le16(file, at);
    e.element = le16(file, at + 2);
    e.vr = file.substr(at + 4, 2);
    if (e.vr.size() != 2 || e.vr[0] < 'A' || e.vr[0] > 'Z' || e.vr[1] < 'A' || e.vr[1] > 'Z') break;
    e.long_length = hasLongLength(e.vr);
    if (e.long_length) {
      if (at + 12 > file.size()) break;
      e.length_offset = at + 8;
      e.length = le32(file, at + 8);
      at += 12;
    } else {
      e.length_offset = at + 6;
      e.length = le16(file, at + 6);
      at += 8;
    }
    if (e.length == 0xffffffffu) {  // undefined length: cannot skip without parsing items
      found.push_back(e);
      break;
    }
    found.push_back(e);
    at += e.length;
  }
  return found;
}

std::vector<Mutant> mutate(const std::string& valid, const std::string& prefix) {
  std::vector<Mutant> out;
  auto add = [&](const std::string& what, std::string bytes) { out.push_back({prefix + "-" + what, std::move(bytes)}); };
  const auto elements = topLevelElements(valid);
  std::size_t header_end = valid.size();
  for (const auto& e : elements)
    if (e.group == 0x7fe0 && e.element == 0x0010) header_end = e.offset;

  // Truncations: inside the preamble, right after "DICM", inside meta, inside the dataset, inside
  // the pixel data, one byte short.
  for (std::size_t cut : {std::size_t{0}, std::size_t{64}, std::size_t{132}, std::size_t{140}, std::size_t{200},
                          header_end / 2, header_end + 6, header_end + 20, (header_end + valid.size()) / 2,
                          valid.size() - 1})
    if (cut < valid.size()) add("truncate-" + offsetName(cut), valid.substr(0, cut));

  // Byte flips in the header (where the structure is), fixed seeds.
  for (unsigned seed = 1; seed <= 6; ++seed) {
    std::mt19937 rng(seed);
    std::string b = valid;
    std::uniform_int_distribution<std::size_t> pos(kPreambleAndMagic, header_end > kPreambleAndMagic ? header_end - 1 : kPreambleAndMagic);
    std::uniform_int_distribution<int> value(1, 255);
    for (int i = 0; i < 12; ++i) b[pos(rng)] ^= static_cast<char>(value(rng));
    add("flip-seed" + std::to_string(seed), std::move(b));
  }

  // Declared lengths: huge, one past the end, odd; on meta and dataset elements and pixel data.
  std::size_t picked = 0;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const ElementAt& e = elements[i];
    const bool pixel = e.group == 0x7fe0;
    if (!pixel && i % 3 != 0) continue;  // a spread of elements keeps the corpus small
    if (!pixel && ++picked > 5) continue;
    std::string huge = valid;
    if (e.long_length) put32(huge, e.length_offset, 0xfffffff0u);
    else put16(huge, e.length_offset, 0xffff);
    add("length-huge-" + tagName(e), std::move(huge));
    if (e.long_length) {
      std::string past_end = valid;
      put32(past_end, e.length_offset, static_cast<std::uint32_t>(valid.size()));
      add("length-past-end-" + tagName(e), std::move(past_end));
    }
    std::string odd = valid;
    if (e.long_length) put32(odd, e.length_offset, static_cast<std::uint32_t>(e.length | 1u));
    else put16(odd, e.length_offset, static_cast<unsigned>(e.length | 1u));
    add("length-odd-" + tagName(e), std::move(odd));
  }

  // Garbage after the preamble: "DICM" then noise; and a valid meta group then noise.
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise += static_cast<char>(byte(rng));
  add("garbage-after-magic", valid.substr(0, kPreambleAndMagic) + noise);
  std::size_t meta_end = kPreambleAndMagic;
  for (const auto& e : elements)
    if (e.group == 0x0002) meta_end = e.offset + (e.long_length ? 12 : 8) + e.length;
  if (meta_end <= valid.size()) add("garbage-after-meta", valid.substr(0, meta_end) + noise);
  add("garbage-no-magic", std::string(128, '\0') + "DICX" + valid.substr(kPreambleAndMagic));

  // Duplicated chunks: a run of header bytes repeated in place; the dataset appended twice.
  if (header_end > kPreambleAndMagic + 64) {
    const std::size_t from = kPreambleAndMagic + (header_end - kPreambleAndMagic) / 3;
    const std::string chunk = valid.substr(from, 48);
    add("duplicate-chunk", valid.substr(0, from) + chunk + valid.substr(from));
  }
  add("duplicate-dataset", valid + valid.substr(meta_end));
  return out;
}

namespace {
// (0008,1140) SQ undefined length, item undefined length, ... never closed (explicit VR LE).
std::string nestedSequences(int depth) {
  std::string b;
  for (int i = 0; i < depth; ++i) {
    b += append16(0x0008) + append16(0x1140) + "SQ" + append16(0) + append32(0xffffffffu);
    b += append16(0xfffe) + append16(0xe000) + append32(0xffffffffu);
  }
  return b;
}
}  // namespace

std::string deeplyNestedSequences(const std::string& valid, int depth) {
  std::size_t meta_end = kPreambleAndMagic;
  for (const auto& e : topLevelElements(valid))
    if (e.group == 0x0002) meta_end = e.offset + (e.long_length ? 12 : 8) + e.length;
  return valid.substr(0, meta_end) + nestedSequences(depth);
}

std::string deeplyNestedAfterPixelData(const std::string& valid, int depth) { return valid + nestedSequences(depth); }

}  // namespace mutations
