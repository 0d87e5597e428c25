#include "file_result_spill.h"

#include "imaging/core/error.h"
#include "imaging/model/record_codec.h"

namespace imaging::workflow {
namespace {

using namespace codec;

void encodeFileResult(const FileResult& f, std::string& out) {
  putVarint(f.index, out);
  putText(f.output_name, out);
  putText(f.input_relative, out);
  putVarint((f.input_withheld ? 1u : 0u) | (f.burned_in ? 2u : 0u) | (f.redacted ? 4u : 0u), out);
  putVarint(static_cast<std::uint64_t>(f.status), out);
  putVarint(static_cast<std::uint64_t>(f.code), out);
  putText(f.reason, out);
  putText(f.description, out);
  putVarint(f.redactions.size(), out);
  for (const PixelRedaction& p : f.redactions) {
    for (int v : {p.frame, p.x, p.y, p.width, p.height}) putVarint(static_cast<std::uint32_t>(v), out);
    putText(p.why, out);
    putVarint(p.samples_changed, out);
  }
}

FileResult decodeFileResult(std::string_view in) {
  FileResult f;
  f.index = static_cast<std::size_t>(getVarint(in));
  f.output_name = getText(in);
  f.input_relative = getText(in);
  const std::uint64_t flags = getVarint(in);
  f.input_withheld = (flags & 1u) != 0;
  f.burned_in = (flags & 2u) != 0;
  f.redacted = (flags & 4u) != 0;
  f.status = static_cast<InstanceOutcome::Status>(getVarint(in));
  f.code = static_cast<OutcomeCode>(getVarint(in));
  f.reason = getText(in);
  f.description = getText(in);
  const std::uint64_t regions = getVarint(in);
  for (std::uint64_t r = 0; r < regions; ++r) {
    PixelRedaction p;
    for (int* v : {&p.frame, &p.x, &p.y, &p.width, &p.height}) *v = static_cast<int>(static_cast<std::uint32_t>(getVarint(in)));
    p.why = getText(in);
    p.samples_changed = static_cast<std::size_t>(getVarint(in));
    f.redactions.push_back(std::move(p));
  }
  return f;
}

}  // namespace

FileResultSpill::FileResultSpill(const std::filesystem::path& folder) : spill_(folder) {}

void FileResultSpill::append(const FileResult& result) {
  std::string bytes;
  encodeFileResult(result, bytes);
  spill_.append(bytes);
}

void FileResultSpill::markUnlisted(const std::string& output_name, OutcomeCode code, std::string reason) {
  unlisted_[output_name] = {code, std::move(reason)};
}

void FileResultSpill::forEach(const std::function<void(const FileResult&)>& visit) const {
  SpillFile::Reader reader = spill_.reader();
  std::string bytes;
  while (reader.next(bytes)) {
    FileResult f = decodeFileResult(bytes);
    const auto unlisted = f.output_name.empty() ? unlisted_.end() : unlisted_.find(f.output_name);
    if (unlisted != unlisted_.end()) {
      f.status = InstanceOutcome::Status::Failed;
      f.code = unlisted->second.first;
      f.reason = unlisted->second.second;
      f.output_name.clear();
    }
    visit(f);
  }
}

}  // namespace imaging::workflow
