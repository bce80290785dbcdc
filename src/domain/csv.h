#pragma once
// CSV for spreadsheets (RFC 4180): comma-separated, CRLF line ends, fields
// quoted when they hold a comma, a quote or a line break. Files start with
// the UTF-8 byte order mark, without which Excel reads UTF-8 as the
// machine's code page and "Nguyễn" arrives as "Nguyá»…n".
#include <string>
#include <string_view>
#include <vector>

namespace ocop::domain {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One field. Text that a spreadsheet would run as a formula (starting with
// = + - @, a tab or a carriage return: "CSV injection", OWASP) gets a
// leading apostrophe, which Excel and LibreOffice show as plain text. Use
// csv_number for numbers, which are never guarded.
std::string csv_text(std::string_view text);
std::string csv_number(long long value);

// Fields already made by csv_text/csv_number, joined with commas, plus CRLF.
std::string csv_row(const std::vector<std::string>& fields);

}  // namespace ocop::domain
