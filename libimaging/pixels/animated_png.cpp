#include "imaging/pixels/animated_png.h"

#include <zlib.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "imaging/core/error.h"

namespace imaging {
namespace {

const std::array<unsigned char, 8> kSignature{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

void putU32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}
void putU16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xFF));
}
std::uint32_t getU32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}
std::uint16_t getU16(const unsigned char* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }

// A chunk: length, type, data, CRC over type and data (PNG spec section 5.3).
void putChunk(std::string& out, const char type[4], const std::string& data) {
  putU32(out, static_cast<std::uint32_t>(data.size()));
  const std::string body = std::string(type, 4) + data;
  out += body;
  putU32(out, static_cast<std::uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

Rgb8Image toRgb(const Rgb8Image& gray) {
  Rgb8Image rgb{gray.width, gray.height, 3, {}};
  rgb.pixels.reserve(gray.pixels.size() * 3);
  for (unsigned char p : gray.pixels) rgb.pixels.insert(rgb.pixels.end(), 3, p);
  return rgb;
}

// Every row with the "Up" filter (row 0 has none above, so it is stored as is): medical images
// change slowly from row to row, which makes this compress well at little cost.
std::string filteredAndCompressed(const Rgb8Image& image, const std::string& where) {
  const std::size_t stride = static_cast<std::size_t>(image.width) * image.channels;
  std::string raw;
  raw.reserve((stride + 1) * static_cast<std::size_t>(image.height));
  for (int y = 0; y < image.height; ++y) {
    raw.push_back(2);
    const unsigned char* row = image.pixels.data() + stride * static_cast<std::size_t>(y);
    for (std::size_t x = 0; x < stride; ++x)
      raw.push_back(static_cast<char>(y == 0 ? row[x] : static_cast<unsigned char>(row[x] - row[x - stride])));
  }
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string packed(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(packed.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
                static_cast<uLong>(raw.size()), 6) != Z_OK)
    throw Error(ErrorCode::Internal, "zlib compression failed", where);
  packed.resize(size);
  return packed;
}

unsigned char paeth(int a, int b, int c) {
  const int p = a + b - c;
  const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) return static_cast<unsigned char>(a);
  return static_cast<unsigned char>(pb <= pc ? b : c);
}

Rgb8Image inflateFrame(const std::string& packed, int width, int height, int channels, const std::string& where) {
  const std::size_t stride = static_cast<std::size_t>(width) * channels;
  std::vector<unsigned char> raw((stride + 1) * static_cast<std::size_t>(height));
  uLongf size = static_cast<uLongf>(raw.size());
  if (uncompress(raw.data(), &size, reinterpret_cast<const Bytef*>(packed.data()), static_cast<uLong>(packed.size())) != Z_OK ||
      size != raw.size())
    throw Error(ErrorCode::Corrupt, "frame data does not inflate to the image size", where);
  Rgb8Image image{width, height, channels, std::vector<unsigned char>(stride * static_cast<std::size_t>(height))};
  const auto bpp = static_cast<std::size_t>(channels);
  for (int y = 0; y < height; ++y) {
    const unsigned char filter = raw[(stride + 1) * static_cast<std::size_t>(y)];
    const unsigned char* in = raw.data() + (stride + 1) * static_cast<std::size_t>(y) + 1;
    unsigned char* out = image.pixels.data() + stride * static_cast<std::size_t>(y);
    const unsigned char* up = y > 0 ? out - stride : nullptr;
    for (std::size_t x = 0; x < stride; ++x) {
      const int a = x >= bpp ? out[x - bpp] : 0;
      const int b = up ? up[x] : 0;
      const int c = up && x >= bpp ? up[x - bpp] : 0;
      int predicted = 0;
      switch (filter) {
        case 0: predicted = 0; break;
        case 1: predicted = a; break;
        case 2: predicted = b; break;
        case 3: predicted = (a + b) / 2; break;
        case 4: predicted = paeth(a, b, c); break;
        default: throw Error(ErrorCode::Corrupt, "unknown PNG row filter", where);
      }
      out[x] = static_cast<unsigned char>(in[x] + predicted);
    }
  }
  return image;
}

}  // namespace

