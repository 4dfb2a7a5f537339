#!/usr/bin/env python3
"""Finds import cycles between the modules (files) of each crate of the workspace.

An edge goes from a file to the module a `use` or a `crate::`/`super::`/`self::` path in
it names (the deepest module of that path that exists); `mod x;` declarations are not
imports. Prints every cycle and exits 1 if there is one.
"""
import os
import re
import sys

def modules(src):
    found = {}
    for root, _, files in os.walk(src):
        for name in files:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, src)[:-3].split(os.sep)
            if rel[-1] in ("mod", "lib", "main"):
                rel = rel[:-1]
            found[tuple(rel)] = path
    return found

USE = re.compile(r"\buse\s+((?:crate|super|self|\w+)(?:::\w+)*)(?:::\{([^;]*)\})?")
PATH = re.compile(r"\b((?:crate|super|self)(?:::\w+)+)")

def resolve(module, path, mods, inline=False):
    parts = path.split("::")
    base = list(module)
    # Inside an inline module (`mod tests { use super::*; }`), `super` is the file itself.
    if inline and parts[0] == "super":
        parts = ["self"] + parts[1:]
    # A path that starts with a child module's name (`use failure::Failure` in mod.rs).
    if parts[0] not in ("crate", "super", "self") and tuple(base + [parts[0]]) not in mods:
        return None
    # `super` in a file module refers to its parent.
    if parts[0] == "crate":
        base = []
        parts = parts[1:]
    while parts and parts[0] in ("super", "self"):
        if parts[0] == "super":
            base = base[:-1]
        parts = parts[1:]
    full = base + parts
    for n in range(len(full), -1, -1):
        if tuple(full[:n]) in mods:
            return tuple(full[:n])
    return None

def edges(mods):
    graph = {m: set() for m in mods}
    for module, path in mods.items():
        text = open(path).read()
        # Doc comments and ordinary comments are not code.
        text = re.sub(r"//[^\n]*", "", text)
        names = set()
        for line in text.splitlines():
            # An indented line is inside an item; inside an inline module for `use`.
            inline = line[:1].isspace()
            for name in PATH.findall(line):
                names.add((name, inline))
            for head, group in USE.findall(line):
                names.add((head, inline))
                for item in re.split(r"[,\s]+", group or ""):
                    item = item.strip("{} ")
                    if item and item not in ("self", "*"):
                        names.add((head + "::" + item.split("::")[0], inline))
        for name, inline in names:
            target = resolve(module, name, mods, inline and name.startswith("super"))
            if target is not None and target != module:
                graph[module].add(target)
    return graph

def cycles(graph):
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(group)
    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            visit(v)
    return out

failed = False
for src in sys.argv[1:]:
    mods = modules(src)
    for group in cycles(edges(mods)):
        failed = True
        names = ", ".join("::".join(m) or "(root)" for m in sorted(group))
        print(f"{src}: import cycle between {names}")
sys.exit(1 if failed else 0)
