// The de-identification engine: applies Table E.1-1 (action_table) under a profile to one file.
// How each action is carried out is documented in docs/deidentification.md.
#include "imaging/deid/deidentifier.h"

#include <fcntl.h>
#include <unistd.h>

#include <dcmtk/dcmdata/dcwcache.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>
#include <unordered_map>

#include "action_table.h"
#include "burned_in.h"
#include "date_shift.h"
#include "harvest.h"
#include "imaging/core/error.h"
#include "imaging/text/free_text.h"
#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/fd_streams.h"
#include "iod_types.h"
#include "pixel_stream.h"
#include "safe_private.h"
#include "unknown_vr.h"

namespace imaging {
namespace {

using deid::Action;
using deid::ActionSet;

constexpr const char* kDummyText = "ANONYMOUS";
// De-identification Method value naming an attribute kept verbatim (--keep-text); verify reads it.
constexpr const char* kVerbatimMarkPrefix = "Verbatim ";
// De-identification Method value naming a patient identity attribute a recipe kept ("unsafe": true).
constexpr const char* kUnsafeKeepMarkPrefix = "Unsafe keep ";
constexpr const char* kWellKnownRoot = "1.2.840.10008.";

bool has(ActionSet set, Action a) { return (set & static_cast<ActionSet>(a)) != 0; }

bool isTextVr(DcmEVR vr) {
  switch (vr) {
    case EVR_LO: case EVR_SH: case EVR_ST: case EVR_LT: case EVR_UT: case EVR_PN: case EVR_UC:
      return true;
    default:
      return false;
  }
}

bool isBinaryNumberVr(DcmEVR vr) {
  switch (vr) {
    case EVR_US: case EVR_SS: case EVR_UL: case EVR_SL: case EVR_FL: case EVR_FD: case EVR_AT:
      return true;
    default:
      return false;
  }
}

// Longest value (in bytes) a VR allows per value; 0 when unlimited for our purposes.
std::size_t maxValueBytes(DcmEVR vr) {
  switch (vr) {
    case EVR_SH: case EVR_CS: case EVR_AE: return 16;
    case EVR_LO: case EVR_PN: return 64;
    case EVR_ST: return 1024;
    case EVR_LT: return 10240;
    default: return 0;
  }
}

// Cuts every backslash-separated value to the VR's length without splitting a UTF-8 sequence.
std::string fitToVr(const std::string& text, DcmEVR vr) {
  const std::size_t limit = maxValueBytes(vr);
  if (limit == 0) return text;
  const bool multi = vr != EVR_ST && vr != EVR_LT;
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = multi ? text.find('\\', start) : std::string::npos;
    std::string value = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (value.size() > limit) {
      std::size_t cut = limit;
      while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
      value.resize(cut);
    }
    out += value;
    if (end == std::string::npos) break;
    out += '\\';
    start = end + 1;
  }
  return out;
}

std::string describe(DcmElement& elem) {
  if (elem.ident() == EVR_SQ) {
    return "(sequence of " + std::to_string(static_cast<DcmSequenceOfItems&>(elem).card()) + " items)";
  }
  const DcmEVR vr = elem.ident();
  if (bridge::isStringVr(vr) || (isBinaryNumberVr(vr) && elem.getLength() <= 64)) {
    OFString value;
    if (elem.getOFStringArray(value).good()) return std::string(value.c_str(), value.length());
  }
  return "(" + std::to_string(elem.getLength()) + " bytes)";
}

std::string valueOf(DcmElement& elem) {
  OFString value;
  if (elem.getOFStringArray(value).bad()) return {};
  return std::string(value.c_str(), value.length());
}

bool isAscii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// ASCII without escape sequences (ISO 2022 encodes multi-byte text in 7-bit bytes after ESC).
bool isPlainAscii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b < 0x80 && b != 0x1B;
  });
}

bool looksNumeric(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E' || c == ' ' ||
           c == '\\' || c == '\0';
  });
}


// SR observer context items whose TEXT names a person's organisation or a device.
bool isObserverIdentityConcept(const std::string& code) {
  return code == "121009" || code == "121013" || code == "121017" || code == "121012";
}

// Two scrubbers applied one after the other (the input-wide one and a file's own harvest).
class ChainedScrubber final : public TextScrubber {
 public:
  ChainedScrubber(std::shared_ptr<const TextScrubber> first, std::shared_ptr<const TextScrubber> second)
      : first_(std::move(first)), second_(std::move(second)) {}
  void addIdentifier(const std::string&) override {}  // built complete; never extended
  std::string scrub(const std::string& text) const override { return second_->scrub(first_->scrub(text)); }
  bool containsIdentifier(const std::string& text) const override {
    return first_->containsIdentifier(text) || second_->containsIdentifier(text);
  }

 private:
  std::shared_ptr<const TextScrubber> first_, second_;
};

// The work on one file: keeps per-file state out of the shared, const Deidentifier.
class FileRun {
 public:
  FileRun(const DeidConfig& config, const PatientContext& patient, bool record, InstanceOutcome& outcome)
      : config_(config), profile_(config.profile), patient_(patient), record_(record), outcome_(outcome),
        date_mode_(config.profile.dateMode()) {}

