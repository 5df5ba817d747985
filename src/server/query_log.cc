#include "server/query_log.h"

#include <charconv>

#include "base/address.h"
#include "server/log.h"
#include "wire/message.h"
#include "wire/name.h"
#include "wire/rrtype.h"

namespace canon::server {

namespace {

struct QuestionText {
  std::string name = "-";
  std::string type = "-";
};

// The question as written, when the packet has one in the plain form a query uses.
QuestionText question_of(std::span<const uint8_t> query) {
  QuestionText q;
  if (query.size() < 12 || (query[4] == 0 && query[5] == 0)) return q;
  size_t used = 0;
  auto name = Name::from_wire(query.subspan(12), &used);
  if (!name) return q;
  q.name.clear();
  name->append_text(q.name);
  if (query.size() >= 12 + used + 2) {
    auto t = static_cast<uint16_t>(query[12 + used] << 8 | query[12 + used + 1]);
    q.type = to_string(static_cast<RRType>(t));
  }
  return q;
}

std::string rcode_of(std::span<const uint8_t> response) {
  if (response.size() < 12) return "DROPPED";
  return to_string(static_cast<Rcode>(response[3] & 0x0f));
}

void append_number(std::string& out, size_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  (void)ec;
  out.append(buf, end);
}

}  // namespace

void append_query_line(std::string& out, LogFormat format, std::string_view timestamp,
                       const sockaddr_storage& peer, Transport transport,
                       std::span<const uint8_t> query, std::span<const uint8_t> response) {
  QuestionText q = question_of(query);
  std::string rcode = rcode_of(response);
  const char* proto = transport == Transport::kTcp ? "tcp" : "udp";
  if (format == LogFormat::kJson) {
    out += "{\"time\":\"";
    out += timestamp;
    out += "\",\"level\":\"query\",\"client\":\"";
    append_peer(out, peer);
    out += "\",\"transport\":\"";
    out += proto;
    out += "\",\"qname\":\"";
    append_json_escaped(out, q.name);
    out += "\",\"qtype\":\"";
    out += q.type;
    out += "\",\"rcode\":\"";
    out += rcode;
    out += "\",\"size\":";
    append_number(out, response.size());
    out += "}\n";
    return;
  }
  out += timestamp;
  out += " query ";
  append_peer(out, peer);
  out += ' ';
  out += proto;
  out += ' ';
  out += q.name;
  out += ' ';
  out += q.type;
  out += ' ';
  out += rcode;
  out += ' ';
  append_number(out, response.size());
  out += '\n';
}

}  // namespace canon::server
