// Test helpers for src/auth: catalogs from zone-file text, query packets, and responses
// flattened to presentation lines, so that a test case reads like dig output.
//
//   Catalog c = catalog({{"example.", "@ 3600 SOA ns hm 1 2 3 4 300\nwww 300 A 192.0.2.1"}});
//   Reply r = ask(c, {.qname = "www.example.", .qtype = "A"});
//   EXPECT_EQ(r.answer, Lines{"www.example. 300 IN A 192.0.2.1"});
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "auth/responder.h"
#include "wire/message.h"
#include "zone/zone.h"
#include "zonefile/zonefile.h"

namespace canon::auth_testing {

using Lines = std::vector<std::string>;

struct ZoneText {
  std::string origin;
  std::string text;
};

inline std::shared_ptr<const Zone> make_zone(const ZoneText& zt) {
  Name origin = *Name::parse(zt.origin);
  ZoneBuilder b(origin, zt.origin);
  ParseOptions po{.origin = origin, .default_ttl = 3600};
  ParseSummary s =
      parse_zone_text(zt.text, zt.origin, po, [&](const ParsedRecord& r) { b.add(r); });
  for (const auto& d : s.diagnostics) ADD_FAILURE() << d.to_string();
  std::vector<Diagnostic> diags;
  auto z = b.build(&diags);
  for (const auto& d : diags)
    if (!d.warning) ADD_FAILURE() << d.to_string();
  if (!z) {
    ADD_FAILURE() << "zone " << zt.origin << ": " << z.error().message;
    return nullptr;
  }
  return *z;
}

// The catalog as the server builds it: the zones, then every ALIAS flattened (flat_alias.h).
// With `flatten` false the chase resolves each ALIAS per query, for tests of the two paths.
inline Catalog make_catalog(const std::vector<ZoneText>& zones, bool flatten = true) {
  Catalog c;
  for (const auto& zt : zones) c.add(make_zone(zt));
  if (flatten) c.flatten_aliases();
  return c;
}

struct Ask {
  std::string qname;
  std::string qtype = "A";
  bool edns = false;
  uint16_t udp_size = 1232;
  uint8_t version = 0;
  Transport transport = Transport::kUdp;
  RRClass qclass = RRClass::IN;
  uint16_t id = 4242;
  bool rd = false;
  bool cd = false;
};

inline std::vector<uint8_t> make_query(const Ask& a) {
  Message m;
  m.header.id = a.id;
  m.header.rd = a.rd;
  m.header.cd = a.cd;
  auto t = rrtype_from_string(a.qtype);
  EXPECT_TRUE(t.has_value()) << a.qtype;
  m.questions.push_back(Question{*Name::parse(a.qname), t.value_or(RRType::A), a.qclass});
  if (a.edns) {
    Edns e;
    e.udp_size = a.udp_size;
    e.version = a.version;
    m.edns = e;
  }
  return m.encode();
}

// One presentation line per record, with runs of blanks folded to one space.
inline std::string squeeze(const std::string& s) {
  std::string out;
  for (char c : s) {
    bool blank = c == ' ' || c == '\t';
    if (blank && (out.empty() || out.back() == ' ')) continue;
    out += blank ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

inline Lines lines(const std::vector<ResourceRecord>& rrs) {
  Lines out;
  for (const auto& rr : rrs) out.push_back(squeeze(rr.to_text()));
  return out;
}

struct Reply {
  size_t size = 0;  // 0: dropped
  Message msg;
  Lines answer, authority, additional;
  std::string flags;  // "aa tc" style, only aa and tc
  Rcode rcode = Rcode::NOERROR;
  std::string ede;  // EXTRA-TEXT of the first EDE, when any
};

inline Reply decode_reply(std::span<const uint8_t> wire) {
  Reply r;
  r.size = wire.size();
  if (wire.empty()) return r;
  auto m = Message::decode(wire);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  if (!m) return r;
  r.msg = *m;
  r.answer = lines(m->answer);
  r.authority = lines(m->authority);
  r.additional = lines(m->additional);
  r.rcode = m->rcode();
  if (m->header.aa) r.flags += "aa";
  if (m->header.tc) r.flags += r.flags.empty() ? "tc" : " tc";
  if (m->edns && !m->edns->errors.empty()) r.ede = m->edns->errors[0].extra_text;
  return r;
}

inline Reply ask_wire(const Catalog& c, std::span<const uint8_t> query,
                      Transport t = Transport::kUdp, const AuthOptions& opt = {}) {
  std::vector<uint8_t> out(65535);
  size_t n = respond(c, opt, t, query, out);
  return decode_reply(std::span<const uint8_t>(out.data(), n));
}

inline Reply ask(const Catalog& c, const Ask& a, const AuthOptions& opt = {}) {
  return ask_wire(c, make_query(a), a.transport, opt);
}

// A table row: one query and the whole expected response.
struct Case {
  std::string label;
  Ask q;
  Rcode rcode = Rcode::NOERROR;
  std::string flags = "aa";
  Lines answer, authority, additional;
  std::string ede;
};

inline void check(const Catalog& c, const Case& k, const AuthOptions& opt = {}) {
  SCOPED_TRACE(k.label + " (" + k.q.qname + " " + k.q.qtype + ")");
  Reply r = ask(c, k.q, opt);
  ASSERT_GT(r.size, 0u);
  EXPECT_EQ(to_string(r.rcode), to_string(k.rcode));
  EXPECT_EQ(r.flags, k.flags);
  EXPECT_EQ(r.answer, k.answer);
  EXPECT_EQ(r.authority, k.authority);
  EXPECT_EQ(r.additional, k.additional);
  EXPECT_EQ(r.ede, k.ede);
}

}  // namespace canon::auth_testing
