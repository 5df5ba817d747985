// Router: the resolver of one view. Every name, including every CNAME and DNAME target, goes
// through the whole routing of the view (issue 5 §1):
//   1. the view's local zones (private zones shadow everything under them: a name they lack is
//      NXDOMAIN, never a public lookup);
//   2. else the most specific forward rule whose suffix holds the name;
//   3. else recursion (the iterator), when the view has it on;
// and a forward rule with `first = true` falls back to recursion when its servers fail.
// Sources answer one hop; the router follows the chain itself, so a chain can leave a forwarder
// and come back to a private zone. Limits as the authoritative server's (auth/chase.h):
// max_cname_chain hops are followed and the next fails, a DNAME and its synthesized CNAME are
// one hop, a target met before is a loop; both end in SERVFAIL with EDE 0 and a text.
//
//   Router r(zones, {rule}, &net, &cache, &iterator, {.max_cname_chain = 12, .recursion = true});
//   Resolved res = r.resolve(*Name::parse("service1.acmeltd.co.uk."), RRType::A, true);
//   Message reply = make_reply(query, res);
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "auth/responder.h"
#include "resolver/cache.h"
#include "resolver/forward_source.h"
#include "resolver/local_source.h"
#include "resolver/network.h"
#include "resolver/source.h"

namespace canon::resolver {

struct RouterOptions {
  size_t max_cname_chain = 12;   // [server] max-cname-chain
  bool recursion = false;        // the view's `recursion`
  Millis forward_timeout{1500};  // per forwarder try
};

enum class Stage : uint8_t { kLocal, kForward, kRecursion, kNone };

struct Resolved {
  Rcode rcode = Rcode::SERVFAIL;
  std::vector<RRset> answer;     // the chain, then the final RRset(s)
  std::vector<RRset> authority;  // SOA of a negative end
  std::optional<ExtendedError> ede;
  bool aa = false;            // the query name was answered from a local zone (RFC 1034 §6.2.7)
  std::vector<Stage> stages;  // the stage that answered each name of the chain (for tests, logs)
};

class Router {
 public:
  // `recursion` may be null (no iterator). Sources are kept by reference for the router's life.
  Router(std::shared_ptr<const Catalog> zones, std::vector<ForwardRule> forwards, Network* net,
         Cache* cache, AnswerSource* recursion, RouterOptions opt);

  // `allowed`: the client passes the view's allow-recursion ACL. Without it only the local zones
  // answer (forwarding is recursion done by someone else) and anything else is REFUSED.
  Resolved resolve(const Name& qname, RRType qtype, bool allowed);

  // The stage that would answer `name` first (no I/O).
  Stage route(const Name& name, bool allowed) const;

 private:
  static constexpr int kMaxAliasDepth = 8;
  Resolved resolve_at(const Name& qname, RRType qtype, bool allowed, int depth);
  void flatten_alias(const Name& name, const RRset& alias, RRType qtype, bool allowed, int depth,
                     Resolved& r);
  SourceAnswer answer_one(const Name& name, RRType qtype, bool allowed, Stage* stage);
  ForwardSource* forward_for(const Name& name) const;

  LocalSource local_;
  std::vector<std::unique_ptr<ForwardSource>> forwards_;
  AnswerSource* recursion_;
  RouterOptions opt_;
};

// The reply to `query` (ID, RD, question copied; QR and RA set; EDNS answered with a 1232
// buffer when the query had EDNS, with the EDE when there is one).
Message make_reply(const Message& query, const Resolved& r, bool ra = true);

}  // namespace canon::resolver
