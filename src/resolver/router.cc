#include "resolver/router.h"

#include <algorithm>

#include "resolver/classify.h"

namespace canon::resolver {

namespace {

// EDE codes (RFC 8914 §4): 0 Other (loops and long chains have no code of their own),
// 3 Stale Answer, 22 No Reachable Authority.
constexpr uint16_t kEdeOther = 0;
constexpr uint16_t kEdeStale = 3;
constexpr uint16_t kEdeNoReachableAuthority = 22;

Resolved fail(Resolved r, uint16_t code, std::string text) {
  r.rcode = Rcode::SERVFAIL;
  r.ede = ExtendedError{code, std::move(text)};
  return r;
}

RRset synthesized_cname(const Name& owner, const RRset& dname, const Name& target) {
  auto w = target.wire();
  return RRset{owner, RRType::CNAME, RRClass::IN, dname.ttl, {{w.begin(), w.end()}}};
}

}  // namespace

Router::Router(std::shared_ptr<const Catalog> zones, std::vector<ForwardRule> forwards,
               Network* net, Cache* cache, AnswerSource* recursion, RouterOptions opt)
    : local_(std::move(zones)), recursion_(recursion), opt_(opt) {
  for (auto& rule : forwards)
    forwards_.push_back(
        std::make_unique<ForwardSource>(std::move(rule), *net, *cache, opt_.forward_timeout));
}

ForwardSource* Router::forward_for(const Name& name) const {
  ForwardSource* best = nullptr;
  for (const auto& f : forwards_) {
    if (!name.is_subdomain_of(f->rule().suffix)) continue;
    if (!best || f->rule().suffix.label_count() > best->rule().suffix.label_count()) best = f.get();
  }
  return best;
}

Stage Router::route(const Name& name, bool allowed) const {
  if (local_.covers(name)) return Stage::kLocal;
  if (!allowed) return Stage::kNone;
  if (forward_for(name)) return Stage::kForward;
  if (opt_.recursion && recursion_) return Stage::kRecursion;
  return Stage::kNone;
}

SourceAnswer Router::answer_one(const Name& name, RRType qtype, bool allowed, Stage* stage) {
  *stage = Stage::kLocal;
  if (local_.covers(name)) {
    SourceAnswer a = local_.lookup(name, qtype);
    if (a.kind != AnswerKind::kPass) return a;
  }
  SourceAnswer none;
  none.kind = AnswerKind::kPass;
  if (!allowed) return none;
  if (ForwardSource* f = forward_for(name)) {
    *stage = Stage::kForward;
    SourceAnswer a = f->lookup(name, qtype);
    if (a.kind != AnswerKind::kFailed || !f->rule().first || !opt_.recursion || !recursion_)
      return a;
  }
  if (opt_.recursion && recursion_) {
    *stage = Stage::kRecursion;
    return recursion_->lookup(name, qtype);
  }
  *stage = Stage::kNone;
  return none;
}

Resolved Router::resolve(const Name& qname, RRType qtype, bool allowed) {
  return resolve_at(qname, qtype, allowed, 0);
}

// ALIAS (apex flattening): the target's addresses, resolved through the view's routing, are
// given the alias's owner name and the lower of the two TTLs.
void Router::flatten_alias(const Name& name, const RRset& alias, RRType qtype, bool allowed,
                           int depth, Resolved& r) {
  auto target = alias.target();
  if (!target || depth >= kMaxAliasDepth) {
    r = fail(std::move(r), kEdeOther, "ALIAS at " + name.to_string() + " cannot be resolved");
    return;
  }
  Resolved sub = resolve_at(*target, qtype, allowed, depth + 1);
  if (sub.rcode == Rcode::SERVFAIL) {
    r.rcode = Rcode::SERVFAIL;
    r.ede = sub.ede;
    return;
  }
  r.rcode = Rcode::NOERROR;  // a target without addresses leaves the name without them
  for (auto& s : sub.answer) {
    if (s.type != qtype) continue;
    s.owner = name;
    s.ttl = std::min(s.ttl, alias.ttl);
    r.answer.push_back(std::move(s));
  }
}

Resolved Router::resolve_at(const Name& qname, RRType qtype, bool allowed, int depth) {
  Resolved r;
  std::vector<Name> names{qname};
  bool stale = false;
  for (;;) {
    const Name name = names.back();
    Stage stage;
    SourceAnswer a = answer_one(name, qtype, allowed, &stage);
    r.stages.push_back(stage);
    if (names.size() == 1) r.aa = a.authoritative;
    stale = stale || a.stale;
    switch (a.kind) {
      case AnswerKind::kAnswer:
        r.rcode = Rcode::NOERROR;
        for (auto& s : a.records) r.answer.push_back(std::move(s));
        break;
      case AnswerKind::kNoData:
      case AnswerKind::kNxDomain:
        // RFC 6604: the rcode of a chain is the rcode of its last name.
        r.rcode = a.kind == AnswerKind::kNxDomain ? Rcode::NXDOMAIN : Rcode::NOERROR;
        r.authority = std::move(a.authority);
        break;
      case AnswerKind::kAlias:
        flatten_alias(name, a.records.front(), qtype, allowed, depth, r);
        break;
      case AnswerKind::kFailed:
        return fail(std::move(r), kEdeNoReachableAuthority, a.why);
      case AnswerKind::kPass:
        // Nothing may answer this name for this client: REFUSED for the query name, the
        // partial chain for a target (as the authoritative server does outside its zones).
        r.rcode = names.size() == 1 ? Rcode::REFUSED : Rcode::NOERROR;
        break;
      case AnswerKind::kCname:
      case AnswerKind::kDname: {
        RRset hop = std::move(a.records.front());
        std::optional<Name> target;
        if (a.kind == AnswerKind::kCname) {
          target = hop.target();
          r.answer.push_back(std::move(hop));
        } else {
          auto t = dname_substitute(hop, name);
          if (!t) {  // RFC 6672 §2.2: the substitution is too long
            r.answer.push_back(std::move(hop));
            r.rcode = Rcode::YXDOMAIN;
            break;
          }
          target = *t;
          RRset cname = synthesized_cname(name, hop, *t);
          r.answer.push_back(std::move(hop));
          r.answer.push_back(std::move(cname));
        }
        if (!target)
          return fail(std::move(r), kEdeOther, "unreadable CNAME at " + name.to_string());
        if (std::find(names.begin(), names.end(), *target) != names.end())
          return fail(std::move(r), kEdeOther, "CNAME loop at " + target->to_string());
        if (names.size() > opt_.max_cname_chain)
          return fail(std::move(r), kEdeOther,
                      "CNAME chain longer than " + std::to_string(opt_.max_cname_chain));
        names.push_back(*target);
        continue;
      }
    }
    break;
  }
  if (stale && r.rcode != Rcode::SERVFAIL) r.ede = ExtendedError{kEdeStale, ""};
  return r;
}

Message make_reply(const Message& query, const Resolved& r, bool ra) {
  Message m;
  m.header.id = query.header.id;
  m.header.qr = true;
  m.header.rd = query.header.rd;
  m.header.cd = query.header.cd;
  m.header.ra = ra;
  m.header.aa = r.aa;
  m.questions = query.questions;
  for (const auto& s : r.answer) s.append_records(m.answer);
  for (const auto& s : r.authority) s.append_records(m.authority);
  if (query.edns) {
    Edns e;
    e.udp_size = 1232;
    if (r.ede) e.errors.push_back(*r.ede);
    m.edns = e;
  }
  m.set_rcode(r.rcode);
  return m;
}

}  // namespace canon::resolver