  // header_only: the dataset is everything before the pixel data, which the caller's harvest
  // (patientIdentifiers or harvestIdentifiers(file, profile)) covered; then the patient's shared scrubber already
  // covers this file. Otherwise (no shared scrubber, or elements after the pixel data) one is
  // built for this file.
  void prepare(DcmDataset& dataset, bool header_only) {
    family_ = deid::iodFamily(bridge::getString(dataset, DCM_SOPClassUID));
    non_human_ = dataset.tagExists(DCM_PatientSpeciesDescription) || dataset.tagExists(DCM_PatientSpeciesCodeSequence);
    patient_name_ = bridge::getString(dataset, DCM_PatientName);
    if (patient_.scrubber && header_only) {
      scrubber_ = patient_.scrubber;
      return;
    }
    std::shared_ptr<TextScrubber> own = makeTextScrubber();
    for (const std::string& id : patient_.identifiers) own->addIdentifier(id);
    deid::HarvestScope scope;
    scope.institution = !profile_.has(DeidOption::RetainInstitutionIdentity);
    scope.device = !profile_.has(DeidOption::RetainDeviceIdentity);
    for (const std::string& id : deid::harvestFromDataset(dataset, scope)) own->addIdentifier(id);
    // The shared scrubber (every patient of the input) still applies on top of the file's own values.
    if (patient_.scrubber) scrubber_ = std::make_shared<ChainedScrubber>(patient_.scrubber, std::move(own));
    else scrubber_ = std::move(own);
  }

  void setTextUnreliable(bool unreliable) { text_unreliable_ = unreliable; }

  void processItem(DcmItem& item, const std::string& prefix, bool content_tree) {
    std::vector<DcmElement*> elements;
    elements.reserve(item.card());
    DcmObject* obj = nullptr;
    while ((obj = item.nextInContainer(obj)) != nullptr) elements.push_back(static_cast<DcmElement*>(obj));

    std::unordered_map<std::uint32_t, std::string> creators;  // (group << 8 | block) -> creator
    std::set<std::uint32_t> kept_blocks;
    std::vector<DcmElement*> creator_elements;
    std::set<std::uint16_t> dropped_overlay_groups;
    const std::string concept_code = content_tree ? conceptCode(item) : std::string();

    for (DcmElement* elem : elements) {
      elem = deid::normalizeUnknownVr(item, elem);
      if (elem == nullptr) { count("remove"); continue; }  // undecodable UN: removed, never copied
      const DcmTagKey key = elem->getTag().getXTag();
      const std::uint16_t g = key.getGroup(), e = key.getElement();
      const std::string path = pathOf(prefix, key);
      if (e == 0x0000) {  // group length: removed; DCMTK recalculates any it needs on write
        removeElement(item, elem, path, "remove-group-length", false);
        continue;
      }
      if (g & 1u) {
        if (e >= 0x0010 && e <= 0x00FF) {
          creators[(std::uint32_t{g} << 8) | e] = valueOf(*elem);
          creator_elements.push_back(elem);
          continue;
        }
        handlePrivate(item, elem, path, creators, kept_blocks);
        continue;
      }
      if (const AttributeOverride* rule = overrideFor(g, e); rule && applyOverride(item, elem, *rule, path)) continue;
      if (key == DCM_PatientName) { setPseudonym(*elem, path, patient_.pseudonym.name); continue; }
      if (key == DCM_PatientID) { setPseudonym(*elem, path, patient_.pseudonym.id); continue; }
      if (key == DCM_SpecificCharacterSet) continue;
      if (content_tree && handleContentItem(*elem, key, path, concept_code)) continue;

      const deid::ActionRow* row = deid::ActionTable::find(g, e);
      if (!row) {
        const DcmEVR vr = elem->ident();
        if (vr == EVR_DA || vr == EVR_DT) {
          // A date the table does not list still moves with the others: one real date next to
          // shifted ones would give the offset away.
          unlistedDate(*elem, path);
          continue;
        }
        keepElement(*elem, path, content_tree, /*listed=*/false);
        continue;
      }
      const Action action = resolve(*row, g, e);
      if (action == Action::Remove && (g & 0xFF00) == 0x6000 && e == 0x3000) {
        // Overlay Data removed: the rest of that overlay group would be an incomplete module.
        dropped_overlay_groups.insert(g);
      }
      apply(item, *elem, action, path, content_tree);
    }

    // Private creators stay only for blocks that kept an element.
    for (DcmElement* elem : creator_elements) {
      const DcmTagKey key = elem->getTag().getXTag();
      const std::uint32_t block = (std::uint32_t{key.getGroup()} << 8) | key.getElement();
      if (kept_blocks.count(block)) count("keep-private");
      else removeElement(item, elem, pathOf(prefix, key), "remove-private", true);
    }
    if (!dropped_overlay_groups.empty()) {
      std::vector<DcmElement*> rest;
      obj = nullptr;
      while ((obj = item.nextInContainer(obj)) != nullptr) {
        auto* elem = static_cast<DcmElement*>(obj);
        if (dropped_overlay_groups.count(elem->getTag().getGroup())) rest.push_back(elem);
      }
      for (DcmElement* elem : rest)
        removeElement(item, elem, pathOf(prefix, elem->getTag().getXTag()), "remove", true);
    }
  }

  std::string newUid(const std::string& uid) const {
    if (uid.empty() || uid.rfind(kWellKnownRoot, 0) == 0) return uid;
    return config_.uids->map(uid);
  }

  void count(const std::string& action) { ++outcome_.action_counts[action]; }

  void record(const std::string& path, DcmElement& elem, const std::string& action, const std::string& before,
              const std::string& after) {
    if (!record_) return;
    DcmTag tag(elem.getTag());
    outcome_.changes.push_back({path, tag.getTagName(), action, before, after});
  }
  void recordMeta(const std::string& path, const char* keyword, const std::string& action,
                  const std::string& before, const std::string& after) {
    if (record_) outcome_.changes.push_back({path, keyword, action, before, after});
  }

 private:
  static std::string conceptCode(DcmItem& item) {
    DcmItem* concept_item = nullptr;
    if (item.findAndGetSequenceItem(DCM_ConceptNameCodeSequence, concept_item, 0, OFFalse).bad() || !concept_item)
      return {};
    return bridge::getString(*concept_item, DCM_CodeValue);
  }

