// The engine on one parsed data set; see dataset_engine.h. How each action is carried out is
// documented in docs/deidentification.md.
#include "dataset_engine.h"

#include <algorithm>
#include <array>
#include <functional>
#include <memory>
#include <cstring>
#include <set>
#include <unordered_map>

#include "action_table.h"
#include "dataset_values.h"
#include "imaging/deid/date_shift.h"
#include "harvest.h"
#include "imaging/core/error.h"
#include "imaging/text/free_text.h"
#include "iod_types.h"
#include "tree_views.h"
#include "safe_private.h"
#include "standard_tags.h"
#include "unknown_vr.h"

namespace imaging::deid {
namespace {

using deid::Action;
using deid::ActionSet;

constexpr const char* kDummyText = "ANONYMOUS";
constexpr const char* kWellKnownRoot = "1.2.840.10008.";

// UIDs that say how this file is encoded, or name a coding scheme or a private dictionary: kept,
// whatever their root, since mapping them would make the file unreadable. Class UIDs (the file's
// own SOP Class UID, Referenced SOP Class UID, Original Specialized SOP Class UID) are mapped when
// not standard (newUid): a site's private class carries the site's root (red team D8). The meta
// and the DICOMDIR record are made from the written SOP Class UID, so all three agree.
bool namesTheEncodingOrClass(const DcmTagKey& key) {
  return key == DCM_TransferSyntaxUID ||
         key == DCM_ImplementationClassUID || key == DCM_ReferencedTransferSyntaxUIDInFile ||
         key == DCM_CodingSchemeUID || key == DCM_ContextGroupExtensionCreatorUID || key == DCM_MappingResourceUID ||
         key == DCM_PrivateInformationCreatorUID || key == DCM_PrivateRecordUID;
}

bool has(ActionSet set, Action a) { return (set & static_cast<ActionSet>(a)) != 0; }

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

// ASCII without escape sequences (ISO 2022 encodes multi-byte text in 7-bit bytes after ESC).
bool isPlainAscii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b < 0x80 && b != 0x1B;
  });
}

// Overlay planes: the even groups 6000-601E (PS3.5 7.6).
bool isOverlayGroup(std::uint16_t g) { return (g & 0xFFE1u) == 0x6000u; }

bool looksNumeric(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E' || c == ' ' ||
           c == '\\' || c == '\0';
  });
}


// Required (Type 1) codes and numbers of the image IODs that the action table does not list (so
// attributeType does not know them): left without a value the instance would be invalid.
bool isRequiredUnlisted(const DcmTagKey& key) {
  static const DcmTagKey kRequired[] = {DCM_ImageType,           DCM_Modality,           DCM_PhotometricInterpretation,
                                        DCM_ScanningSequence,    DCM_SequenceVariant,    DCM_ConversionType,
                                        DCM_PresentationIntentType, DCM_ImagePositionPatient,
                                        DCM_ImageOrientationPatient, DCM_PixelSpacing,   DCM_RescaleIntercept,
                                        DCM_RescaleSlope,        DCM_ContentLabel};
  return std::find(std::begin(kRequired), std::end(kRequired), key) != std::end(kRequired);
}

// SR observer context items whose TEXT names a person's organisation or a device.
bool isObserverIdentityConcept(const std::string& code) {
  return code == "121009" || code == "121013" || code == "121017" || code == "121012";
}

// The last cleaned texts of one thread, direct-mapped by value and tag. An entry names the scrubber
// it was made with by a weak reference: a scrubber that is gone (the run ended) matches nothing.
class CleanedTextMemo {
 public:
  struct Entry {
    std::weak_ptr<const TextScrubber> scrubber;
    std::uint32_t options = 0;
    DcmEVR vr = EVR_UNKNOWN;
    DcmTagKey key;
    std::string before, after;

