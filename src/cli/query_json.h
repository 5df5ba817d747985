// `canon query +json`: the response as an RFC 8427 message object.
//
// Members (RFC 8427 §2): ID, QR, Opcode, AA, TC, RD, RA, AD, CD, RCODE, QDCOUNT, ANCOUNT,
// NSCOUNT, ARCOUNT, QNAME, QTYPE, QTYPEname, QCLASS, QCLASSname, questionRRs, answerRRs,
// authorityRRs, additionalRRs, messageOctetsHEX, dateString, dateSeconds. Flags are 0 or 1 as
// in the RFC's examples; RCODE is the full 12-bit value (EDNS included). Each RR has NAME,
// TYPE, TYPEname, CLASS, CLASSname, TTL, RDLENGTH, RDATAHEX and, for a type with a mnemonic,
// "rdata<TYPEname>" in presentation form (e.g. "rdataA": "192.0.2.1"). The OPT record is in
// additionalRRs as on the wire. One member beyond the RFC, which predates RFC 8914: "EDE", a
// list of {"INFO-CODE", "PURPOSE", "EXTRA-TEXT"}.
#pragma once

#include <string>

#include "cli/query_print.h"

namespace canon::cli {

std::string format_json(const QueryReport& rep);

}  // namespace canon::cli
