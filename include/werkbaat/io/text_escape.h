#pragma once
// Escaping text for the formats werkbaat writes.
#include <string>
#include <vector>

namespace werkbaat::io {

// For HTML, SVG and XML text and attribute values: & < > " ' as entities.
std::string xml_escape(const std::string& s);

// A CSV text field (RFC 4180): quoted, with inner quotes doubled, when it holds a comma, quote or
// line break; a leading = + - @ tab or carriage return is prefixed with ' so that a spreadsheet
// never runs it as a formula. For text only: numbers are written as they are.
std::string csv_field(const std::string& s);

// The rows of a CSV text written with csv_field: fields unquoted, and a ' put in front of a
// would-be formula taken off again.
std::vector<std::vector<std::string>> csv_rows(const std::string& text);

}  // namespace werkbaat::io