  // Clean Structured Content: content items inside ContentSequence and similar trees.
  bool handleContentItem(DcmElement& elem, const DcmTagKey& key, const std::string& path,
                         const std::string& concept_code) {
    if (key == DCM_PersonName) {
      const std::string before = valueOf(elem);
      const std::string after = !patient_name_.empty() && before == patient_name_ ? patient_.pseudonym.name : kDummyText;
      setString(elem, path, "clean", before, after);
      return true;
    }
    if (key == DCM_TextValue && isObserverIdentityConcept(concept_code)) {
      setString(elem, path, "clean", valueOf(elem), kDummyText);
      return true;
    }
    if (key == DCM_TextValue) {
      const std::string before = valueOf(elem);
      setString(elem, path, "clean", before, cleanText(before, elem.ident(), DCM_TextValue));
      return true;
    }
    return false;
  }

  Action resolve(const deid::ActionRow& row, std::uint16_t g, std::uint16_t e) const {
    const ActionSet set = deid::effectiveActions(row, profile_);
    const int type = deid::attributeType(family_, g, e, non_human_);
    Action action = Action::Remove;
    if (has(set, Action::Keep)) return Action::Keep;
    if (has(set, Action::Clean)) return Action::Clean;
    // X/Z/U* (reference sequences): keep the references, mapped; the table allows it.
    if (has(set, Action::Uid)) return Action::Uid;
    const Action order1[] = {Action::Dummy, Action::Empty, Action::Remove};
    const Action order2[] = {Action::Empty, Action::Dummy, Action::Remove};
    const Action order3[] = {Action::Remove, Action::Empty, Action::Dummy};
    const Action* order = type == 1 ? order1 : type == 2 ? order2 : order3;
    for (int i = 0; i < 3; ++i) {
      if (has(set, order[i])) { action = order[i]; break; }
    }
    // Never leave a required attribute out, even where the table has a single X or Z: a dummy or
    // empty value leaks nothing, a missing Type 1/2 attribute breaks the instance.
    if (type == 1 && (action == Action::Remove || action == Action::Empty)) return Action::Dummy;
    if (type == 2 && action == Action::Remove) return Action::Empty;
    return action;
  }

  void apply(DcmItem& item, DcmElement& elem, Action action, const std::string& path, bool content_tree) {
    const DcmEVR vr = elem.ident();
    const DcmTagKey key = elem.getTag().getXTag();
    switch (action) {
      case Action::Remove:
        removeElement(item, &elem, path, "remove", true);
        return;
      case Action::Empty: {
        const std::string before = describe(elem);
        if (vr == EVR_SQ) static_cast<DcmSequenceOfItems&>(elem).clear();
        else elem.clear();
        count("empty");
        if (!before.empty()) record(path, elem, "empty", before, "");
        return;
      }
      case Action::Dummy:
        if (vr == EVR_SQ) {
          // A required sequence keeps its items, each cleaned by the table; otherwise it goes.
          if (deid::attributeType(family_, key.getGroup(), key.getElement(), non_human_) <= 2) {
            count("dummy");
            recurse(static_cast<DcmSequenceOfItems&>(elem), path, true);
          } else {
            removeElement(item, &elem, path, "remove", true);
          }
          return;
        }
        dummy(elem, path);
        return;
      case Action::Uid:
        if (vr == EVR_SQ) {
          count("keep");
          recurse(static_cast<DcmSequenceOfItems&>(elem), path, content_tree);
        } else {
          mapUids(elem, path);
        }
        return;
      case Action::Keep:
        count("keep");
        keepElement(elem, path, content_tree, true);
        return;
      case Action::Clean:
        clean(elem, path);
        return;
    }
  }

  void keepElement(DcmElement& elem, const std::string& path, bool content_tree, bool listed) {
    const DcmEVR vr = elem.ident();
    if (vr == EVR_SQ) {
      recurse(static_cast<DcmSequenceOfItems&>(elem), path, content_tree);
      return;
    }
    if (!isTextVr(vr)) return;
    const std::string before = valueOf(elem);
    if (before.empty()) return;
    const DcmTagKey key = elem.getTag().getXTag();
    if (keepVerbatim(elem, key, path, before)) return;
    if (vr == EVR_PN) {  // a person's name the table keeps (unlisted PN): nobody is named in the output
      setString(elem, path, listed ? "clean" : "scrub", before, kDummyText);
      return;
    }
    const std::string after = cleanText(before, vr, key);
    if (after == before) {
      record(path, elem, "keep-text", before, after);  // shown by --dry-run: what the reviewer will read
      return;
    }
    setString(elem, path, listed ? "clean" : "scrub", before, after);
  }

  const AttributeOverride* overrideFor(std::uint16_t g, std::uint16_t e) const {
    for (const AttributeOverride& o : config_.overrides)
      if (o.key.group == g && o.key.element == e) return &o;
    return nullptr;
  }

