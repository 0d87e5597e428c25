#include "synthetic_encoding.h"

#include <charls/charls.h>
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmjpeg/djencode.h>
#include <dcmtk/dcmjpeg/djrplol.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace pixels_test::detail {
namespace {

void check(const OFCondition& status, const char* what) {
  if (status.bad()) throw std::runtime_error(std::string(what) + ": " + status.text());
}

std::size_t sampleCount(const SyntheticImage& image) {
  return static_cast<std::size_t>(image.rows) * image.columns * image.samples_per_pixel * image.frames;
}

void writeSegmentedPalettes(const SyntheticImage& image, DcmDataset& ds) {
  const Uint16 descriptor[3] = {static_cast<Uint16>(image.palette_entries == 65536 ? 0 : image.palette_entries), 0, 16};
  const DcmTagKey descriptors[3] = {DCM_RedPaletteColorLookupTableDescriptor, DCM_GreenPaletteColorLookupTableDescriptor,
                                    DCM_BluePaletteColorLookupTableDescriptor};
  const DcmTagKey tables[3] = {DCM_SegmentedRedPaletteColorLookupTableData, DCM_SegmentedGreenPaletteColorLookupTableData,
                               DCM_SegmentedBluePaletteColorLookupTableData};
  const std::vector<std::uint16_t>* words[3] = {&image.segmented_red, &image.segmented_green, &image.segmented_blue};
  for (int c = 0; c < 3; ++c) {
    check(ds.putAndInsertUint16Array(descriptors[c], descriptor, 3), "palette descriptor");
    check(ds.putAndInsertUint16Array(tables[c], words[c]->data(), static_cast<unsigned long>(words[c]->size())),
          "segmented palette");
  }
}

// The stream of each frame as the encoder wrote it.
std::vector<std::vector<Uint8>> jpegLsFrames(const SyntheticImage& image) {
  const std::size_t per_frame = static_cast<std::size_t>(image.rows) * image.columns * image.samples_per_pixel;
  std::vector<std::vector<Uint8>> frames;
  for (int f = 0; f < image.frames; ++f) {
    std::vector<Uint8> raw;
    for (std::size_t i = 0; i < per_frame; ++i) {
      const auto v = static_cast<std::uint32_t>(image.samples[f * per_frame + i]);
      raw.push_back(static_cast<Uint8>(v & 0xFF));
      if (image.bits_allocated > 8) raw.push_back(static_cast<Uint8>(v >> 8));  // host order: little endian
    }
    charls::jpegls_encoder encoder;
    encoder.frame_info({static_cast<std::uint32_t>(image.columns), static_cast<std::uint32_t>(image.rows),
                        image.bits_stored, image.samples_per_pixel});
    if (image.samples_per_pixel > 1) encoder.interleave_mode(charls::interleave_mode::sample);
    std::vector<Uint8> out(encoder.estimated_destination_size());
    encoder.destination(out);
    out.resize(encoder.encode(raw));
    frames.push_back(std::move(out));
  }
  return frames;
}

std::vector<std::vector<Uint8>> dcmtkJpegFrames(DcmDataset& ds) {
  static const bool registered = [] {
    DJEncoderRegistration::registerCodecs();
    return true;
  }();
  (void)registered;
  const DJ_RPLossless params(1, 0);  // process 14, first-order prediction (selection value 1)
  check(ds.chooseRepresentation(EXS_JPEGProcess14SV1, &params), "JPEG encoding");
  DcmElement* element = nullptr;
  check(ds.findAndGetElement(DCM_PixelData, element), "pixel data");
  DcmPixelSequence* sequence = nullptr;
  check(static_cast<DcmPixelData*>(element)->getEncapsulatedRepresentation(EXS_JPEGProcess14SV1, &params, sequence),
        "encapsulated pixel data");
  std::vector<std::vector<Uint8>> frames;
  for (unsigned long i = 1; i < sequence->card(); ++i) {  // DCMTK writes one fragment per frame
    DcmPixelItem* item = nullptr;
    Uint8* bytes = nullptr;
    check(sequence->getItem(item, i), "fragment");
    check(item->getUint8Array(bytes), "fragment bytes");
    frames.emplace_back(bytes, bytes + item->getLength());
  }
  return frames;
}

// Encapsulated pixel data, each frame cut into `parts` fragments; the Basic Offset Table empty or
// with each frame's byte offset (from the first fragment's item tag).
void putEncapsulated(DcmDataset& ds, E_TransferSyntax xfer, const std::vector<std::vector<Uint8>>& frames, int parts,
                     bool offset_table) {
  auto* sequence = new DcmPixelSequence(DCM_PixelSequenceTag);
  auto* table = new DcmPixelItem(DCM_PixelItemTag);
  sequence->insert(table);
  std::vector<Uint8> offsets;
  std::uint32_t position = 0;
  for (std::vector<Uint8> frame : frames) {
    for (int k = 0; k < 4; ++k) offsets.push_back(static_cast<Uint8>((position >> (8 * k)) & 0xFF));
    if (frame.size() % 2) frame.push_back(0);
    const std::size_t step = ((frame.size() / static_cast<std::size_t>(parts)) + 1) & ~std::size_t{1};
    for (std::size_t at = 0; at < frame.size(); at += step) {
      auto* item = new DcmPixelItem(DCM_PixelItemTag);
      const std::size_t length = std::min(step, frame.size() - at);
      check(item->putUint8Array(frame.data() + at, static_cast<unsigned long>(length)), "fragment");
      sequence->insert(item);
      position += static_cast<std::uint32_t>(8 + length);
    }
  }
  if (offset_table) check(table->putUint8Array(offsets.data(), static_cast<unsigned long>(offsets.size())), "offset table");
  auto* pixel_data = new DcmPixelData(DCM_PixelData);
  pixel_data->putOriginalRepresentation(xfer, nullptr, sequence);
  check(ds.insert(pixel_data, true), "pixel data");
}

std::vector<char> readAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void writeAll(const std::filesystem::path& path, const std::vector<char>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Removes (0002,0010) from the meta (explicit VR little endian after the 128-byte preamble and
// "DICM") and corrects the group length (0002,0000).
void removeTransferSyntax(const std::filesystem::path& path) {
  std::vector<char> bytes = readAll(path);
  auto u16 = [&](std::size_t at) {
    return static_cast<unsigned>(static_cast<unsigned char>(bytes[at])) |
           static_cast<unsigned>(static_cast<unsigned char>(bytes[at + 1])) << 8;
  };
  const std::size_t group_length_value = 132 + 8;
  std::size_t at = 132;
  while (at + 8 <= bytes.size() && u16(at) == 0x0002) {
    const std::string vr(bytes.begin() + static_cast<long>(at + 4), bytes.begin() + static_cast<long>(at + 6));
    const bool long_form = vr == "OB" || vr == "UN" || vr == "OW" || vr == "SQ" || vr == "UT";
    const std::size_t length = long_form ? u16(at + 8) | u16(at + 10) << 16 : u16(at + 6);
    const std::size_t size = (long_form ? 12 : 8) + length;
    if (u16(at + 2) == 0x0010) {
      bytes.erase(bytes.begin() + static_cast<long>(at), bytes.begin() + static_cast<long>(at + size));
      std::uint32_t group_length = u16(group_length_value) | u16(group_length_value + 2) << 16;
      group_length -= static_cast<std::uint32_t>(size);
      for (int k = 0; k < 4; ++k) bytes[group_length_value + k] = static_cast<char>((group_length >> (8 * k)) & 0xFF);
      writeAll(path, bytes);
      return;
    }
    at += size;
  }
  throw std::runtime_error("no transfer syntax in the meta");
}

}  // namespace

void writePixels(const SyntheticImage& image, DcmDataset& ds) {
  const std::size_t expected = sampleCount(image);
  if (!image.float_samples.empty()) {
    if (image.float_samples.size() != expected) throw std::runtime_error("float sample count does not match");
    check(ds.putAndInsertFloat32Array(DCM_FloatPixelData, image.float_samples.data(), static_cast<unsigned long>(expected)),
          "float pixel data");
    return;
  }
  if (!image.double_samples.empty()) {
    if (image.double_samples.size() != expected) throw std::runtime_error("double sample count does not match");
    check(ds.putAndInsertFloat64Array(DCM_DoubleFloatPixelData, image.double_samples.data(),
                                      static_cast<unsigned long>(expected)),
          "double float pixel data");
    return;
  }
  if (!image.segmented_red.empty()) writeSegmentedPalettes(image, ds);
  if (image.samples.size() != expected) throw std::runtime_error("sample count does not match the image size");
  if (image.bits_allocated == 8) {
    std::vector<Uint8> bytes(expected);
    for (std::size_t i = 0; i < expected; ++i) bytes[i] = static_cast<Uint8>(image.samples[i] & 0xFF);
    check(ds.putAndInsertUint8Array(DCM_PixelData, bytes.data(), static_cast<unsigned long>(expected)), "pixel data");
  } else if (image.bits_allocated == 32) {
    // DCMTK holds OW as 16-bit words and swaps each on its own for big endian; a 32-bit value
    // must have its high word first in a big-endian file, so the halves are ordered here.
    const bool big_endian = image.syntax == "explicit-be";
    std::vector<Uint16> words(2 * expected);
    for (std::size_t i = 0; i < expected; ++i) {
      const auto v = static_cast<std::uint32_t>(image.samples[i]);
      words[2 * i] = static_cast<Uint16>(big_endian ? v >> 16 : v & 0xFFFF);
      words[2 * i + 1] = static_cast<Uint16>(big_endian ? v & 0xFFFF : v >> 16);
    }
    check(ds.putAndInsertUint16Array(DCM_PixelData, words.data(), static_cast<unsigned long>(words.size())), "pixel data");
  } else {
    std::vector<Uint16> words(expected);
    for (std::size_t i = 0; i < expected; ++i) words[i] = static_cast<Uint16>(image.samples[i] & 0xFFFF);
    check(ds.putAndInsertUint16Array(DCM_PixelData, words.data(), static_cast<unsigned long>(expected)), "pixel data");
  }
}

void saveInSyntax(const SyntheticImage& image, DcmFileFormat& file, const std::filesystem::path& path) {
  DcmDataset& ds = *file.getDataset();
  E_TransferSyntax xfer = EXS_LittleEndianExplicit;
  if (image.syntax == "implicit-le") {
    xfer = EXS_LittleEndianImplicit;
  } else if (image.syntax == "explicit-be") {
    xfer = EXS_BigEndianExplicit;
  } else if (image.syntax == "jpeg-lossless") {
    const auto frames = dcmtkJpegFrames(ds);
    xfer = EXS_JPEGProcess14SV1;
    putEncapsulated(ds, xfer, frames, image.fragments_per_frame, image.basic_offset_table);
  } else if (image.syntax == "jpeg-ls") {
    xfer = EXS_JPEGLSLossless;
    putEncapsulated(ds, xfer, jpegLsFrames(image), image.fragments_per_frame, image.basic_offset_table);
  } else if (image.syntax != "explicit-le") {
    throw std::runtime_error("unknown syntax " + image.syntax);
  }
  check(file.saveFile(path.c_str(), xfer), "save");
  if (image.omit_transfer_syntax) removeTransferSyntax(path);
  if (image.drop_sequence_delimiter) {
    std::vector<char> bytes = readAll(path);
    static const char delimiter[8] = {'\xFE', '\xFF', '\xDD', '\xE0', 0, 0, 0, 0};
    if (bytes.size() < 8 || !std::equal(delimiter, delimiter + 8, bytes.end() - 8))
      throw std::runtime_error("the file does not end with a sequence delimiter");
    bytes.resize(bytes.size() - 8);
    writeAll(path, bytes);
  }
}

}  // namespace pixels_test::detail
