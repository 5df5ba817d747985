// MessageWriter: writes a response straight into a caller's buffer, with name compression
// (RFC 1035 §4.1.4) and a size cap. It never allocates: the server's query path uses it.
//
//   MessageWriter w(buf, cap);
//   w.start(header, question);
//   auto m = w.mark();
//   for (rr : rrset) if (!w.add_rr(Section::kAnswer, ...)) { w.rollback(m); w.set_tc(); break; }
//   size_t n = w.finish();
#pragma once

#include <cstdint>
#include <span>

#include "wire/message.h"

namespace canon {

enum class Section : uint8_t { kAnswer = 0, kAuthority = 1, kAdditional = 2 };

class MessageWriter {
 public:
  // `cap` is the largest message the writer may produce (at most buf.size()).
  MessageWriter(std::span<uint8_t> buf, size_t cap);

  // Writes the header and the question. Returns false only if even that does not fit.
  bool start(const Header& h, std::span<const uint8_t> qname_wire, RRType qtype, RRClass qclass);
  // Writes the header alone (no question yet); false if the cap is under 12 octets.
  bool start(const Header& h);
  // Appends a question (after start(h)); its name becomes a compression target.
  bool add_question(std::span<const uint8_t> qname_wire, RRType qtype, RRClass qclass);

  // Space the OPT record will need, reserved now so that answer records never crowd it out.
  // Call before adding records when the response carries EDNS.
  void reserve_opt(size_t opt_size);

  // Appends one RR. The owner is uncompressed wire form; it and the compressible names inside
  // rdata are compressed against what is already written. Returns false, having written
  // nothing, when the RR would pass the cap.
  bool add_rr(Section s, std::span<const uint8_t> owner_wire, RRType type, RRClass cls,
              uint32_t ttl, std::span<const uint8_t> rdata);
  bool add_rr(Section s, const Name& owner, RRType type, RRClass cls, uint32_t ttl,
              std::span<const uint8_t> rdata) {
    return add_rr(s, owner.wire(), type, cls, ttl, rdata);
  }

  // Appends `count` records of one owner, type and TTL whose rdata are `size` octets each, back
  // to back at `rdata`, copied as they are (addresses: nothing in them to compress). All or
  // nothing: false, having written nothing, when they do not all fit.
  bool add_rrs(Section s, std::span<const uint8_t> owner, RRType type, RRClass cls, uint32_t ttl,
               const uint8_t* rdata, size_t size, size_t count);

  struct Mark {
    size_t pos;
    uint16_t counts[3];
    size_t ncomp;
  };
  Mark mark() const;
  void rollback(const Mark& m);  // forget everything written since the mark

  void set_tc();
  void set_rcode(Rcode r);  // the low 4 bits here; the high 8 go in the OPT (write_opt)
  void set_aa(bool aa);

  // Releases the reserved space and writes the OPT RR (RFC 6891 §6.1.2), with the extended
  // rcode bits of the rcode set earlier, and an Extended DNS Error option when given.
  bool write_opt(const Edns& edns);
  // The same for an OPT of version 0 with no options, from its two fields alone.
  bool write_opt(uint16_t udp_size, bool dnssec_ok);

  // Patches the section counts and returns the message length.
  size_t finish();

  size_t size() const { return pos_; }
  size_t count(Section s) const { return counts_[static_cast<int>(s)]; }

 private:
  // A compression target: a label written out literally at `off`, the start of a suffix of
  // `labels` labels whose octets (case kept) hash to `hash`. Entries are looked up by a linear
  // scan that compares hashes first, which beats a hash table at the few dozen entries a
  // response has; rollback just truncates the list.
  struct CompEntry {
    uint32_t hash;
    uint16_t off;
    uint8_t labels;
  };
  static constexpr size_t kMaxCompress = 128;

  bool add_question_compressed(std::span<const uint8_t> qname_wire, RRType qtype, RRClass qclass);
  void note_question();
  void set_ncomp(size_t n);
  bool write_name(std::span<const uint8_t> name, size_t limit);
  bool write_rdata(RRType type, std::span<const uint8_t> rdata, size_t limit);
  bool write_raw(const uint8_t* p, size_t n, size_t limit);
  bool write_rr(Section s, std::span<const uint8_t> owner, RRType type, RRClass cls, uint32_t ttl,
                std::span<const uint8_t> rdata);
  bool suffix_at(std::span<const uint8_t> name, size_t from, size_t off) const;
  size_t limit() const { return reserved_ < cap_ ? cap_ - reserved_ : 0; }

  std::span<uint8_t> buf_;
  size_t cap_;
  size_t reserved_ = 0;
  size_t pos_ = 0;
  uint16_t qdcount_ = 0;
  uint16_t counts_[3] = {0, 0, 0};
  CompEntry comp_[kMaxCompress];
  size_t ncomp_ = 0;
  uint16_t q_size_ = 0;     // octets of the first question's name, at offset 12; 0: none
  bool q_pending_ = false;  // its compression entries are still to be made (note_question)
  size_t q_entries_ = 0;    // how many of comp_ are its entries, once made
  Rcode rcode_ = Rcode::NOERROR;
};

}  // namespace canon
