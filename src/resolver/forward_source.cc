#include "resolver/forward_source.h"

#include "resolver/cached_answer.h"
#include "resolver/classify.h"
#include "resolver/stub_client.h"

namespace canon::resolver {

namespace {

bool usable(const Message& m) {
  Rcode rc = m.rcode();
  return rc == Rcode::NOERROR || rc == Rcode::NXDOMAIN || rc == Rcode::SERVFAIL;
}

SourceAnswer to_answer(Classified&& c) {
  SourceAnswer a;
  a.kind = c.kind == AnswerKind::kPass ? AnswerKind::kNoData : c.kind;
  a.records = std::move(c.records);
  a.authority = std::move(c.authority);
  return a;
}

}  // namespace

std::optional<Message> ForwardSource::ask(const Name& name, RRType type, std::string& why) {
  Message q = make_query(name, type, /*rd=*/true);
  std::optional<Message> servfail;
  for (const auto& server : rule_.servers) {
    auto r = net_.send(server, q, timeout_);
    if (!r) {
      why += server.to_string() + ": " + r.error().message + "; ";
      continue;
    }
    if (!usable(*r)) {
      why += server.to_string() + ": " + to_string(r->rcode()) + "; ";
      continue;
    }
    if (r->rcode() == Rcode::SERVFAIL) {
      // Another forwarder may do better; remember this one for the CNAME retry.
      why += server.to_string() + ": SERVFAIL; ";
      if (!servfail) servfail = std::move(*r);
      continue;
    }
    return std::move(*r);
  }
  return servfail;
}

std::optional<SourceAnswer> ForwardSource::cname_after_servfail(const Name& name) {
  std::string why;
  auto r = ask(name, RRType::CNAME, why);
  if (!r || r->rcode() == Rcode::SERVFAIL) return std::nullopt;
  Classified c = classify_response(*r, name, RRType::CNAME);
  const RRset* cn = find_rrset(c.records, name, RRType::CNAME);
  if (c.kind != AnswerKind::kAnswer || !cn) return std::nullopt;
  RRset cname = *cn;
  Classified hop;
  hop.kind = AnswerKind::kCname;
  hop.records.push_back(cname);
  store_answer(cache_, name, RRType::A, hop, rule_.suffix);
  SourceAnswer a;
  a.kind = AnswerKind::kCname;
  a.records.push_back(std::move(cname));
  return a;
}

SourceAnswer ForwardSource::lookup(const Name& name, RRType type) {
  if (auto hit = answer_from_cache(cache_, name, type)) return *hit;
  std::string why;
  auto reply = ask(name, type, why);
  if (reply && reply->rcode() != Rcode::SERVFAIL) {
    Classified c = classify_response(*reply, name, type);
    if (!c.referral) {
      // A forwarder is trusted for the names under its rule's suffix only.
      store_answer(cache_, name, type, c, rule_.suffix);
      return to_answer(std::move(c));
    }
    // NS without SOA and no answer is a referral, not NODATA (RFC 2308 §2.2): a forwarder
    // that refers is not recursing for us, so it has failed.
    why += "referral to " + c.ns.owner.to_string() + " instead of an answer; ";
    reply.reset();
  }
  if (reply && (type == RRType::A || type == RRType::AAAA)) {
    if (auto a = cname_after_servfail(name)) return *a;
  }
  if (auto stale = answer_from_cache(cache_, name, type, /*allow_stale=*/true)) return *stale;
  SourceAnswer a;
  a.kind = AnswerKind::kFailed;
  if (!why.empty()) why.resize(why.size() - 2);
  a.why = "forwarders failed: " + why;
  return a;
}

}  // namespace canon::resolver
