// The one JSON writer of the C++ side: the catalog, the lab's tables and presets, the lab's
// export. Appends to one string; commas and escaping are its business, not the caller's.
// Our own (~150 lines) rather than nlohmann-json 3.11.2: numbers must read as format_number and
// the lab's float_text write them (nlohmann prints its own shortest form and NaN as null), and
// the page's weight: in a test module (Emscripten 3.1.6, -O3, -fno-exceptions, JSON_NOEXCEPTION)
// nlohmann added 27.4 KB (10.1 KB Brotli) where this writer adds 4.3 KB (1.5 KB Brotli).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace actexp {

// Appends text as a JSON string: quotes, backslashes and control characters escaped (\u00XX),
// valid UTF-8 passed through as it is, each byte of an invalid sequence as U+FFFD.
void append_json_string(std::string& out, std::string_view text);

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  // The key of the next value inside an object.
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view text);
  JsonWriter& number(double value);  // as format_number writes it (NaN and ±Infinity as JavaScript reads them)
  JsonWriter& integer(std::int64_t value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  // A value already written as JSON (a number in another format, a nested document).
  JsonWriter& raw(std::string_view json);

  // key(name) followed by the value, for the common case.
  template <typename Value>
  JsonWriter& field(std::string_view name, const Value& value) {
    key(name);
    return put(value);
  }

  [[nodiscard]] const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  JsonWriter& put(std::string_view text) { return string(text); }
  JsonWriter& put(const std::string& text) { return string(text); }
  JsonWriter& put(const char* text) { return string(text); }
  JsonWriter& put(double value) { return number(value); }
  JsonWriter& put(int value) { return integer(value); }
  JsonWriter& put(bool value) { return boolean(value); }
  void before_value();

  void open(char bracket);
  void close(char bracket);

  std::string out_;
  // Per open object or array, one bit (the innermost lowest): whether a comma comes before the
  // next item. 64 levels; our documents nest 6 deep at most.
  std::uint64_t has_items_ = 0;
  int depth_ = 0;
  bool after_key_ = false;
};

}  // namespace actexp
