// ForwardSource: one [[view.forward]] rule. Sends the name with RD set to the rule's servers in
// turn and keeps only the first hop of the answer (classify.h): a CNAME or DNAME is handed to
// the router, which routes the target through the whole view again instead of trusting the
// forwarder's chase (issue 5 §1). When a forwarder answers SERVFAIL for an address query, it
// is asked for the name's CNAME: the forwarder may have failed on the chain's target only
// (the VPC story: the target is in our private zone, unreachable for the forwarder).
//
//   ForwardSource fwd(rule, net, cache);
//   SourceAnswer a = fwd.lookup(qname, RRType::A);
#pragma once

#include <vector>

#include "base/address.h"
#include "resolver/cache.h"
#include "resolver/network.h"
#include "resolver/source.h"

namespace canon::resolver {

struct ForwardRule {
  Name suffix;
  std::vector<ListenAddress> servers;
  bool first = false;  // fall back to recursion when the forwarders fail
};

class ForwardSource final : public AnswerSource {
 public:
  ForwardSource(ForwardRule rule, Network& net, Cache& cache, Millis timeout = Millis(1500))
      : rule_(std::move(rule)), net_(net), cache_(cache), timeout_(timeout) {}

  const ForwardRule& rule() const { return rule_; }
  SourceAnswer lookup(const Name& name, RRType type) override;

 private:
  // Asks every server in turn; the first usable answer wins. `why` collects the failures.
  std::optional<Message> ask(const Name& name, RRType type, std::string& why);
  std::optional<SourceAnswer> cname_after_servfail(const Name& name);

  ForwardRule rule_;
  Network& net_;
  Cache& cache_;
  Millis timeout_;
};

}  // namespace canon::resolver
