#include "junos/statement_check.h"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <string>
#include <tuple>

#include "junos/statement_schema.h"
#include "junos/value_checks.h"

namespace trio6sim::junos {

namespace {

// Errors listed before the rest are left out: one bad paste can make thousands.
constexpr std::size_t kMaxErrors = 50;

std::string join_path(const std::string& path, const ConfigNode& n) {
  return path.empty() ? n.statement() : path + " " + n.statement();
}

bool listed_in(std::string_view word, std::string_view list) {
  while (!list.empty()) {
    const auto space = list.find(' ');
    if (list.substr(0, space) == word) return true;
    if (space == std::string_view::npos) break;
    list.remove_prefix(space + 1);
  }
  return false;
}

std::string comma_list(std::string_view list) {
  std::string out;
  for (char c : list) out += c == ' ' ? std::string(", ") : std::string(1, c);
  return out;
}

class Checker {
 public:
  explicit Checker(const ConfigTree& tree) : tree_(tree) {}

  StatementCheck run() {
    const ConfigNode& root = tree_.root;
    const auto exported = exported_policies(root);
    for (const auto& c : root.children) {
      bool by_child = false;
      if (is_checked_hierarchy(c.keyword)) {
        std::vector<const ConfigNode*> ancestors;
        walk(c, std::string(), "", ancestors, c.inactive, false);
      } else if (c.keyword == "policy-options") {
        for (const auto& p : c.children) {
          if (p.keyword == "policy-statement" &&
              std::find(exported.begin(), exported.end(), p.value()) != exported.end()) {
            std::vector<const ConfigNode*> ancestors{&c};
            walk(p, std::string("policy-options"), "policy-options", ancestors, c.inactive || p.inactive, false);
          } else if (!c.inactive && !p.inactive) {
            list(join_path(c.statement(), p), p);
          }
        }
      } else if (c.keyword == "routing-instances") {
        // VRFs and mac-vrfs are modeled (statement by statement, each type
        // under its rows); other instance types are listed whole, as before.
        // The irb units a mac-vrf's bridge domains route through first: a
        // VRF binds those.
        for (const auto& p : c.children)
          if (is_mac_vrf(p) && !p.inactive)
            for (const auto& b : p.children)
              if (b.keyword == "bridge-domains" && !b.inactive)
                for (const auto& d : b.children)
                  for (const auto& r : d.children)
                    if (r.keyword == "routing-interface" && !d.inactive && !r.inactive)
                      routed_irbs_.insert(r.values.begin(), r.values.end());
        for (const auto& p : c.children) {
          if (is_vrf(p) || is_mac_vrf(p)) {
            std::vector<const ConfigNode*> ancestors{&c};
            walk(p, std::string(is_vrf(p) ? std::string_view("routing-instances") : kMacVrfParent), "routing-instances",
                 ancestors, c.inactive || p.inactive, false);
          } else if (!c.inactive && !p.inactive) {
            list(join_path(c.statement(), p), p);
          }
        }
      } else if (is_known_unchecked_hierarchy(c.keyword, &by_child)) {
        if (c.inactive) continue;
        if (!by_child) {
          list(c.statement(), c);
          continue;
        }
        for (const auto& p : c.children)
          if (!p.inactive) list(join_path(c.statement(), p), p);
      } else {
        syntax_error(c, "", c.keyword,
                     "expected a Junos hierarchy such as chassis, interfaces, services, security, routing-options, "
                     "policy-options, protocols or system");
      }
    }
    // File order reads best; the walk goes hierarchy by hierarchy.
    std::stable_sort(out_.not_modeled.begin(), out_.not_modeled.end(),
                     [](const NotModeledStatement& a, const NotModeledStatement& b) {
                       return std::tie(a.where.file, a.where.line) < std::tie(b.where.file, b.where.line);
                     });
    return std::move(out_);
  }

 private:
  static std::vector<std::string> exported_policies(const ConfigNode& root) {
    std::vector<std::string> out;
    for (const auto& ro : root.children)
      if (ro.keyword == "routing-options" && !ro.inactive)
        for (const auto& ft : ro.children)
          if (ft.keyword == "forwarding-table" && !ft.inactive)
            for (const auto& e : ft.children)
              if (e.keyword == "export" && !e.inactive) out.insert(out.end(), e.values.begin(), e.values.end());
    return out;
  }

  void list(std::string statement, const ConfigNode& n) {
    out_.not_modeled.push_back(NotModeledStatement{std::move(statement), n.where});
  }

  void add_error(StatementError e) {
    if (out_.errors.size() < kMaxErrors) out_.errors.push_back(std::move(e));
  }
  void syntax_error(const ConfigNode& n, const std::string& edit, std::string word, std::string message) {
    add_error(StatementError{n.where, n.column, edit, n.statement(), true, std::move(word), std::move(message)});
  }
  void value_error(const ConfigNode& n, const std::string& edit, std::string word, std::string message) {
    add_error(StatementError{n.where, n.column, edit, n.statement(), false, std::move(word), std::move(message)});
  }

