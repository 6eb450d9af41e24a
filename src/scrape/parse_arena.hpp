// A bump allocator for libxml2 while one page is parsed and queried. A page's tree is tens of
// thousands of small nodes, names and strings; with malloc, allocating and then freeing them
// one by one was a quarter of `gofer scrape`'s CPU time. Inside a ParseArenaScope, libxml2's
// allocations come from this thread's slice of one reserved region and its frees cost nothing;
// the scope's end drops the whole page at once.
#pragma once

namespace gofer::scrape {

// Points libxml2's allocator (xmlMemSetup) at the arena, once per process; idempotent and
// thread-safe. Outside a scope, and when the region could not be reserved (a strict overcommit
// policy, a small address-space limit), every call goes to malloc/realloc/free as before:
// whatever libxml2 allocated before this, or outside a scope, is freed with free().
void install_parse_arena();

// While one exists on a thread, libxml2's allocations on that thread come from the arena;
// when it ends, everything allocated inside is released. Nothing libxml2 allocates inside may
// be used after the scope ends (HtmlDocument and XPath results live inside one). Scopes do
// not nest.
class ParseArenaScope {
 public:
  ParseArenaScope();
  ~ParseArenaScope();
  ParseArenaScope(const ParseArenaScope&) = delete;
  ParseArenaScope& operator=(const ParseArenaScope&) = delete;
};

// True on a thread inside a scope whose every allocation so far came from the arena: a tree
// built inside it need not be freed node by node, the scope's end drops it. False outside a
// scope, when the arena is off, or once an allocation was large (1 MiB or more) or did not fit
// in the thread's slice: those come from malloc.
[[nodiscard]] bool parse_arena_holds_everything();

}  // namespace gofer::scrape