  // A recipe's rule for this attribute, before the action table. False: not applicable to this
  // element as it was read (a keep or replace of a value read as a UID, a sequence or binary data),
  // so the table decides: an override never weakens UID replacement.
  bool applyOverride(DcmItem& item, DcmElement* elem, const AttributeOverride& rule, const std::string& path) {
    const DcmEVR vr = elem->ident();
    switch (rule.action) {
      case OverrideAction::Remove:
        removeElement(item, elem, path, "recipe-remove", true);
        return true;
      case OverrideAction::Empty: {
        const std::string before = describe(*elem);
        if (vr == EVR_SQ) static_cast<DcmSequenceOfItems*>(elem)->clear();
        else elem->clear();
        count("recipe-empty");
        record(path, *elem, "recipe-empty", before, "");
        return true;
      }
      case OverrideAction::Replace: {
        if (vr == EVR_UI || vr == EVR_SQ || !bridge::isStringVr(vr)) return false;
        const std::string before = valueOf(*elem);
        elem->putString(rule.value.c_str());
        count("recipe-replace");
        record(path, *elem, "recipe-replace", before, rule.value);
        return true;
      }
      case OverrideAction::Keep: {
        if (vr == EVR_UI || vr == EVR_SQ) return false;
        count("recipe-keep");
        if (bridge::isStringVr(vr)) {
          const std::string value = valueOf(*elem);
          record(path, *elem, "keep-verbatim", value, value);  // --dry-run: stays exactly as written
        }
        return true;
      }
    }
    return false;
  }

  // --keep-text: the value stays as it is, counted and (in a dry run) shown. False: not such an attribute.
  bool keepVerbatim(DcmElement& elem, const DcmTagKey& key, const std::string& path, const std::string& value) {
    const AttributeKey k{key.getGroup(), key.getElement()};
    const auto& verbatim = config_.keep_text_verbatim;
    if (std::find(verbatim.begin(), verbatim.end(), k) == verbatim.end()) return false;
    count("keep-verbatim");
    record(path, elem, "keep-verbatim", value, value);
    return true;
  }

  void recurse(DcmSequenceOfItems& seq, const std::string& path, bool content_tree) {
    for (unsigned long i = 0; i < seq.card(); ++i)
      processItem(*seq.getItem(i), record_ ? path + "[" + std::to_string(i) + "]." : std::string(), content_tree);
  }

  // Tag paths are only needed for recorded changes: not built otherwise (hot loop).
  std::string pathOf(const std::string& prefix, const DcmTagKey& key) const {
    return record_ ? prefix + bridge::formatTag(key) : std::string();
  }

  // Kept text: the identifiers harvested from every patient of the input go first, then every word
  // the allow-list does not know (technical attributes: only the date/phone/ID/address shapes).
  std::string cleanText(const std::string& before, DcmEVR vr, const DcmTagKey& key) const {
    if (text_unreliable_ && !isPlainAscii(before)) return {};
    const std::string scrubbed = scrubber_->scrub(before);
    // What an option retains on purpose, and code values, keep their words (the patient's own
    // values still go); technical tokens lose only the identity shapes.
    const std::uint16_t g = key.getGroup(), e = key.getElement();
    const bool retained =
        (profile_.has(DeidOption::RetainDeviceIdentity) && text::isDeviceIdentityAttribute(g, e)) ||
        (profile_.has(DeidOption::RetainInstitutionIdentity) && text::isInstitutionIdentityAttribute(g, e));
    const text::TextKind kind = text::textKindOf(g, e);
    std::string after = scrubbed;
    if (!retained && kind != text::TextKind::Code)
      after = text::cleanText(scrubbed, kind == text::TextKind::FreeText ? text::TextCheck::WordsAndShapes
                                                                         : text::TextCheck::Shapes);
    after = fitToVr(after, vr);
    // When unsure (an identifier survived truncation or overlapping matches), keep nothing.
    if (scrubber_->containsIdentifier(after)) after.clear();
    return after;
  }

  void clean(DcmElement& elem, const std::string& path) {
    const DcmEVR vr = elem.ident();
    switch (vr) {
      case EVR_SQ:
        count("clean");
        recurse(static_cast<DcmSequenceOfItems&>(elem), path, true);
        return;
      case EVR_DA:
      case EVR_DT: {
        if (date_mode_ == DateMode::Keep) { count("keep"); return; }
        if (date_mode_ == DateMode::Remove) { dummy(elem, path); return; }
        const std::string before = valueOf(elem);
        if (before.empty()) { count("shift-date"); return; }
        const auto shifted = vr == EVR_DA ? deid::shiftDate(before, patient_.date_offset_days)
                                          : deid::shiftDateTime(before, patient_.date_offset_days);
        setString(elem, path, "shift-date", before, shifted ? *shifted : std::string());
        return;
      }
      case EVR_TM:
        // Dates move by whole days, so times stay valid and consistent with them.
        count(date_mode_ == DateMode::Remove ? "empty" : "keep");
        if (date_mode_ == DateMode::Remove) {
          const std::string before = valueOf(elem);
          elem.clear();
          record(path, elem, "empty", before, "");
        }
        return;
      case EVR_UI:
        mapUids(elem, path);
        return;
      case EVR_PN: {
        const std::string before = valueOf(elem);
        setString(elem, path, "clean", before, before.empty() ? std::string() : kDummyText);
        return;
      }
      default:
        break;
    }
    if (isTextVr(vr)) {
      const std::string before = valueOf(elem);
      const DcmTagKey key = elem.getTag().getXTag();
      if (keepVerbatim(elem, key, path, before)) return;
      const std::string after = cleanText(before, vr, key);
      if (after == before && !before.empty()) record(path, elem, "keep-text", before, after);
      setString(elem, path, "clean", before, after);
      return;
    }
    count("clean");  // numbers, codes, binary (curves/overlays under Clean Graphics): nothing to clean
  }

  void unlistedDate(DcmElement& elem, const std::string& path) {
    if (date_mode_ == DateMode::Keep) return;
    if (date_mode_ == DateMode::Shift) {
      clean(elem, path);
      return;
    }
    const std::string before = valueOf(elem);
    if (before.empty()) return;
    elem.clear();
    count("empty");
    record(path, elem, "empty", before, "");
  }

