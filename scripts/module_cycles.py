#!/usr/bin/env python3
"""Checks that backcoach's top-level modules depend on each other without cycles.

Reads every src/**/*.rs, maps each file to its top-level module (src/plan.rs and
src/session/** are `plan` and `session`; src/lib.rs is `lib`, src/main.rs `main`), and collects
the references to other modules in use lines and paths: `crate::<module>`, `crate::{a, b::c}`,
`super::...` that climbs to the crate root, and in lib.rs and main.rs `<module>::` and (main.rs)
`backcoach::<module>`; comments and strings are left out. It prints each edge between two
different top-level modules with the files that make it, then every cycle (Tarjan's strongly
connected components), then any use of `commands` from outside `lib` and `main`: the
commands use everything, nothing uses them.

usage: scripts/module_cycles.py [SRC]   (SRC defaults to src/ beside scripts/)

Test code (files named tests.rs or proptests.rs, files under a `tests/` folder, and
`#[cfg(test)] mod ... { ... }` blocks) is read too, but an edge only it makes is marked
`[tests only]` and does not count: a test may join two layers the program keeps apart.
Cycles that only test code closes are listed apart. Exits 1 when the program's own code has
a cycle or a use of `commands` from outside `lib` and `main`, 0 otherwise.
"""
import re
import sys
from collections import defaultdict
from pathlib import Path

MODULES = ["cli", "commands", "error", "fit", "journal", "nudge", "output", "plan", "routine",
           "session", "settings", "today", "ui", "untrusted"]
ROOTS = {"lib.rs": "lib", "main.rs": "main"}


def module_of(src: Path, file: Path) -> str:
    rel = file.relative_to(src)
    if len(rel.parts) == 1:
        return ROOTS.get(rel.name, rel.stem)
    return rel.parts[0]


