// The postal-code-shaped pieces of an address (libimaging/bridge/postal_codes.h), red team C (C4):
// Dutch and Canadian codes inside a longer address part were not harvested.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "imaging_bridge/postal_codes.h"

using imaging::bridge::postalCodeForms;

namespace {
bool has(const std::vector<std::string>& forms, const std::string& form) {
  return std::find(forms.begin(), forms.end(), form) != forms.end();
}
}  // namespace

TEST(PostalCodes, CodesInsideAnAddressPartInBothSpacings) {
  const auto nl = postalCodeForms("Wicklowstraat 42, 7811 KP Fennimore");
  EXPECT_TRUE(has(nl, "7811 KP"));
  EXPECT_TRUE(has(nl, "7811KP"));
  const auto ca = postalCodeForms("42 Wicklow Terrace, Fennimore ON K7L 3N6");
  for (const char* form : {"K7L 3N6", "K7L3N6", "K7L", "3N6"}) EXPECT_TRUE(has(ca, form)) << form;
  const auto uk = postalCodeForms("42 Wicklow Terrace^^Fennimore^^FN7 3QX^GBR");
  for (const char* form : {"FN7 3QX", "FN73QX", "FN7", "3QX"}) EXPECT_TRUE(has(uk, form)) << form;
  EXPECT_TRUE(has(postalCodeForms("Fennimore\r\nSW1A 1AA"), "SW1A1AA"));
  EXPECT_TRUE(has(postalCodeForms("Triq il-Kbira, Fennimore VLT 1117"), "VLT1117"));
  EXPECT_TRUE(has(postalCodeForms("Wicklowstraat 42, 7811KP Fennimore"), "7811KP"));
}

// Guards: the rest of an address is not made a postal code.
TEST(PostalCodes, HouseNumbersOrdinalsAndWordsAreNot) {
  EXPECT_TRUE(postalCodeForms("42 Wicklow Terrace, Fennimore").empty());
  EXPECT_TRUE(postalCodeForms("2nd Floor, 31st Street").empty());
  EXPECT_TRUE(postalCodeForms("Flat 4B, 12 Elm Street").empty());
  const auto ca = postalCodeForms("Fennimore ON K7L 3N6");
  EXPECT_FALSE(has(ca, "ON K7L"));
  // Pieces of a code never join across parts.
  EXPECT_TRUE(postalCodeForms("Wicklowstraat 42, KP Fennimore").empty());
}
