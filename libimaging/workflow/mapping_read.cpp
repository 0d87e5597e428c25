// Reading the mapping's plaintext back (reidentify, the viewer): the JSON that mappingJson writes,
// checked field by field, with a clear refusal of format versions this build does not know.
#include <nlohmann/json.hpp>

#include <string>

#include "imaging/core/error.h"
#include "imaging/workflow/sealed_mapping.h"

namespace imaging {
namespace {

using Json = nlohmann::json;

[[noreturn]] void bad(const std::string& what) {
  throw Error(ErrorCode::Corrupt, "not a ScanShare mapping: " + what);
}

const Json& member(const Json& object, const char* name) {
  if (!object.is_object() || !object.contains(name)) bad(std::string("no \"") + name + "\"");
  return object.at(name);
}

std::string text(const Json& object, const char* name) {
  const Json& v = member(object, name);
  if (!v.is_string()) bad(std::string("\"") + name + "\" is not text");
  return v.get<std::string>();
}

// Fields added by a later version are optional when reading an earlier one.
std::string optionalText(const Json& object, const char* name) {
  return object.contains(name) ? text(object, name) : std::string();
}

const Json& list(const Json& object, const char* name, bool required = true) {
  static const Json empty = Json::array();
  if (!required && !object.contains(name)) return empty;
  const Json& v = member(object, name);
  if (!v.is_array()) bad(std::string("\"") + name + "\" is not a list");
  return v;
}

MappingStudy study(const Json& j, int version) {
  MappingStudy s{text(j, "source_uid"), text(j, "new_uid"), optionalText(j, "source_accession"),
                 optionalText(j, "new_accession"), {}};
  for (const Json& se : list(j, "series", version >= 2)) {
    MappingSeries series{text(se, "source_uid"), text(se, "new_uid"), {}};
    for (const Json& in : list(se, "instances")) series.instances.push_back({text(in, "source_uid"), text(in, "new_uid")});
    s.series.push_back(std::move(series));
  }
  return s;
}

}  // namespace

ReidMapping parseMappingJson(const std::string& plaintext) {
  Json j;
  try {
    j = Json::parse(plaintext);
  } catch (const Json::exception&) {
    bad("the content is not JSON");
  }
  if (text(j, "format") != "scanshare-mapping") bad("unknown format");
  const Json& v = member(j, "version");
  if (!v.is_number_integer()) bad("\"version\" is not a number");
  ReidMapping m;
  m.version = v.get<int>();
  if (m.version < 1 || m.version > kMappingFormatVersion)
    throw Error(ErrorCode::Unsupported, "mapping format version " + std::to_string(m.version) +
                                            " is not known to this ScanShare (it reads versions 1 to " +
                                            std::to_string(kMappingFormatVersion) + ")");
  m.date_mode = text(j, "date_mode");
  for (const Json& p : list(j, "patients")) {
    const Json& offset = member(p, "date_offset_days");
    if (!offset.is_number_integer()) bad("\"date_offset_days\" is not a number");
    MappingPatient patient{text(p, "name"),           text(p, "id"),           text(p, "issuer"),
                           text(p, "birth_date"),     text(p, "pseudonym_name"), text(p, "pseudonym_id"),
                           offset.get<int>(),         {}};
    for (const Json& s : list(p, "studies")) patient.studies.push_back(study(s, m.version));
    m.patients.push_back(std::move(patient));
  }
  return m;
}

}  // namespace imaging