    bool matches(const std::shared_ptr<const TextScrubber>& s, std::uint32_t o, DcmEVR v, const DcmTagKey& k,
                 const std::string& b) const {
      return options == o && vr == v && key == k && before == b && !scrubber.expired() &&
             !scrubber.owner_before(s) && !s.owner_before(scrubber);
    }
    void remember(const std::shared_ptr<const TextScrubber>& s, std::uint32_t o, DcmEVR v, const DcmTagKey& k,
                  const std::string& b, const std::string& a) {
      scrubber = s;
      options = o;
      vr = v;
      key = k;
      before = b;
      after = a;
    }
  };
  Entry& slot(const DcmTagKey& key, const std::string& before) {
    const std::size_t h = std::hash<std::string>{}(before) ^ (std::size_t{key.getGroup()} << 16 | key.getElement());
    return entries_[h % entries_.size()];
  }

 private:
  std::array<Entry, 128> entries_;
};

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
  bool numberHoldsIdentifier(const std::string& numbers) const override {
    return first_->numberHoldsIdentifier(numbers) || second_->numberHoldsIdentifier(numbers);
  }

 private:
  std::shared_ptr<const TextScrubber> first_, second_;
};

}  // namespace

// The work on one file: keeps per-file state out of the shared, const Deidentifier.
template <class Tree>
class FileRun {
  using Item = typename Tree::Item;
  using Element = typename Tree::Element;

 public:
  FileRun(const DeidConfig& config, const PatientContext& patient, bool record, InstanceOutcome& outcome)
      : config_(config), profile_(config.profile), patient_(patient), record_(record), outcome_(outcome),
        date_mode_(config.profile.dateMode()) {}

  // header_only: the dataset is everything before the pixel data, which the caller's harvest
  // (patientIdentifiers or harvestIdentifiers(file, profile)) covered; then the patient's shared scrubber already
  // covers this file. Otherwise (no shared scrubber, or elements after the pixel data) one is
  // built for this file.
  void prepare(Item& dataset, bool header_only) {
    family_ = deid::iodFamily(Tree::string(dataset, DCM_SOPClassUID));
    non_human_ = Tree::exists(dataset, DCM_PatientSpeciesDescription) || Tree::exists(dataset, DCM_PatientSpeciesCodeSequence);
    patient_name_ = Tree::string(dataset, DCM_PatientName);
    if (patient_.scrubber && header_only) {
      scrubber_ = patient_.scrubber;
      return;
    }
    std::shared_ptr<TextScrubber> own = makeTextScrubber();
    for (const std::string& id : contextIdentifiers(patient_, profile_)) own->addIdentifier(id);
    deid::HarvestScope scope;
    scope.institution = !profile_.has(DeidOption::RetainInstitutionIdentity);
    scope.device = !profile_.has(DeidOption::RetainDeviceIdentity);
    for (const std::string& id : Tree::harvest(dataset, scope)) own->addIdentifier(id);
    // The shared scrubber (every patient of the input) still applies on top of the file's own values.
    if (patient_.scrubber) scrubber_ = std::make_shared<ChainedScrubber>(patient_.scrubber, std::move(own));
    else scrubber_ = std::move(own);
  }

  void setTextUnreliable(bool unreliable) { text_unreliable_ = unreliable; }

