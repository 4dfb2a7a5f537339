#!/usr/bin/env python3
"""The public API of a crate as a sorted listing, one item a line, from rustdoc's JSON.

Usage: public_api.py CRATE.json > LISTING.txt

Every item reachable by a public path is listed at that path (re-exports followed, private
modules not shown): modules, structs with their public fields, enums with their variants,
traits with their methods, functions and methods with their signatures, constants, type
aliases, and the trait impls of each type (auto traits and blanket impls left out).
`#[non_exhaustive]` is shown, as it decides what a change breaks.
"""
import json
import sys


# Set by main(): the crate's rustdoc JSON `paths` (where each item is defined).
PATHS = {}
AMBIGUOUS = {"Error", "Result"}


def type_name(v):
    """A type's name as the listing shows it: its own name; for a type of another crate
    whose name is also the crate's (`Error`, `Result`), with its module (`io::Error`)."""
    summary = PATHS.get(str(v.get("id")))
    if summary is None:
        return v["path"].split("::")[-1]
    path = summary["path"]
    if summary["crate_id"] != 0 and path[-1] in AMBIGUOUS and len(path) > 1:
        module = path[-2]
        if module == "error" and len(path) > 2 and path[-3] not in ("core", "std", "alloc"):
            module = path[-3]  # std::io::error::Error is io::Error
        return f"{module}::{path[-1]}"
    return path[-1]


def render_type(t):
    if t is None:
        return "()"
    (kind, v), = t.items()
    if kind == "resolved_path":
        return type_name(v) + render_args(v.get("args"))
    if kind == "generic":
        return v
    if kind == "primitive":
        return v
    if kind == "borrowed_ref":
        life = (v["lifetime"] + " ") if v.get("lifetime") else ""
        mut = "mut " if v["is_mutable"] else ""
        return f"&{life}{mut}{render_type(v['type'])}"
    if kind == "raw_pointer":
        return ("*mut " if v["is_mutable"] else "*const ") + render_type(v["type"])
    if kind == "tuple":
        return "(" + ", ".join(render_type(x) for x in v) + ")"
    if kind == "slice":
        return "[" + render_type(v) + "]"
    if kind == "array":
        return f"[{render_type(v['type'])}; {v['len']}]"
    if kind == "impl_trait":
        return "impl " + " + ".join(render_bound(b) for b in v)
    if kind == "dyn_trait":
        parts = [render_poly(p) for p in v["traits"]]
        if v.get("lifetime"):
            parts.append(v["lifetime"])
        return "dyn " + " + ".join(parts)
    if kind == "function_pointer":
        sig = v["sig"]
        ins = ", ".join(render_type(x[1]) for x in sig["inputs"])
        out = sig.get("output")
        return f"fn({ins})" + (f" -> {render_type(out)}" if out else "")
    if kind == "qualified_path":
        trait = v.get("trait")
        self_t = render_type(v["self_type"])
        if trait:
            return f"<{self_t} as {trait['path']}>::{v['name']}"
        return f"{self_t}::{v['name']}"
    if kind == "infer":
        return "_"
    return f"<{kind}>"


def render_args(args):
    if not args:
        return ""
    (kind, v), = args.items()
    if kind == "angle_bracketed":
        parts = []
        for a in v.get("args", []):
            (ak, av), = a.items()
            if ak == "type":
                parts.append(render_type(av))
            elif ak == "lifetime":
                parts.append(av)
            elif ak == "const":
                parts.append(av.get("expr", "_"))
            else:
                parts.append("_")
        for c in v.get("constraints", []):
            binding = c.get("binding", {})
            if "equality" in binding:
                term = binding["equality"]
                parts.append(f"{c['name']} = " + (render_type(term["type"]) if "type" in term else "_"))
            else:
                parts.append(f"{c['name']}: " + " + ".join(render_bound(b) for b in binding.get("constraint", [])))
        return "<" + ", ".join(parts) + ">" if parts else ""
    if kind == "parenthesized":
        ins = ", ".join(render_type(x) for x in v.get("inputs", []))
        out = v.get("output")
        return f"({ins})" + (f" -> {render_type(out)}" if out else "")
    return ""


