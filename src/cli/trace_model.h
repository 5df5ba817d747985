// The result of `canon trace`: branches of steps, one branch per name of an alias chain, and
// the flags raised on the way. Plain data, filled by trace_walk.cc / trace_resolver.cc and read
// by the writers (trace_text.cc, trace_json.cc, trace_svg.cc, html_report.cc) and by `check`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace canon::cli::trace {

// What one response says about the name asked.
enum class Kind {
  kReferral,  // a delegation one zone further down
  kAnswer,    // records of the type asked
  kCname,     // an alias: the name is a CNAME
  kDname,     // an alias: an ancestor is a DNAME (RFC 6672)
  kNxdomain,
  kNodata,
  kServfail,
  kRefused,
  kLame,     // a server of the zone that neither answers nor refers down (upward referral)
  kTimeout,  // no response (timeout, refused connection, unreachable network)
  kError,    // a response that could not be used (FORMERR, NOTIMP, malformed)
};
const char* to_string(Kind k);
// True for the kinds that end a branch with no data (dangling when reached through an alias).
bool is_negative(Kind k);
// True when the server failed to give a usable response at all.
bool is_failure(Kind k);

struct Response {
  std::string server;   // the name server's name ("" when only an address is known)
  std::string address;  // "192.0.2.1" or "2001:db8::1" (port added when not 53)
  Kind kind = Kind::kTimeout;
  std::string rcode;  // "NOERROR", ... ("" on timeout)
  bool aa = false;
  bool lame = false;
  double ms = 0;     // time taken
  uint32_t ttl = 0;  // TTL of the RRset that decided the kind (NS, answer, alias, SOA)
  std::vector<std::string> records;  // the records that decided the kind, in presentation form
  std::string referral_zone;         // kReferral: the child zone
  std::vector<std::string> referral_ns;
  std::vector<std::string> glue;  // "ns.example. 192.0.2.1"
  std::string target;             // kCname/kDname: the name to go on with
  std::string error;              // kTimeout/kError: why
  std::string signature;          // what two servers must share to agree
};

struct Step {
  std::string zone;  // the zone cut whose servers were asked
  std::string qname, qtype;
  Kind kind = Kind::kTimeout;  // what the servers said (the majority of usable responses)
  bool disagree = false;
  double ms = 0;  // the slowest server
  std::vector<Response> responses;
};

struct Branch {
  std::string qname, qtype;
  std::string via = "start";  // start, CNAME or DNAME
  std::string from;           // the alias owner that led here
  Kind end = Kind::kTimeout;
  std::string target;  // the next name when `end` is an alias
  std::vector<Step> steps;
  std::vector<std::string> answers;    // final records of the type asked
  std::vector<std::string> addresses;  // A/AAAA rdata among them
};

struct Flag {
  std::string code;      // loop, chain-length, private-delegation, unreachable, lame,
                         // disagreement, dangling, resolvers-disagree
  std::string severity;  // error, warning, info
  std::string name;      // the name or zone it concerns
  std::string message;   // one plain sentence
};

struct Trace {
  std::string name, type;
  std::string mode = "iterative";  // iterative or resolver
  std::string resolver;            // resolver mode: the address asked
  std::vector<Branch> branches;
  std::vector<Flag> flags;
  std::vector<std::string> chain;  // qname, then every alias target in order
  Kind outcome = Kind::kTimeout;   // the end of the last branch
  std::vector<std::string> answers;
  std::vector<std::string> addresses;
  double ms = 0;

  bool has_flag(const std::string& code) const {
    for (const auto& f : flags) {
      if (f.code == code) return true;
    }
    return false;
  }
};

}  // namespace canon::cli::trace
