// Message::to_text: the dig-like presentation of a whole message.
#include <fmt/format.h>

#include "wire/edns.h"
#include "wire/message.h"

namespace canon {

namespace {

std::string hex(std::span<const uint8_t> d) {
  std::string s;
  for (uint8_t b : d) s += fmt::format("{:02x}", b);
  return s;
}

void section_text(const char* title, const std::vector<ResourceRecord>& rrs, std::string& out) {
  if (rrs.empty()) return;
  out += fmt::format("\n;; {} SECTION:\n", title);
  for (const auto& rr : rrs) {
    out += rr.to_text();
    out += '\n';
  }
}

}  // namespace

void append_edns_text(const Edns& e, std::string& out, const EdnsTextMarks& marks) {
  out += fmt::format("{};; OPT PSEUDOSECTION:{}\n", marks.heading, marks.reset);
  out += fmt::format("; EDNS: version: {}, flags:{}; udp: {}\n", e.version,
                     e.dnssec_ok ? " do" : "", e.udp_size);
  if (e.client_subnet) out += fmt::format("; CLIENT-SUBNET: {}\n", to_string(*e.client_subnet));
  if (e.cookie) {
    out += "; COOKIE: " + hex(e.cookie->client);
    if (!e.cookie->server.empty()) out += " (server: " + hex(e.cookie->server) + ")";
    out += '\n';
  }
  for (const auto& x : e.errors) {
    const char* name = ede_name(x.info_code);
    out += fmt::format("; {}EDE: {}", marks.alert, x.info_code);
    if (*name) out += fmt::format(" ({})", name);
    if (!x.extra_text.empty()) out += fmt::format(": ({})", x.extra_text);
    out += fmt::format("{}\n", marks.reset);
  }
  for (const auto& o : e.other_options) {
    if (o.code == static_cast<uint16_t>(EdnsCode::kPadding))
      out += fmt::format("; PADDING: {} octets\n", o.data.size());
    else
      out += fmt::format("; OPT={}: {}\n", o.code, hex(o.data));
  }
}

std::string flags_text(const Header& h) {
  std::string s;
  auto add = [&s](bool on, const char* name) {
    if (!on) return;
    if (!s.empty()) s += ' ';
    s += name;
  };
  add(h.qr, "qr");
  add(h.aa, "aa");
  add(h.tc, "tc");
  add(h.rd, "rd");
  add(h.ra, "ra");
  add(h.ad, "ad");
  add(h.cd, "cd");
  return s;
}

std::string Message::to_text() const {
  std::string out = fmt::format(";; ->>HEADER<<- opcode: {}, status: {}, id: {}\n",
                                to_string(header.opcode), to_string(rcode()), header.id);
  out += fmt::format(";; flags: {}; QUERY: {}, ANSWER: {}, AUTHORITY: {}, ADDITIONAL: {}\n",
                     flags_text(header), questions.size(), answer.size(), authority.size(),
                     additional.size() + (edns ? 1 : 0));
  if (edns) {
    out += '\n';
    append_edns_text(*edns, out);
  }
  if (!questions.empty()) {
    out += "\n;; QUESTION SECTION:\n";
    for (const auto& q : questions) {
      out += ';';
      q.name.append_text(out);
      out += fmt::format("\t\t{}\t{}\n", to_string(q.cls), to_string(q.type));
    }
  }
  section_text("ANSWER", answer, out);
  section_text("AUTHORITY", authority, out);
  section_text("ADDITIONAL", additional, out);
  return out;
}

}  // namespace canon
