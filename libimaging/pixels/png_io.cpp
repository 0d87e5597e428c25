#include "imaging/pixels/png.h"

#include <png.h>

#include <cstdio>
#include <memory>

#include "imaging/core/error.h"

namespace imaging {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

[[noreturn]] void pngError(png_structp png, png_const_charp) { png_longjmp(png, 1); }
void pngWarning(png_structp, png_const_charp) {}

}  // namespace

void writePng(const Rgb8Image& image, const std::filesystem::path& path) {
  const std::string where = path.string();
  if (image.width <= 0 || image.height <= 0 || (image.channels != 1 && image.channels != 3) ||
      image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * image.channels)
    throw Error(ErrorCode::InvalidArgument, "nothing to write: empty or inconsistent image", where);
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "wb"));
  if (!file) throw Error(ErrorCode::Io, "cannot create file", where);

  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, pngError, pngWarning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!png || !info) {
    png_destroy_write_struct(&png, &info);
    throw Error(ErrorCode::Internal, "libpng initialisation failed", where);
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    throw Error(ErrorCode::Io, "writing PNG failed", where);
  }
  png_init_io(png, file.get());
  png_set_compression_level(png, 3);  // fast: series export writes hundreds of files
  png_set_IHDR(png, info, static_cast<png_uint_32>(image.width), static_cast<png_uint_32>(image.height), 8,
               image.channels == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  const std::size_t stride = static_cast<std::size_t>(image.width) * image.channels;
  for (int y = 0; y < image.height; ++y)
    png_write_row(png, const_cast<png_bytep>(image.pixels.data() + stride * static_cast<std::size_t>(y)));
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  if (std::fflush(file.get()) != 0) throw Error(ErrorCode::Io, "writing PNG failed", where);
}

Rgb8Image readPng(const std::filesystem::path& path) {
  const std::string where = path.string();
  png_image reader{};
  reader.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&reader, path.c_str())) throw Error(ErrorCode::Io, "cannot read PNG", where);
  const bool colour = (reader.format & PNG_FORMAT_FLAG_COLOR) != 0;
  reader.format = colour ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
  Rgb8Image image{static_cast<int>(reader.width), static_cast<int>(reader.height), colour ? 3 : 1, {}};
  image.pixels.resize(PNG_IMAGE_SIZE(reader));
  if (!png_image_finish_read(&reader, nullptr, image.pixels.data(), 0, nullptr)) {
    png_image_free(&reader);
    throw Error(ErrorCode::Io, "cannot decode PNG", where);
  }
  return image;
}

}  // namespace imaging