  // `schema_parent`: schema path of the parent; `edit`: its [edit] path.
  void walk(const ConfigNode& n, const std::string& schema_parent, const std::string& edit,
            std::vector<const ConfigNode*>& ancestors, bool inactive, bool listed_above) {
    // Junos allows `apply-macro NAME { ... }` at any level: data for commit
    // scripts, which the model does not run.
    if (n.keyword == "apply-macro") {
      if (!listed_above && !inactive) list(join_path(edit, n), n);
      return;
    }
    const auto schema = child_schema_path(schema_parent, n.keyword);
    const SchemaRow* row = schema ? find_schema_row(*schema) : nullptr;
    if (!row) {
      const auto children = schema_children(schema_parent);
      std::string expected;
      for (auto c : children) expected += (expected.empty() ? "" : ", ") + std::string(c);
      syntax_error(n, edit, n.keyword,
                   expected.empty() ? std::string("this statement takes no statements below it")
                                    : "expected one of: " + expected);
      return;
    }
    if (!words_fit(n, *row, edit)) return;
    bool ok = true;
    if (*schema == "interfaces <interface>")
      if (auto p = check_interface_name(n.keyword)) {
        value_error(n, edit, n.keyword, *p);
        ok = false;
      }
    if (auto p = check_value(n, *row, ancestors)) {
      value_error(n, edit, p->word, p->message);
      ok = false;
    }
    const bool applied = row->applied == Applied::kModeled &&
                         (row->modeled_choices.empty() || listed_in(n.value(), row->modeled_choices)) &&
                         !(*schema == "interfaces <interface>" && is_management(n.keyword)) &&
                         !(*schema == "routing-instances <instance> interface" && !bindable_interface(n.value())) &&
                         (*schema != "interfaces <interface> unit vlan-id" || is_vlan_bridge_unit(ancestors)) &&
                         (*schema != "interfaces <interface> unit family mtu" || is_tunnel_ip_mtu(ancestors));
    const std::string path = join_path(edit, n);
    if (ok && !applied && !listed_above && !inactive) {
      list(path, n);
      listed_above = true;
    }
    if (row->open) return;
    ancestors.push_back(&n);
    for (const auto& c : n.children) walk(c, *schema, path, ancestors, inactive || c.inactive, listed_above);
    ancestors.pop_back();
  }

  static bool is_vrf(const ConfigNode& instance) {
    const ConfigNode* t = instance.find("instance-type");
    return t && !t->inactive && t->value() == "vrf";
  }
  static bool is_mac_vrf(const ConfigNode& instance) {
    const ConfigNode* t = instance.find("instance-type");
    return t && !t->inactive && t->value() == "mac-vrf";
  }
  // A VRF's interface the model binds: a port's unit, or an irb unit a
  // bridge domain routes through (docs/bridging.md); another irb unit
  // carries nothing.
  bool bindable_interface(const std::string& name) const {
    return !name.starts_with("irb") || routed_irbs_.count(name) != 0;
  }
  std::set<std::string> routed_irbs_;

  static bool is_management(std::string_view name) { return name == "fxp0" || name == "em0" || name == "em1"; }
  // A unit's vlan-id is modeled on a vlan-bridge unit (bridging,
  // docs/bridging.md), not on a routed unit.
  static bool is_vlan_bridge_unit(const std::vector<const ConfigNode*>& ancestors) {
    if (ancestors.empty()) return false;
    const ConfigNode* e = ancestors.back()->find("encapsulation");
    return e && !e->inactive && e->value() == "vlan-bridge";
  }

  // A family's mtu is modeled on an st0 unit's inet and inet6 (the tunnel's
  // IP MTU, docs/esp.md), not on a port's, si's or lo0's unit.
  static bool is_tunnel_ip_mtu(const std::vector<const ConfigNode*>& ancestors) {
    if (ancestors.size() < 3) return false;
    const ConfigNode& family = *ancestors.back();
    return ancestors[ancestors.size() - 3]->keyword == "st0" && (family.value() == "inet" || family.value() == "inet6");
  }

  // The number of words a statement takes; false (and an error) when it has
  // too many or too few.
  bool words_fit(const ConfigNode& n, const SchemaRow& row, const std::string& edit) {
    const int arity = schema_arity(row);
    const std::size_t have = n.values.size();
    if (row.value == ValueKind::kAnyWords) return true;
    if (arity == 0 && have > 0) {
      syntax_error(n, edit, n.values.front(), fmt::format("'{}' takes no value", n.keyword));
      return false;
    }
    if (arity != 0 && have == 0) {
      syntax_error(n, edit, n.keyword, fmt::format("'{}' needs a value: {}", n.keyword, describe(row)));
      return false;
    }
    if (arity == 1 && have > 1) {
      syntax_error(n, edit, n.values[1], fmt::format("'{}' takes one value: {}", n.keyword, describe(row)));
      return false;
    }
    return true;
  }

