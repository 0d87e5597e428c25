#include "jpeg2000_fixture.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <openjpeg.h>

#include <cstring>
#include <memory>
#include <stdexcept>

namespace bench_pixels {
namespace {

// OpenJPEG writes through callbacks; this keeps the codestream in memory.
struct MemoryOutput {
  std::vector<std::uint8_t> bytes;
  std::size_t position = 0;
};

OPJ_SIZE_T writeBytes(void* buffer, OPJ_SIZE_T count, void* user) {
  auto& out = *static_cast<MemoryOutput*>(user);
  if (out.position + count > out.bytes.size()) out.bytes.resize(out.position + count);
  std::memcpy(out.bytes.data() + out.position, buffer, count);
  out.position += count;
  return count;
}
OPJ_OFF_T skipBytes(OPJ_OFF_T count, void* user) {
  auto& out = *static_cast<MemoryOutput*>(user);
  out.position += static_cast<std::size_t>(count);
  if (out.position > out.bytes.size()) out.bytes.resize(out.position);
  return count;
}
OPJ_BOOL seekTo(OPJ_OFF_T where, void* user) {
  auto& out = *static_cast<MemoryOutput*>(user);
  out.position = static_cast<std::size_t>(where);
  if (out.position > out.bytes.size()) out.bytes.resize(out.position);
  return OPJ_TRUE;
}

}  // namespace

std::vector<std::uint8_t> encodeJpeg2000(const std::vector<std::uint16_t>& pixels, int width, int height, int bits_stored,
                                         double compression_ratio) {
  opj_cparameters_t parameters;
  opj_set_default_encoder_parameters(&parameters);
  parameters.tcp_numlayers = 1;
  parameters.cp_disto_alloc = 1;
  parameters.irreversible = compression_ratio > 1.0 ? 1 : 0;
  parameters.tcp_rates[0] = compression_ratio > 1.0 ? static_cast<float>(compression_ratio) : 0.0f;

  opj_image_cmptparm_t component{};
  component.dx = component.dy = 1;
  component.w = static_cast<OPJ_UINT32>(width);
  component.h = static_cast<OPJ_UINT32>(height);
  component.prec = static_cast<OPJ_UINT32>(bits_stored);
  component.sgnd = 0;
  std::unique_ptr<opj_image_t, decltype(&opj_image_destroy)> image(opj_image_create(1, &component, OPJ_CLRSPC_GRAY),
                                                                    &opj_image_destroy);
  if (!image) throw std::runtime_error("opj_image_create failed");
  image->x1 = static_cast<OPJ_UINT32>(width);
  image->y1 = static_cast<OPJ_UINT32>(height);
  for (std::size_t i = 0; i < pixels.size(); ++i) image->comps[0].data[i] = pixels[i];

  std::unique_ptr<opj_codec_t, decltype(&opj_destroy_codec)> codec(opj_create_compress(OPJ_CODEC_J2K), &opj_destroy_codec);
  if (!codec || !opj_setup_encoder(codec.get(), &parameters, image.get())) throw std::runtime_error("opj_setup_encoder failed");
  MemoryOutput output;
  std::unique_ptr<opj_stream_t, decltype(&opj_stream_destroy)> stream(opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_FALSE),
                                                                      &opj_stream_destroy);
  opj_stream_set_user_data(stream.get(), &output, nullptr);
  opj_stream_set_write_function(stream.get(), writeBytes);
  opj_stream_set_skip_function(stream.get(), skipBytes);
  opj_stream_set_seek_function(stream.get(), seekTo);
  if (!opj_start_compress(codec.get(), image.get(), stream.get()) || !opj_encode(codec.get(), stream.get()) ||
      !opj_end_compress(codec.get(), stream.get()))
    throw std::runtime_error("JPEG 2000 encoding failed");
  return output.bytes;
}

void putEncapsulated(DcmDataset& dataset, const std::vector<std::uint8_t>& codestream, bool lossless) {
  auto* sequence = new DcmPixelSequence(DCM_PixelSequenceTag);
  sequence->insert(new DcmPixelItem(DCM_PixelItemTag));  // empty basic offset table
  std::vector<std::uint8_t> even = codestream;
  if (even.size() % 2) even.push_back(0);
  auto* fragment = new DcmPixelItem(DCM_PixelItemTag);
  fragment->putUint8Array(even.data(), static_cast<unsigned long>(even.size()));
  sequence->insert(fragment);
  auto* pixel_data = new DcmPixelData(DCM_PixelData);
  pixel_data->putOriginalRepresentation(lossless ? EXS_JPEG2000LosslessOnly : EXS_JPEG2000, nullptr, sequence);
  if (dataset.insert(pixel_data, true).bad()) throw std::runtime_error("cannot insert JPEG 2000 pixel data");
  if (!lossless) dataset.putAndInsertString(DCM_LossyImageCompression, "01");
}

}  // namespace bench_pixels
