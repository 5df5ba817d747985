// --resolver: one recursive query (RD=1), and the chain read back from its answer section.
#include <chrono>

#include "cli/trace_classify.h"
#include "cli/trace_flags.h"
#include "cli/trace_walk.h"
#include "resolver/stub_client.h"
#include "wire/rdata.h"

namespace canon::cli::trace {

namespace {

Kind final_kind(const Message& m, bool has_data) {
  if (has_data) return Kind::kAnswer;
  switch (m.rcode()) {
    case Rcode::NOERROR:
      return Kind::kNodata;
    case Rcode::NXDOMAIN:
      return Kind::kNxdomain;
    case Rcode::SERVFAIL:
      return Kind::kServfail;
    case Rcode::REFUSED:
      return Kind::kRefused;
    default:
      return Kind::kError;
  }
}

Kind alias_kind(const std::string& k) {
  return k == "DNAME" ? Kind::kDname : Kind::kCname;
}

std::string ede_text(const Message& m) {
  std::string out;
  if (!m.edns) return out;
  for (const auto& e : m.edns->errors) {
    if (!out.empty()) out += "; ";
    out += "EDE " + std::to_string(e.info_code) + (e.extra_text.empty() ? "" : ": ") + e.extra_text;
  }
  return out;
}

}  // namespace

Trace resolve_via(const Name& qname, RRType qtype, const ListenAddress& resolver, int timeout_ms) {
  Trace t;
  t.name = qname.to_string();
  t.type = to_string(qtype);
  t.mode = "resolver";
  t.resolver = show_address(resolver);
  t.chain.push_back(t.name);
  Step st{"(recursive)", t.name, t.type};
  Response resp;
  resp.server = "resolver";
  resp.address = t.resolver;
  StubOptions so;
  so.timeout_ms = timeout_ms;
  auto start = std::chrono::steady_clock::now();
  auto r = stub_query(resolver, make_query(qname, qtype, /*rd=*/true), so);
  resp.ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  t.ms = st.ms = resp.ms;
  Branch first{t.name, t.type};
  if (!r) {
    resp.kind = st.kind = first.end = t.outcome = Kind::kTimeout;
    resp.error = r.error().message;
    st.responses.push_back(resp);
    first.steps.push_back(st);
    t.branches.push_back(first);
    t.flags.push_back({"unreachable", "error", t.resolver,
                       "The resolver " + t.resolver + " did not answer: " + resp.error + "."});
    return t;
  }
  const Message& m = r->message;
  std::vector<Name> chain;
  std::vector<std::string> kinds;
  bool loop = false;
  auto finals = follow_answer(m, qname, qtype, chain, kinds, loop);
  Kind end = loop ? Kind::kServfail : final_kind(m, !finals.empty());
  if (loop && m.rcode() != Rcode::SERVFAIL) end = final_kind(m, false);
  resp.rcode = to_string(m.rcode());
  resp.aa = m.header.aa;
  resp.error = ede_text(m);
  for (const auto& rr : m.answer) resp.records.push_back(rr.to_text());
  resp.ttl = m.answer.empty() ? 0 : m.answer.front().ttl;
  resp.kind = chain.empty() ? end : alias_kind(kinds[0]);
  if (!chain.empty()) resp.target = chain[0].to_string();
  st.kind = resp.kind;
  st.responses.push_back(resp);
  first.steps.push_back(st);
  first.end = resp.kind;
  first.target = resp.target;
  t.branches.push_back(first);
  for (size_t i = 0; i < chain.size(); ++i) {
    Branch b{chain[i].to_string(), t.type};
    b.via = kinds[i];
    b.from = t.chain.back();
    b.end = i + 1 < chain.size() ? alias_kind(kinds[i + 1]) : end;
    if (i + 1 < chain.size()) b.target = chain[i + 1].to_string();
    t.chain.push_back(b.qname);
    t.branches.push_back(b);
  }
  t.outcome = end;
  for (const auto* rr : finals) {
    t.answers.push_back(rr->to_text());
    if (rr->type == RRType::A || rr->type == RRType::AAAA) {
      t.addresses.push_back(rdata_to_text(rr->type, rr->rdata));
    }
  }
  t.branches.back().answers = t.answers;
  t.branches.back().addresses = t.addresses;
  if (loop) {
    t.chain.pop_back();
    add_loop_flag(t, chain.back().to_string());
    t.chain.push_back(chain.back().to_string());
  }
  add_chain_flags(t);
  return t;
}

}  // namespace canon::cli::trace