  void processItem(Item& item, const std::string& prefix, bool content_tree) {
    std::vector<Element*> elements;
    Tree::elementsOf(item, elements);

    std::unordered_map<std::uint32_t, std::string> creators;  // (group << 8 | block) -> creator
    std::set<std::uint32_t> kept_blocks;
    std::vector<Element*> creator_elements;
    std::set<std::uint16_t> overlay_groups, kept_overlay_groups;  // kept: Overlay Data kept (Clean Graphics)
    const std::string concept_code = content_tree ? conceptCode(item) : std::string();

    for (Element* elem : elements) {
      elem = Tree::normalizeUnknownVr(item, elem);
      if (elem == nullptr) { count("remove"); continue; }  // undecodable UN: removed, never copied
      const DcmTagKey key = Tree::key(*elem);
      const std::uint16_t g = key.getGroup(), e = key.getElement();
      const std::string path = pathOf(prefix, key);
      if (isOverlayGroup(g)) overlay_groups.insert(g);
      if (e == 0x0000) {  // group length: removed; DCMTK recalculates any it needs on write
        removeElement(item, elem, path, "remove-group-length", false);
        continue;
      }
      if (g & 1u) {
        if (e >= 0x0010 && e <= 0x00FF) {
          creators[(std::uint32_t{g} << 8) | e] = Tree::value(*elem);
          creator_elements.push_back(elem);
          continue;
        }
        handlePrivate(item, elem, path, creators, kept_blocks);
        continue;
      }
      if (const AttributeOverride* rule = overrideFor(g, e); rule && applyOverride(item, elem, *rule, path)) {
        if (isOverlayGroup(g) && e == 0x3000 && rule->action != OverrideAction::Remove) kept_overlay_groups.insert(g);
        continue;
      }
      if (key == DCM_PatientName) { setPseudonym(*elem, path, patient_.pseudonym.name); continue; }
      if (key == DCM_PatientID) { setPseudonym(*elem, path, patient_.pseudonym.id); continue; }
      if (key == DCM_SpecificCharacterSet) continue;
      if (content_tree && handleContentItem(*elem, key, path, concept_code)) continue;

      const deid::ActionRow* row = deid::ActionTable::find(g, e);
      if (!row && !isStandardTag(g, e)) {
        // A public-looking tag the standard's dictionary does not know: nobody can say what it
        // holds, so it is not copied (binary bytes were copied verbatim before, text only scrubbed).
        // Answered from the table generated from DCMTK's dictionary (standard_tags.h): asking DCMTK
        // would load the dictionary into a plain run that needs nothing else of it.
        removeElement(item, elem, path, "remove-unknown", true);
        continue;
      }
      if (!row) {
        const DcmEVR vr = Tree::vr(*elem);
        if (vr == EVR_DA || vr == EVR_DT) {
          // A date the table does not list still moves with the others: one real date next to
          // shifted ones would give the offset away.
          unlistedDate(*elem, path);
          continue;
        }
        if (vr == EVR_UI && !namesTheEncodingOrClass(key)) {
          // An instance UID the table does not list (e.g. Multi-frame Source SOP Instance UID)
          // names the source object as surely as a listed one: mapped like them. So is a
          // non-standard UID in a referenced or original class (a private root, or an instance
          // UID typed there); standard UIDs are never mapped (newUid).
          mapUids(*elem, path);
          continue;
        }
        if (vr == EVR_UR) {
          // A URL the table does not list (Retrieve URL, Pixel Data Provider URL) points back at
          // the source system and often spells out its study UIDs: not carried into a shared copy.
          emptyValue(*elem, path);
          continue;
        }
        keepElement(*elem, path, content_tree, /*listed=*/false);
        continue;
      }
      const Action action = resolve(*row, g, e);
      if (action != Action::Remove && isOverlayGroup(g) && e == 0x3000) kept_overlay_groups.insert(g);
      apply(item, *elem, action, path, content_tree);
    }

    // Private creators stay only for blocks that kept an element.
    for (Element* elem : creator_elements) {
      const DcmTagKey key = Tree::key(*elem);
      const std::uint32_t block = (std::uint32_t{key.getGroup()} << 8) | key.getElement();
      if (kept_blocks.count(block)) count("keep-private");
      else removeElement(item, elem, pathOf(prefix, key), "remove-private", true);
    }
    // An overlay group goes whole unless its Overlay Data was kept: without (60xx,3000) the group
    // describes an overlay embedded in the pixel data's unused high bits (retired, still written by
    // old scanners), whose bits the writer clears; what remains would be an incomplete module.
    if (overlay_groups.size() == kept_overlay_groups.size()) return;
    std::vector<Element*> rest;
    Tree::elementsOf(item, rest);
    for (Element* elem : rest) {
      const std::uint16_t g = Tree::key(*elem).getGroup();
      if (isOverlayGroup(g) && !kept_overlay_groups.count(g))
        removeElement(item, elem, pathOf(prefix, Tree::key(*elem)), "remove", true);
    }
  }

