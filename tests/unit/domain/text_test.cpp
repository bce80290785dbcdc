#include <catch2/catch.hpp>

#include <string>

#include "domain/text.h"

using namespace ocop::domain;

// Note: "\x.." escapes are split from following hex-looking letters with
// string concatenation ("\xC3" "a"), or the compiler would swallow them.

SCENARIO("UTF-8 is checked strictly", "[domain][text][utf8]") {
  GIVEN("well-formed text") {
    THEN("ASCII, Vietnamese, CJK and emoji are valid") {
      CHECK(is_valid_utf8(""));
      CHECK(is_valid_utf8("Chào shop"));
      CHECK(is_valid_utf8("Mật ong rừng Tây Bắc"));
      CHECK(is_valid_utf8("日本語"));
      CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));  // U+1F600, 4 bytes
      CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
      CHECK(is_valid_utf8(std::string("a\0b", 3)));
    }
  }
  GIVEN("malformed byte sequences") {
    THEN("overlong encodings are refused") {
      CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // '/' in two bytes
      CHECK_FALSE(is_valid_utf8("\xC1\xBF"));
      CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // '/' in three bytes
      CHECK_FALSE(is_valid_utf8("\xF0\x80\x80\xAF"));  // '/' in four bytes
      CHECK_FALSE(is_valid_utf8("\xE0\x9F\xBF"));      // U+07FF in three bytes
    }
    THEN("UTF-16 surrogates are refused") {
      CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));  // U+D800
      CHECK_FALSE(is_valid_utf8("\xED\xBF\xBF"));  // U+DFFF
      CHECK(is_valid_utf8("\xED\x9F\xBF"));        // U+D7FF is fine
    }
    THEN("code points above U+10FFFF are refused") {
      CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
      CHECK_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
      CHECK_FALSE(is_valid_utf8("\xFF"));
    }
    THEN("truncated and stray bytes are refused") {
      CHECK_FALSE(is_valid_utf8("\xE1\xBA"));           // ạ missing its last byte
      CHECK_FALSE(is_valid_utf8("ok\xF0\x9F\x98"));     // emoji cut short at the end
      CHECK_FALSE(is_valid_utf8("\x80"));               // lone continuation byte
      CHECK_FALSE(is_valid_utf8("\xC3" "a"));           // lead byte then ASCII
    }
  }
}

SCENARIO("UTF-8 length counts code points", "[domain][text][utf8]") {
  CHECK(utf8_length("") == 0);
  CHECK(utf8_length("abc") == 3);
  CHECK(utf8_length("Đảo") == 3);            // precomposed: 3 code points, 6 bytes
  CHECK(std::string("Đảo").size() == 6);
  CHECK(utf8_length("a\xCC\x80") == 2);      // NFD 'à' is two code points
  CHECK(utf8_length("\xF0\x9F\x98\x80!") == 2);
  CHECK(utf8_length("\xC0\xAF") == 2);       // each bad byte counts as one
  CHECK(utf8_length("\xE1\xBA") == 2);
}

SCENARIO("Decoding and encoding round trip", "[domain][text][utf8]") {
  for (char32_t cp : {U'A', U'\u00E0', U'\u1EA1', U'\U0001F600', U'\U0010FFFF'}) {
    std::string s;
    append_utf8(s, cp);
    const auto d = decode_utf8(s, 0);
    CHECK(d.valid);
    CHECK(d.code_point == cp);
    CHECK(d.length == s.size());
  }
  std::string s;
  append_utf8(s, 0xD800);  // not encodable: becomes U+FFFD
  CHECK(s == "\xEF\xBF\xBD");
  CHECK_FALSE(decode_utf8("abc", 3).valid);
}

SCENARIO("trim removes ASCII and Unicode spaces at both ends", "[domain][text][trim]") {
  CHECK(trim("  Chào  ") == "Chào");
  CHECK(trim("\t\r\n Lan \n") == "Lan");
  CHECK(trim("\xC2\xA0Lan\xC2\xA0") == "Lan");          // U+00A0 no-break space
  CHECK(trim("\xE3\x80\x80Lan\xE3\x80\x80") == "Lan");  // U+3000 ideographic space
  CHECK(trim("\xE2\x80\x8BLan\xEF\xBB\xBF") == "Lan");  // U+200B, U+FEFF
  CHECK(trim("\xE2\x80\x83") == "");                    // U+2003 only
  CHECK(trim("   ") == "");
  CHECK(trim("") == "");
  WHEN("spaces are inside") {
    THEN("they stay") { CHECK(trim(" Mật  ong ") == "Mật  ong"); }
  }
  WHEN("the text holds invalid bytes") {
    THEN("they are not spaces and stay") { CHECK(trim(" \xC0\xAF ") == "\xC0\xAF"); }
  }
}

