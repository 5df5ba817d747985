#include "wire/rdata_schema.h"

#include <algorithm>

namespace canon {

namespace {

using F = Field;

// Field lists follow each type's RFC. Names that RFC 3597 §4 lets a reader find compressed are
// NameD; those of the RFC 1035 types a writer may also compress are NameC; the rest are Name.
constexpr TypeInfo kTypes[] = {
    {1, "A", {F::IPv4}},
    {2, "NS", {F::NameC}},
    {3, "MD", {F::NameC}},
    {4, "MF", {F::NameC}},
    {5, "CNAME", {F::NameC}},
    {6, "SOA", {F::NameC, F::NameC, F::U32, F::Period, F::Period, F::Period, F::Period}},
    {7, "MB", {F::NameC}},
    {8, "MG", {F::NameC}},
    {9, "MR", {F::NameC}},
    {10, "NULL", {}},
    {11, "WKS", {F::IPv4, F::WksProto, F::WksBitmap}},
    {12, "PTR", {F::NameC}},
    {13, "HINFO", {F::Str, F::Str}},
    {14, "MINFO", {F::NameC, F::NameC}},
    {15, "MX", {F::U16, F::NameC}},
    {16, "TXT", {F::Strs}},
    {17, "RP", {F::NameD, F::NameD}},
    {18, "AFSDB", {F::U16, F::NameD}},
    {19, "X25", {F::Str}},
    {20, "ISDN", {F::Str, F::StrOpt}},
    {21, "RT", {F::U16, F::NameD}},
    {22, "NSAP", {F::Nsap}},
    {23, "NSAP-PTR", {F::Name}},
    {24,
     "SIG",
     {F::Type, F::Algorithm, F::U8, F::U32, F::Time, F::Time, F::U16, F::NameD, F::Base64}},
    {25, "KEY", {F::U16, F::U8, F::Algorithm, F::Base64}},
    {26, "PX", {F::U16, F::NameD, F::NameD}},
    {27, "GPOS", {F::Str, F::Str, F::Str}},
    {28, "AAAA", {F::IPv6}},
    {29, "LOC", {F::Loc}},
    {30, "NXT", {F::NameD, F::NxtBitmap}},
    {31, "EID", {F::Hex}},  // Nimrod, as BIND reads it: hex
    {32, "NIMLOC", {F::Hex}},
    {33, "SRV", {F::U16, F::U16, F::U16, F::NameD}},
    {34, "ATMA", {F::Atma}},
    {35, "NAPTR", {F::U16, F::U16, F::Str, F::Str, F::Str, F::NameD}},
    {36, "KX", {F::U16, F::Name}},
    {37, "CERT", {F::CertType, F::U16, F::Algorithm, F::Base64}},
    {38, "A6", {F::A6}},
    // RFC 6672 §2.5 forbids compressing the target on write; readers still accept it.
    {39, "DNAME", {F::NameD}},
    {40, "SINK", {F::U8, F::U8, F::U8, F::Base64}},  // meaning, coding, subcoding, data
    {41, "OPT", {}},
    {42, "APL", {F::Apl}},
    {43, "DS", {F::U16, F::Algorithm, F::U8, F::Hex}},
    {44, "SSHFP", {F::U8, F::U8, F::Hex}},
    {45, "IPSECKEY", {F::U8, F::U8, F::U8, F::Gateway, F::Base64}},
    {46,
     "RRSIG",
     {F::Type, F::Algorithm, F::U8, F::U32, F::Time, F::Time, F::U16, F::Name, F::Base64}},
    {47, "NSEC", {F::Name, F::Bitmap}},
    {48, "DNSKEY", {F::U16, F::U8, F::Algorithm, F::Base64}},
    {49, "DHCID", {F::Base64}},
    {50, "NSEC3", {F::U8, F::U8, F::U16, F::Salt, F::Hash32, F::Bitmap}},
    {51, "NSEC3PARAM", {F::U8, F::U8, F::U16, F::Salt}},
    {52, "TLSA", {F::U8, F::U8, F::U8, F::Hex}},
    {53, "SMIMEA", {F::U8, F::U8, F::U8, F::Hex}},
    {55, "HIP", {F::Hip}},
    {56, "NINFO", {F::Strs}},
    {57, "RKEY", {F::U16, F::U8, F::Algorithm, F::Base64}},
    {58, "TALINK", {F::Name, F::Name}},
    {59, "CDS", {F::U16, F::Algorithm, F::U8, F::Hex}},
    {60, "CDNSKEY", {F::U16, F::U8, F::Algorithm, F::Base64}},
    {61, "OPENPGPKEY", {F::Base64}},
    {62, "CSYNC", {F::U32, F::U16, F::Bitmap}},
    {63, "ZONEMD", {F::U32, F::U8, F::U8, F::Hex}},
    {64, "SVCB", {F::U16, F::Name, F::SvcParams}},
    {65, "HTTPS", {F::U16, F::Name, F::SvcParams}},
    {66, "DSYNC", {F::Type, F::DsyncScheme, F::U16, F::Name}},
    {67, "HHIT", {F::Base64}},  // DRIP, as BIND reads them: base64
    {68, "BRID", {F::Base64}},
    {99, "SPF", {F::Strs}},
    {104, "NID", {F::U16, F::Ilnp64}},
    {105, "L32", {F::U16, F::IPv4}},
    {106, "L64", {F::U16, F::Ilnp64}},
    {107, "LP", {F::U16, F::Name}},
    {108, "EUI48", {F::Eui48}},
    {109, "EUI64", {F::Eui64}},
    {249, "TKEY", {}},
    {250, "TSIG", {}},
    {251, "IXFR", {}},
    {252, "AXFR", {}},
    {253, "MAILB", {}},
    {254, "MAILA", {}},
    {255, "ANY", {}},
    {256, "URI", {F::U16, F::U16, F::Raw}},
    {257, "CAA", {F::U8, F::CaaTag, F::Raw}},
    {258, "AVC", {F::Strs}},
    {259, "DOA", {F::U32, F::U32, F::U8, F::Str, F::Base64}},
    {260, "AMTRELAY", {F::U8, F::AmtType, F::AmtRelay}},
    {261, "RESINFO", {F::Strs}},  // RFC 9606: key=value strings, as TXT
    {262, "WALLET", {F::Strs}},
    {32768, "TA", {F::U16, F::Algorithm, F::U8, F::Hex}},
    {32769, "DLV", {F::U16, F::Algorithm, F::U8, F::Hex}},
    {65401, "ALIAS", {F::Name}},
};

constexpr size_t kTypeCount = std::size(kTypes);
constexpr size_t kDirect = 263;  // codes below this are found by direct index

constexpr std::array<int16_t, kDirect> make_direct_index() {
  std::array<int16_t, kDirect> idx{};
  for (auto& i : idx) i = -1;
  for (size_t i = 0; i < kTypeCount; ++i)
    if (kTypes[i].code < kDirect) idx[kTypes[i].code] = static_cast<int16_t>(i);
  return idx;
}
constexpr auto kDirectIndex = make_direct_index();

// Indices into kTypes sorted by mnemonic, for binary search by name.
constexpr std::array<uint8_t, kTypeCount> make_name_index() {
  std::array<uint8_t, kTypeCount> idx{};
  for (size_t i = 0; i < kTypeCount; ++i) idx[i] = static_cast<uint8_t>(i);
  std::sort(idx.begin(), idx.end(),
            [](uint8_t a, uint8_t b) { return kTypes[a].mnemonic < kTypes[b].mnemonic; });
  return idx;
}
constexpr auto kNameIndex = make_name_index();

char upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
}

}  // namespace

const TypeInfo* find_type(RRType t) {
  auto code = static_cast<uint16_t>(t);
  if (code < kDirect) {
    int16_t i = kDirectIndex[code];
    return i < 0 ? nullptr : &kTypes[i];
  }
  for (size_t i = 0; i < kTypeCount; ++i)
    if (kTypes[i].code == code) return &kTypes[i];
  return nullptr;
}

const TypeInfo* find_type(std::string_view mnemonic) {
  char buf[16];
  if (mnemonic.empty() || mnemonic.size() > sizeof buf) return nullptr;
  for (size_t i = 0; i < mnemonic.size(); ++i) buf[i] = upper(mnemonic[i]);
  std::string_view key(buf, mnemonic.size());
  auto it = std::lower_bound(kNameIndex.begin(), kNameIndex.end(), key,
                             [](uint8_t i, std::string_view k) { return kTypes[i].mnemonic < k; });
  if (it == kNameIndex.end() || kTypes[*it].mnemonic != key) return nullptr;
  return &kTypes[*it];
}

}  // namespace canon
