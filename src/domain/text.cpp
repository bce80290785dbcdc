#include "domain/text.h"

#include <algorithm>
#include <array>
#include <iterator>

namespace ocop::domain {

namespace {

constexpr char32_t kReplacementChar = 0xFFFD;

bool is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// Latin letters with diacritics -> their ASCII base letter. Generated from
// Unicode's NFD decompositions of U+00C0..U+024F and U+1E00..U+1EFF (the
// latter holds Vietnamese's stacked tones, U+1EA0..U+1EF9), plus the letters
// that have no decomposition but read as a base letter (đ, ø, ł, ħ, ŧ, ı).
struct FoldRange {
  char32_t first;
  char32_t last;
  char ascii;
};
constexpr std::array<FoldRange, 101> kFoldRanges = {{
    {0x00C0, 0x00C5, 'a'}, {0x00C7, 0x00C7, 'c'}, {0x00C8, 0x00CB, 'e'}, {0x00CC, 0x00CF, 'i'},
    {0x00D1, 0x00D1, 'n'}, {0x00D2, 0x00D6, 'o'}, {0x00D8, 0x00D8, 'o'}, {0x00D9, 0x00DC, 'u'},
    {0x00DD, 0x00DD, 'y'}, {0x00E0, 0x00E5, 'a'}, {0x00E7, 0x00E7, 'c'}, {0x00E8, 0x00EB, 'e'},
    {0x00EC, 0x00EF, 'i'}, {0x00F1, 0x00F1, 'n'}, {0x00F2, 0x00F6, 'o'}, {0x00F8, 0x00F8, 'o'},
    {0x00F9, 0x00FC, 'u'}, {0x00FD, 0x00FD, 'y'}, {0x00FF, 0x00FF, 'y'}, {0x0100, 0x0105, 'a'},
    {0x0106, 0x010D, 'c'}, {0x010E, 0x0111, 'd'}, {0x0112, 0x011B, 'e'}, {0x011C, 0x0123, 'g'},
    {0x0124, 0x0127, 'h'}, {0x0128, 0x0131, 'i'}, {0x0134, 0x0135, 'j'}, {0x0136, 0x0137, 'k'},
    {0x0139, 0x013E, 'l'}, {0x0141, 0x0142, 'l'}, {0x0143, 0x0148, 'n'}, {0x014C, 0x0151, 'o'},
    {0x0154, 0x0159, 'r'}, {0x015A, 0x0161, 's'}, {0x0162, 0x0167, 't'}, {0x0168, 0x0173, 'u'},
    {0x0174, 0x0175, 'w'}, {0x0176, 0x0178, 'y'}, {0x0179, 0x017E, 'z'}, {0x0189, 0x0189, 'd'},
    {0x01A0, 0x01A1, 'o'}, {0x01AF, 0x01B0, 'u'}, {0x01CD, 0x01CE, 'a'}, {0x01CF, 0x01D0, 'i'},
    {0x01D1, 0x01D2, 'o'}, {0x01D3, 0x01DC, 'u'}, {0x01DE, 0x01E1, 'a'}, {0x01E6, 0x01E7, 'g'},
    {0x01E8, 0x01E9, 'k'}, {0x01EA, 0x01ED, 'o'}, {0x01F0, 0x01F0, 'j'}, {0x01F4, 0x01F5, 'g'},
    {0x01F8, 0x01F9, 'n'}, {0x01FA, 0x01FB, 'a'}, {0x0200, 0x0203, 'a'}, {0x0204, 0x0207, 'e'},
    {0x0208, 0x020B, 'i'}, {0x020C, 0x020F, 'o'}, {0x0210, 0x0213, 'r'}, {0x0214, 0x0217, 'u'},
    {0x0218, 0x0219, 's'}, {0x021A, 0x021B, 't'}, {0x021E, 0x021F, 'h'}, {0x0226, 0x0227, 'a'},
    {0x0228, 0x0229, 'e'}, {0x022A, 0x0231, 'o'}, {0x0232, 0x0233, 'y'}, {0x1E00, 0x1E01, 'a'},
    {0x1E02, 0x1E07, 'b'}, {0x1E08, 0x1E09, 'c'}, {0x1E0A, 0x1E13, 'd'}, {0x1E14, 0x1E1D, 'e'},
    {0x1E1E, 0x1E1F, 'f'}, {0x1E20, 0x1E21, 'g'}, {0x1E22, 0x1E2B, 'h'}, {0x1E2C, 0x1E2F, 'i'},
    {0x1E30, 0x1E35, 'k'}, {0x1E36, 0x1E3D, 'l'}, {0x1E3E, 0x1E43, 'm'}, {0x1E44, 0x1E4B, 'n'},
    {0x1E4C, 0x1E53, 'o'}, {0x1E54, 0x1E57, 'p'}, {0x1E58, 0x1E5F, 'r'}, {0x1E60, 0x1E69, 's'},
    {0x1E6A, 0x1E71, 't'}, {0x1E72, 0x1E7B, 'u'}, {0x1E7C, 0x1E7F, 'v'}, {0x1E80, 0x1E89, 'w'},
    {0x1E8A, 0x1E8D, 'x'}, {0x1E8E, 0x1E8F, 'y'}, {0x1E90, 0x1E95, 'z'}, {0x1E96, 0x1E96, 'h'},
    {0x1E97, 0x1E97, 't'}, {0x1E98, 0x1E98, 'w'}, {0x1E99, 0x1E99, 'y'}, {0x1EA0, 0x1EB7, 'a'},
    {0x1EB8, 0x1EC7, 'e'}, {0x1EC8, 0x1ECB, 'i'}, {0x1ECC, 0x1EE3, 'o'}, {0x1EE4, 0x1EF1, 'u'},
    {0x1EF2, 0x1EF9, 'y'},
}};

std::optional<char> fold_letter(char32_t cp) {
  auto it = std::upper_bound(kFoldRanges.begin(), kFoldRanges.end(), cp,
                             [](char32_t v, const FoldRange& r) { return v < r.first; });
  if (it == kFoldRanges.begin()) return std::nullopt;
  --it;
  if (cp > it->last) return std::nullopt;
  return it->ascii;
}

// Combining Diacritical Marks: Vietnamese NFD uses U+0300 U+0301 U+0303
// U+0309 U+0323 (tones) and U+0302 U+0306 U+031B (â ă ơ ư); drop them all.
bool is_combining_mark(char32_t cp) { return cp >= 0x0300 && cp <= 0x036F; }

// Invisible characters that join or shape without separating words; someone
// evading the filter puts them inside a word ("lu\u200Da").
// Format characters that render as nothing: soft hyphen, Mongolian vowel
// separator, zero-width space/non-joiner/joiner, word joiner and invisible
// operators, variation selectors, and the BOM (zero-width no-break space).
bool is_invisible_joiner(char32_t cp) {
  return cp == 0x00AD || cp == 0x180E || (cp >= 0x200B && cp <= 0x200D) || (cp >= 0x2060 && cp <= 0x2064) ||
         (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
}

bool is_ascii_alnum(char32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
}

}  // namespace

DecodedCodePoint decode_utf8(std::string_view t, size_t pos) {
  if (pos >= t.size()) return {0, 0, false};
  const auto b0 = static_cast<unsigned char>(t[pos]);
  if (b0 < 0x80) return {b0, 1, true};
  const DecodedCodePoint bad{b0, 1, false};
  size_t n = 0;
  char32_t cp = 0;
  // 0xC0/0xC1 could only start overlong 2-byte forms; 0xF5.. exceed U+10FFFF.
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3;
    cp = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    cp = b0 & 0x07;
  } else {
    return bad;
  }
  if (t.size() - pos < n) return bad;
  for (size_t i = 1; i < n; ++i) {
    const auto b = static_cast<unsigned char>(t[pos + i]);
    if (!is_continuation(b)) return bad;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return bad;
  if (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return bad;
  return {cp, n, true};
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacementChar;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_valid_utf8(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    const auto d = decode_utf8(text, pos);
    if (!d.valid) return false;
    pos += d.length;
  }
  return true;
}

size_t utf8_length(std::string_view text) {
  size_t count = 0;
  for (size_t pos = 0; pos < text.size(); ++count) pos += decode_utf8(text, pos).length;
  return count;
}

bool is_space_code_point(char32_t cp) {
  if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D)) return true;
  if (cp < 0x85) return false;
  return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 ||
         cp == 0xFEFF;
}

std::string trim(std::string_view text) {
  size_t begin = text.size();
  size_t end = 0;
  for (size_t pos = 0; pos < text.size();) {
    const auto d = decode_utf8(text, pos);
    if (!d.valid || !is_space_code_point(d.code_point)) {
      if (begin == text.size()) begin = pos;
      end = pos + d.length;
    }
    pos += d.length;
  }
  if (begin >= end) return {};
  return std::string(text.substr(begin, end - begin));
}

std::string fold_vietnamese(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    const auto d = decode_utf8(text, pos);
    pos += d.length;
    if (!d.valid) {
      append_utf8(out, kReplacementChar);
      continue;
    }
    const char32_t cp = d.code_point;
    if (cp < 0x80) {
      out.push_back(cp >= 'A' && cp <= 'Z' ? static_cast<char>(cp - 'A' + 'a')
                                           : static_cast<char>(cp));
    } else if (is_combining_mark(cp)) {
      continue;
    } else if (auto letter = fold_letter(cp)) {
      out.push_back(*letter);
    } else {
      append_utf8(out, cp);
    }
  }
  return out;
}

