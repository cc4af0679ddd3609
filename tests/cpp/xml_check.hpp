// A small well-formedness check for the MathML the library writes (no XML library on the C++
// side): every tag closed in order, names of letters only, attribute values quoted, text free of
// a bare "<" or "&" (only &amp; &lt; &gt; &quot; &apos; and numeric references), one root
// element. Returns an empty string when well formed, else what is wrong and where.
// Used by tests/cpp/formula_mathml_test.cpp and tests/fuzz/formula_fuzzer.cpp.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace actexp::test {

inline bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Length of the entity reference at text[i] ('&'), or 0 if it is not one.
inline std::size_t entity_length(std::string_view text, std::size_t i) {
  for (const std::string_view named : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"}) {
    if (text.substr(i, named.size()) == named) return named.size();
  }
  std::size_t j = i + 1;
  if (j >= text.size() || text[j] != '#') return 0;
  ++j;
  const std::size_t digits = j;
  while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
  return (j > digits && j < text.size() && text[j] == ';') ? j + 1 - i : 0;
}

// Text between tags, or an attribute value: every '&' starts a reference, no '<'.
inline std::string text_problem(std::string_view text, std::size_t offset) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<') return "a bare < at " + std::to_string(offset + i);
    if (text[i] == '&') {
      const std::size_t length = entity_length(text, i);
      if (length == 0) return "a bare & at " + std::to_string(offset + i);
      i += length - 1;
    }
  }
  return {};
}

// The attributes of an opening tag: name="value" pairs separated by spaces.
inline std::string attributes_problem(std::string_view attributes, std::size_t offset) {
  std::size_t i = 0;
  while (i < attributes.size()) {
    if (attributes[i] == ' ') {
      ++i;
      continue;
    }
    const std::size_t name = i;
    while (i < attributes.size() && (is_name_char(attributes[i]) || attributes[i] == '-')) ++i;
    if (i == name || i + 1 >= attributes.size() || attributes[i] != '=' || attributes[i + 1] != '"') {
      return "a malformed attribute at " + std::to_string(offset + name);
    }
    const std::size_t close = attributes.find('"', i + 2);
    if (close == std::string_view::npos) return "an unclosed attribute value at " + std::to_string(offset + i);
    if (auto p = text_problem(attributes.substr(i + 2, close - i - 2), offset + i + 2); !p.empty()) return p;
    i = close + 1;
  }
  return {};
}

inline std::string xml_problem(std::string_view xml) {
  std::vector<std::string_view> open;
  bool had_root = false;
  std::size_t i = 0;
  while (i < xml.size()) {
    const std::size_t lt = xml.find('<', i);
    const std::string_view text = xml.substr(i, (lt == std::string_view::npos ? xml.size() : lt) - i);
    if (auto p = text_problem(text, i); !p.empty()) return p;
    if (open.empty() && text.find_first_not_of(" \n") != std::string_view::npos) return "text outside the root at " + std::to_string(i);
    if (lt == std::string_view::npos) break;
    const std::size_t gt = xml.find('>', lt);
    if (gt == std::string_view::npos) return "an unclosed tag at " + std::to_string(lt);
    std::string_view tag = xml.substr(lt + 1, gt - lt - 1);
    const bool closing = !tag.empty() && tag.front() == '/';
    const bool empty_element = !tag.empty() && tag.back() == '/';
    if (closing) tag.remove_prefix(1);
    if (empty_element) tag.remove_suffix(1);
    std::size_t name_end = 0;
    while (name_end < tag.size() && is_name_char(tag[name_end])) ++name_end;
    const std::string_view name = tag.substr(0, name_end);
    if (name.empty()) return "a tag without a name at " + std::to_string(lt);
    if (closing) {
      if (name_end != tag.size()) return "a closing tag with more than its name at " + std::to_string(lt);
      if (open.empty() || open.back() != name) return "</" + std::string(name) + "> does not close the open element at " + std::to_string(lt);
      open.pop_back();
    } else {
      if (open.empty() && had_root) return "a second root element at " + std::to_string(lt);
      if (auto p = attributes_problem(tag.substr(name_end), lt + 1 + name_end); !p.empty()) return p;
      had_root = true;
      if (!empty_element) open.push_back(name);
    }
    i = gt + 1;
  }
  if (!open.empty()) return "<" + std::string(open.back()) + "> is never closed";
  if (!had_root) return "no element";
  return {};
}

}  // namespace actexp::test