  std::string newUid(const std::string& uid) const {
    if (uid.empty() || uid.rfind(kWellKnownRoot, 0) == 0) return uid;
    return config_.uids->map(uid);
  }

  // Counted in a few slots during the run and added to the outcome's map once at its end
  // (flushCounts): a map lookup per attribute was a measurable part of the engine's time.
  void count(std::string_view action) {
    for (auto& [name, n] : pending_counts_)
      if (name == action) {
        ++n;
        return;
      }
    pending_counts_.emplace_back(std::string(action), 1);
  }
  void flushCounts() {
    for (const auto& [name, n] : pending_counts_) outcome_.action_counts[name] += n;
    pending_counts_.clear();
  }

  // What an element held, for a recorded change only (not worked out otherwise: hot loop).
  std::string describe(Element& elem) const { return record_ ? Tree::describe(elem) : std::string(); }

  void record(const std::string& path, Element& elem, const std::string& action, const std::string& before,
              const std::string& after) {
    if (!record_) return;
    outcome_.changes.push_back({path, Tree::tagName(elem), action, before, after});
  }
 private:
  static std::string conceptCode(Item& item) { return Tree::conceptCode(item); }

  // Clean Structured Content: content items inside ContentSequence and similar trees.
  bool handleContentItem(Element& elem, const DcmTagKey& key, const std::string& path,
                         const std::string& concept_code) {
    if (key == DCM_PersonName) {
      const std::string before = Tree::value(elem);
      const std::string after = !patient_name_.empty() && before == patient_name_ ? patient_.pseudonym.name : kDummyText;
      setString(elem, path, "clean", before, after);
      return true;
    }
    if (key == DCM_TextValue && isObserverIdentityConcept(concept_code)) {
      setString(elem, path, "clean", Tree::value(elem), kDummyText);
      return true;
    }
    if (key == DCM_TextValue) {
      const std::string before = Tree::value(elem);
      setString(elem, path, "clean", before, cleanText(before, Tree::vr(elem), DCM_TextValue));
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

  void apply(Item& item, Element& elem, Action action, const std::string& path, bool content_tree) {
    const DcmEVR vr = Tree::vr(elem);
    const DcmTagKey key = Tree::key(elem);
    switch (action) {
      case Action::Remove:
        removeElement(item, &elem, path, "remove", true);
        return;
      case Action::Empty: {
        const std::string before = describe(elem);
        Tree::clear(elem);
        count("empty");
        if (!before.empty()) record(path, elem, "empty", before, "");
        return;
      }
      case Action::Dummy:
        if (vr == EVR_SQ) {
          // A required sequence keeps its items, each cleaned by the table; otherwise it goes.
          if (deid::attributeType(family_, key.getGroup(), key.getElement(), non_human_) <= 2) {
            count("dummy");
            recurse(elem, path, true);
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
          recurse(elem, path, content_tree);
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

  void keepElement(Element& elem, const std::string& path, bool content_tree, bool listed) {
    const DcmEVR vr = Tree::vr(elem);
    if (vr == EVR_SQ) {
      recurse(elem, path, content_tree);
      return;
    }
    if (isCodedVr(vr)) {
      scrubCodedValues(elem, path, listed ? "clean" : "scrub", /*count_kept=*/false);
      return;
    }
    if (!isTextVr(vr)) return;
    const std::string before = Tree::value(elem);
    if (before.empty()) return;
    const DcmTagKey key = Tree::key(elem);
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
  bool applyOverride(Item& item, Element* elem, const AttributeOverride& rule, const std::string& path) {
    const DcmEVR vr = Tree::vr(*elem);
    switch (rule.action) {
      case OverrideAction::Remove:
        removeElement(item, elem, path, "recipe-remove", true);
        return true;
      case OverrideAction::Empty: {
        const std::string before = describe(*elem);
        Tree::clear(*elem);
        count("recipe-empty");
        record(path, *elem, "recipe-empty", before, "");
        return true;
      }
      case OverrideAction::Replace: {
        if (vr == EVR_UI || vr == EVR_SQ || !bridge::isStringVr(vr)) return false;
        const std::string before = Tree::value(*elem);
        Tree::put(*elem, rule.value);
        count("recipe-replace");
        record(path, *elem, "recipe-replace", before, rule.value);
        return true;
      }
      case OverrideAction::Keep: {
        if (vr == EVR_UI || vr == EVR_SQ) return false;
        count("recipe-keep");
        if (bridge::isStringVr(vr)) {
          const std::string value = Tree::value(*elem);
          record(path, *elem, "keep-verbatim", value, value);  // --dry-run: stays exactly as written
        }
        return true;
      }
    }
    return false;
  }

  // --keep-text: the value stays as it is, counted and (in a dry run) shown. False: not such an attribute.
  bool keepVerbatim(Element& elem, const DcmTagKey& key, const std::string& path, const std::string& value) {
    const AttributeKey k{key.getGroup(), key.getElement()};
    const auto& verbatim = config_.keep_text_verbatim;
    if (std::find(verbatim.begin(), verbatim.end(), k) == verbatim.end()) return false;
    count("keep-verbatim");
    record(path, elem, "keep-verbatim", value, value);
    return true;
  }

  void recurse(Element& seq, const std::string& path, bool content_tree) {
    const std::size_t n = Tree::itemCount(seq);
    for (std::size_t i = 0; i < n; ++i)
      processItem(Tree::itemAt(seq, i), record_ ? path + "[" + std::to_string(i) + "]." : std::string(), content_tree);
  }

  // Tag paths are only needed for recorded changes: not built otherwise (hot loop).
  std::string pathOf(const std::string& prefix, const DcmTagKey& key) const {
    return record_ ? prefix + bridge::formatTag(key) : std::string();
  }

  // Kept text: the identifiers harvested from every patient of the input go first, then every word
  // the allow-list does not know (technical attributes: only the date/phone/ID/address shapes).
  std::string cleanText(const std::string& before, DcmEVR vr, const DcmTagKey& key) const {
    // With the patient's shared scrubber the answer depends only on the value, its VR and tag and
    // the run's options: values repeat file after file (descriptions, protocols, comments of a
    // series), so the last answers are remembered per thread. A file's own scrubber (its own
    // harvest) is never remembered.
    if (scrubber_ == patient_.scrubber && scrubber_ != nullptr) {
      const std::uint32_t options = (text_unreliable_ ? 1u : 0u) |
                                    (profile_.has(DeidOption::RetainDeviceIdentity) ? 2u : 0u) |
                                    (profile_.has(DeidOption::RetainInstitutionIdentity) ? 4u : 0u);
      thread_local CleanedTextMemo cleaned;
      CleanedTextMemo::Entry& memo = cleaned.slot(key, before);
      if (memo.matches(patient_.scrubber, options, vr, key, before)) return memo.after;
      std::string after = cleanTextNow(before, vr, key);
      memo.remember(patient_.scrubber, options, vr, key, before, after);
      return after;
    }
    return cleanTextNow(before, vr, key);
  }

  std::string cleanTextNow(const std::string& before, DcmEVR vr, const DcmTagKey& key) const {
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

  void clean(Element& elem, const std::string& path) {
    const DcmEVR vr = Tree::vr(elem);
    switch (vr) {
      case EVR_SQ:
        count("clean");
        recurse(elem, path, true);
        return;
      case EVR_DA:
      case EVR_DT: {
        if (date_mode_ == DateMode::Keep) { count("keep"); return; }
        if (date_mode_ == DateMode::Remove) { dummy(elem, path); return; }
        const std::string before = Tree::value(elem);
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
          const std::string before = Tree::value(elem);
          Tree::clear(elem);
          record(path, elem, "empty", before, "");
        }
        return;
      case EVR_UI:
        mapUids(elem, path);
        return;
      case EVR_PN: {
        const std::string before = Tree::value(elem);
        setString(elem, path, "clean", before, before.empty() ? std::string() : kDummyText);
        return;
      }
      default:
        break;
    }
    if (isTextVr(vr)) {
      const std::string before = Tree::value(elem);
      const DcmTagKey key = Tree::key(elem);
      if (keepVerbatim(elem, key, path, before)) return;
      const std::string after = cleanText(before, vr, key);
      if (after == before && !before.empty()) record(path, elem, "keep-text", before, after);
      setString(elem, path, "clean", before, after);
      return;
    }
    if (isCodedVr(vr)) {
      scrubCodedValues(elem, path, "clean", /*count_kept=*/true);
      return;
    }
    count("clean");  // binary (curves/overlays under Clean Graphics): nothing to clean
  }

  // Codes, numbers and URLs are not prose: no allow-list, but an identifier typed into one
  // ("ORIGINAL\PRIMARY\QUILLFEATHER", AcquisitionNumber 48213377, a WADO URL with the MRN) must
  // not stay. A code value that holds one goes and the other values stay; a number or URL is
  // emptied. A required (Type 1) attribute stays valid: a code left without values gets the dummy,
  // a number keeps its count of values with 0 in place of each identifying one.
  void scrubCodedValues(Element& elem, const std::string& path, const char* action, bool count_kept) {
    const std::string before = Tree::value(elem);
    const DcmEVR vr = Tree::vr(elem);
    const bool number = vr == EVR_IS || vr == EVR_DS;
    auto holds = [&](const std::string& v) {
      return number ? scrubber_->numberHoldsIdentifier(v) : scrubber_->containsIdentifier(v);
    };
    if (before.empty() || !holds(before)) {
      if (count_kept) count(action);
      return;
    }
    const DcmTagKey key = Tree::key(elem);
    if (keepVerbatim(elem, key, path, before)) return;
    const bool required = deid::attributeType(family_, key.getGroup(), key.getElement(), non_human_) == 1 ||
                          isRequiredUnlisted(key);
    std::string after;
    if (vr != EVR_UR && (!number || required)) {  // a URL is one value; a backslash in it is no delimiter
      std::size_t start = 0;
      bool first = true;
      while (start <= before.size()) {
        const std::size_t end = std::min(before.find('\\', start), before.size());
        const std::string value = before.substr(start, end - start);
        const bool identifying = holds(value);
        if (number || !identifying) {
          after += (first ? "" : "\\") + (identifying ? std::string("0") : value);
          first = false;
        }
        start = end + 1;
      }
    }
    if (after.empty() && required) {
      dummy(elem, path);
      return;
    }
    setString(elem, path, action, before, after);
  }

  void unlistedDate(Element& elem, const std::string& path) {
    if (date_mode_ == DateMode::Keep) return;
    if (date_mode_ == DateMode::Shift) {
      clean(elem, path);
      return;
    }
    const std::string before = Tree::value(elem);
    if (before.empty()) return;
    Tree::clear(elem);
    count("empty");
    record(path, elem, "empty", before, "");
  }

  void emptyValue(Element& elem, const std::string& path) {
    const std::string before = describe(elem);
    if (Tree::value(elem).empty()) return;
    Tree::clear(elem);
    count("empty");
    record(path, elem, "empty", before, "");
  }

  void dummy(Element& elem, const std::string& path) {
    const DcmEVR vr = Tree::vr(elem);
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
    if (bridge::isStringVr(vr) || isBinaryNumberVr(vr)) Tree::put(elem, after);
    else Tree::clear(elem);  // OB/OW/UN: empty
    count("dummy");
    record(path, elem, "dummy", before, after);
  }

  void mapUids(Element& elem, const std::string& path) {
    if (Tree::vr(elem) != EVR_UI) {  // a UID row read with another VR (e.g. UN): cannot map, so empty it
      const std::string before = describe(elem);
      Tree::clear(elem);
      count("empty");
      record(path, elem, "empty", before, "");
      return;
    }
    const std::string before = Tree::value(elem);
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
    Tree::put(elem, after);
    count("replace-uid");
    record(path, elem, "replace-uid", before, after);
  }

  void setPseudonym(Element& elem, const std::string& path, const std::string& value) {
    const std::string before = Tree::value(elem);
    Tree::put(elem, value);
    count("pseudonym");
    record(path, elem, "pseudonym", before, value);
  }

  void setString(Element& elem, const std::string& path, const std::string& action, const std::string& before,
                 const std::string& after) {
    count(action);
    if (before == after) return;
    Tree::put(elem, after);
    record(path, elem, action, before, after);
  }

  void removeElement(Item& item, Element* elem, const std::string& path, const std::string& action,
                     bool counted) {
    if (counted) count(action);
    if (record_ && counted) record(path, *elem, action, describe(*elem), "");
    Tree::remove(item, elem);
  }

  void handlePrivate(Item& item, Element* elem, const std::string& path,
                     const std::unordered_map<std::uint32_t, std::string>& creators, std::set<std::uint32_t>& kept) {
    const DcmTagKey key = Tree::key(*elem);
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
  static bool isSafeValue(Element& elem) {
    const DcmEVR vr = Tree::vr(elem);
    if (isBinaryNumberVr(vr)) return true;
    if (vr == EVR_DS || vr == EVR_IS) return looksNumeric(Tree::value(elem));
    if (vr == EVR_UN || vr == EVR_OB) {
      std::string text;
      if (!Tree::bytes(elem, text)) return false;
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
  std::vector<std::pair<std::string, int>> pending_counts_;
};

DatasetEngine::DatasetEngine(const DeidConfig& config, const PatientContext& patient, bool record, InstanceOutcome& outcome)
    : config_(config), patient_(patient), record_(record), outcome_(outcome) {}
DatasetEngine::~DatasetEngine() = default;

// A file takes one of the two views: only that view's run is built.
template <class Tree>
FileRun<Tree>& DatasetEngine::runFor(std::unique_ptr<FileRun<Tree>>& run) {
  if (!run) {
    run = std::make_unique<FileRun<Tree>>(config_, patient_, record_, outcome_);
    run->setTextUnreliable(text_unreliable_);
  }
  return *run;
}

void DatasetEngine::prepare(DcmDataset& dataset, bool header_only) { runFor(dcmtk_).prepare(dataset, header_only); }
void DatasetEngine::run(DcmDataset& dataset) {
  FileRun<DcmtkTree>& run = runFor(dcmtk_);
  run.processItem(dataset, "", false);
  run.flushCounts();
}
void DatasetEngine::prepare(TreeItem& dataset) { runFor(plain_).prepare(dataset, /*header_only=*/true); }
void DatasetEngine::run(TreeItem& dataset) {
  FileRun<PlainTreeOps>& run = runFor(plain_);
  run.processItem(dataset, "", false);
  run.flushCounts();
}
void DatasetEngine::setTextUnreliable(bool unreliable) {
  text_unreliable_ = unreliable;
  if (dcmtk_) dcmtk_->setTextUnreliable(unreliable);
  if (plain_) plain_->setTextUnreliable(unreliable);
}
void DatasetEngine::count(const std::string& action) { ++outcome_.action_counts[action]; }
void DatasetEngine::recordMeta(const std::string& tag, const std::string& keyword, const std::string& action,
                               const std::string& before, const std::string& after) {
  if (record_) outcome_.changes.push_back({tag, keyword, action, before, after});
}

}  // namespace imaging::deid
