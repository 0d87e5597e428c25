#include "imaging_bridge/dcmtk.h"

#include <cstdio>

namespace imaging::bridge {

Error toError(const OFCondition& condition, const std::string& path, ErrorCode code) {
  return Error(code, condition.text(), path);
}

std::string formatTag(const DcmTagKey& tag) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "(%04X,%04X)", tag.getGroup(), tag.getElement());
  return buf;
}

}  // namespace imaging::bridge
