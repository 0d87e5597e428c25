#include "imaging/send/send_state.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "imaging/core/error.h"

namespace fs = std::filesystem;

namespace imaging {

SendState::SendState(fs::path file) : file_(std::move(file)) {
  std::error_code ec;
  if (fs::exists(file_, ec)) {
    std::ifstream in(file_);
    if (!in) throw Error(ErrorCode::Io, "cannot read the send state file", file_.string());
    std::string line;
    while (std::getline(in, line)) {
      // A crash mid-write leaves at most one incomplete line; it is not a record.
      const auto record = nlohmann::json::parse(line, nullptr, false);
      if (!record.is_object()) continue;
      const auto text = [&](const char* key) { return record.contains(key) && record[key].is_string(); };
      if (!text("destination") || !text("export") || !text("sop_instance_uid")) continue;
      sent_.emplace(record["destination"].get<std::string>(), record["export"].get<std::string>(),
                    record["sop_instance_uid"].get<std::string>());
    }
    return;
  }
  fs::path folder = file_.parent_path();
  if (folder.empty()) folder = ".";
  if (::access(folder.c_str(), W_OK) != 0)
    throw Error(ErrorCode::Io, "cannot create the send state file (choose another place with --state FILE)",
                file_.string());
}

fs::path SendState::defaultFileFor(const fs::path& input) {
  fs::path normal = input.lexically_normal();
  if (!normal.has_filename()) normal = normal.parent_path();  // "export/" names the folder "export"
  if (normal.empty() || normal == "." || normal == "..") normal = fs::absolute(normal).lexically_normal();
  if (!normal.has_filename()) normal = normal.parent_path();
  return normal.parent_path() / (normal.filename().string() + ".scanshare-send.jsonl");
}

std::string SendState::exportIdentity(const Inventory& inventory) {
  std::vector<std::string> uids;
  inventory.forEachInstance([&](const Patient&, const Study&, const Series&, const Instance& instance) {
    uids.push_back(instance.sop_instance_uid);
  });
  std::sort(uids.begin(), uids.end());
  std::uint64_t hash = 1469598103934665603ull;  // FNV-1a, 64 bit: stable across runs and machines
  for (const std::string& uid : uids) {
    for (unsigned char c : uid) hash = (hash ^ c) * 1099511628211ull;
    hash = (hash ^ '\n') * 1099511628211ull;
  }
  char text[40];
  std::snprintf(text, sizeof text, "%zu-%016llx", uids.size(), static_cast<unsigned long long>(hash));
  return text;
}

bool SendState::wasSent(const std::string& destination, const std::string& export_identity,
                        const std::string& sop_instance_uid) const {
  return sent_.count({destination, export_identity, sop_instance_uid}) != 0;
}

void SendState::recordSent(const std::string& destination, const std::string& export_identity,
                           const std::string& sop_instance_uid) {
  if (!sent_.emplace(destination, export_identity, sop_instance_uid).second) return;
  const nlohmann::json record = {
      {"destination", destination}, {"export", export_identity}, {"sop_instance_uid", sop_instance_uid}};
  std::ofstream out(file_, std::ios::app);
  out << record.dump() << '\n';
  out.flush();
  if (!out) throw Error(ErrorCode::Io, "cannot write the send state file", file_.string());
}

}  // namespace imaging
