// Natural order for a million entries: most comparisons decided by one 8-byte key.
#include <algorithm>
#include <cstring>
#include <numeric>

#include "select.hpp"

namespace gofer::rename {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A digit run's first key byte: its length without leading zeros, as 0x30 + length (0x39
// and a length byte from 9 digits on). It stays within '0'..'9', so against any other byte
// it compares as natural_less compares that byte with a digit.
constexpr unsigned char kRunLengthBase = 0x30;
constexpr size_t kLongRun = 9;

// The first 8 bytes, big-endian, of `text` encoded so that bytewise order is natural order:
// bytes as themselves, digit runs as their length then their digits (zeros stripped). Equal
// keys say nothing; a shorter encoding is padded with zeros, which no name contains.
uint64_t natural_key(std::string_view text) {
  unsigned char bytes[8] = {};
  size_t size = 0;
  auto put = [&](unsigned char byte) {
    if (size < sizeof bytes) bytes[size++] = byte;
  };
  for (size_t i = 0; i < text.size() && size < sizeof bytes;) {
    if (!is_digit(text[i])) {
      put(static_cast<unsigned char>(text[i++]));
      continue;
    }
    size_t end = i;
    while (end < text.size() && is_digit(text[end])) ++end;
    while (i < end && text[i] == '0') ++i;
    size_t length = end - i;
    if (length < kLongRun) {
      put(static_cast<unsigned char>(kRunLengthBase + length));
    } else {
      put(static_cast<unsigned char>(kRunLengthBase + kLongRun));
      put(static_cast<unsigned char>(std::min<size_t>(length, 255)));
    }
    for (; i < end; ++i) put(static_cast<unsigned char>(text[i]));
  }
  uint64_t key = 0;
  for (unsigned char byte : bytes) key = key << 8 | byte;
  return key;
}

struct KeyedEntry {
  uint32_t directory_rank;  // natural order of the directory path
  uint32_t index;           // into the entries
  uint64_t key;
};

// Directories by natural order of their paths; equal paths share a rank.
std::vector<uint32_t> directory_ranks(const std::vector<PlanDirectory>& directories) {
  std::vector<uint32_t> order(directories.size());
  std::iota(order.begin(), order.end(), 0u);
  auto path = [&](uint32_t d) -> const std::string& { return directories[d].path.native(); };
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return natural_less(path(a), path(b)); });
  std::vector<uint32_t> ranks(directories.size());
  uint32_t rank = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    if (k > 0 && path(order[k]) != path(order[k - 1])) ++rank;
    ranks[order[k]] = rank;
  }
  return ranks;
}

// Per rank: how many leading bytes every name in it shares, cut back to a non-digit so no
// digit run is split (comparing what follows then compares the names).
std::vector<size_t> shared_prefixes(const std::vector<PlanItem>& entries, const NameStore& names,
                                    const std::vector<uint32_t>& ranks) {
  std::vector<std::string_view> first(ranks.size());
  std::vector<size_t> prefix(ranks.size(), 0);
  for (const PlanItem& entry : entries) {
    uint32_t rank = ranks[entry.directory];
    std::string_view name = names.view(entry.old_name);
    if (first[rank].data() == nullptr) {
      first[rank] = name;
      prefix[rank] = name.size();
      continue;
    }
    size_t& shared = prefix[rank];
    shared = std::min(shared, name.size());
    shared = static_cast<size_t>(
        std::mismatch(name.begin(), name.begin() + static_cast<long>(shared), first[rank].begin())
            .first -
        name.begin());
  }
  for (size_t rank = 0; rank < prefix.size(); ++rank) {
    while (prefix[rank] > 0 && is_digit(first[rank][prefix[rank] - 1])) --prefix[rank];
  }
  return prefix;
}

// Puts values[order[k].index] at position k, following each cycle of the permutation once.
// Marks `order` as it goes (returned unmarked for the next vector): no second copy of a
// million entries.
template <typename T>
void permute(std::vector<T>& values, std::vector<KeyedEntry>& order) {
  if (values.empty()) return;
  constexpr uint32_t kPlaced = 1u << 31;  // indexes stay below 2^30 (kMaxStepItems)
  for (size_t start = 0; start < order.size(); ++start) {
    if ((order[start].index & kPlaced) != 0) continue;
    T first = values[start];
    size_t at = start;
    while (order[at].index != start) {
      size_t from = order[at].index;
      values[at] = values[from];
      order[at].index |= kPlaced;
      at = from;
    }
    values[at] = first;
    order[at].index |= kPlaced;
  }
  for (KeyedEntry& entry : order) entry.index &= ~kPlaced;
}

}  // namespace

void sort_natural(Selection& selection) {
  std::vector<PlanItem>& entries = selection.entries;
  const NameStore& names = selection.names;
  std::vector<uint32_t> ranks = directory_ranks(selection.directories);
  std::vector<size_t> prefix = shared_prefixes(entries, names, ranks);
  std::vector<KeyedEntry> order(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    uint32_t rank = ranks[entries[i].directory];
    std::string_view name = names.view(entries[i].old_name);
    order[i] = {rank, static_cast<uint32_t>(i), natural_key(name.substr(prefix[rank]))};
  }
  std::sort(order.begin(), order.end(), [&](const KeyedEntry& a, const KeyedEntry& b) {
    if (a.directory_rank != b.directory_rank) return a.directory_rank < b.directory_rank;
    if (a.key != b.key) return a.key < b.key;
    return natural_less(names.view(entries[a.index].old_name),
                        names.view(entries[b.index].old_name));
  });
  selection.inodes.visit([&](auto& inodes) { permute(inodes, order); });
  permute(entries, order);
}

}  // namespace gofer::rename
