// Rdata conversion driven by one schema per record type (src/wire/rdata_schema.*): the same
// field list drives text → wire, wire → text, validation of wire data, name decompression when
// reading messages, name compression when writing them, and (later) JSON.
//
// Rdata is always held uncompressed, with names in the case they were written.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "wire/name.h"
#include "wire/rrtype.h"
#include "wire/token.h"

namespace canon {

// Converts the rdata tokens of one record (as the zone-file scanner split them) to wire form,
// appending to `out`. Relative names are completed with `origin`. Accepts RFC 3597 generic
// syntax (`\# len hex`) for every type. On failure the Error's `code` is the index of the token
// at fault (or tokens.size() when a token is missing), so the caller can report line:col.
Status rdata_from_text(RRType type, std::span<const Token> tokens, const Name& origin,
                       std::vector<uint8_t>& out);

// Presentation form of uncompressed rdata, as BIND would print it (names absolute). Types
// without a schema, or rdata that does not match the schema, print in RFC 3597 generic form.
void rdata_to_text(RRType type, std::span<const uint8_t> rdata, std::string& out);
std::string rdata_to_text(RRType type, std::span<const uint8_t> rdata);

// RFC 3597 §5 generic form: `\# len hex`.
void rdata_to_generic_text(std::span<const uint8_t> rdata, std::string& out);

// Checks uncompressed rdata against the type's schema (lengths, embedded names).
Status rdata_validate(RRType type, std::span<const uint8_t> rdata);

// Reads rdata of `rdlen` octets at `offset` in a whole message, decompressing the names that
// RFC 3597 §4 allows to be compressed, and validates it against the schema. Appends the
// uncompressed form to `out`.
Status rdata_from_message(RRType type, std::span<const uint8_t> msg, size_t offset, size_t rdlen,
                          std::vector<uint8_t>& out);

// Calls `fn(offset, length, compressible)` for every domain name embedded in uncompressed
// rdata. `compressible` is true only for the RFC 1035 types whose names a writer may compress
// (RFC 3597 §4). Used by the message writer and by code that follows targets.
void rdata_for_each_name(RRType type, std::span<const uint8_t> rdata,
                         const std::function<void(size_t, size_t, bool)>& fn);

// The target name of CNAME, DNAME, NS, PTR, ALIAS; the exchange of MX; the target of SRV; the
// TargetName of SVCB/HTTPS. nullopt for other types or malformed rdata.
std::optional<Name> rdata_target(RRType type, std::span<const uint8_t> rdata);

}  // namespace canon
