#!/usr/bin/python3
"""Checks the include graph of src/: no cycle between files, and the
module layering of docs/../DESIGN (meta and extract side by side above
src/article, neither including the other's files; src/article includes
neither).

Usage: include-graph.py [SRC_DIR] [--dot] [--self-test]   (exit 1 on a violation)
Prints each violation; --dot prints the module graph for Graphviz;
--self-test first checks that a planted cycle and layering breach are found.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)

# module -> modules it must not include (by folder under src/)
FORBIDDEN = {
    "article": {"meta", "extract", "output", "io", "api", "cli"},
    "meta": {"extract", "output", "io", "api", "cli"},
    "extract": {"meta", "output", "io", "api", "cli"},
    "output": {"meta", "extract", "io", "api", "cli"},
}


def graph(src):
    """File -> set of files it includes, paths relative to `src`."""
    edges = {}
    for root, _, files in os.walk(src):
        for f in files:
            if not f.endswith((".c", ".h", ".cc")):
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(path, src)
            with open(path, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
            deps = set()
            top = os.path.abspath(src)
            for inc in INCLUDE.findall(text):
                target = os.path.abspath(os.path.join(root, inc))
                # only files of src/ (include/galley.h and system headers are leaves)
                if os.path.isfile(target) and os.path.commonpath([target, top]) == top:
                    deps.add(os.path.relpath(target, top))
            edges[rel] = deps
    return edges


def cycles(edges):
    """The cycles found by an iterative depth-first search (one per back
    edge), each as a list of files."""
    found = []
    state = {}  # 1: on the stack, 2: done
    for start in sorted(edges):
        if state.get(start):
            continue
        stack = [(start, iter(sorted(edges.get(start, ()))))]
        path = [start]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            if state.get(nxt) == 1:
                found.append(path[path.index(nxt):] + [nxt])
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, iter(sorted(edges.get(nxt, ())))))
    return found


def module(rel):
    return rel.split(os.sep)[0] if os.sep in rel else ""


def self_test():
    """The check fails on what it should: a header cycle and meta
    including extract, in a throw-away tree."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        files = {"core/x.h": '#include "y.h"\n', "core/y.h": '#include "x.h"\n',
                 "meta/m.c": '#include "../extract/e.h"\n', "extract/e.h": "",
                 "extract/ok.c": '#include "../article/a.h"\n', "article/a.h": ""}
        for rel, text in files.items():
            os.makedirs(os.path.join(d, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(d, rel), "w", encoding="utf-8") as fh:
                fh.write(text)
        edges = graph(d)
        cyc = cycles(edges)
        layer = [(f, x) for f, ds in edges.items() for x in ds
                 if module(x) in FORBIDDEN.get(module(f), ())]
        assert len(cyc) == 1 and set(cyc[0]) == {"core/x.h", "core/y.h"}, cyc
        assert layer == [("meta/m.c", "extract/e.h")], layer
    return True


def main(argv):
    if "--self-test" in argv and not self_test():
        return 1
    args = [a for a in argv[1:] if not a.startswith("--")]
    src = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "src")
    edges = graph(src)
    if not edges:
        print(f"include-graph: no sources under {src}", file=sys.stderr)
        return 1
    bad = 0
    for cyc in cycles(edges):
        print("cycle: " + " -> ".join(cyc))
        bad += 1
    # modules too: src/x including src/y and y including x is a circle
    mgraph = {}
    for f, deps in edges.items():
        for d in deps:
            if module(f) != module(d):
                mgraph.setdefault(module(f), set()).add(module(d))
    for cyc in cycles(mgraph):
        print("module cycle: " + " -> ".join(cyc))
        bad += 1
    for f, deps in sorted(edges.items()):
        for d in sorted(deps):
            m, n = module(f), module(d)
            if n in FORBIDDEN.get(m, ()):
                print(f"layering: {f} includes {d} ({m} must not include {n})")
                bad += 1
    if "--dot" in argv:
        mods = sorted({(module(f), module(d)) for f, ds in edges.items() for d in ds
                       if module(f) != module(d)})
        print("digraph src {")
        for a, b in mods:
            print(f'  "{a}" -> "{b}";')
        print("}")
    nedges = sum(len(d) for d in edges.values())
    print(f"include-graph: {len(edges)} files, {nedges} includes, {bad} violations")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
