#pragma once
// Escaping text for the formats werkbaat writes.
#include <string>

namespace werkbaat::io {

// For HTML, SVG and XML text and attribute values: & < > " ' as entities.
std::string xml_escape(const std::string& s);

// A CSV field (RFC 4180): quoted, with inner quotes doubled, when it holds a comma, quote or
// line break.
std::string csv_field(const std::string& s);

}  // namespace werkbaat::io
