// foldLetter is what the scrubber and verify's own search agree on: a name harvested with its
// accents must match the same name typed without them, in any case, and the other way round.
#include <gtest/gtest.h>

#include "imaging/core/letter_fold.h"

using imaging::foldLetter;

TEST(LetterFold, AsciiLowerCase) {
  EXPECT_EQ(foldLetter(U'A'), U'a');
  EXPECT_EQ(foldLetter(U'Z'), U'z');
  EXPECT_EQ(foldLetter(U'q'), U'q');
  EXPECT_EQ(foldLetter(U'7'), U'7');
  EXPECT_EQ(foldLetter(U'-'), U'-');
  EXPECT_EQ(foldLetter(U'^'), U'^');
}

TEST(LetterFold, LatinDiacriticsFoldToTheirBaseLetter) {
  for (char32_t c : {U'Ü', U'ü', U'Ú', U'ù', U'Ű', U'ų'}) EXPECT_EQ(foldLetter(c), U'u') << std::hex << c;
  for (char32_t c : {U'Í', U'í', U'Ï', U'İ', U'ı'}) EXPECT_EQ(foldLetter(c), U'i') << std::hex << c;
  for (char32_t c : {U'É', U'é', U'Ě', U'ę'}) EXPECT_EQ(foldLetter(c), U'e') << std::hex << c;
  for (char32_t c : {U'Ø', U'ö', U'Ő', U'ō'}) EXPECT_EQ(foldLetter(c), U'o') << std::hex << c;
  EXPECT_EQ(foldLetter(U'Ç'), U'c');
  EXPECT_EQ(foldLetter(U'Ñ'), U'n');
  EXPECT_EQ(foldLetter(U'Ł'), U'l');
  EXPECT_EQ(foldLetter(U'ł'), U'l');
  EXPECT_EQ(foldLetter(U'Ň'), U'n');  // odd code point, capital: the block is not simply even/odd
  EXPECT_EQ(foldLetter(U'Ž'), U'z');
  EXPECT_EQ(foldLetter(U'ž'), U'z');
  EXPECT_EQ(foldLetter(U'Š'), U's');
  EXPECT_EQ(foldLetter(U'Ș'), U's');
  EXPECT_EQ(foldLetter(U'ț'), U't');
  EXPECT_EQ(foldLetter(U'Ð'), U'd');
  EXPECT_EQ(foldLetter(U'Ÿ'), U'y');
  EXPECT_EQ(foldLetter(U'ÿ'), U'y');
}

TEST(LetterFold, LettersWithoutASingleBaseOnlyLoseTheirCase) {
  EXPECT_EQ(foldLetter(U'Æ'), U'æ');
  EXPECT_EQ(foldLetter(U'æ'), U'æ');
  EXPECT_EQ(foldLetter(U'Œ'), U'œ');
  EXPECT_EQ(foldLetter(U'Þ'), U'þ');
  EXPECT_EQ(foldLetter(U'ß'), U'ß');
  EXPECT_EQ(foldLetter(U'×'), U'×');
  EXPECT_EQ(foldLetter(U'÷'), U'÷');
}

TEST(LetterFold, GreekAndCyrillicCapitals) {
  EXPECT_EQ(foldLetter(U'Ω'), U'ω');
  EXPECT_EQ(foldLetter(U'Ж'), U'ж');
  EXPECT_EQ(foldLetter(U'ж'), U'ж');
  EXPECT_EQ(foldLetter(U'Ё'), U'е');
  EXPECT_EQ(foldLetter(U'ё'), U'е');
  EXPECT_EQ(foldLetter(U'Є'), U'є');
}

TEST(LetterFold, OtherScriptsAreUnchanged) {
  EXPECT_EQ(foldLetter(U'山'), U'山');
  EXPECT_EQ(foldLetter(U'ア'), U'ア');
  EXPECT_TRUE(imaging::isCombiningMark(0x308));
  EXPECT_FALSE(imaging::isCombiningMark(U'u'));
}
