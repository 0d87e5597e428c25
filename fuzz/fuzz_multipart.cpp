// Fuzz target: a WADO-RS answer body (what a DICOMweb server sends) through the multipart parser.
// Contract: only imaging::Error is thrown, and the parts do not depend on how the body is cut into
// pieces (the first input byte picks the piece size): a parse in one piece and one in small pieces
// must give the same parts, or the same failure. Anything else (crash, leak, mismatch) is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "imaging/core/error.h"
#include "multipart_reader.h"

namespace {

struct Outcome {
  std::vector<std::string> types, bodies;
  bool failed = false;
  bool operator==(const Outcome& o) const { return types == o.types && bodies == o.bodies && failed == o.failed; }
};

Outcome parse(const std::string& body, std::size_t piece) {
  Outcome out;
  imaging::dicomweb_detail::MultipartReader reader(
      "b0und", {[&out](const std::string& type) {
                  out.types.push_back(type);
                  out.bodies.emplace_back();
                },
                [&out](const char* data, std::size_t size) { out.bodies.back().append(data, size); },
                [] {}});
  try {
    for (std::size_t at = 0; at < body.size(); at += piece) reader.feed(body.data() + at, std::min(piece, body.size() - at));
    reader.finish();
  } catch (const imaging::Error&) {
    out.failed = true;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 17;
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  const Outcome whole = parse(body, body.size() + 1);
  const Outcome pieces = parse(body, piece);
  // A failure may come at a different piece (headers too long is seen when they arrive), but
  // whether it fails, and every part before it, must not depend on the cutting.
  if (whole.failed != pieces.failed) std::abort();
  if (!whole.failed && !(whole == pieces)) std::abort();
  return 0;
}