void writeAnimatedPng(const std::vector<Rgb8Image>& frames, const std::filesystem::path& path, int fps) {
  const std::string where = path.string();
  if (frames.empty()) throw Error(ErrorCode::InvalidArgument, "no frames to write", where);
  if (fps < 1 || fps > 100) throw Error(ErrorCode::InvalidArgument, "frames per second must be 1..100", where);
  const int width = frames.front().width, height = frames.front().height;
  bool colour = false;
  for (const auto& f : frames) {
    if (f.width != width || f.height != height || (f.channels != 1 && f.channels != 3) ||
        f.pixels.size() != static_cast<std::size_t>(f.width) * f.height * f.channels || width <= 0 || height <= 0)
      throw Error(ErrorCode::InvalidArgument, "frames differ in size or are inconsistent", where);
    colour = colour || f.channels == 3;
  }

  std::string out(reinterpret_cast<const char*>(kSignature.data()), kSignature.size());
  std::string header;
  putU32(header, static_cast<std::uint32_t>(width));
  putU32(header, static_cast<std::uint32_t>(height));
  header += std::string{8, static_cast<char>(colour ? 2 : 0), 0, 0, 0};  // depth, colour type, methods
  putChunk(out, "IHDR", header);
  std::string control;
  putU32(control, static_cast<std::uint32_t>(frames.size()));
  putU32(control, 0);  // loop forever
  putChunk(out, "acTL", control);

  std::uint32_t sequence = 0;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    std::string fctl;
    putU32(fctl, sequence++);
    putU32(fctl, static_cast<std::uint32_t>(width));
    putU32(fctl, static_cast<std::uint32_t>(height));
    putU32(fctl, 0);  // x offset
    putU32(fctl, 0);  // y offset
    putU16(fctl, 1);  // delay: 1/fps s
    putU16(fctl, static_cast<std::uint16_t>(fps));
    fctl.push_back(0);  // dispose: none
    fctl.push_back(0);  // blend: source (replace)
    putChunk(out, "fcTL", fctl);
    const std::string data = filteredAndCompressed(colour && frames[i].channels == 1 ? toRgb(frames[i]) : frames[i], where);
    if (i == 0) {
      putChunk(out, "IDAT", data);  // the first frame is the default image every PNG reader shows
    } else {
      std::string fdat;
      putU32(fdat, sequence++);
      putChunk(out, "fdAT", fdat + data);
    }
  }
  putChunk(out, "IEND", {});

  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) throw Error(ErrorCode::Io, "cannot create file", where);
  const bool written = std::fwrite(out.data(), 1, out.size(), file) == out.size();
  if (std::fclose(file) != 0 || !written) throw Error(ErrorCode::Io, "writing animated PNG failed", where);
}

AnimatedPng readAnimatedPng(const std::filesystem::path& path) {
  const std::string where = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::Io, "cannot read file", where);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  if (bytes.size() < 8 || std::memcmp(p, kSignature.data(), 8) != 0) throw Error(ErrorCode::Corrupt, "not a PNG file", where);

  AnimatedPng result;
  int width = 0, height = 0, channels = 0;
  bool have_actl = false, ended = false;
  std::uint32_t expected_sequence = 0;
  std::string frame_data;
  bool in_frame = false;
  auto finishFrame = [&] {
    if (!in_frame) return;
    result.frames.push_back(inflateFrame(frame_data, width, height, channels, where));
    frame_data.clear();
    in_frame = false;
  };
  std::size_t pos = 8;
  while (pos + 12 <= bytes.size() && !ended) {
    const std::uint32_t length = getU32(p + pos);
    if (length > bytes.size() - pos - 12) throw Error(ErrorCode::Corrupt, "chunk runs past the end of the file", where);
    const std::string type(bytes, pos + 4, 4);
    const unsigned char* data = p + pos + 8;
    const auto crc = static_cast<std::uint32_t>(crc32(0L, p + pos + 4, length + 4));
    if (crc != getU32(data + length)) throw Error(ErrorCode::Corrupt, "bad CRC in " + type + " chunk", where);
    pos += 12 + length;
    if (type == "IHDR") {
      if (length != 13) throw Error(ErrorCode::Corrupt, "bad IHDR", where);
      width = static_cast<int>(getU32(data));
      height = static_cast<int>(getU32(data + 4));
      if (data[8] != 8 || (data[9] != 0 && data[9] != 2) || data[12] != 0)
        throw Error(ErrorCode::Unsupported, "only 8-bit gray or RGB non-interlaced PNG is read here", where);
      channels = data[9] == 2 ? 3 : 1;
    } else if (type == "acTL" && length == 8) {
      have_actl = true;
      result.declared_frames = getU32(data);
      result.plays = getU32(data + 4);
    } else if (type == "fcTL") {
      if (length != 26 || getU32(data) != expected_sequence++) throw Error(ErrorCode::Corrupt, "bad fcTL", where);
      finishFrame();
      if (static_cast<int>(getU32(data + 4)) != width || static_cast<int>(getU32(data + 8)) != height || getU32(data + 12) != 0 ||
          getU32(data + 16) != 0)
        throw Error(ErrorCode::Unsupported, "frames smaller than the image are not read here", where);
      const std::uint16_t num = getU16(data + 20), den = getU16(data + 22);
      result.delays_s.push_back(num / static_cast<double>(den == 0 ? 100 : den));
      in_frame = true;
    } else if (type == "IDAT") {
      if (result.frames.empty() && !in_frame) in_frame = true;  // default image outside the animation
      frame_data.append(reinterpret_cast<const char*>(data), length);
    } else if (type == "fdAT") {
      if (length < 4 || getU32(data) != expected_sequence++) throw Error(ErrorCode::Corrupt, "bad fdAT sequence", where);
      frame_data.append(reinterpret_cast<const char*>(data) + 4, length - 4);
    } else if (type == "IEND") {
      ended = true;
    }
  }
  if (width <= 0 || height <= 0) throw Error(ErrorCode::Corrupt, "no IHDR", where);
  if (!ended) throw Error(ErrorCode::Corrupt, "no IEND: file is cut short", where);
  finishFrame();
  if (!have_actl) result.declared_frames = static_cast<std::uint32_t>(result.frames.size());
  return result;
}

}  // namespace imaging