  void dummy(DcmElement& elem, const std::string& path) {
    const DcmEVR vr = elem.ident();
    const std::string before = describe(elem);
    std::string after;
    switch (vr) {
      case EVR_DA: after = "19000101"; break;
      case EVR_DT: after = "19000101000000"; break;
      case EVR_TM: after = "000000"; break;
      case EVR_UI: mapUids(elem, path); return;
      case EVR_IS: case EVR_DS: after = "0"; break;
      case EVR_AS: after = "000Y"; break;
      case EVR_US: case EVR_SS: case EVR_UL: case EVR_SL: case EVR_FL: case EVR_FD: after = "0"; break;
      case EVR_UR: after = ""; break;
      default:
        if (bridge::isStringVr(vr)) after = kDummyText;
        break;
    }
    if (bridge::isStringVr(vr) || isBinaryNumberVr(vr)) elem.putString(after.c_str());
    else elem.clear();  // OB/OW/UN: empty
    count("dummy");
    record(path, elem, "dummy", before, after);
  }

  void mapUids(DcmElement& elem, const std::string& path) {
    if (elem.ident() != EVR_UI) {  // a UID row read with another VR (e.g. UN): cannot map, so empty it
      const std::string before = describe(elem);
      elem.clear();
      count("empty");
      record(path, elem, "empty", before, "");
      return;
    }
    const std::string before = valueOf(elem);
    std::string after;
    std::size_t start = 0;
    while (true) {
      const std::size_t end = before.find('\\', start);
      after += newUid(before.substr(start, end == std::string::npos ? std::string::npos : end - start));
      if (end == std::string::npos) break;
      after += '\\';
      start = end + 1;
    }
    if (after == before) { count("keep"); return; }
    elem.putString(after.c_str());
    count("replace-uid");
    record(path, elem, "replace-uid", before, after);
  }

  void setPseudonym(DcmElement& elem, const std::string& path, const std::string& value) {
    const std::string before = valueOf(elem);
    elem.putString(value.c_str());
    count("pseudonym");
    record(path, elem, "pseudonym", before, value);
  }

  void setString(DcmElement& elem, const std::string& path, const std::string& action, const std::string& before,
                 const std::string& after) {
    count(action);
    if (before == after) return;
    elem.putString(after.c_str());
    record(path, elem, action, before, after);
  }

  void removeElement(DcmItem& item, DcmElement* elem, const std::string& path, const std::string& action,
                     bool counted) {
    if (counted) count(action);
    if (record_ && counted) record(path, *elem, action, describe(*elem), "");
    delete item.remove(elem);
  }

  void handlePrivate(DcmItem& item, DcmElement* elem, const std::string& path,
                     const std::unordered_map<std::uint32_t, std::string>& creators, std::set<std::uint32_t>& kept) {
    const DcmTagKey key = elem->getTag().getXTag();
    const std::uint16_t g = key.getGroup(), e = key.getElement();
    if (profile_.has(DeidOption::RetainSafePrivate) && e >= 0x1000) {
      const std::uint32_t block = (std::uint32_t{g} << 8) | (e >> 8);
      const auto it = creators.find(block);
      if (it != creators.end() && keptPrivate(g, it->second, static_cast<std::uint8_t>(e & 0xFF)) &&
          isSafeValue(*elem)) {
        kept.insert(block);
        count("keep-private");
        return;
      }
    }
    removeElement(item, elem, path, "remove-private", true);
  }

  // The built-in safe list, then the caller's own (a recipe's "private" rules).
  bool keptPrivate(std::uint16_t group, const std::string& creator, std::uint8_t offset) const {
    if (deid::isSafePrivate(group, creator, offset)) return true;
    const auto b = creator.find_first_not_of(' ');
    const std::string c = b == std::string::npos ? std::string() : creator.substr(b, creator.find_last_not_of(' ') - b + 1);
    for (const PrivateElementKey& k : config_.keep_private)
      if (k.group == group && k.element == offset && k.creator == c) return true;
    return false;
  }