size_t longest_combining_run(std::string_view text) {
  size_t longest = 0, run = 0;
  for (size_t pos = 0; pos < text.size();) {
    const auto d = decode_utf8(text, pos);
    pos += d.length;
    const char32_t cp = d.valid ? d.code_point : 0;
    const bool mark = (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x0483 && cp <= 0x0489) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
                      (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F);
    run = mark ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

bool has_control_chars(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    const auto d = decode_utf8(text, pos);
    pos += d.length;
    if (!d.valid) continue;
    const char32_t cp = d.code_point;
    if (cp < 0x20) {
      if (cp != '\t' && cp != '\n') return true;
    } else if (cp >= 0x7F && cp <= 0x9F) {
      return true;
    } else if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> folded_words(std::string_view text) {
  const std::string folded = fold_vietnamese(text);
  std::vector<std::string> words;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) words.push_back(std::move(current));
    current.clear();
  };
  for (size_t pos = 0; pos < folded.size();) {
    const auto d = decode_utf8(folded, pos);  // always valid: fold repaired it
    const std::string_view bytes(folded.data() + pos, d.length);
    pos += d.length;
    const char32_t cp = d.code_point;
    if (is_ascii_alnum(cp)) {
      current.append(bytes);
    } else if (is_invisible_joiner(cp)) {
      continue;
    } else {
      flush();
      if (cp >= 0x80 && !is_space_code_point(cp)) words.emplace_back(bytes);
    }
  }
  flush();
  return words;
}

WordFilter::WordFilter(const std::vector<std::string>& entries) {
  for (const auto& e : entries) {
    auto words = folded_words(e);
    if (words.empty()) continue;
    by_first_word_[words.front()].push_back(entries_.size());
    entries_.push_back({e, std::move(words)});
  }
}

std::optional<std::string> WordFilter::match(std::string_view text) const {
  if (entries_.empty()) return std::nullopt;
  const auto words = folded_words(text);
  for (size_t i = 0; i < words.size(); ++i) {
    const auto it = by_first_word_.find(words[i]);
    if (it == by_first_word_.end()) continue;
    for (size_t idx : it->second) {
      const auto& entry = entries_[idx].words;
      if (entry.size() > words.size() - i) continue;
      if (std::equal(entry.begin(), entry.end(),
                     words.begin() + static_cast<std::ptrdiff_t>(i))) {
        return entries_[idx].original;
      }
    }
  }
  return std::nullopt;
}

}  // namespace ocop::domain
