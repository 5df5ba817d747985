#include "cli/query_print.h"

#include <fmt/format.h>

#include "base/idn.h"
#include "wire/edns.h"
#include "wire/rdata.h"

namespace canon::cli {

namespace {

const char* status_colour(Rcode r, const Style& st) {
  if (r == Rcode::NOERROR) return st.green();
  if (r == Rcode::NXDOMAIN) return st.yellow();
  return st.red();
}

// "\t; bücher.example." (dimmed), or "" when IDN display is off or there is nothing to show.
std::string comment_for(std::string comment, bool idn_out, const Style& st) {
  if (!idn_out || comment.empty()) return "";
  return fmt::format("\t{}{}{}", st.dim(), comment, st.reset());
}

void header_text(const Message& m, const Style& st, std::string& out) {
  Rcode rc = m.rcode();
  out += fmt::format(";; ->>HEADER<<- opcode: {}, status: {}{}{}, id: {}\n",
                     to_string(m.header.opcode), status_colour(rc, st), to_string(rc), st.reset(),
                     m.header.id);
  out += fmt::format(";; flags: {}; QUERY: {}, ANSWER: {}, AUTHORITY: {}, ADDITIONAL: {}\n",
                     flags_text(m.header), m.questions.size(), m.answer.size(), m.authority.size(),
                     m.additional.size() + (m.edns ? 1 : 0));
}

void question_text(const Message& m, bool idn_out, const Style& st, std::string& out) {
  if (m.questions.empty()) return;
  out += fmt::format("\n{};; QUESTION SECTION:{}\n", st.bold(), st.reset());
  for (const auto& q : m.questions) {
    std::string owner = q.name.to_string();
    auto uni = idn_to_unicode(owner);
    out += fmt::format(";{}\t\t{}\t{}{}\n", owner, to_string(q.cls), to_string(q.type),
                       comment_for(uni ? "; " + *uni : "", idn_out, st));
  }
}

void section_text(const char* title, const std::vector<ResourceRecord>& rrs, bool idn_out,
                  const Style& st, std::string& out) {
  if (rrs.empty()) return;
  out += fmt::format("\n{};; {} SECTION:{}\n", st.bold(), title, st.reset());
  for (const auto& rr : rrs) {
    out += rr.to_text();
    out += comment_for(idn_comment(rr), idn_out, st);
    out += '\n';
  }
}

std::string when_text(std::time_t when) {
  std::tm tm{};
  ::localtime_r(&when, &tm);
  char buf[64];
  size_t n = std::strftime(buf, sizeof buf, "%a %b %d %H:%M:%S %Z %Y", &tm);
  return std::string(buf, n);
}

}  // namespace

std::string idn_comment(const ResourceRecord& rr) {
  std::vector<std::string> shown;
  if (auto uni = idn_to_unicode(rr.owner.to_string())) shown.push_back(*uni);
  rdata_for_each_name(rr.type, rr.rdata, [&](size_t off, size_t len, bool) {
    auto n = Name::from_wire(std::span(rr.rdata).subspan(off, len));
    if (!n) return;
    if (auto uni = idn_to_unicode(n->to_string())) shown.push_back(*uni);
  });
  if (shown.empty()) return "";
  std::string out = "; " + shown[0];
  for (size_t i = 1; i < shown.size(); ++i) out += ", " + shown[i];
  return out;
}

std::string format_text(const QueryReport& rep, const Style& st) {
  const Message& m = rep.response.message;
  const QueryArgs& a = rep.args;
  std::string out = fmt::format("; <<>> canon query <<>> {} {}\n", a.name_text, to_string(a.type));
  out += ";; Got answer:\n";
  header_text(m, st, out);
  if (a.rd && m.header.rd && !m.header.ra)
    out += fmt::format(";; {}WARNING: recursion requested but not available{}\n", st.yellow(),
                       st.reset());
  if (m.edns) {
    // RFC 8914: the EDE says why an answer failed (canond: "CNAME loop at NAME"), so it stands
    // out.
    out += '\n';
    append_edns_text(*m.edns, out, {st.bold(), st.red(), st.reset()});
  }
  question_text(m, a.idn_out, st, out);
  section_text("ANSWER", m.answer, a.idn_out, st, out);
  section_text("AUTHORITY", m.authority, a.idn_out, st, out);
  section_text("ADDITIONAL", m.additional, a.idn_out, st, out);
  out += fmt::format("\n{};; Query time: {} msec\n", st.dim(), rep.response.elapsed.count() / 1000);
  out += fmt::format(";; SERVER: {} ({})\n", rep.server, rep.response.over_tcp ? "TCP" : "UDP");
  out += fmt::format(";; WHEN: {}\n", when_text(rep.when));
  out += fmt::format(";; MSG SIZE  rcvd: {}{}\n\n", rep.response.wire.size(), st.reset());
  return out;
}

std::string format_short(const Message& m) {
  std::string out;
  for (const auto& rr : m.answer) {
    rdata_to_text(rr.type, rr.rdata, out);
    out += '\n';
  }
  return out;
}

}  // namespace canon::cli
