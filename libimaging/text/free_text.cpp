// The allow-list for kept free text. A value is cut into chunks at white space; each chunk is
// judged whole (its words, its numbers, its shape), then a few phrase rules look at neighbours
// (a month name between a day and a year, a phone number written in groups, an eponym followed
// by "disease"). The rules are documented in docs/deidentification.md, "Free text".
#include "imaging/text/free_text.h"

#include <algorithm>
#include <optional>

#include "utf8.h"
#include "unsafe_run_memo.h"
#include "vocabulary.h"

namespace imaging::text {
namespace {

using detail::Section;
using detail::Vocabulary;

struct Chunk {
  std::size_t begin = 0, end = 0;            // code point range of the whole chunk
  std::size_t core_begin = 0, core_end = 0;  // without leading/trailing punctuation
  bool hard_break_before = false;            // a '\' or line break separates it from the previous chunk
  std::optional<TextRule> rule;              // unsafe when set
  bool numeric = false;                      // digits (and punctuation), no letters
  int digits = 0;
  bool month = false;                        // a month name
  bool day_or_year = false;                  // 1-2 digits (ordinal allowed) or a 4-digit year
  bool eponym_only = false;                  // unsafe only because of eponyms (Baker, Crohn)
  bool ambiguous = false;                    // safe unless its neighbours make it a name (LOW, MARTIN)
  bool capitalised = false;                  // starts with a capital letter
  bool title_case = false;                   // a capital, then lower case (Sabine, not SABINE)
  bool street_compound = false;              // one word ending in a street word (Lindenstraße, Hauptstr)
  bool possessive = false;
  std::string first_word;                    // folded first letter run (phrase rules)
};

bool isMonthName(const std::string& folded) {
  static const char* const months[] = {
      // English
      "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
      "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
      // German
      "januar", "jänner", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember", "jän", "mär", "okt", "dez",
      // French
      "janvier", "février", "mars", "avril", "juin", "juillet", "août", "septembre", "octobre", "novembre",
      "décembre", "janv", "févr", "fév", "avr", "juil", "déc",
      // Spanish
      "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre",
      "octubre", "noviembre", "diciembre", "ene", "ago", "dic",
      // Italian
      "gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre", "dicembre", "gen",
      "mag", "giu", "lug", "set", "ott",
      // Dutch
      "januari", "februari", "maart", "mei", "augustus", "mrt",
      // Portuguese
      "janeiro", "fevereiro", "março", "maio", "junho", "julho", "setembro", "outubro", "novembro", "dezembro",
      "fev", "out"};
  return std::find(std::begin(months), std::end(months), folded) != std::end(months);
}

// Words after which a capitalised eponym is a medical term, not a person ("Baker cyst").
bool isEponymHead(const std::string& folded) {
  static const char* const heads[] = {
      "cyst", "cysts", "disease", "syndrome", "fracture", "sign", "palsy", "lymphoma", "tumor", "tumour",
      "esophagus", "oesophagus", "ulcer", "node", "nodes", "hernia", "canal", "duct", "lesion", "deformity",
      "classification", "criteria", "maneuver", "manoeuvre", "triangle", "fat", "gland", "glands", "ligament",
      "tendon", "bursa", "capsule", "fascia", "membrane", "nerve", "artery", "ganglion", "muscle", "tubercle",
      "sinus", "phenomenon", "reflex", "projection", "catheter", "shunt", "pouch", "diverticulum", "neuroma",
      "aneurysm", "arteritis", "thyroiditis", "encephalopathy", "dystrophy", "sarcoma", "fistula", "foramen",
      "fossa", "lesions"};
  return std::find(std::begin(heads), std::end(heads), folded) != std::end(heads);
}

// Words after which a capitalised word names a person: relations, titles, "call", "ask".
bool isPersonContext(const std::string& folded) {
  static const char* const words[] = {
      "husband", "wife", "spouse", "partner", "son", "daughter", "mother", "father", "mom", "dad", "mum", "brother",
      "sister", "aunt", "uncle", "cousin", "niece", "nephew", "grandson", "granddaughter", "grandmother",
      "grandfather", "friend", "neighbour", "neighbor", "fiance", "fiancee", "boyfriend", "girlfriend", "guardian",
      "carer", "caregiver", "contact", "call", "ask", "called", "named", "dr", "mr", "mrs", "ms", "miss", "prof",
      "nurse", "sir", "madam", "signed", "per", "ehemann", "ehefrau", "frau", "herr", "mann", "sohn", "tochter",
      "mutter", "vater", "bruder", "schwester", "mari", "femme", "fils", "fille", "madame", "monsieur", "mme",
      "mlle", "esposo", "esposa", "marido", "mujer", "hijo", "hija", "señor", "señora", "sr", "sra", "dott",
      "sig", "sigra", "signora", "signor", "sgr", "moglie", "marito", "figlio", "figlia", "echtgenoot", "echtgenote", "mevrouw", "meneer",
      "dhr", "mw", "senhor", "senhora", "filho", "filha"};
  return std::find(std::begin(words), std::end(words), folded) != std::end(words);
}

bool isStreetWord(const std::string& folded) {
  static const char* const words[] = {
      "street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "drive", "boulevard", "blvd", "way", "court",
      "terrace", "crescent", "close", "place", "square", "straße", "strasse", "str", "weg", "gasse", "allee",
      "platz", "ring", "rue", "chemin", "calle", "avenida", "paseo", "via", "viale", "piazza", "corso", "straat",
      "laan", "plein", "gracht", "rua", "travessa", "largo", "praça"};
  return std::find(std::begin(words), std::end(words), folded) != std::end(words);
}

// Street words that French, Spanish, Italian and Portuguese write in lower case before the name
// ("rue des Lilas", "calle Mayor", "via Roma", "rua Augusta").
bool isLowerCaseStreetWord(const std::string& folded) {
  static const char* const words[] = {"rue", "chemin", "calle", "avenida", "paseo", "via", "viale", "piazza",
                                      "corso", "rua", "travessa", "largo", "praça", "avenue", "boulevard"};
  return std::find(std::begin(words), std::end(words), folded) != std::end(words);
}

// German and Dutch write the street word into the name: Lindenstraße, Hauptstr, Kerkstraat.
bool endsWithStreetWord(const std::string& folded) {
  for (const char* suffix : {"straße", "strasse", "str", "weg", "gasse", "allee", "platz", "straat", "laan", "gracht"}) {
    const std::string s(suffix);
    if (folded.size() > s.size() + 2 && folded.compare(folded.size() - s.size(), s.size(), s) == 0) return true;
  }
  return false;
}

bool isTopLevelDomain(const std::string& folded) {
  static const char* const tlds[] = {"com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "io", "de",
                                     "fr", "es", "it", "nl", "pt", "br", "uk", "us", "ca", "au", "ch", "at",
                                     "be", "se", "no", "dk", "fi", "pl", "cz", "jp", "cn", "kr", "in", "eu", "ie"};
  return std::find(std::begin(tlds), std::end(tlds), folded) != std::end(tlds);
}

// Ambiguous: a common word that is also a name (LOW, WHITE, MARTIN): kept unless the words around
// it say it names a person (see applyPhraseRules).
enum class WordVerdict { Safe, Name, Unknown, Eponym, Ambiguous };

// Looks a folded word up as written, then without accents (DICOM text is often written in ASCII:
// "craneo", "torax").
bool known(Section section, const std::string& folded) {
  const Vocabulary& vocabulary = Vocabulary::instance();
  if (vocabulary.contains(section, folded)) return true;
  const std::string plain = detail::withoutAccents(folded);
  return plain != folded && vocabulary.contains(section, plain);
}

// A regular adverb of a known adjective ("morphologically" from "morphological"): the lists hold
// the adjective but rarely its -ly form, and standard code meanings use them ("Morphologically
// Altered Structure"). Only "-ally" over a known "-al" word of 6 or more letters: names ending in
// "ly" (Kelly, Beverly, Kingsly) have no such stem.
bool isAdverbOfKnownWord(const std::string& folded) {
  constexpr std::size_t kMinStem = 6;
  if (folded.size() < kMinStem + 2 || folded.compare(folded.size() - 4, 4, "ally") != 0) return false;
  const std::string stem = folded.substr(0, folded.size() - 2);
  return known(Section::Words, stem) || known(Section::Medical, stem);
}

// One run of letters in one letter case pattern, as written.
WordVerdict judgeCasedWord(const std::vector<char32_t>& cp, std::size_t begin, std::size_t end) {
  const std::size_t length = end - begin;
  if (length == 1) return WordVerdict::Safe;
  const std::string folded = detail::foldedUtf8(cp, begin, end);
  if (known(Section::Imaging, folded)) return WordVerdict::Safe;
  std::size_t upper = 0;
  for (std::size_t i = begin; i < end; ++i) upper += detail::isUpperCase(cp[i]) ? 1 : 0;
  if (upper == 0) {  // written in lower case: a common word, wherever else it appears
    if (length <= 2 || known(Section::Words, folded) || known(Section::Medical, folded) ||
        isAdverbOfKnownWord(folded))
      return WordVerdict::Safe;
    return WordVerdict::Unknown;
  }
  const bool all_upper = upper == length;
  // Capitalised or in capitals: a name when any list knows it as one (Martin, JOHNSON), unless it
  // is a medical eponym, which the phrase rules keep only where it is used as one.
  const bool common = known(Section::Words, folded) || isAdverbOfKnownWord(folded);
  if (known(Section::Proper, folded)) {
    if (common) return WordVerdict::Ambiguous;
    return known(Section::Eponym, folded) || known(Section::Medical, folded) ? WordVerdict::Eponym : WordVerdict::Name;
  }
  if (common || known(Section::Medical, folded)) return WordVerdict::Safe;
  if (known(Section::Eponym, folded)) return WordVerdict::Eponym;
  if (all_upper && length <= 4) return WordVerdict::Safe;  // abbreviations: FGRE, OBLI, SPGR
  return all_upper ? WordVerdict::Unknown : WordVerdict::Name;
}

// One run of letters. has_digits: the chunk also holds digits (a technical token such as t2_tse or
// b1000), where short letter runs are abbreviations and units. Mixed case is judged per part
// (dynaVIEWS, sDWI, SmartBrain are parts of known words; McDonald, DeLuca are not).
WordVerdict judgeWord(const std::vector<char32_t>& cp, std::size_t begin, std::size_t end, bool has_digits) {
  if (end - begin == 1) return WordVerdict::Safe;
  if (has_digits && end - begin <= 3) return WordVerdict::Safe;
  std::vector<std::pair<std::size_t, std::size_t>> parts;
  std::size_t start = begin;
  for (std::size_t i = begin + 1; i < end; ++i) {
    const bool up = detail::isUpperCase(cp[i]), prev_up = detail::isUpperCase(cp[i - 1]);
    const bool next_lower = i + 1 < end && !detail::isUpperCase(cp[i + 1]);
    // a new part starts at lower->Upper, and at the last capital of a capital run followed by lower case
    if ((up && !prev_up) || (up && prev_up && next_lower && i - start > 1)) {
      parts.emplace_back(start, i);
      start = i;
    }
  }
  parts.emplace_back(start, end);
  if (parts.size() == 1) return judgeCasedWord(cp, begin, end);
  const std::string folded = detail::foldedUtf8(cp, begin, end);
  if (known(Section::Imaging, folded)) return WordVerdict::Safe;
  for (const auto& [b, e] : parts) {
    const WordVerdict v = judgeCasedWord(cp, b, e);
    if (v != WordVerdict::Safe && v != WordVerdict::Ambiguous) return WordVerdict::Name;
  }
  return WordVerdict::Safe;
}

struct DigitGroups {
  std::vector<std::string> groups;  // runs of digits
  std::vector<char32_t> separators; // the single character between consecutive groups, or 0
  bool simple = true;               // groups separated by exactly one character
};

DigitGroups digitGroups(const std::vector<char32_t>& cp, std::size_t begin, std::size_t end) {
  DigitGroups g;
  std::string current;
  std::size_t gap = 0;
  char32_t separator = 0;
  for (std::size_t i = begin; i < end; ++i) {
    if (detail::isDigit(cp[i])) {
      if (current.empty() && !g.groups.empty()) {
        g.separators.push_back(gap == 1 ? separator : 0);
        if (gap != 1) g.simple = false;
      }
      current += static_cast<char>(cp[i]);
      gap = 0;
    } else {
      if (!current.empty()) g.groups.push_back(current), current.clear();
      ++gap;
      separator = cp[i];
    }
  }
  if (!current.empty()) g.groups.push_back(current);
  return g;
}

int toInt(const std::string& digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

bool plausibleDayMonth(int a, int b) { return a >= 1 && b >= 1 && a <= 31 && b <= 31 && (a <= 12 || b <= 12); }

bool isCompactDate(const std::string& d) {
  if (d.size() == 8) {
    const int year = toInt(d.substr(0, 4)), month = toInt(d.substr(4, 2)), day = toInt(d.substr(6, 2));
    if (year >= 1800 && year <= 2199 && month >= 1 && month <= 12 && day >= 1 && day <= 31) return true;
    const int y2 = toInt(d.substr(4, 4));  // DDMMYYYY
    return y2 >= 1800 && y2 <= 2199 && plausibleDayMonth(toInt(d.substr(0, 2)), toInt(d.substr(2, 2)));
  }
  return false;
}

// A chunk made of digits and punctuation only.
std::optional<TextRule> judgeNumeric(const DigitGroups& g, int digits) {
  const auto n = g.groups.size();
  auto sepIs = [&](std::size_t i, std::u32string_view set) { return set.find(g.separators[i]) != std::u32string_view::npos; };
  if (n >= 4 && g.simple && std::all_of(g.separators.begin(), g.separators.end(), [](char32_t c) { return c == '.'; }))
    return TextRule::Uid;
  if (n >= 2 && n <= 4 && g.simple && sepIs(0, U":") && g.groups[0].size() <= 2 && g.groups[1].size() == 2)
    return TextRule::Time;
  if (n == 3 && g.simple && sepIs(0, U"-/.") && g.separators[1] == g.separators[0]) {
    const auto& a = g.groups[0];
    const auto& b = g.groups[1];
    const auto& c = g.groups[2];
    if (a.size() == 4 && b.size() <= 2 && c.size() <= 2) return TextRule::Date;
    if (a.size() <= 2 && b.size() <= 2 && (c.size() == 2 || c.size() == 4) && plausibleDayMonth(toInt(a), toInt(b)))
      return TextRule::Date;
  }
  if (n == 2 && g.simple && sepIs(0, U"/.-") && g.groups[0].size() == 2 && g.groups[1].size() == 2 &&
      plausibleDayMonth(toInt(g.groups[0]), toInt(g.groups[1])))
    return TextRule::Date;
  if (n == 2 && g.simple && sepIs(0, U"/-.") && g.groups[0].size() <= 2 && g.groups[1].size() == 4 &&
      toInt(g.groups[0]) >= 1 && toInt(g.groups[0]) <= 12)
    return TextRule::Date;  // 07/1956
  for (const auto& group : g.groups) {
    if (isCompactDate(group)) return TextRule::Date;
    if (group.size() >= 5) return TextRule::IdNumber;
  }
  if (digits >= 7) return TextRule::Phone;
  return std::nullopt;
}

class Judge {
 public:
  Judge(const detail::CodePoints& text, TextCheck check) : t_(text), check_(check) {}

  std::vector<Chunk> chunks() {
    std::vector<Chunk> out;
    const auto& cp = t_.cp;
    bool hard_break = false;
    std::size_t i = 0;
    while (i < cp.size()) {
      if (cp[i] == '\\' || cp[i] == '\n' || cp[i] == '\r') { hard_break = true; ++i; continue; }
      if (detail::isSpace(cp[i])) { ++i; continue; }
      Chunk c;
      c.begin = i;
      while (i < cp.size() && !detail::isSpace(cp[i]) && cp[i] != '\\') ++i;
      c.end = i;
      c.hard_break_before = hard_break;
      hard_break = false;
      judgeChunk(c);
      out.push_back(std::move(c));
    }
    applyPhraseRules(out);
    return out;
  }

 private:
  static bool isAlnum(char32_t c) { return detail::isLetter(c) || detail::isDigit(c); }

  void judgeChunk(Chunk& c) {
    const auto& cp = t_.cp;
    c.core_begin = c.begin;
    c.core_end = c.end;
    while (c.core_begin < c.core_end && !isAlnum(cp[c.core_begin])) ++c.core_begin;
    while (c.core_end > c.core_begin && !isAlnum(cp[c.core_end - 1])) --c.core_end;
    if (c.core_begin == c.core_end) return;  // punctuation only
    // Address shapes first: they hold letters and digits in any mix.
    bool at = false, slash_slash = false;
    for (std::size_t i = c.begin; i < c.end; ++i) {
      at |= cp[i] == '@';
      slash_slash |= i + 2 < c.end && cp[i] == ':' && cp[i + 1] == '/' && cp[i + 2] == '/';
    }
    if (at) { c.rule = TextRule::Email; return; }
    const std::string folded_core = detail::foldedUtf8(cp, c.core_begin, c.core_end);
    if (slash_slash || folded_core.rfind("www.", 0) == 0) {
      c.rule = TextRule::WebAddress;
      return;
    }
    std::size_t core_end = c.core_end;
    // Possessive: "Baker's", "patient's", "Jones'"
    if (core_end - c.core_begin > 2 && (cp[core_end - 1] == 's' || cp[core_end - 1] == 'S') &&
        (cp[core_end - 2] == '\'' || cp[core_end - 2] == 0x2019)) {
      core_end -= 2;
      c.possessive = true;
    }
    bool letters = false;
    for (std::size_t i = c.core_begin; i < core_end; ++i) {
      if (detail::isDigit(cp[i])) ++c.digits;
      else if (detail::isLetter(cp[i])) letters = true;
    }
    if (!letters) {
      c.numeric = true;
      const DigitGroups g = digitGroups(cp, c.core_begin, core_end);
      c.day_or_year = g.groups.size() == 1 && (c.digits <= 2 || (c.digits == 4 && toInt(g.groups[0]) >= 1800 &&
                                                                   toInt(g.groups[0]) <= 2199));
      c.rule = judgeNumeric(g, c.digits);
      return;
    }
    judgeWords(c, core_end);
  }

  // A chunk with letters: every letter run and digit run must be safe.
  void judgeWords(Chunk& c, std::size_t core_end) {
    const auto& cp = t_.cp;
    const bool has_digits = c.digits > 0;
    bool month_inside = false, first = true, only_eponyms = true;
    std::optional<TextRule> worst;
    std::size_t i = c.core_begin;
    std::string dot_labels_last;
    std::size_t dots = 0;
    while (i < core_end) {
      if (detail::isLetter(cp[i])) {
        std::size_t j = i;
        while (j < core_end && detail::isLetter(cp[j])) ++j;
        const std::string folded = detail::foldedUtf8(cp, i, j);
        if (first) {
          c.first_word = folded;
          c.capitalised = detail::isUpperCase(cp[i]);
          c.title_case = c.capitalised;
          for (std::size_t q = i + 1; q < j; ++q) c.title_case = c.title_case && !detail::isUpperCase(cp[q]);
          c.street_compound = c.capitalised && !has_digits && endsWithStreetWord(folded);
        }
        first = false;
        dot_labels_last = folded;
        if (isMonthName(folded) && (j - i) >= 3) month_inside = true;
        if (check_ != TextCheck::Shapes) {
          WordVerdict v = judgeWord(cp, i, j, has_digits);
          if (check_ == TextCheck::Names && (v == WordVerdict::Ambiguous || v == WordVerdict::Eponym))
            v = WordVerdict::Name;
          if (v == WordVerdict::Name || v == WordVerdict::Unknown) {
            only_eponyms = false;
            if (!worst) worst = v == WordVerdict::Name ? TextRule::PersonName : TextRule::UnknownWord;
          } else if (v == WordVerdict::Eponym && !worst) {
            worst = TextRule::PersonName;
          } else if (v == WordVerdict::Ambiguous) {
            c.ambiguous = true;
          }
        }
        i = j;
      } else if (detail::isDigit(cp[i])) {
        std::size_t j = i;
        while (j < core_end && detail::isDigit(cp[j])) ++j;
        if (j - i >= 5) {
          c.rule = isCompactDate(digitsOf(i, j)) ? TextRule::Date : TextRule::IdNumber;
          return;
        }
        i = j;
      } else {
        dots += cp[i] == '.';
        ++i;
      }
    }
    if (month_inside && has_digits) { c.rule = TextRule::Date; return; }
    if (c.digits >= 7) { c.rule = TextRule::IdNumber; return; }
    if (dots >= 1 && !has_digits && isTopLevelDomain(dot_labels_last) && c.core_end - c.core_begin > 4) {
      c.rule = TextRule::WebAddress;  // hospital.org, klinik-nord.de: a web address without its scheme
      return;
    }
    c.month = !has_digits && month_inside && c.core_end - c.core_begin <= 10 && isMonthName(c.first_word);
    if (worst) {
      c.rule = worst;
      c.eponym_only = only_eponyms;
      c.ambiguous = false;
    }
  }

  std::string digitsOf(std::size_t i, std::size_t j) const {
    std::string s;
    for (std::size_t k = i; k < j; ++k) s += static_cast<char>(t_.cp[k]);
    return s;
  }

  static bool joined(const std::vector<Chunk>& chunks, std::size_t k) {  // chunk k follows k-1 on the same line
    return k > 0 && k < chunks.size() && !chunks[k].hard_break_before;
  }

  void applyPhraseRules(std::vector<Chunk>& chunks) {
    const std::size_t n = chunks.size();
    // A month name next to a day or a year: the whole date goes ("4 July 1956", "July 4th, 1956").
    for (std::size_t k = 0; k < n; ++k) {
      if (!chunks[k].month) continue;
      const bool before = k > 0 && joined(chunks, k) && chunks[k - 1].day_or_year;
      const bool after = k + 1 < n && joined(chunks, k + 1) && (chunks[k + 1].day_or_year || ordinal(chunks[k + 1]));
      if (!before && !after) continue;
      chunks[k].rule = TextRule::Date;
      for (std::size_t m = k; m > 0 && joined(chunks, m) && (chunks[m - 1].day_or_year || ordinal(chunks[m - 1])); --m)
        chunks[m - 1].rule = TextRule::Date;
      for (std::size_t m = k + 1; m < n && joined(chunks, m) && (chunks[m].day_or_year || ordinal(chunks[m])); ++m)
        chunks[m].rule = TextRule::Date;
    }
    // Numbers written in groups: seven or more digits in a row of numeric chunks is a phone number.
    for (std::size_t k = 0; k < n;) {
      if (!chunks[k].numeric) { ++k; continue; }
      std::size_t m = k;
      int digits = 0;
      while (m < n && chunks[m].numeric && (m == k || joined(chunks, m))) digits += chunks[m++].digits;
      if (digits >= 7 && m - k > 1)
        for (std::size_t q = k; q < m; ++q)
          if (!chunks[q].rule) chunks[q].rule = TextRule::Phone;
      k = m;
    }
    // A word that is both common and a name is a name next to a person word (one small word may
    // stand between: "ask for Bob") or another name: "husband MARTIN", "Rose Kowalczyk", "JOHN
    // SMITH" (two such words in a row); "LOW DOSE" stays.
    auto personWordBefore = [&](std::size_t k) {
      if (k == 0 || !joined(chunks, k)) return false;
      const Chunk& p = chunks[k - 1];
      if (isPersonContext(p.first_word)) return true;
      return k >= 2 && joined(chunks, k - 1) && p.core_end - p.core_begin <= 4 && !p.numeric && !p.capitalised &&
             isPersonContext(chunks[k - 2].first_word);
    };
    auto personBefore = [&](std::size_t k) {
      return personWordBefore(k) || (k > 0 && joined(chunks, k) && chunks[k - 1].rule == TextRule::PersonName);
    };
    const bool words = check_ != TextCheck::Shapes;
    for (std::size_t k = 0; k + 1 < n && words; ++k)
      if (chunks[k].ambiguous && chunks[k + 1].ambiguous && joined(chunks, k + 1) && !chunks[k].rule &&
          !chunks[k + 1].rule && chunks[k].capitalised && chunks[k + 1].capitalised)
        chunks[k].rule = chunks[k + 1].rule = TextRule::PersonName;
    // After a title or relation word, a Title-case word is a name even when it is also a common
    // word ("Tochter Sabine", "Sig.ra Rossi", "Herr Becker"), and so is a second one ("Dr Mark White").
    for (std::size_t k = 1; k < n && words; ++k) {
      if (!chunks[k].title_case || chunks[k].rule || !personWordBefore(k)) continue;
      chunks[k].rule = TextRule::PersonName;
      if (k + 1 < n && joined(chunks, k + 1) && !endsPart(chunks[k]) && chunks[k + 1].title_case &&
          !chunks[k + 1].rule && !isEponymHead(chunks[k + 1].first_word))
        chunks[k + 1].rule = TextRule::PersonName;
    }
    for (bool changed = words; changed;) {
      changed = false;
      for (std::size_t k = 0; k < n; ++k) {
        Chunk& c = chunks[k];
        if (!c.ambiguous || c.rule) continue;
        const bool before_name = k + 1 < n && joined(chunks, k + 1) && chunks[k + 1].rule == TextRule::PersonName &&
                                 !chunks[k + 1].eponym_only;
        if (personBefore(k) || before_name) {
          c.rule = TextRule::PersonName;
          changed = true;
        }
      }
    }
    // A street: "42 Elm Street", "Lindenstraße 7", "12 rue des Lilas": the street word, the
    // capitalised words and house number before it, and a number after it.
    for (std::size_t k = 0; k < n; ++k) {
      const bool after_number = k > 0 && joined(chunks, k) && chunks[k - 1].numeric;
      const bool after_name = k > 0 && joined(chunks, k) && chunks[k - 1].capitalised;
      const bool before_name = k + 1 < n && joined(chunks, k + 1) && chunks[k + 1].capitalised;
      const bool street = isStreetWord(chunks[k].first_word) &&
                          (after_number || (chunks[k].capitalised && after_name) ||
                           (before_name && isLowerCaseStreetWord(chunks[k].first_word)));
      if (!street && !chunks[k].street_compound) continue;
      chunks[k].rule = TextRule::Address;
      for (std::size_t m = k, taken = 0; m > 0 && joined(chunks, m) && taken < 4 &&
                                         (chunks[m - 1].capitalised || chunks[m - 1].numeric);
           --m, ++taken)
        chunks[m - 1].rule = TextRule::Address;
      // What follows the street word up to the end of the part: "rue des Lilas", "Mayor 5", "Roma 10".
      for (std::size_t m = k + 1, taken = 0; m < n && joined(chunks, m) && taken < 4; ++m, ++taken) {
        const Chunk& next = chunks[m];
        const bool particle = next.core_end - next.core_begin <= 3 && !next.capitalised && !next.numeric;
        if (!next.capitalised && !next.numeric && !particle) break;
        chunks[m].rule = TextRule::Address;
        if (endsPart(chunks[m])) break;
      }
    }
    // An eponym stays when it is used as one: "Baker's cyst", "Crohn disease".
    for (std::size_t k = 0; k < n; ++k) {
      Chunk& c = chunks[k];
      if (!c.eponym_only || !c.rule) continue;
      const bool head_follows = k + 1 < n && joined(chunks, k + 1) && isEponymHead(chunks[k + 1].first_word);
      if (head_follows) c.rule.reset();  // a possessive alone ("St. Mary's") is not enough
    }
  }

  // The chunk ends with a comma, semicolon or full stop: the end of an address part.
  bool endsPart(const Chunk& c) const {
    for (std::size_t i = c.core_end; i < c.end; ++i)
      if (t_.cp[i] == ',' || t_.cp[i] == ';' || t_.cp[i] == '.') return true;
    return false;
  }

  bool ordinal(const Chunk& c) const {  // 4th, 1st, 22nd
    if (c.digits == 0 || c.digits > 2 || c.numeric) return false;
    const std::string folded = detail::foldedUtf8(t_.cp, c.core_begin, c.core_end);
    const std::size_t d = folded.find_first_not_of("0123456789");
    const std::string suffix = folded.substr(d);
    return suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th" || suffix == "er" || suffix == "e";
  }

  const detail::CodePoints& t_;
  TextCheck check_;
};

}  // namespace

const char* ruleKeyword(TextRule rule) {
  switch (rule) {
    case TextRule::UnknownWord: return "unknown-word";
    case TextRule::PersonName: return "person-name";
    case TextRule::Date: return "date";
    case TextRule::Time: return "time";
    case TextRule::Phone: return "phone";
    case TextRule::IdNumber: return "id-number";
    case TextRule::Email: return "email";
    case TextRule::WebAddress: return "web-address";
    case TextRule::Uid: return "uid";
    case TextRule::Address: return "address";
  }
  return "unknown";
}

namespace {
std::vector<UnsafeRun> judgeUnsafeRuns(std::string_view utf8, TextCheck check) {
  std::vector<UnsafeRun> runs;
  if (utf8.empty()) return runs;
  const detail::CodePoints text = detail::decodeUtf8(utf8);
  Judge judge(text, check);
  const std::vector<Chunk> chunks = judge.chunks();
  for (std::size_t k = 0; k < chunks.size(); ++k) {
    const Chunk& c = chunks[k];
    if (!c.rule) continue;
    const std::size_t begin = text.offset[c.core_begin], end = text.offset[c.core_end];
    if (!runs.empty() && k > 0 && chunks[k - 1].rule && !c.hard_break_before) {
      runs.back().end = end;  // one run for neighbouring unsafe words; the most specific rule names it
      if (static_cast<int>(*c.rule) > static_cast<int>(runs.back().rule)) runs.back().rule = *c.rule;
      continue;
    }
    runs.push_back({begin, end, *c.rule});
  }
  return runs;
}
}  // namespace

std::vector<UnsafeRun> findUnsafeRuns(std::string_view utf8, TextCheck check) {
  if (utf8.empty()) return {};
  return detail::UnsafeRunMemo::instance().find(utf8, check, judgeUnsafeRuns);
}

std::string cleanText(std::string_view utf8, TextCheck check) {
  const auto runs = findUnsafeRuns(utf8, check);
  if (runs.empty()) return std::string(utf8);
  std::string out;
  std::size_t cursor = 0;
  for (const UnsafeRun& r : runs) {
    out.append(utf8.substr(cursor, r.begin - cursor));
    out.append(kRemovedMarker);
    cursor = r.end;
  }
  out.append(utf8.substr(cursor));
  return out;
}

bool isOrdinaryWord(std::string_view utf8_word, bool written_in_lower_case) {
  const detail::CodePoints word = detail::decodeUtf8(utf8_word);
  const std::string folded = detail::foldedUtf8(word.cp, 0, word.cp.size());
  if (folded.empty()) return false;
  if (known(Section::Imaging, folded) || known(Section::Medical, folded)) return true;
  return written_in_lower_case && known(Section::Words, folded);
}

void warmUp() { detail::Vocabulary::instance(); }

std::vector<std::string> vocabularySources() { return detail::Vocabulary::instance().sources(); }

}  // namespace imaging::text
