#include "cli/query_json.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "wire/edns.h"
#include "wire/rdata.h"

namespace canon::cli {

namespace {

using nlohmann::ordered_json;

std::string hex(std::span<const uint8_t> d) {
  std::string s;
  for (uint8_t b : d) s += fmt::format("{:02X}", b);
  return s;
}

int bit(bool b) {
  return b ? 1 : 0;
}

// True when the type's name is a mnemonic rather than RFC 3597's TYPEnnn.
bool has_mnemonic(RRType t) {
  return to_string(t).rfind("TYPE", 0) != 0;
}

ordered_json rr_json(const ResourceRecord& rr) {
  ordered_json j;
  j["NAME"] = rr.owner.to_string();
  j["TYPE"] = static_cast<uint16_t>(rr.type);
  j["TYPEname"] = to_string(rr.type);
  j["CLASS"] = static_cast<uint16_t>(rr.cls);
  j["CLASSname"] = to_string(rr.cls);
  j["TTL"] = rr.ttl;
  j["RDLENGTH"] = rr.rdata.size();
  j["RDATAHEX"] = hex(rr.rdata);
  if (has_mnemonic(rr.type)) j["rdata" + to_string(rr.type)] = rdata_to_text(rr.type, rr.rdata);
  return j;
}

// The OPT pseudo-RR as it travels (RFC 6891 §6.1.2-6.1.3): CLASS is the UDP size and TTL holds
// the extended rcode, version and DO bit.
ordered_json opt_json(const Edns& e) {
  std::vector<uint8_t> rdata(edns_options_size(e));
  write_edns_options(e, rdata.data());
  uint32_t ttl = static_cast<uint32_t>(e.extended_rcode) << 24 |
                 static_cast<uint32_t>(e.version) << 16 | (e.dnssec_ok ? 0x8000u : 0u);
  ordered_json j;
  j["NAME"] = ".";
  j["TYPE"] = 41;
  j["TYPEname"] = "OPT";
  j["CLASS"] = e.udp_size;
  j["TTL"] = ttl;
  j["RDLENGTH"] = rdata.size();
  j["RDATAHEX"] = hex(rdata);
  return j;
}

ordered_json rrs_json(const std::vector<ResourceRecord>& rrs) {
  ordered_json a = ordered_json::array();
  for (const auto& rr : rrs) a.push_back(rr_json(rr));
  return a;
}

void header_json(const Message& m, ordered_json& j) {
  const Header& h = m.header;
  j["ID"] = h.id;
  j["QR"] = bit(h.qr);
  j["Opcode"] = static_cast<int>(h.opcode);
  j["AA"] = bit(h.aa);
  j["TC"] = bit(h.tc);
  j["RD"] = bit(h.rd);
  j["RA"] = bit(h.ra);
  j["AD"] = bit(h.ad);
  j["CD"] = bit(h.cd);
  j["RCODE"] = static_cast<int>(m.rcode());
  j["QDCOUNT"] = m.questions.size();
  j["ANCOUNT"] = m.answer.size();
  j["NSCOUNT"] = m.authority.size();
  j["ARCOUNT"] = m.additional.size() + (m.edns ? 1 : 0);
}

void question_json(const Message& m, ordered_json& j) {
  ordered_json qs = ordered_json::array();
  for (const auto& q : m.questions) {
    ordered_json o;
    o["NAME"] = q.name.to_string();
    o["TYPE"] = static_cast<uint16_t>(q.type);
    o["TYPEname"] = to_string(q.type);
    o["CLASS"] = static_cast<uint16_t>(q.cls);
    o["CLASSname"] = to_string(q.cls);
    qs.push_back(o);
  }
  if (!m.questions.empty()) {
    const Question& q = m.questions[0];
    j["QNAME"] = q.name.to_string();
    j["QTYPE"] = static_cast<uint16_t>(q.type);
    j["QTYPEname"] = to_string(q.type);
    j["QCLASS"] = static_cast<uint16_t>(q.cls);
    j["QCLASSname"] = to_string(q.cls);
  }
  j["questionRRs"] = qs;
}

std::string rfc3339(std::time_t when) {
  std::tm tm{};
  ::gmtime_r(&when, &tm);
  char buf[32];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

}  // namespace

std::string format_json(const QueryReport& rep) {
  const Message& m = rep.response.message;
  ordered_json j;
  header_json(m, j);
  question_json(m, j);
  j["answerRRs"] = rrs_json(m.answer);
  j["authorityRRs"] = rrs_json(m.authority);
  ordered_json additional = rrs_json(m.additional);
  if (m.edns) additional.push_back(opt_json(*m.edns));
  j["additionalRRs"] = additional;
  if (m.edns && !m.edns->errors.empty()) {
    ordered_json ede = ordered_json::array();
    for (const auto& x : m.edns->errors)
      ede.push_back({{"INFO-CODE", x.info_code},
                     {"PURPOSE", ede_name(x.info_code)},
                     {"EXTRA-TEXT", x.extra_text}});
    j["EDE"] = ede;
  }
  j["messageOctetsHEX"] = hex(rep.response.wire);
  j["dateString"] = rfc3339(rep.when);
  j["dateSeconds"] = static_cast<int64_t>(rep.when);
  // Names and EXTRA-TEXT may hold any octet: replace invalid UTF-8 rather than throw.
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace canon::cli