def render_poly(p):
    return type_name(p["trait"]) + render_args(p["trait"].get("args"))


def render_bound(b):
    (kind, v), = b.items()
    if kind == "trait_bound":
        modifier = "?" if v.get("modifier") == "maybe" else ""
        return modifier + type_name(v["trait"]) + render_args(v["trait"].get("args"))
    if kind == "outlives":
        return v
    if kind == "use":
        return "use<..>"
    return f"<{kind}>"


def render_generics(g):
    params = []
    for p in g.get("params", []):
        (kind, v), = p["kind"].items()
        if kind == "lifetime":
            params.append(p["name"])
        elif kind == "type":
            if v.get("is_synthetic"):
                continue
            bounds = " + ".join(render_bound(b) for b in v.get("bounds", []))
            params.append(p["name"] + (f": {bounds}" if bounds else ""))
        elif kind == "const":
            params.append(f"const {p['name']}: {render_type(v['type'])}")
    where = []
    for w in g.get("where_predicates", []):
        (kind, v), = w.items()
        if kind == "bound_predicate":
            where.append(render_type(v["type"]) + ": " + " + ".join(render_bound(b) for b in v["bounds"]))
    text = "<" + ", ".join(params) + ">" if params else ""
    return text, (" where " + ", ".join(where) if where else "")


def render_fn(name, f):
    generics, where = render_generics(f["generics"])
    sig = f["sig"]
    ins = []
    for arg_name, arg_type in sig["inputs"]:
        if arg_name == "self":
            rendered = render_type(arg_type)
            ins.append({"Self": "self", "&Self": "&self", "&mut Self": "&mut self"}.get(rendered, f"self: {rendered}"))
        else:
            ins.append(f"{arg_name}: {render_type(arg_type)}")
    out = sig.get("output")
    header = f["header"]
    quals = ("const " if header.get("is_const") else "") + ("unsafe " if header.get("is_unsafe") else "")
    return f"{quals}fn {name}{generics}({', '.join(ins)})" + (f" -> {render_type(out)}" if out else "") + where


