// Test helpers for src/zone: build a zone from compact record lines and print a zone's records
// in presentation form, so expectations read like a zone file.
//
//   auto z = build_zone("example.", {"@ 3600 SOA ns hostmaster 1 2 3 4 5",
//                                    "www 300 A 192.0.2.1"});
//   EXPECT_EQ(records(**z), "example. 3600 IN SOA ...\nwww.example. 300 IN A 192.0.2.1\n");
//
// Only the types these tests use are understood (A, NS, CNAME, DNAME, ALIAS, MX, TXT with one
// word, SOA); the zone layer itself is independent of rdata formats.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "zone/zone.h"

namespace canon::testing {

namespace detail {

inline std::vector<std::string> split(std::string_view s) {
  std::istringstream in{std::string(s)};
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

inline void put_u16(std::vector<uint8_t>& out, uint32_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}

inline void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  put_u16(out, v >> 16);
  put_u16(out, v & 0xffff);
}

inline void put_name(std::vector<uint8_t>& out, std::string_view text, const Name& origin) {
  Name n = *Name::parse(text, &origin);
  out.insert(out.end(), n.wire().begin(), n.wire().end());
}

inline std::vector<uint8_t> encode(RRType t, const std::vector<std::string>& f,
                                   const Name& origin) {
  std::vector<uint8_t> out;
  switch (t) {
    case RRType::A: {
      unsigned a, b, c, d;
      EXPECT_EQ(std::sscanf(f.at(0).c_str(), "%u.%u.%u.%u", &a, &b, &c, &d), 4);
      out = {uint8_t(a), uint8_t(b), uint8_t(c), uint8_t(d)};
      break;
    }
    case RRType::MX:
      put_u16(out, std::stoul(f.at(0)));
      put_name(out, f.at(1), origin);
      break;
    case RRType::TXT:
      out.push_back(static_cast<uint8_t>(f.at(0).size()));
      for (char c : f.at(0)) out.push_back(static_cast<uint8_t>(c));
      break;
    case RRType::SOA:
      put_name(out, f.at(0), origin);
      put_name(out, f.at(1), origin);
      for (size_t i = 2; i < 7; ++i) put_u32(out, std::stoul(f.at(i)));
      break;
    default:  // NS, CNAME, DNAME, ALIAS: one name
      put_name(out, f.at(0), origin);
  }
  return out;
}

inline std::string render(RRType t, std::span<const uint8_t> rd) {
  auto name_at = [&](size_t at, size_t* used) { return Name::from_wire(rd.subspan(at), used); };
  size_t used = 0;
  switch (t) {
    case RRType::A:
      return std::to_string(rd[0]) + "." + std::to_string(rd[1]) + "." + std::to_string(rd[2]) +
             "." + std::to_string(rd[3]);
    case RRType::MX:
      return std::to_string(rd[0] << 8 | rd[1]) + " " + name_at(2, &used)->to_string();
    case RRType::TXT:
      return "\"" + std::string(rd.begin() + 1, rd.end()) + "\"";
    case RRType::SOA: {
      std::string s = name_at(0, &used)->to_string();
      size_t at = used;
      s += " " + name_at(at, &used)->to_string();
      at += used;
      for (int i = 0; i < 5; ++i, at += 4) {
        s += " " + std::to_string(uint32_t(rd[at]) << 24 | rd[at + 1] << 16 | rd[at + 2] << 8 |
                                  rd[at + 3]);
      }
      return s;
    }
    default:
      return name_at(0, &used)->to_string();
  }
}

}  // namespace detail

inline Name N(std::string_view text) {
  auto r = Name::parse(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? *r : Name();
}

inline void add_line(ZoneBuilder& b, const Name& origin, std::string_view line, uint32_t lineno) {
  std::vector<std::string> f = detail::split(line);
  ASSERT_GE(f.size(), 4u) << line;
  Name owner = *Name::parse(f[0], &origin);
  RRType t = *rrtype_from_string(f[2]);
  std::vector<std::string> rest(f.begin() + 3, f.end());
  std::vector<uint8_t> rd = detail::encode(t, rest, origin);
  b.add(owner, t, RRClass::IN, static_cast<uint32_t>(std::stoul(f[1])), rd, lineno);
}

inline Result<std::shared_ptr<const Zone>> build_zone(std::string_view origin,
                                                      const std::vector<std::string>& lines,
                                                      std::vector<Diagnostic>* diags = nullptr) {
  Name o = N(origin);
  ZoneBuilder b(o, "test.zone");
  uint32_t lineno = 0;
  for (const auto& l : lines) add_line(b, o, l, ++lineno);
  return b.build(diags);
}

inline std::string node_records(const Zone& z, Zone::NodeId n) {
  std::string out;
  std::string owner = z.owner(n).to_string();
  for (const RRsetRef& rs : z.rrsets(n)) {
    for (auto rd : z.rdatas(rs)) {
      out += owner + " " + std::to_string(rs.ttl) + " IN " + to_string(rs.type) + " " +
             detail::render(rs.type, rd) + "\n";
    }
  }
  return out;
}

inline std::string records(const Zone& z) {
  std::string out;
  for (Zone::NodeId n = 0; n < z.node_count(); ++n) out += node_records(z, n);
  return out;
}

inline std::string owners(const Zone& z) {
  std::string out;
  for (Zone::NodeId n = 0; n < z.node_count(); ++n) out += z.owner(n).to_string() + "\n";
  return out;
}

}  // namespace canon::testing
