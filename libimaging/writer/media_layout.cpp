#include "imaging/writer/media_layout.h"

#include <cstdio>

#include "imaging/core/error.h"

namespace imaging {

std::string mediaName(char prefix, std::size_t number) {
  if (prefix < 'A' || prefix > 'Z') throw Error(ErrorCode::InvalidArgument, "media name prefix must be A-Z");
  if (number == 0 || number > 9999999)
    throw Error(ErrorCode::InvalidArgument, "media name number out of range 1..9999999");
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%07zu", prefix, number);
  return buf;
}

std::string mediaInstanceName(std::size_t patient, std::size_t study, std::size_t series, std::size_t instance) {
  return std::string(kMediaDicomFolder) + '/' + mediaName('P', patient) + '/' + mediaName('S', study) + '/' +
         mediaName('E', series) + '/' + mediaName('I', instance);
}

std::filesystem::path mediaInstancePath(std::size_t patient, std::size_t study, std::size_t series,
                                        std::size_t instance) {
  return mediaInstanceName(patient, study, series, instance);
}

}  // namespace imaging