class Lister:
    def __init__(self, doc):
        self.index = doc["index"]
        self.lines = set()
        self.seen_types = set()

    def item(self, id_):
        return self.index.get(str(id_))

    def attrs(self, item):
        shown = []
        for a in item.get("attrs", []):
            text = a if isinstance(a, str) else json.dumps(a)
            if "non_exhaustive" in text:
                shown.append("#[non_exhaustive] ")
        return "".join(shown)

    def add(self, line):
        self.lines.add(line)

    def module(self, id_, path):
        item = self.item(id_)
        for child_id in item["inner"]["module"]["items"]:
            child = self.item(child_id)
            if child is None or child.get("visibility") != "public":
                continue
            (kind, _), = child["inner"].items()
            if kind == "use":
                use = child["inner"]["use"]
                target = self.item(use["id"]) if use.get("id") is not None else None
                if target is None:
                    self.add(f"pub use {path}::{use['name']} (from {use['source']})")
                    continue
                if use.get("is_glob"):
                    if "module" in target["inner"]:
                        self.module(use["id"], path)
                    continue
                self.named(target, f"{path}::{use['name']}")
            else:
                self.named(child, f"{path}::{child['name']}")

    def named(self, item, path):
        (kind, v), = item["inner"].items()
        attrs = self.attrs(item)
        if kind == "module":
            self.add(f"pub mod {path}")
            self.module(item["id"], path)
        elif kind == "struct":
            generics, where = render_generics(v["generics"])
            self.add(f"{attrs}pub struct {path}{generics}{where}")
            kind_ = v["kind"]
            if isinstance(kind_, dict) and "plain" in kind_:
                for field_id in kind_["plain"]["fields"]:
                    field = self.item(field_id)
                    if field and field.get("visibility") == "public":
                        self.add(f"pub {path}::{field['name']}: {render_type(field['inner']['struct_field'])}")
            elif isinstance(kind_, dict) and "tuple" in kind_:
                for n, field_id in enumerate(kind_["tuple"]):
                    field = self.item(field_id) if field_id is not None else None
                    if field and field.get("visibility") == "public":
                        self.add(f"pub {path}::{n}: {render_type(field['inner']['struct_field'])}")
            self.impls(path, v.get("impls", []))
        elif kind == "enum":
            generics, where = render_generics(v["generics"])
            self.add(f"{attrs}pub enum {path}{generics}{where}")
            for variant_id in v["variants"]:
                self.variant(self.item(variant_id), path)
            self.impls(path, v.get("impls", []))
        elif kind == "union":
            self.add(f"pub union {path}")
        elif kind == "trait":
            generics, where = render_generics(v["generics"])
            bounds = " + ".join(render_bound(b) for b in v.get("bounds", []))
            self.add(f"pub trait {path}{generics}" + (f": {bounds}" if bounds else "") + where)
            for item_id in v["items"]:
                member = self.item(item_id)
                if member and "function" in member["inner"]:
                    self.add(f"{path}::{render_fn(member['name'], member['inner']['function'])}")
        elif kind == "function":
            self.add(f"pub {render_fn(path, v)}")
        elif kind == "constant":
            self.add(f"pub const {path}: {render_type(v['type'])}")
        elif kind == "static":
            self.add(f"pub static {path}: {render_type(v['type'])}")
        elif kind == "type_alias":
            generics, _ = render_generics(v["generics"])
            self.add(f"pub type {path}{generics} = {render_type(v['type'])}")
        elif kind == "macro":
            self.add(f"pub macro {path}!")
        else:
            self.add(f"pub {kind} {path}")

    def variant(self, variant, enum_path):
        attrs = self.attrs(variant)
        v = variant["inner"]["variant"]
        name = f"{enum_path}::{variant['name']}"
        kind = v["kind"]
        if kind == "plain":
            self.add(f"{attrs}{name}")
        elif "tuple" in kind:
            fields = [self.item(f) for f in kind["tuple"] if f is not None]
            self.add(f"{attrs}{name}(" + ", ".join(render_type(f["inner"]["struct_field"]) for f in fields) + ")")
        elif "struct" in kind:
            fields = [self.item(f) for f in kind["struct"]["fields"]]
            inner = ", ".join(f"{f['name']}: {render_type(f['inner']['struct_field'])}" for f in fields)
            self.add(f"{attrs}{name} {{ {inner} }}")

    def impls(self, path, impl_ids):
        for impl_id in impl_ids:
            impl_item = self.item(impl_id)
            if impl_item is None:
                continue
            impl = impl_item["inner"]["impl"]
            if impl.get("is_synthetic") or impl.get("blanket_impl"):
                continue
            generics, where = render_generics(impl["generics"])
            for_type = render_type(impl["for"])
            # The type as the impl names it (`Client<AppAuth>`), at its public path.
            owner = path.rsplit("::", 1)[0] + "::" + for_type
            if impl.get("trait"):
                trait = type_name(impl["trait"]) + render_args(impl["trait"].get("args"))
                neg = "!" if impl.get("is_negative") else ""
                self.add(f"impl{generics} {neg}{trait} for {owner}{where}")
                continue
            for member_id in impl["items"]:
                member = self.item(member_id)
                if not member or member.get("visibility") != "public":
                    continue
                if "function" in member["inner"]:
                    line = f"pub {render_fn(owner + '::' + member['name'], member['inner']['function'])}"
                    self.add(line + (f" (impl{generics}{where})" if generics or where else ""))
                elif "assoc_const" in member["inner"]:
                    self.add(f"pub const {owner}::{member['name']}: {render_type(member['inner']['assoc_const']['type'])}")


def main():
    doc = json.load(open(sys.argv[1]))
    PATHS.update(doc["paths"])
    lister = Lister(doc)
    root = lister.item(doc["root"])
    lister.add(f"pub mod {root['name']}")
    lister.module(doc["root"], root["name"])
    for line in sorted(lister.lines):
        print(line)


main()
