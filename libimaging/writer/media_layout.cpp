#include "imaging/writer/media_layout.h"

#include <utility>

#include "imaging/core/error.h"

namespace imaging {

namespace {

// prefix and seven digits appended to out: written by hand, since every file's name takes four
// (snprintf cost some 1 300 instructions each, on the one thread that plans the export).
void appendMediaName(std::string& out, char prefix, std::size_t number) {
  if (prefix < 'A' || prefix > 'Z') throw Error(ErrorCode::InvalidArgument, "media name prefix must be A-Z");
  if (number == 0 || number > 9999999)
    throw Error(ErrorCode::InvalidArgument, "media name number out of range 1..9999999");
  out += prefix;
  const std::size_t at = out.size();
  out.append(7, '0');
  for (std::size_t i = 7; i-- > 0; number /= 10) out[at + i] = static_cast<char>('0' + number % 10);
}

}  // namespace

std::string mediaName(char prefix, std::size_t number) {
  std::string name;
  appendMediaName(name, prefix, number);
  return name;
}

std::string mediaInstanceName(std::size_t patient, std::size_t study, std::size_t series, std::size_t instance) {
  std::string name(kMediaDicomFolder);
  name.reserve(name.size() + 4 * 9);
  for (const auto& [prefix, number] : {std::pair<char, std::size_t>{'P', patient}, {'S', study}, {'E', series}, {'I', instance}}) {
    name += '/';
    appendMediaName(name, prefix, number);
  }
  return name;
}

std::filesystem::path mediaInstancePath(std::size_t patient, std::size_t study, std::size_t series,
                                        std::size_t instance) {
  return mediaInstanceName(patient, study, series, instance);
}

}  // namespace imaging
