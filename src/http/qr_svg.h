#pragma once
// A QR code of a text as a small SVG (libqrencode), e.g. the RTMP publish URL
// for a seller to scan into Larix instead of typing a stream key.
#include <optional>
#include <string>

namespace ocop::http {
std::optional<std::string> qr_svg(const std::string& text);
}  // namespace ocop::http