  // Safe private elements must hold numbers only, whatever VR they were read with.
  static bool isSafeValue(DcmElement& elem) {
    const DcmEVR vr = elem.ident();
    if (isBinaryNumberVr(vr)) return true;
    if (vr == EVR_DS || vr == EVR_IS) return looksNumeric(valueOf(elem));
    if (vr == EVR_UN || vr == EVR_OB) {
      Uint8* bytes = nullptr;
      if (elem.getUint8Array(bytes).bad() || !bytes) return false;
      const std::string text(reinterpret_cast<const char*>(bytes), elem.getLength());
      // Binary numbers (any byte) are safe as long as they cannot be read as words.
      std::size_t letters = 0;
      for (char c : text) letters += (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      return letters <= 1 || looksNumeric(text);
    }
    return false;
  }

 private:
  const DeidConfig& config_;
  const Profile& profile_;
  const PatientContext& patient_;
  bool record_;
  InstanceOutcome& outcome_;
  DateMode date_mode_;
  std::shared_ptr<const TextScrubber> scrubber_;
  deid::IodFamily family_ = deid::IodFamily::Image;
  bool non_human_ = false;  // an animal: the Patient module requires a responsible person or organization
  std::string patient_name_;
  bool text_unreliable_ = false;
};

std::vector<std::string> methodText(const DeidConfig& config) {
  std::vector<std::string> values;
  values.push_back(std::string("PS3.15 E.1-1 ") + deid::ActionTable::edition() + " Basic Profile");
  for (DeidOption o : allOptions())
    if (config.profile.has(o)) values.emplace_back(optionInfo(o).title);
  values.emplace_back("ScanShare");
  // verify reads these: text the clinic vouched for is not a finding, but it is said.
  for (const AttributeKey& k : config.keep_text_verbatim) values.push_back(kVerbatimMarkPrefix + attributeKeyword(k));
  // A recipe's keeps: verify reads these too; a patient's own value is said to be one.
  for (const AttributeOverride& o : config.overrides) {
    if (o.action != OverrideAction::Keep) continue;
    const bool listed = std::find(config.keep_text_verbatim.begin(), config.keep_text_verbatim.end(), o.key) !=
                        config.keep_text_verbatim.end();
    if (isPatientIdentityAttribute(o.key)) values.push_back(kUnsafeKeepMarkPrefix + attributeKeyword(o.key));
    else if (!listed) values.push_back(kVerbatimMarkPrefix + attributeKeyword(o.key));
  }
  return values;
}

void markDataset(DcmDataset& dataset, const DeidConfig& config) {
  dataset.putAndInsertString(DCM_PatientIdentityRemoved, "YES");
  std::string method;
  for (const std::string& v : methodText(config)) method += (method.empty() ? "" : "\\") + v;
  dataset.putAndInsertString(DCM_DeidentificationMethod, method.c_str());
  dataset.findAndDeleteElement(DCM_DeidentificationMethodCodeSequence);
  auto addCode = [&](const char* code, const char* meaning) {
    DcmItem* item = nullptr;
    if (dataset.findOrCreateSequenceItem(DCM_DeidentificationMethodCodeSequence, item, -2).good() && item) {
      item->putAndInsertString(DCM_CodeValue, code);
      item->putAndInsertString(DCM_CodingSchemeDesignator, "DCM");
      item->putAndInsertString(DCM_CodeMeaning, meaning);
    }
  };
  addCode("113100", "Basic Application Confidentiality Profile");
  // Option codes in ascending code order (113103 Clean Graphics ... 113112), as always written.
  std::vector<const DeidOptionInfo*> codes;
  for (DeidOption o : allOptions())
    if (config.profile.has(o)) codes.push_back(&optionInfo(o));
  std::sort(codes.begin(), codes.end(),
            [](const DeidOptionInfo* a, const DeidOptionInfo* b) { return std::strcmp(a->code, b->code) < 0; });
  for (const DeidOptionInfo* info : codes) addCode(info->code, info->code_meaning);
  const char* temporal = "REMOVED";
  if (config.profile.dateMode() == DateMode::Shift) temporal = "MODIFIED";
  if (config.profile.dateMode() == DateMode::Keep) temporal = "UNMODIFIED";
  dataset.putAndInsertString(DCM_LongitudinalTemporalInformationModified, temporal);
}

// Is there any non-ASCII text left anywhere (decides the output character set)?
bool hasNonAsciiText(DcmItem& item) {
  DcmObject* obj = nullptr;
  while ((obj = item.nextInContainer(obj)) != nullptr) {
    auto* elem = static_cast<DcmElement*>(obj);
    if (elem->ident() == EVR_SQ) {
      auto* seq = static_cast<DcmSequenceOfItems*>(elem);
      for (unsigned long i = 0; i < seq->card(); ++i)
        if (hasNonAsciiText(*seq->getItem(i))) return true;
    } else if (isTextVr(elem->ident())) {
      if (!isAscii(valueOf(*elem))) return true;
    }
  }
  return false;
}

// After conversion all text is UTF-8 and no item declares its own Specific Character Set any more
// (convertDatasetToUtf8 removes item-level ones), so the dataset's value applies to every item:
// ISO_IR 192 while non-ASCII text remains, else the original value (ASCII is valid in it).
// A recipe's replace value outside ASCII (UTF-8, docs/recipes.md) in a data set that was not
// converted: its text was ASCII (no Specific Character Set, ISO_IR 6) or emptied where it could
// not be converted, so UTF-8 (ISO_IR 192) describes all of it once such a value was written.
bool hasNonAsciiReplace(const DeidConfig& config) {
  return std::any_of(config.overrides.begin(), config.overrides.end(), [](const AttributeOverride& o) {
    return o.action == OverrideAction::Replace &&
           std::any_of(o.value.begin(), o.value.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  });
}

void setCharacterSet(DcmDataset& dataset, const std::string& original, bool converted, bool non_ascii_replace) {
  if (!converted) {
    if (non_ascii_replace && original != "ISO_IR 192" && hasNonAsciiText(dataset))
      dataset.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
    return;
  }
  if (hasNonAsciiText(dataset)) {
    dataset.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
  } else if (original.empty()) {
    dataset.findAndDeleteElement(DCM_SpecificCharacterSet);
  } else {
    dataset.putAndInsertString(DCM_SpecificCharacterSet, original.c_str());
  }
}

// Top-level value as DCMTK reads it back from the written file (all values, backslash separated).
std::string rawValue(DcmItem& item, const DcmTagKey& tag) {
  OFString value;
  if (item.findAndGetOFStringArray(tag, value, OFFalse).bad()) return {};
  return std::string(value.c_str(), value.length());
}

WrittenHeader writtenHeader(DcmDataset& d, E_TransferSyntax xfer) {
  WrittenHeader w;
  w.present = true;
  w.transfer_syntax_uid = DcmXfer(xfer).getXferID();
  w.specific_character_set = rawValue(d, DCM_SpecificCharacterSet);
  w.sop_class_uid = rawValue(d, DCM_SOPClassUID);
  w.sop_instance_uid = rawValue(d, DCM_SOPInstanceUID);
  w.patient_name = rawValue(d, DCM_PatientName);
  w.patient_id = rawValue(d, DCM_PatientID);
  w.study_instance_uid = rawValue(d, DCM_StudyInstanceUID);
  w.study_date = rawValue(d, DCM_StudyDate);
  w.study_time = rawValue(d, DCM_StudyTime);
  w.study_description = rawValue(d, DCM_StudyDescription);
  w.study_id = rawValue(d, DCM_StudyID);
  w.accession_number = rawValue(d, DCM_AccessionNumber);
  w.series_instance_uid = rawValue(d, DCM_SeriesInstanceUID);
  w.modality = rawValue(d, DCM_Modality);
  w.series_number = rawValue(d, DCM_SeriesNumber);
  OFString instance_number;
  w.has_instance_number = d.findAndGetOFStringArray(DCM_InstanceNumber, instance_number, OFFalse).good();
  if (w.has_instance_number) w.instance_number.assign(instance_number.c_str(), instance_number.length());
  return w;
}

}  // namespace

std::optional<AttributeKey> parseAttributeKeyword(const std::string& text) {
  bridge::ensureDcmtkReady();
  DcmTagKey key;
  unsigned g = 0, e = 0;
  if (std::sscanf(text.c_str(), "(%4x,%4x)", &g, &e) == 2 || std::sscanf(text.c_str(), "%4x,%4x", &g, &e) == 2) {
    key = DcmTagKey(static_cast<Uint16>(g), static_cast<Uint16>(e));
  } else {
    DcmTag tag;
    if (DcmTag::findTagFromName(text.c_str(), tag).bad()) return std::nullopt;
    key = tag.getXTag();
  }
  DcmTag tag(key);
  if ((key.getGroup() & 1u) != 0 || key.getGroup() == 0 || std::string(tag.getTagName()) == DcmTag_ERROR_TagName)
    return std::nullopt;
  return AttributeKey{key.getGroup(), key.getElement()};
}

std::string attributeKeyword(AttributeKey key) {
  bridge::ensureDcmtkReady();
  DcmTag tag(key.group, key.element);
  std::string name = tag.getTagName();
  if (name.empty() || name == DcmTag_ERROR_TagName) name = bridge::formatTag(DcmTagKey(key.group, key.element));
  return name;
}

struct Deidentifier::Impl {
  DeidConfig config;
};

Deidentifier::Deidentifier(DeidConfig config) : impl_(std::make_unique<Impl>()) {
  for (const AttributeOverride& rule : config.overrides)
    if (const auto why = overrideProblem(rule))
      throw Error(ErrorCode::InvalidArgument, std::string(overrideActionName(rule.action)) + " rule refused: " + *why);
  impl_->config = std::move(config);
}

Deidentifier::~Deidentifier() = default;

const DeidConfig& Deidentifier::config() const noexcept { return impl_->config; }

std::optional<Exclusion> Deidentifier::exclusionReason(const Instance& instance, const Series& series) const {
  return deid::exclusionReason(impl_->config, instance.sop_class_uid, series.modality, instance.burned_in_annotation);
}

namespace {

// Writes the de-identified file through a descriptor created here: the header by DCMTK (what
// DcmFileFormat::saveFile does, but with every write error seen), then, after a header-only load,
// the input's pixel data appended raw to the same open file. Returns "" or the reason; encode_error
// is set when DCMTK could not encode this input (the file's fault, not the output's).
std::string writeOutput(DcmFileFormat& fileformat, E_TransferSyntax xfer, const std::filesystem::path& output,
                        const deid::InputFile& input, const deid::HeaderResult& header, bool& encode_error) {
  const int fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return std::string("cannot write output: ") + std::strerror(errno);
  std::string failure;
  {
    bridge::FdOutputStream stream(fd);
    DcmWriteCache cache;
    const OFCondition written = deid::writeFileFormat(fileformat, stream, xfer, header.foreign_transfer_syntax, &cache);
    stream.finish();
    if (stream.error() != 0) failure = std::string("cannot write output: ") + std::strerror(stream.error());
    else if (written.bad()) {
      failure = std::string("cannot encode the de-identified file: ") + written.text();
      encode_error = true;
    }
    else if (header.kind == deid::HeaderLoad::PixelDataFollows)
      failure = deid::appendRawBytes(input.fd(), header.begin, header.end, fd, stream.bytesWritten());
  }
  if (::close(fd) != 0 && failure.empty()) failure = std::string("cannot write output: ") + std::strerror(errno);
  return failure;
}

}  // namespace

InstanceOutcome Deidentifier::deidentifyFile(const std::filesystem::path& input, const std::filesystem::path& output,
                                             const PatientContext& patient, bool record_changes) const {
  InstanceOutcome outcome;
  outcome.status = InstanceOutcome::Status::Failed;
  try {
    bridge::ensureDcmtkReady();
    if (!impl_->config.uids && !impl_->config.profile.has(DeidOption::RetainUids)) {
      outcome.code = OutcomeCode::NotConfigured;
      outcome.reason = "de-identifier not configured: no UID mapper";
      return outcome;
    }
    // Header only when possible (pixel data appended raw after writing), else the whole file with
    // large values left on disk until written: nothing is loaded twice. Both through the door, so
    // structures that would crash DCMTK's recursive parser are refused here too.
    deid::HeaderResult header;
    bridge::DicomFile opened = bridge::DicomFile::open(
        input, impl_->config.stream_pixel_data ? bridge::ReadDepth::Header : bridge::ReadDepth::LazyValues);
    if (opened.ok() && impl_->config.stream_pixel_data) {
      header = deid::locatePixelData(opened);
      if (header.kind == deid::HeaderLoad::NeedsFullLoad)
        opened = bridge::DicomFile::open(input, bridge::ReadDepth::LazyValues);
    }
    if (!opened.ok()) {
      outcome.code = outcomeOf(opened.problemKind());
      outcome.reason = opened.reason();
      return outcome;
    }
    const deid::InputFile& input_file = opened.input();
    DcmFileFormat& fileformat = opened.format();
    DcmDataset& dataset = *fileformat.getDataset();
    const E_TransferSyntax xfer = dataset.getOriginalXfer();
    if (header.kind == deid::HeaderLoad::NeedsFullLoad) {
      const std::string declared = bridge::getString(*fileformat.getMetaInfo(), DCM_TransferSyntaxUID);
      if (deid::isForeignTransferSyntax(declared)) {
        outcome.code = OutcomeCode::UnknownTransferSyntax;
        outcome.reason = "transfer syntax " + declared +
                         " is unknown to DCMTK 3.6.7 and its pixel data is not encapsulated explicit VR little endian";
        return outcome;
      }
    }

    const std::string sop_class = bridge::getString(dataset, DCM_SOPClassUID);
    if (const auto reason = deid::exclusionReason(impl_->config, sop_class, bridge::getString(dataset, DCM_Modality),
                                                  bridge::getString(dataset, DCM_BurnedInAnnotation))) {
      outcome.status = InstanceOutcome::Status::Excluded;
      outcome.code = reason->code;
      outcome.reason = reason->detail;
      return outcome;
    }
    if (bridge::getString(dataset, DCM_SOPInstanceUID).empty()) {
      outcome.code = OutcomeCode::InputIncomplete;
      outcome.reason = "no SOP Instance UID";
      return outcome;
    }

    const std::string original_charset = bridge::getString(dataset, DCM_SpecificCharacterSet);
    bool converted = false;
    bool text_unreliable = false;
    const bool top_level_needs_conversion =
        !original_charset.empty() && original_charset != "ISO_IR 192" && original_charset != "ISO_IR 6";
    if (top_level_needs_conversion || bridge::hasItemLevelCharacterSet(dataset)) {
      // When the character set cannot be converted (glibc iconv lacks e.g. ISO 2022 IR 87), the
      // file is still processed, but non-ASCII text cannot be checked and is emptied.
      converted = bridge::convertDatasetToUtf8(dataset);
      text_unreliable = !converted;
    }

    FileRun run(impl_->config, patient, record_changes, outcome);
    run.setTextUnreliable(text_unreliable);
    run.prepare(dataset, header.kind != deid::HeaderLoad::NeedsFullLoad);
    run.processItem(dataset, "", false);

    // Type 2 identity attributes are always present with the pseudonym (never empty).
    if (!dataset.tagExists(DCM_PatientName)) {
      dataset.putAndInsertString(DCM_PatientName, patient.pseudonym.name.c_str());
      run.count("pseudonym");
    }
    if (!dataset.tagExists(DCM_PatientID)) {
      dataset.putAndInsertString(DCM_PatientID, patient.pseudonym.id.c_str());
      run.count("pseudonym");
    }
    markDataset(dataset, impl_->config);
    setCharacterSet(dataset, original_charset, converted, hasNonAsciiReplace(impl_->config));

    outcome.new_sop_instance_uid = bridge::getString(dataset, DCM_SOPInstanceUID);
    outcome.new_series_instance_uid = bridge::getString(dataset, DCM_SeriesInstanceUID);
    outcome.new_study_instance_uid = bridge::getString(dataset, DCM_StudyInstanceUID);

    // File meta: created anew from the dataset (no source AE titles or private meta information).
    DcmMetaInfo& meta = *fileformat.getMetaInfo();
    const std::string old_media_uid = bridge::getString(meta, DCM_MediaStorageSOPInstanceUID);
    if (!old_media_uid.empty() && old_media_uid != outcome.new_sop_instance_uid)
      run.recordMeta("(0002,0003)", "MediaStorageSOPInstanceUID", "replace-uid", old_media_uid,
                     outcome.new_sop_instance_uid);
    for (const DcmTagKey& k : {DCM_SourceApplicationEntityTitle, DCM_SendingApplicationEntityTitle,
                               DCM_ReceivingApplicationEntityTitle, DCM_PrivateInformationCreatorUID,
                               DCM_PrivateInformation}) {
      if (meta.tagExists(k)) {
        run.recordMeta(bridge::formatTag(k), DcmTag(k).getTagName(), "remove", "", "");
        run.count("remove");
      }
    }
    meta.clear();

    if (!output.empty()) {
      bool encode_error = false;
      const std::string failure = writeOutput(fileformat, xfer, output, input_file, header, encode_error);
      if (!failure.empty()) {
        outcome.code = encode_error ? OutcomeCode::EncodeFailed : OutcomeCode::OutputWriteFailed;
        outcome.reason = failure;
        outcome.output_error = !encode_error;  // a file DCMTK cannot encode fails alone
        std::error_code ec;
        std::filesystem::remove(output, ec);
        return outcome;
      }
      outcome.pixel_data_streamed = header.kind == deid::HeaderLoad::PixelDataFollows;
      outcome.written = writtenHeader(dataset, xfer);
      if (!header.foreign_transfer_syntax.empty()) outcome.written.transfer_syntax_uid = header.foreign_transfer_syntax;
    }
    outcome.status = InstanceOutcome::Status::Kept;
    outcome.code = OutcomeCode::None;
    outcome.reason.clear();
  } catch (const Error& e) {
    outcome.status = InstanceOutcome::Status::Failed;
    outcome.code = outcomeOf(e.code());
    outcome.reason = e.what();
  } catch (const std::exception& e) {
    outcome.status = InstanceOutcome::Status::Failed;
    outcome.code = OutcomeCode::Internal;
    outcome.reason = std::string("internal error: ") + e.what();
  } catch (...) {
    outcome.status = InstanceOutcome::Status::Failed;
    outcome.code = OutcomeCode::Internal;
    outcome.reason = "internal error";
  }
  return outcome;
}

}  // namespace imaging
