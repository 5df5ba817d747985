// The zones and the fake upstream source shared by the ALIAS tests (alias_test.cc,
// flat_alias_test.cc): flat. holds an ALIAS of every kind, other. its local targets, old. a
// DNAME to other.
//
//   Catalog c = alias_catalog();            // flattened, as canond builds it
//   FakeSource src;                         // answers every upstream target with `reply`
//   src.reply = ...;
//   AuthOptions opt;
//   opt.alias = &src;
#pragma once

#include <vector>

#include "auth/alias.h"
#include "auth/auth_test_util.h"

namespace canon::auth_testing {

// The apex keeps SOA, NS, MX and TXT beside its ALIAS; SOA MINIMUM 300.
inline const char* const kAliasZone = R"(
$TTL 3600
@          SOA   ns1.other. hostmaster 1 7200 900 1209600 300
@          NS    ns1.other.
@          MX    10 mail.other.
@          TXT   "apex text"
@      60  ALIAS www.other.
long  7200 ALIAS www.other.
viacname   ALIAS hop
hop    120 CNAME www.other.
chain      ALIAS long
chain3     ALIAS viacname
www        CNAME flat.
nodata     ALIAS v4only.other.
missing    ALIAS nothere.other.
loop       ALIAS back
back       CNAME loop
aa1        ALIAS aa2
aa2        ALIAS aa1
ext    600 ALIAS cdn.external.test.
extcname   ALIAS toext
toext  500 CNAME cdn.external.test.
deleg      ALIAS host.sub.other.
dname      ALIAS www.old.
*.wild     ALIAS www.other.
)";

inline const char* const kAliasTargets = R"(
$TTL 3600
@          SOA   ns1 hostmaster 1 7200 900 1209600 600
@          NS    ns1
ns1        A     198.51.100.53
www    300 A     198.51.100.1
www    300 A     198.51.100.2
www    300 AAAA  2001:db8::1
v4only     A     198.51.100.9
sub        NS    ns.elsewhere.test.
)";

inline const char* const kAliasOld = R"(
$TTL 3600
@          SOA   ns1.other. hostmaster 1 7200 900 1209600 600
@          NS    ns1.other.
@      200 DNAME other.
)";

inline std::vector<ZoneText> alias_zones() {
  return {{"flat.", kAliasZone}, {"other.", kAliasTargets}, {"old.", kAliasOld}};
}

inline Catalog alias_catalog(bool flatten = true) {
  return make_catalog(alias_zones(), flatten);
}

// One fixed reply for every target outside the zones, as the server's cache would give it.
class FakeSource : public AliasSource {
 public:
  void find(const Name& target, RRType type, AliasAddresses* out) const override {
    ++calls;
    last_target = target;
    *out = reply;
    out->type = type;
  }
  AliasAddresses reply;
  mutable int calls = 0;
  mutable Name last_target;
};

}  // namespace canon::auth_testing
