#include "beyond_table.h"

namespace imaging::deid {
namespace {

// Exact tags only; none of them is in Table E.1-1 (a test checks that). Columns as in ActionRow:
// basic, then safe private, UIDs, device, institution, patient characteristics, full dates,
// modified dates, descriptors, structured content, graphics.
#define SCANSHARE_RULE(g, e, text, name, basic, inst) \
  {text, TagMatch::Exact, g, e, 0xFFFF, 0xFFFF, name, basic, "", "", "", inst, "", "", "", "", "", ""}

const AdditionalRule kRules[] = {
    {SCANSHARE_RULE(0x0008, 0x0051, "(0008,0051)", "Issuer of Accession Number Sequence", "X", ""),
     "names the hospital system that issued the accession number (local and universal entity IDs)"},
    {SCANSHARE_RULE(0x0010, 0x0024, "(0010,0024)", "Issuer of Patient ID Qualifiers Sequence", "X", ""),
     "qualifies the Patient ID's issuer: assigning facility, jurisdiction, agency, identifier type"},
    {SCANSHARE_RULE(0x0040, 0x0026, "(0040,0026)", "Order Placer Identifier Sequence", "X", ""),
     "the ordering system's identity for the order (an order number is a patient key in the HIS)"},
    {SCANSHARE_RULE(0x0040, 0x0027, "(0040,0027)", "Order Filler Identifier Sequence", "X", ""),
     "the filling system's identity for the order"},
    {SCANSHARE_RULE(0x0040, 0x0036, "(0040,0036)", "Assigning Facility Sequence", "X", ""),
     "the facility that assigned a person's or patient's identifier"},
    {SCANSHARE_RULE(0x0040, 0x0039, "(0040,0039)", "Assigning Jurisdiction Code Sequence", "X", ""),
     "the jurisdiction that assigned an identifier (narrows down where the patient lives)"},
    {SCANSHARE_RULE(0x0040, 0x003A, "(0040,003A)", "Assigning Agency or Department Code Sequence", "X", ""),
     "the agency or department that assigned an identifier"},
    {SCANSHARE_RULE(0x0040, 0x0031, "(0040,0031)", "Local Namespace Entity ID", "X", ""),
     "an issuer's local name (e.g. the hospital's RIS), wherever an issuer sequence survives"},
    {SCANSHARE_RULE(0x0040, 0x0032, "(0040,0032)", "Universal Entity ID", "X", ""),
     "an issuer's universal ID (OID or DNS name of the hospital system)"},
    {SCANSHARE_RULE(0x0040, 0x0515, "(0040,0515)", "Alternate Container Identifier Sequence", "X", ""),
     "other identifiers of a specimen container, often built from accession or patient numbers"},
    {SCANSHARE_RULE(0x0010, 0x0033, "(0010,0033)", "Patient's Birth Date in Alternative Calendar", "X", ""),
     "the birth date, written in another calendar"},
    {SCANSHARE_RULE(0x0010, 0x0034, "(0010,0034)", "Patient's Death Date in Alternative Calendar", "X", ""),
     "the death date, written in another calendar"},
    {SCANSHARE_RULE(0x0032, 0x1031, "(0032,1031)", "Requesting Physician Identification Sequence", "X", ""),
     "names and IDs of the requesting physician (Requesting Physician itself is removed by the table)"},
    {SCANSHARE_RULE(0x0040, 0xA067, "(0040,A067)", "Document Author (Trial)", "X", ""),
     "a person name (retired SR trial attribute still written by old systems)"},
    {SCANSHARE_RULE(0x0014, 0x0104, "(0014,0104)", "Secondary Reviewer Name", "X", ""),
     "a person name"},
    {SCANSHARE_RULE(0x0014, 0x2006, "(0014,2006)", "Evaluator Name", "X", ""),
     "a person name"},
    {SCANSHARE_RULE(0x0018, 0x1803, "(0018,1803)", "NTP Source Address", "X", "K"),
     "the network address of the hospital's time server (identifies the institution; kept with Retain "
     "Institution Identity)"},
};

#undef SCANSHARE_RULE

}  // namespace

const AdditionalRule* additionalRules() noexcept { return kRules; }
std::size_t additionalRuleCount() noexcept { return sizeof kRules / sizeof kRules[0]; }

}  // namespace imaging::deid