SCENARIO("Vietnamese text folds to plain lowercase ASCII", "[domain][text][fold]") {
  GIVEN("precomposed (NFC) text") {
    CHECK(fold_vietnamese("Lừa Đảo") == "lua dao");
    CHECK(fold_vietnamese("Mật ong rừng Tây Bắc") == "mat ong rung tay bac");
    CHECK(fold_vietnamese("đ Đ") == "d d");
    CHECK(fold_vietnamese("Thành phố Hồ Chí Minh") == "thanh pho ho chi minh");
  }
  GIVEN("every vowel with every tone, both cases") {
    const std::string lower =
        "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ";
    const std::string upper =
        "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ";
    const std::string expected =
        "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyy";
    CHECK(fold_vietnamese(lower) == expected);
    CHECK(fold_vietnamese(upper) == expected);
  }
  GIVEN("decomposed (NFD) text") {
    // ư + grave as combining marks, as macOS and some keyboards send them.
    CHECK(fold_vietnamese("l\xC6\xB0\xCC\x80" "a") == "lua");      // ư (U+01B0) + U+0300
    CHECK(fold_vietnamese("lu\xCC\x9B\xCC\x80" "a") == "lua");     // u + U+031B + U+0300
    CHECK(fold_vietnamese("D\xCC\x83" "a") == "da");               // tilde U+0303
    CHECK(fold_vietnamese("a\xCC\x82\xCC\xA3") == "a");            // â + dot below (ậ)
    CHECK(fold_vietnamese("a\xCC\x86\xCC\x81") == "a");            // ă + acute (ắ)
    CHECK(fold_vietnamese("o\xCC\x89") == "o");                    // hook above U+0309
  }
  GIVEN("text that is not Vietnamese") {
    CHECK(fold_vietnamese("HELLO 123!") == "hello 123!");
    CHECK(fold_vietnamese("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");  // emoji unchanged
    CHECK(fold_vietnamese("日本") == "日本");
    CHECK(fold_vietnamese("<script>alert('x')</script>") == "<script>alert('x')</script>");
  }
  GIVEN("invalid bytes") {
    THEN("they become U+FFFD and the result is valid UTF-8") {
      const auto folded = fold_vietnamese("a\xC0\xAF" "b");
      CHECK(folded == "a\xEF\xBF\xBD\xEF\xBF\xBD" "b");
      CHECK(is_valid_utf8(folded));
    }
  }
}

SCENARIO("Control and bidi characters are detected", "[domain][text][control]") {
  CHECK_FALSE(has_control_chars("Chị Lan 🌸"));
  CHECK_FALSE(has_control_chars("line\nbreak\tand tab"));  // \t and \n are allowed
  CHECK(has_control_chars(std::string("a\0b", 3)));
  CHECK(has_control_chars("bell\x07"));
  CHECK(has_control_chars("cr\r"));
  CHECK(has_control_chars("esc\x1B[31m"));
  CHECK(has_control_chars("del\x7F"));
  CHECK(has_control_chars("c1\xC2\x85"));              // U+0085
  CHECK(has_control_chars("c1\xC2\x9F"));              // U+009F
  CHECK(has_control_chars("evil\xE2\x80\xAEgnp.exe"));  // U+202E RIGHT-TO-LEFT OVERRIDE
  CHECK(has_control_chars("\xE2\x80\xAA"));             // U+202A
  CHECK(has_control_chars("\xE2\x81\xA6x"));            // U+2066 LRI
  CHECK(has_control_chars("\xE2\x81\xA9"));             // U+2069 PDI
  CHECK_FALSE(has_control_chars("\xE2\x80\xA9"));       // U+2029 is a space, not bidi
  CHECK_FALSE(has_control_chars("\xE2\x81\xAA"));       // U+206A, just past the isolates
}

SCENARIO("stacked combining marks are counted per letter; Vietnamese never needs more than two", "[text]") {
  CHECK(longest_combining_run("") == 0);
  CHECK(longest_combining_run("Chè Tân Cương") == 0);                         // precomposed
  CHECK(longest_combining_run("Che\u0300 Ta\u0302n, tie\u0323\u0302ng Vie\u0323\u0302t") == 2);  // decomposed ệ
  CHECK(longest_combining_run("a\u0301b\u0301c\u0301") == 1);                 // one per letter, not in total
  std::string zalgo = "H";
  for (int i = 0; i < 40; ++i) zalgo += (i % 2 ? "\u0336" : "\u035b");
  CHECK(longest_combining_run(zalgo + "i") == 40);
  CHECK(longest_combining_run("x\u0489\u1ab0\u1dc0\u20d0\ufe20") == 5);            // every combining block
  CHECK(longest_combining_run(std::string("\xcc\x80\xff\xcc\x80", 5)) == 1);  // an invalid byte breaks the run
}
