// Helpers for the message codec tests: records from presentation form, and packets by hand.
//
//   ResourceRecord rr = test_rr("www.example. 300 IN A 192.0.2.1");
//   Packet p; p.header(0x1234, 0x0100, 1, 0, 0, 0).name("www.example.").u16(1).u16(1);
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "wire/message.h"
#include "wire/rdata.h"

namespace canon::testing {

// "owner TTL class type rdata..." with plain whitespace-separated rdata tokens.
inline ResourceRecord test_rr(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  ResourceRecord rr;
  rr.owner = *Name::parse(words.at(0));
  rr.ttl = static_cast<uint32_t>(std::stoul(words.at(1)));
  rr.cls = *rrclass_from_string(words.at(2));
  rr.type = *rrtype_from_string(words.at(3));
  std::vector<Token> tokens;
  for (size_t i = 4; i < words.size(); ++i) tokens.push_back({words[i], false, 1, 1});
  Status s = rdata_from_text(rr.type, tokens, Name::root(), rr.rdata);
  EXPECT_TRUE(s.ok()) << text << ": " << (s ? "" : s.error().message);
  return rr;
}

// A packet built octet by octet.
struct Packet {
  std::vector<uint8_t> b;
  Packet& u8(unsigned v) {
    b.push_back(static_cast<uint8_t>(v));
    return *this;
  }
  Packet& u16(unsigned v) { return u8(v >> 8).u8(v & 0xff); }
  Packet& u32(uint32_t v) { return u16(v >> 16).u16(v & 0xffff); }
  Packet& bytes(std::initializer_list<unsigned> v) {
    for (unsigned x : v) u8(x);
    return *this;
  }
  Packet& label(const std::string& s) {
    u8(static_cast<unsigned>(s.size()));
    b.insert(b.end(), s.begin(), s.end());
    return *this;
  }
  // An uncompressed name in wire form, from presentation form.
  Packet& name(const std::string& text) {
    auto n = Name::parse(text);
    b.insert(b.end(), n->wire().begin(), n->wire().end());
    return *this;
  }
  Packet& header(unsigned id, unsigned flags, unsigned qd, unsigned an, unsigned ns, unsigned ar) {
    return u16(id).u16(flags).u16(qd).u16(an).u16(ns).u16(ar);
  }
  // Question "www.example. IN A" after a header with the given counts.
  static Packet query(unsigned an = 0, unsigned ns = 0, unsigned ar = 0) {
    Packet p;
    p.header(0x1234, 0x0100, 1, an, ns, ar).name("www.example.").u16(1).u16(1);
    return p;
  }
  // An OPT RR header: root owner, udp size, extended rcode/version/flags, rdata length.
  Packet& opt(unsigned udp, uint32_t ttl, unsigned rdlen) {
    return u8(0).u16(41).u16(udp).u32(ttl).u16(rdlen);
  }
  size_t size() const { return b.size(); }
};

inline WireError wire_code(const Error& e) {
  return static_cast<WireError>(e.code);
}

}  // namespace canon::testing
