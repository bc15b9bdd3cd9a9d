// How many words each Junos keyword takes. Junos knows this from its schema;
// we keep the part the seeds and the model need. It decides where one
// statement ends and the next begins in `set interfaces si-0/1/0 unit 0
// family inet` and in the compact curly form `route 12.1.1.2/32 next-hop
// st0.1;`, so that both forms give the same tree.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "junos/config_tree.h"

namespace trio6sim::junos {

// Cuts `words` into statements. `parent_keyword` is the keyword of the node
// the words are under: the children of `interfaces`, `groups`,
// `routing-instances` and `bridge-domains` are names that take no value. A
// keyword the schema does not know takes all remaining words, which keeps
// unknown leaves such as `level 2 wide-metrics-only` whole.
//
// `schema_path` is the statement schema path of the parent (statement_schema.h;
// nullopt outside the checked hierarchies): where it knows the statement, the
// schema says how many words it takes, so `next-hop [ a b ]` and
// `address [ a b ]` keep their lists. On return it is the path of the last
// segment. `columns` (optional) gives each word's column for the segments.
std::vector<Segment> split_statement(std::string_view parent_keyword, std::optional<std::string>& schema_path,
                                     const std::vector<std::string>& words, const std::vector<int>& columns = {});

// Leaves that hold one value: a second `set` replaces the first.
bool is_single_valued_leaf(std::string_view keyword);

}  // namespace trio6sim::junos