  static std::string describe(const SchemaRow& row) {
    switch (row.value) {
      case ValueKind::kChoice:
        return "one of " + comma_list(row.choices);
      case ValueKind::kNumber:
        return fmt::format("a number from {} to {}", row.min, row.max);
      case ValueKind::kUnitNumber:
        return "a unit number";
      case ValueKind::kIpAddress:
      case ValueKind::kIpAddresses:
      case ValueKind::kIpv4Address:
        return "an address";
      case ValueKind::kIpPrefix:
      case ValueKind::kRoutePrefix:
      case ValueKind::kFamilyAddress:
        return "an address with a prefix length";
      case ValueKind::kNextHops:
        return "an address or an interface unit";
      case ValueKind::kInterfaceUnit:
      case ValueKind::kInterfaceOrUnit:
        return "an interface unit such as st0.1";
      default:
        return "a word";
    }
  }

  // The family a statement's addresses are in: from `family X` above, or from
  // the rib a static route is in (inet.0 when not in a rib).
  static AddressFamily rib_family(const std::vector<const ConfigNode*>& ancestors) {
    for (const ConfigNode* a : ancestors)
      if (a->keyword == "rib") return a->value().starts_with("inet6") ? AddressFamily::kV6 : AddressFamily::kV4;
    return AddressFamily::kV4;
  }

  struct BadValue {
    std::string word;  // the value at fault (one of a list)
    std::string message;
  };

  // Each value of the statement, checked by its row.
  static std::optional<BadValue> check_value(const ConfigNode& n, const SchemaRow& row,
                                             const std::vector<const ConfigNode*>& ancestors) {
    const bool list = schema_arity(row) < 0;
    for (std::size_t k = 0; k < (list ? n.values.size() : std::min<std::size_t>(1, n.values.size())); ++k)
      if (auto p = check_one(n.values[k], row, ancestors)) return BadValue{n.values[k], *p};
    return std::nullopt;
  }

  static ValueProblem check_one(const std::string& v, const SchemaRow& row,
                                const std::vector<const ConfigNode*>& ancestors) {
    switch (row.value) {
      case ValueKind::kChoice:
        if (listed_in(v, row.choices)) return std::nullopt;
        return fmt::format("expected one of {}, found '{}'", comma_list(row.choices), v);
      case ValueKind::kNumber: {
        long long x = 0;
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
        if (ec == std::errc() && p == v.data() + v.size() && x >= row.min && x <= row.max) return std::nullopt;
        return fmt::format("expected a number from {} to {}, found '{}'", row.min, row.max, v);
      }
      case ValueKind::kUnitNumber:
        return check_unit_number(v);
      case ValueKind::kFamilyAddress: {
        const std::string family = ancestors.empty() ? std::string() : ancestors.back()->value();
        if (family == "inet") return check_ip_prefix(v, AddressFamily::kV4, 1);
        if (family == "inet6") return check_ip_prefix(v, AddressFamily::kV6, 1);
        if (family == "iso") return check_iso_address(v);
        return fmt::format("family {} takes no address", family);
      }
      case ValueKind::kIpAddress:
        return check_ip_address(v);
      case ValueKind::kIpv4Address:
        return check_ip_address(v, AddressFamily::kV4);
      case ValueKind::kIpAddresses:
        return check_ip_address(v);
      case ValueKind::kIpPrefix:
        return check_ip_prefix(v, AddressFamily::kAny, 0);
      case ValueKind::kRoutePrefix:
        return check_ip_prefix(v, rib_family(ancestors), 0);
      case ValueKind::kNextHops:
        return check_next_hop(v, rib_family(ancestors));
      case ValueKind::kInterfaceUnit:
        return check_interface_unit(v, false);
      case ValueKind::kInterfaceOrUnit:
        return check_interface_unit(v, true);
      case ValueKind::kAsciiSecret:
        return check_ascii_secret(v);
      case ValueKind::kHexSecret:
        return check_hex_secret(v);
      default:
        return std::nullopt;
    }
  }

  const ConfigTree& tree_;
  StatementCheck out_;
};

}  // namespace

std::string format_statement_error(const StatementError& e) {
  const std::string edit = e.edit_path.empty() ? "[edit]" : "[edit " + e.edit_path + "]";
  const std::string head =
      e.syntax ? fmt::format("syntax error: {}", e.word) : fmt::format("error: invalid value: {}", e.word);
  return fmt::format("{}:{}:({}) {}\n  {}\n    '{};'\n      {}{}\n", e.where.file, e.where.line, e.column, head, edit,
                     e.statement, e.syntax ? "syntax error: " : "", e.message);
}

StatementCheck check_statements(const ConfigTree& tree) { return Checker(tree).run(); }

}  // namespace trio6sim::junos
