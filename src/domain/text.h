#pragma once
// Text rules for what people type: strict UTF-8, lengths in code points,
// trimming of Unicode spaces, Vietnamese folding for matching, a word filter
// for moderation and a check for characters that spoof or break a display.
// All functions are pure and never throw on any byte sequence.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ocop::domain {

// One step of a strict UTF-8 decoder (RFC 3629): no overlongs, no surrogates,
// nothing above U+10FFFF. On a bad sequence `valid` is false and `length` is
// 1, so a caller can skip the offending byte and resynchronise.
struct DecodedCodePoint {
  char32_t code_point = 0;
  size_t length = 0;
  bool valid = false;
};
DecodedCodePoint decode_utf8(std::string_view text, size_t pos);
void append_utf8(std::string& out, char32_t code_point);

bool is_valid_utf8(std::string_view text);

// Code points in text; each byte of an invalid sequence counts as one, so
// the figure is still an upper bound for what a display would show.
size_t utf8_length(std::string_view text);

// True for ASCII whitespace and Unicode spaces (U+00A0, U+2000..U+200A,
// U+3000, ...) plus the invisible U+200B and U+FEFF, which people paste.
bool is_space_code_point(char32_t cp);

// Removes spaces (see is_space_code_point) at both ends. Invalid bytes are
// not spaces and stay where they are.
std::string trim(std::string_view text);

// Lowercase ASCII without diacritics for matching: "Lừa Đảo" -> "lua dao".
// Handles precomposed (NFC) letters and decomposed (NFD) forms, whose
// combining marks U+0300..U+036F are dropped; đ/Đ -> d. Other code points
// (emoji, other scripts) pass through unchanged; invalid bytes become U+FFFD
// so the result is always valid UTF-8.
std::string fold_vietnamese(std::string_view text);

// C0 controls except \t and \n, DEL, C1 controls, and the bidi embeddings,
// overrides and isolates (U+202A..U+202E, U+2066..U+2069) that let a nickname
// reverse the text around it. Invalid bytes are not reported here: check
// is_valid_utf8 first.
bool has_control_chars(std::string_view text);

// The longest run of combining marks stacked on one character (U+0300..U+036F,
// U+0483..U+0489, U+1AB0..U+1AFF, U+1DC0..U+1DFF, U+20D0..U+20FF, U+FE20..U+FE2F).
// Vietnamese needs at most two (decomposed "ệ"); dozens ("Zalgo" text) draw
// over the lines around them in a chat list.
size_t longest_combining_run(std::string_view text);
inline constexpr size_t kMaxCombiningMarks = 3;

// Matches whole words or phrases of a list against a text, after folding
// both, so "lừa đảo", "LUA DAO", "lua-dao" and the NFD spelling all match the
// entry "lừa đảo", while "dao" does not match inside "daotao". A word is a
// run of ASCII letters and digits after folding; every other non-space code
// point left after folding (emoji, CJK) is a word of its own, so entries can
// be emoji too. Spaces and ASCII punctuation only separate words.
class WordFilter {
 public:
  WordFilter() = default;
  // Entries that fold to no words at all (empty, punctuation) are ignored.
  explicit WordFilter(const std::vector<std::string>& entries);

  // The first entry (as it was given) that occurs in text, if any.
  std::optional<std::string> match(std::string_view text) const;
  bool matches(std::string_view text) const { return match(text).has_value(); }
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string original;
    std::vector<std::string> words;
  };
  std::vector<Entry> entries_;
  // First word -> entries starting with it, so a text is scanned once.
  std::unordered_map<std::string, std::vector<size_t>> by_first_word_;
};

// The words WordFilter sees in a text (exposed for tests and tooling).
std::vector<std::string> folded_words(std::string_view text);

}  // namespace ocop::domain