def strip(text: str) -> str:
    """The code without comments, string and char literals (each replaced by a space)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
            out.append(" ")
        elif (m := re.compile(r'b?r(#*)"').match(text, i)) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            end = text.find('"' + m.group(1), m.end())
            i = n if end < 0 else end + 1 + len(m.group(1))
            out.append(' "" ')
        elif c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
            out.append(' "" ')
        elif c == "'" and (m := re.compile(r"'(\\.[^']*|[^'\\])'").match(text, i)):
            i = m.end()
            out.append(" ")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def without_tests(code: str) -> str:
    """`code` without its `#[cfg(test)] mod name { ... }` blocks."""
    out, pos = [], 0
    for m in re.finditer(r"#\[cfg\(test\)\]\s*(pub(\([^)]*\))?\s+)?mod\s+\w+\s*\{", code):
        if m.start() < pos:
            continue
        out.append(code[pos:m.start()])
        depth, i = 1, m.end()
        while i < len(code) and depth:
            depth += {"{": 1, "}": -1}.get(code[i], 0)
            i += 1
        pos = i
    out.append(code[pos:])
    return "".join(out)


def group_heads(body: str) -> list:
    """The first segment of each path in a `{a, b::c, d::{e}}` group body."""
    heads, depth, item = [], 0, ""
    for c in body + ",":
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        if c == "," and depth == 0:
            head = re.match(r"\s*(\w+)", item)
            if head:
                heads.append(head.group(1))
            item = ""
        else:
            item += c
    return heads


def depth(src: Path, file: Path) -> int:
    """How deep `file`'s module is: 0 for the crate root, 1 for src/plan.rs or
    src/ui/mod.rs, 2 for src/ui/view.rs, and so on."""
    parts = file.relative_to(src).parts
    if len(parts) == 1:
        return 0 if parts[0] in ROOTS else 1
    return len(parts) - (1 if parts[-1] == "mod.rs" else 0)


def prefixes_of(src: Path, file: Path) -> list:
    """The path prefixes that name the crate root in `file`: `crate`, as many `super`s as
    it takes, and, at the root itself, nothing at all (`cli::Cli` in lib.rs)."""
    d = depth(src, file)
    if d == 0:
        return ["crate", "self", ""] + (["backcoach"] if file.name == "main.rs" else [])
    return ["crate", r"::\s*".join(["super"] * d)]


def references(code: str, prefixes) -> set:
    """The first segment after each prefix (the empty prefix: only top-level modules)."""
    found = set()
    for prefix in prefixes:
        if not prefix:
            for m in re.finditer(r"(?<![\w:])(\w+)\s*::", code):
                if m.group(1) in MODULES:
                    found.add(m.group(1))
            continue
        for m in re.finditer(r"(?<![\w:])" + prefix + r"\s*::\s*(\{|\w+)", code):
            if m.group(1) != "{":
                found.add(m.group(1))
                continue
            depth, i = 1, m.end()
            while i < len(code) and depth:
                depth += {"{": 1, "}": -1}.get(code[i], 0)
                i += 1
            found.update(group_heads(code[m.end():i - 1]))
    return found


def tarjan(nodes, edges):
    index, low, on, stack, sccs, counter = {}, {}, set(), [], [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop()
                on.discard(w)
                scc.append(w)
                if w == v:
                    break
            sccs.append(sorted(scc))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return [s for s in sccs if len(s) > 1]


def a_cycle(scc, edges):
    """One cycle through the first module of `scc`, as a path that ends where it starts."""
    start, members = scc[0], set(scc)
    seen, path = set(), []

    def dfs(v):
        path.append(v)
        for w in sorted(edges.get(v, ())):
            if w == start:
                return True
            if w in members and w not in seen:
                seen.add(w)
                if dfs(w):
                    return True
        path.pop()
        return False

    dfs(start)
    return path + [start]


def collect(src: Path, tests: bool):
    """The edges between top-level modules, and the files that make each one."""
    known = set(MODULES) | set(ROOTS.values())
    edges, why = defaultdict(set), defaultdict(set)
    for file in sorted(src.rglob("*.rs")):
        rel = file.relative_to(src)
        if not tests and (file.name in ("tests.rs", "proptests.rs") or "tests" in rel.parts[:-1]):
            continue
        module = module_of(src, file)
        code = strip(file.read_text(encoding="utf-8"))
        if not tests:
            code = without_tests(code)
        for head in references(code, prefixes_of(src, file)):
            if head in ("self", "super", "crate"):
                continue
            target = head if head in known else "lib"  # an item at the crate root
            if target != module:
                edges[module].add(target)
                why[(module, target)].add(str(rel))
    return edges, why


def print_cycles(title, edges):
    nodes = set(edges) | {b for bs in edges.values() for b in bs}
    cycles = tarjan(nodes, edges)
    print(title + ("" if cycles else " none"))
    for scc in cycles:
        print(f"  among {{{', '.join(scc)}}}: e.g. {' -> '.join(a_cycle(scc, edges))}")
        mutual = [f"{a} <-> {b}" for a in scc for b in scc if a < b and b in edges.get(a, ()) and a in edges.get(b, ())]
        if mutual:
            print(f"    each using the other: {', '.join(mutual)}")
    return cycles


def main(argv):
    src = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "src"
    edges, why = collect(src, tests=False)
    all_edges, all_why = collect(src, tests=True)
    print("edges (a -> b: a uses b; [tests only]: only test code does):")
    for (a, b) in sorted(all_why):
        mark = "" if b in edges.get(a, ()) else "  [tests only]"
        print(f"  {a} -> {b}{mark}    ({', '.join(sorted(all_why[(a, b)]))})")
    cycles = print_cycles("cycles:", edges)
    print_cycles("cycles when test code counts too (listed, not failed on):", all_edges)
    bad = sorted(a for a, bs in edges.items() if "commands" in bs and a not in ("lib", "main"))
    print("uses of commands from outside lib and main:" + ("" if bad else " none"))
    for a in bad:
        print(f"  {a} -> commands    ({', '.join(sorted(why[(a, 'commands')]))})")
    return 1 if cycles or bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
