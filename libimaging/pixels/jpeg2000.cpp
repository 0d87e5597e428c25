#include "jpeg2000.h"

#include <openjpeg.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "imaging/core/error.h"

namespace imaging::pixels_detail {
namespace {

struct MemoryStream {
  const std::uint8_t* data;
  std::size_t size;
  std::size_t offset;
};

OPJ_SIZE_T readFromMemory(void* buffer, OPJ_SIZE_T bytes, void* user) {
  auto* stream = static_cast<MemoryStream*>(user);
  if (stream->offset >= stream->size) return static_cast<OPJ_SIZE_T>(-1);
  const std::size_t n = std::min<std::size_t>(bytes, stream->size - stream->offset);
  std::memcpy(buffer, stream->data + stream->offset, n);
  stream->offset += n;
  return n;
}

OPJ_OFF_T skipInMemory(OPJ_OFF_T bytes, void* user) {
  auto* stream = static_cast<MemoryStream*>(user);
  const auto target = static_cast<OPJ_OFF_T>(stream->offset) + bytes;
  const auto clamped = std::clamp<OPJ_OFF_T>(target, 0, static_cast<OPJ_OFF_T>(stream->size));
  stream->offset = static_cast<std::size_t>(clamped);
  return bytes;
}

OPJ_BOOL seekInMemory(OPJ_OFF_T position, void* user) {
  auto* stream = static_cast<MemoryStream*>(user);
  if (position < 0 || static_cast<std::size_t>(position) > stream->size) return OPJ_FALSE;
  stream->offset = static_cast<std::size_t>(position);
  return OPJ_TRUE;
}

void ignoreMessage(const char*, void*) {}

bool isJp2File(const std::uint8_t* data, std::size_t size) {
  static const std::uint8_t signature[] = {0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20};
  return size >= sizeof signature && std::memcmp(data, signature, sizeof signature) == 0;
}

}  // namespace

J2kImage decodeJpeg2000(const std::uint8_t* data, std::size_t size, const std::string& path) {
  auto fail = [&](const std::string& why) { return Error(ErrorCode::Corrupt, "JPEG 2000: " + why, path); };
  if (data == nullptr || size < 2) throw fail("empty codestream");

  std::unique_ptr<opj_codec_t, decltype(&opj_destroy_codec)> codec(
      opj_create_decompress(isJp2File(data, size) ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K), &opj_destroy_codec);
  opj_set_info_handler(codec.get(), ignoreMessage, nullptr);
  opj_set_warning_handler(codec.get(), ignoreMessage, nullptr);
  opj_set_error_handler(codec.get(), ignoreMessage, nullptr);
  opj_dparameters_t parameters;
  opj_set_default_decoder_parameters(&parameters);
  if (!opj_setup_decoder(codec.get(), &parameters)) throw fail("decoder setup failed");

  MemoryStream memory{data, size, 0};
  std::unique_ptr<opj_stream_t, decltype(&opj_stream_destroy)> stream(opj_stream_create(64 * 1024, OPJ_TRUE),
                                                                     &opj_stream_destroy);
  opj_stream_set_user_data(stream.get(), &memory, nullptr);
  opj_stream_set_user_data_length(stream.get(), size);
  opj_stream_set_read_function(stream.get(), readFromMemory);
  opj_stream_set_skip_function(stream.get(), skipInMemory);
  opj_stream_set_seek_function(stream.get(), seekInMemory);

  opj_image_t* raw_image = nullptr;
  if (!opj_read_header(stream.get(), codec.get(), &raw_image)) throw fail("unreadable header");
  std::unique_ptr<opj_image_t, decltype(&opj_image_destroy)> image(raw_image, &opj_image_destroy);
  if (!opj_decode(codec.get(), stream.get(), image.get()) || !opj_end_decompress(codec.get(), stream.get()))
    throw fail("decoding failed");
  if (image->numcomps == 0 || image->comps[0].data == nullptr) throw fail("no components");

  J2kImage out;
  const opj_image_comp_t& first = image->comps[0];
  out.width = static_cast<int>(first.w);
  out.height = static_cast<int>(first.h);
  out.components = static_cast<int>(image->numcomps);
  out.precision = static_cast<int>(first.prec);
  out.is_signed = first.sgnd != 0;
  for (int c = 1; c < out.components; ++c) {
    const opj_image_comp_t& comp = image->comps[c];
    if (comp.w != first.w || comp.h != first.h || comp.data == nullptr)
      throw Error(ErrorCode::Unsupported, "JPEG 2000 with subsampled components is not supported", path);
  }
  const std::size_t pixels = static_cast<std::size_t>(out.width) * out.height;
  out.samples.resize(pixels * out.components);
  for (int c = 0; c < out.components; ++c) {
    const OPJ_INT32* source = image->comps[c].data;
    for (std::size_t i = 0; i < pixels; ++i) out.samples[i * out.components + c] = source[i];
  }
  return out;
}

}  // namespace imaging::pixels_detail
