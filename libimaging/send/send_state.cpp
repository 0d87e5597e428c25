#include "imaging/send/send_state.h"

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "imaging/core/error.h"

namespace imaging {

SendState::SendState(std::filesystem::path file) : file_(std::move(file)) {
  std::error_code ec;
  if (std::filesystem::exists(file_, ec)) {
    std::ifstream in(file_);
    if (!in) throw Error(ErrorCode::Io, "cannot read the send state file", file_.string());
    std::string line;
    while (std::getline(in, line)) {
      // A crash mid-write leaves at most one incomplete line; it is not a record.
      const auto record = nlohmann::json::parse(line, nullptr, false);
      if (!record.is_object() || !record.contains("destination") || !record.contains("sop_instance_uid")) continue;
      if (!record["destination"].is_string() || !record["sop_instance_uid"].is_string()) continue;
      sent_.emplace(record["destination"].get<std::string>(), record["sop_instance_uid"].get<std::string>());
    }
    return;
  }
  std::ofstream create(file_, std::ios::app);
  if (!create)
    throw Error(ErrorCode::Io, "cannot create the send state file (choose another place with --state FILE)",
                file_.string());
}

std::filesystem::path SendState::defaultFileFor(const std::filesystem::path& input) {
  std::filesystem::path normal = input.lexically_normal();
  if (!normal.has_filename()) normal = normal.parent_path();  // "export/" names the folder "export"
  if (normal.empty() || normal == "." || normal == "..") normal = std::filesystem::absolute(normal).lexically_normal();
  if (!normal.has_filename()) normal = normal.parent_path();
  return normal.parent_path() / (normal.filename().string() + ".scanshare-send.jsonl");
}

bool SendState::wasSent(const std::string& destination, const std::string& sop_instance_uid) const {
  return sent_.count({destination, sop_instance_uid}) != 0;
}

void SendState::recordSent(const std::string& destination, const std::string& sop_instance_uid) {
  if (!sent_.emplace(destination, sop_instance_uid).second) return;
  const nlohmann::json record = {{"destination", destination}, {"sop_instance_uid", sop_instance_uid}};
  std::ofstream out(file_, std::ios::app);
  out << record.dump() << '\n';
  out.flush();
  if (!out) throw Error(ErrorCode::Io, "cannot write the send state file", file_.string());
}

}  // namespace imaging
