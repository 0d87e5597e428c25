#include "imaging/model/record_codec.h"

#include <cstring>

#include "imaging/core/error.h"

namespace imaging {
namespace codec {

void putVarint(std::uint64_t value, std::string& out) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

void putText(std::string_view text, std::string& out) {
  putVarint(text.size(), out);
  out.append(text.data(), text.size());
}

void putDouble(double value, std::string& out) {
  char bytes[sizeof value];
  std::memcpy(bytes, &value, sizeof value);  // the same process reads it back: native order is exact
  out.append(bytes, sizeof bytes);
}

namespace {
[[noreturn]] void malformed() { throw Error(ErrorCode::Internal, "a spilled record is malformed"); }
}  // namespace

std::uint64_t getVarint(std::string_view& in) {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (in.empty()) malformed();
    const auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  malformed();
}

std::string getText(std::string_view& in) {
  const std::uint64_t size = getVarint(in);
  if (size > in.size()) malformed();
  std::string text(in.substr(0, static_cast<std::size_t>(size)));
  in.remove_prefix(static_cast<std::size_t>(size));
  return text;
}

double getDouble(std::string_view& in) {
  double value = 0;
  if (in.size() < sizeof value) malformed();
  std::memcpy(&value, in.data(), sizeof value);
  in.remove_prefix(sizeof value);
  return value;
}

}  // namespace codec

namespace {

using namespace codec;

// Signed numbers zig-zagged, so that small negative ones stay short.
void putSigned(std::int64_t value, std::string& out) {
  putVarint((static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63), out);
}
std::int64_t getSigned(std::string_view& in) {
  const std::uint64_t v = getVarint(in);
  return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}
int getInt(std::string_view& in) { return static_cast<int>(getSigned(in)); }

template <std::size_t N>
void putOptionalArray(const std::optional<std::array<double, N>>& value, std::string& out) {
  out += value ? '\1' : '\0';
  if (value)
    for (double d : *value) putDouble(d, out);
}
template <std::size_t N>
std::optional<std::array<double, N>> getOptionalArray(std::string_view& in) {
  if (getVarint(in) == 0) return std::nullopt;
  std::array<double, N> value{};
  for (double& d : value) d = getDouble(in);
  return value;
}

void putList(const std::vector<std::string>& list, std::string& out) {
  putVarint(list.size(), out);
  for (const std::string& s : list) putText(s, out);
}
std::vector<std::string> getList(std::string_view& in) {
  const std::uint64_t n = getVarint(in);
  if (n > in.size()) malformed();  // every entry takes at least a byte
  std::vector<std::string> list;
  list.reserve(static_cast<std::size_t>(n));
  for (std::uint64_t i = 0; i < n; ++i) list.push_back(getText(in));
  return list;
}

}  // namespace

void encodeInstance(const Instance& i, std::string& out) {
  putText(i.path.native(), out);
  for (const std::string* s : {&i.sop_instance_uid, &i.sop_class_uid, &i.transfer_syntax_uid, &i.specific_character_set})
    putText(*s, out);
  for (int v : {i.instance_number, i.rows, i.columns, i.number_of_frames}) putSigned(v, out);
  putVarint((i.has_pixel_data ? 1u : 0u) | (i.patient_identity_removed ? 2u : 0u) | (i.uids_known ? 4u : 0u) |
                (i.slice_thickness ? 8u : 0u),
            out);
  for (const std::string* s : {&i.burned_in_annotation, &i.image_type, &i.photometric_interpretation}) putText(*s, out);
  putOptionalArray(i.image_position, out);
  putOptionalArray(i.image_orientation, out);
  putOptionalArray(i.pixel_spacing, out);
  if (i.slice_thickness) putDouble(*i.slice_thickness, out);
  putVarint(i.file_size, out);
  putList(i.uids, out);
}

Instance decodeInstance(std::string_view& in) {
  Instance i;
  i.path = FilePath(getText(in));
  for (std::string* s : {&i.sop_instance_uid, &i.sop_class_uid, &i.transfer_syntax_uid, &i.specific_character_set})
    *s = getText(in);
  for (int* v : {&i.instance_number, &i.rows, &i.columns, &i.number_of_frames}) *v = getInt(in);
  const std::uint64_t flags = getVarint(in);
  i.has_pixel_data = (flags & 1u) != 0;
  i.patient_identity_removed = (flags & 2u) != 0;
  i.uids_known = (flags & 4u) != 0;
  for (std::string* s : {&i.burned_in_annotation, &i.image_type, &i.photometric_interpretation}) *s = getText(in);
  i.image_position = getOptionalArray<3>(in);
  i.image_orientation = getOptionalArray<6>(in);
  i.pixel_spacing = getOptionalArray<2>(in);
  if ((flags & 8u) != 0) i.slice_thickness = getDouble(in);
  i.file_size = static_cast<std::uintmax_t>(getVarint(in));
  i.uids = getList(in);
  return i;
}

void encodeRecord(const InstanceRecord& r, std::string& out) {
  encodeInstance(r.instance, out);
  const Patient& p = r.patient;
  for (const std::string* s : {&p.name, &p.id, &p.issuer_of_id, &p.birth_date, &p.sex}) putText(*s, out);
  putList(p.identifying_values.patient, out);
  putList(p.identifying_values.institution, out);
  putList(p.identifying_values.device, out);
  const Study& st = r.study;
  for (const std::string* s : {&st.study_instance_uid, &st.date, &st.time, &st.description, &st.accession_number,
                               &st.referring_physician})
    putText(*s, out);
  const Series& se = r.series;
  putSigned(se.number, out);
  for (const std::string* s : {&se.series_instance_uid, &se.modality, &se.description, &se.body_part, &se.laterality,
                               &se.frame_of_reference_uid})
    putText(*s, out);
}

InstanceRecord decodeRecord(std::string_view& in) {
  InstanceRecord r;
  r.instance = decodeInstance(in);
  Patient& p = r.patient;
  for (std::string* s : {&p.name, &p.id, &p.issuer_of_id, &p.birth_date, &p.sex}) *s = getText(in);
  p.identifying_values.patient = getList(in);
  p.identifying_values.institution = getList(in);
  p.identifying_values.device = getList(in);
  Study& st = r.study;
  for (std::string* s : {&st.study_instance_uid, &st.date, &st.time, &st.description, &st.accession_number,
                         &st.referring_physician})
    *s = getText(in);
  Series& se = r.series;
  se.number = getInt(in);
  for (std::string* s : {&se.series_instance_uid, &se.modality, &se.description, &se.body_part, &se.laterality,
                         &se.frame_of_reference_uid})
    *s = getText(in);
  return r;
}

void encodeProblem(const Problem& problem, std::string& out) {
  putText(problem.path.native(), out);
  putVarint(static_cast<std::uint64_t>(problem.kind), out);
  putText(problem.reason, out);
}

Problem decodeProblem(std::string_view& in) {
  Problem problem;
  problem.path = getText(in);
  const std::uint64_t kind = getVarint(in);
  if (kind > static_cast<std::uint64_t>(ProblemKind::Incomplete)) malformed();
  problem.kind = static_cast<ProblemKind>(kind);
  problem.reason = getText(in);
  return problem;
}

}  // namespace imaging
