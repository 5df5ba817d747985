// write_resolution(): turns what chase() found into the sections of a response, with the
// truncation rules of RFC 2181 §9 and RFC 9471.
//
//   MessageWriter w(out, 512);
//   w.start(header, qname.wire(), RRType::A, RRClass::IN);
//   write_resolution(catalog, opt, res, &w);   // answer, authority, additional; TC when needed
//
// Required data sets TC when it does not fit: each RRset of the answer (CNAME chain included),
// the SOA of a negative answer, the NS of a referral and the glue of name servers below the cut
// (RFC 9471 §3). Everything else in additional is dropped silently. Once TC is set nothing more
// is written: the RRsets that fitted before stay (RFC 2181 §9: whole RRsets only).
#pragma once

#include "auth/alias.h"
#include "auth/chase.h"
#include "auth/responder.h"
#include "wire/writer.h"

namespace canon {

// The rcode a finished chase gives (RFC 6604 §3: that of the last name in the chain).
Rcode rcode_of(const Resolution& r);

// Writes answer, authority and additional. Returns true when TC was set. For a chase that
// ended at kAliasExternal, `external` holds what the upstream cache said (addresses are written
// under the ALIAS owner, NODATA gets the owner zone's SOA); otherwise it is ignored.
bool write_resolution(const Catalog& catalog, const AuthOptions& opt, const Resolution& r,
                      MessageWriter* w, const AliasAddresses* external = nullptr);

}  // namespace canon
